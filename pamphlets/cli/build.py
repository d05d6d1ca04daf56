"""``pamphlets build``: essays or a manifest in, PDF and EPUB out."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..pages import PAGE_SIZES, page_size_option
from ..pipeline import FORMATS, BuildOptions, run


def _formats(ctx, param, value: str) -> tuple[str, ...]:
    items = tuple(v.strip().lower() for v in value.split(",") if v.strip())
    bad = [v for v in items if v not in FORMATS]
    if bad or not items:
        raise click.BadParameter(f"use a comma list of {', '.join(FORMATS)}")
    return items


@click.command("build")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--title", help="Book title (without a manifest; default: the essay's own).")
@click.option("--out-dir", type=click.Path(path_type=Path), default=Path("build"),
              show_default=True, help="Where the outputs go.")
@click.option("--format", "formats", default="pdf,epub", show_default=True, callback=_formats,
              help="Comma list of pdf, epub, html (html: the exact HTML WeasyPrint renders).")
@click.option("--page-size", metavar="SIZE", callback=page_size_option,
              help="Page size of the PDF: " + ", ".join(sorted(PAGE_SIZES))
                   + " (default a5, or the manifest's).")
@click.option("--notes", type=click.Choice(["essay", "book"]),
              help="Endnotes after each essay (default) or gathered at the back of the book.")
@click.option("--style", "styles", multiple=True, metavar="NAME|FILE.css",
              help="A built-in look (classic, zine) or your own CSS; repeat to layer them.")
@click.option("--jobs", "-j", type=click.IntRange(0, 64), default=0,
              help="Worker processes for the PDF (0: one per core).")
@click.option("--no-cache", is_flag=True, help="Render every part again, ignoring the cache.")
@click.option("--allow-remote", is_flag=True,
              help="Let essays load images over http(s). Off by default.")
@click.option("--impose", type=click.Choice(["booklet", "minizine"]),
              help="Also write <slug>-print.pdf imposed for folding.")
@click.option("--sheet", type=click.Choice(["a4", "letter"]), help="Sheet for --impose.")
@click.option("--signature", type=int, help="Pages per folded group for --impose booklet.")
@click.option("--bleed", metavar="LENGTH", help="Bleed around each page for a copy shop, e.g. 3mm.")
@click.option("--marks", is_flag=True, help="Crop marks (with 3mm bleed unless --bleed says).")
@click.option("--cover", type=click.Choice(["inline", "separate"]), default="inline",
              show_default=True, help="separate: also write <slug>-cover.pdf for card stock.")
@click.option("--keep-going", is_flag=True,
              help="Build an essay even when it kept less than half of its source's words "
                   "with no reason given (a warning instead of an error).")
@click.option("--refresh", is_flag=True,
              help="Fetch essays named by URL again instead of reading <out-dir>/.cache/web.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
def command(inputs, title, out_dir, formats, page_size, notes, styles, jobs, no_cache,
            allow_remote, impose, sheet, signature, bleed, marks, cover, keep_going, refresh,
            quiet):
    """Build a booklet from a manifest or from essay files.

    INPUTS is one manifest (.toml) or one or more essays (Markdown, text, HTML, Muse,
    TEI...) or http(s) addresses. Writes build/<slug>.pdf and build/<slug>.epub.
    A page named by URL is fetched once, with its images, into <out-dir>/.cache/web/;
    later builds read it from there (offline) unless --refresh is given.

    \b
    Examples:
      pamphlets build seeds/sampler.toml
      pamphlets build essay.md --title "Three Essays" --format pdf --page-size a6
      pamphlets build seeds/sampler.toml --notes book --style zine --impose booklet
      pamphlets build seeds/sampler.toml --bleed 3mm --marks --cover separate
      pamphlets build https://example.org/essay.html other.md --title "Reader"

    \b
    Manifest keys (TOML): title, subtitle, editor, date, lang, description,
    colophon, licence, identifier, cover_image, page_size, notes, style,
    templates (folder), styles (folder), and essays: a list of paths, or of tables
    {path = "...", title = "...", author = "...", lang = "..."} overriding the
    essay's own metadata ({url = "https://..."} instead of path for a web page).
    """
    progress = _progress_line if not quiet and sys.stderr.isatty() else None
    options = BuildOptions(out_dir=out_dir, formats=formats, title=title, page_size=page_size,
                           notes=notes, styles=tuple(styles), jobs=jobs,
                           use_cache=not no_cache, allow_remote=allow_remote, impose=impose,
                           sheet=sheet, signature=signature, bleed=bleed, marks=marks,
                           cover=cover, keep_going=keep_going, progress=progress,
                           refresh=refresh)
    result = run(list(inputs), options)
    if progress:
        click.echo("\r\033[K", nl=False, err=True)
    if quiet:
        return
    for reason, texts in _grouped_warnings(result.notices):
        shown = "; ".join(texts[:3]) + (f"; and {len(texts) - 3} more" if len(texts) > 3 else "")
        click.echo(f"warning: {reason}: {shown}", err=True)
    for warning in result.warnings:
        click.echo(f"warning: WeasyPrint: {warning}", err=True)
    essays = len(result.booklet.essays)
    for fmt, path in result.outputs.items():
        extra = f" ({result.pages} pages)" if fmt == "pdf" else ""
        click.echo(f"wrote {path}{extra}")
    click.echo(f"{essays} essay{'s' if essays != 1 else ''} in {result.seconds:.1f} s")
    if result.print_instructions:
        click.echo(result.print_instructions)


def _grouped_warnings(notices) -> list[tuple[str, list[str]]]:
    """Warnings with the same reason on one line each, in the order they came."""
    groups: dict[str, list[str]] = {}
    for notice in notices:
        if notice.kind == "warning":
            groups.setdefault(notice.reason, []).append(notice.text)
    return list(groups.items())


def _progress_line(done: int, total: int, pages: int, name: str) -> None:
    """One line, rewritten in place on a terminal: stage, part, pages so far."""
    width = 20
    filled = width * done // max(total, 1)
    bar = "#" * filled + "-" * (width - filled)
    click.echo(f"\r\033[Krendering [{bar}] {done}/{total} parts, {pages} pages ({name})",
               nl=False, err=True)
