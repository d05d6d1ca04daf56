"""The build's options, documented once: name, default and help.

``BuildOptions`` is what a front end (the CLI, a web page, a script) hands to
``pamphlets.build``. Each field's ``help`` is the one description of that option: the
CLI's ``--help`` is made from it, and the manifest's key of the same name (``page_size``,
``notes``, ``style``) is checked against it by the tests. A value left at ``None`` falls
back to the manifest's, then to the default in ``pamphlets.context``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

from .context import BUILTIN_STYLES, DEFAULT_PAGE_SIZE, NOTES_MODES, OPENINGS
from .pages import PAGE_SIZES, SHEETS


def _option(default, help: str, *, manifest: str = ""):
    return field(default=default, metadata={"help": help, "manifest": manifest})


@dataclass(frozen=True)
class BuildOptions:
    out_dir: Path = _option(Path("build"), "Where the outputs go.")
    formats: tuple[str, ...] = _option(
        ("pdf", "epub"), "Comma list of pdf, epub, kepub, html (kepub: the EPUB for Kobo "
        "readers, <slug>.kepub.epub; html: the exact HTML WeasyPrint renders).")
    title: str | None = _option(
        None, "Book title (without a manifest; default: the essay's own).", manifest="title")
    page_size: str | None = _option(
        None, "Page size of the PDF: " + ", ".join(sorted(PAGE_SIZES))
        + f" (default {DEFAULT_PAGE_SIZE}, or the manifest's).", manifest="page_size")
    notes: str | None = _option(
        None, f"Endnotes after each essay ({NOTES_MODES[0]}, the default unless the "
        f"manifest says) or gathered at the back of the book ({NOTES_MODES[1]}).",
        manifest="notes")
    openings: str | None = _option(
        None, f"Where essays, parts and chapters open: {OPENINGS[1]} (a right-hand page, "
        f"after a blank page if need be; the default for books) or {OPENINGS[0]} (the next "
        "page; the default for zines: the zine look or --impose minizine).",
        manifest="openings")
    styles: tuple[str, ...] = _option(
        (), f"A built-in look ({', '.join(BUILTIN_STYLES)}) or your own CSS; repeat to layer "
        "them.", manifest="style")
    jobs: int = _option(0, "Worker processes for the PDF (0: one per core).")
    use_cache: bool = _option(True, "Keep rendered parts in <out-dir>/.cache and reuse them "
                                    "(--no-cache renders every part again).")
    allow_remote: bool = _option(False, "Let essays load images over http(s). Off by default.")
    impose: str | None = _option(None, "Also write <slug>-print.pdf imposed for folding.")
    sheet: str | None = _option(
        None, "Sheet for --impose: " + ", ".join(SHEETS) + " (default: the sheet that takes "
        "the pages at 100 %; another is scaled to fit, and the build says so).")
    signature: int | None = _option(None, "Pages per folded group for --impose booklet.")
    creep: str | None = _option(
        None, "Creep compensation for --impose booklet: the paper's thickness, e.g. 0.1mm; "
        "inner sheets' pages shift towards the fold by it for each sheet outside them.")
    bleed: str | None = _option(None, "Bleed around each page for a copy shop, e.g. 3mm.")
    marks: bool = _option(False, "Crop marks (with 3mm bleed unless --bleed says).")
    cover: str = _option("inline", "separate: also write <slug>-cover.pdf for card stock.")
    keep_going: bool = _option(
        False, "Build an essay even when it kept less than half of its source's words "
        "with no reason given (a warning instead of an error).")
    refresh: bool = _option(
        False, "Fetch essays named by URL again instead of reading <out-dir>/.cache/web.")


#: option name -> its field (default and metadata)
OPTIONS = {f.name: f for f in fields(BuildOptions)}
#: option name -> its default, for a front end that shows or fills in the options
DEFAULT_OPTIONS = {name: f.default for name, f in OPTIONS.items()}


def help_for(name: str) -> str:
    """The one description of option ``name``."""
    return OPTIONS[name].metadata["help"]


def manifest_keys() -> dict[str, str]:
    """Option name -> the manifest key that sets the same thing."""
    return {name: f.metadata["manifest"] for name, f in OPTIONS.items()
            if f.metadata["manifest"]}

