"""The build context: every decision a build makes, taken once and then only read.

``resolve`` turns the options (CLI or API) and the manifest into a frozen
``BuildContext``: the page size as a ``PageSize``, the notes mode, the build's time (from
one reading of SOURCE_DATE_EPOCH), the style sheets' text, the template and style folders
and the print extras. Every writer receives it and decides none of these again.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal, cast

from .errors import ConfigError
from .pages import PageSize, creep_points, page_css, page_size, print_css
from .resources import styles_dir

#: after each essay (``essay``) or gathered at the back of the book (``book``)
Notes = Literal["essay", "book"]
NOTES_MODES: tuple[Notes, ...] = ("essay", "book")
#: the looks that come with pamphlets (``styles/<name>.css``)
BUILTIN_STYLES = ("classic", "zine")

#: where essays, parts and book notes open: on the next page, or on a right-hand page
Openings = Literal["any", "right"]
OPENINGS: tuple[Openings, ...] = ("any", "right")

DEFAULT_PAGE_SIZE = "a5"
DEFAULT_NOTES: Notes = "essay"
DEFAULT_STYLES = ("classic",)


@dataclass(frozen=True)
class Css:
    """The style sheets of a build, read once."""

    #: @page rules for the page size, then ``base.css``
    base: str
    #: the looks (built-in or the user's) in order, then the copy-shop extras
    look: str
    #: ``folios.css``: running heads and page numbers
    folios: str
    #: ``sheets.css``: the folio overlay's pages
    sheets: str


@dataclass(frozen=True)
class BuildContext:
    page: PageSize
    notes: Notes
    #: the build's time, in UTC: SOURCE_DATE_EPOCH, else the clock when it was resolved
    built_at: datetime
    css: Css
    #: the user's template folders (searched before the built-in templates)
    template_dirs: tuple[Path, ...] = ()
    #: the user's style folders: the renderer may read files from them
    style_dirs: tuple[Path, ...] = ()
    #: essays may show images from the web (fetched at build time)
    allow_remote: bool = False
    #: PDF render workers
    jobs: int = 1
    #: where rendered PDF parts are kept between builds (None: no cache)
    cache_dir: Path | None = None
    #: the PDF's finishers: imposition layout, sheet and signature; a separate cover
    impose: str | None = None
    sheet: str | None = None
    signature: int | None = None
    cover: str = "inline"
    #: essays, parts and the book's notes open on a right-hand page, or on the next page
    openings: Openings = "right"
    #: creep compensation for an imposed booklet: the paper's thickness, in points
    creep: float = 0.0

    @property
    def build_date(self) -> str:
        """The build's day, as the colophon prints it."""
        return self.built_at.strftime("%Y-%m-%d")

    @property
    def epoch(self) -> int:
        """The build's time in whole seconds since 1970."""
        return int(self.built_at.timestamp())

    @property
    def notes_with_essays(self) -> bool:
        """Whether each essay's notes follow it (else they are gathered at the back)."""
        return self.notes == "essay"

    @property
    def openings_right(self) -> bool:
        """Whether openings go to a right-hand page (after a blank page if need be)."""
        return self.openings == "right"


def render_jobs(jobs: int = 0) -> int:
    """PDF render workers: ``jobs``, or one per core when the options leave it at 0."""
    return jobs or os.cpu_count() or 1


#: the last second of 9999: dates after it have five-digit years, which no date field takes
MAX_EPOCH = 253402300799


def build_time() -> datetime:
    """SOURCE_DATE_EPOCH (for reproducible builds), else now; a bad value is an error."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return datetime.fromtimestamp(time.time(), timezone.utc)
    shown = value if len(value) <= 40 else value[:37] + "..."
    try:
        seconds = int(value)
    except ValueError:  # not digits, or thousands of them
        raise ConfigError(f"SOURCE_DATE_EPOCH is not a whole number: '{shown}'",
                          key="SOURCE_DATE_EPOCH", hint="unset it or give seconds since 1970") \
            from None
    if not 0 <= seconds <= MAX_EPOCH:
        raise ConfigError(f"SOURCE_DATE_EPOCH is out of range: '{shown}'", key="SOURCE_DATE_EPOCH",
                          hint=f"give seconds from 0 (1970) to {MAX_EPOCH} (the end of 9999)")
    return datetime.fromtimestamp(seconds, timezone.utc)


def notes_mode(value: str | None, *, key: str = "notes") -> Notes:
    value = value or DEFAULT_NOTES
    if value not in NOTES_MODES:
        raise ConfigError(f"unknown notes placement '{value}'", key=key,
                          hint="use " + " or ".join(NOTES_MODES))
    return cast(Notes, value)


def openings_mode(value: str | None, styles: tuple[str, ...], impose: str | None,
                  *, key: str = "openings") -> Openings:
    """``right`` for books, ``any`` for zines (the zine look, or imposed as a minizine),
    unless the options or the manifest say."""
    if value is None:
        zine = "zine" in styles or impose == "minizine"
        return "any" if zine else "right"
    if value not in OPENINGS:
        raise ConfigError(f"unknown openings '{value}'", key=key,
                          hint="use " + " or ".join(OPENINGS))
    return cast(Openings, value)


def openings_css(openings: Openings) -> str:
    """What opens a page: essays, the divisions of a long essay, the contents and the
    book's notes, on a right-hand page or on the next page."""
    side = "right" if openings == "right" else "page"
    return (f".contents, .essay, .essay .chapter, .book-notes {{ break-before: {side}; }}\n")


def load_styles(names: tuple[str, ...]) -> str:
    """Built-in looks by name, a user's CSS files by path; later ones override earlier."""
    chunks = []
    for name in names:
        if name in BUILTIN_STYLES:
            chunks.append((styles_dir() / f"{name}.css").read_text(encoding="utf-8"))
            continue
        path = Path(name)
        if path.suffix.lower() != ".css" or not path.is_file():
            raise ConfigError(f"unknown style '{name}'", key="style",
                              hint="use " + ", ".join(BUILTIN_STYLES)
                              + ", or the path of a .css file")
        chunks.append(path.read_text(encoding="utf-8"))
    return "\n".join(chunks)


def stylesheets(page: PageSize, styles: tuple[str, ...], extra_css: str = "",
                openings: Openings = "right") -> Css:
    """The build's CSS: the page size's rules, the base, the looks and ``extra_css``."""
    folder = styles_dir()
    base = (folder / "base.css").read_text(encoding="utf-8")
    return Css(base=page_css(page) + base + "\n" + openings_css(openings),
               look=load_styles(styles) + "\n" + extra_css,
               folios=(folder / "folios.css").read_text(encoding="utf-8"),
               sheets=(folder / "sheets.css").read_text(encoding="utf-8"))


def resolve(*, page_size_name: str | None = None, notes: str | None = None,
            styles: tuple[str, ...] = (), bleed: str | None = None, marks: bool = False,
            template_dirs: tuple[Path, ...] = (), style_dirs: tuple[Path, ...] = (),
            allow_remote: bool = False, jobs: int = 0, cache_dir: Path | None = None,
            impose: str | None = None, sheet: str | None = None,
            signature: int | None = None, cover: str = "inline",
            openings: str | None = None, creep: str | None = None,
            built_at: datetime | None = None) -> BuildContext:
    """The context from settled values (the option's, else the manifest's, else None for
    the default); every check and every default lives here."""
    page = page_size(page_size_name or DEFAULT_PAGE_SIZE, key="page-size")
    styles = styles or DEFAULT_STYLES
    opening = openings_mode(openings, styles, impose)
    thickness = creep_points(creep, key="creep")
    from .writers.print.impose import check_args

    check_args(impose, sheet, signature, creep=thickness)
    return BuildContext(
        page=page, notes=notes_mode(notes),
        built_at=built_at or build_time(),
        css=stylesheets(page, styles, print_css(bleed, marks), opening),
        template_dirs=template_dirs, style_dirs=style_dirs, allow_remote=allow_remote,
        jobs=render_jobs(jobs), cache_dir=cache_dir,
        impose=impose, sheet=sheet, signature=signature, cover=cover,
        openings=opening, creep=thickness)
