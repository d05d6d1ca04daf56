"""Writers: one per output format, found through one table (as the readers are).

Every writer is ``write(booklet, out, context, runtime) -> Report``: it writes the booklet
to the path ``out`` under the build context (page size, notes mode, build time, CSS:
decided once in ``pamphlets.context``) and reports what the user should know.
``runtime`` carries what is not a decision: the progress callback and the PDF render
workers, when already started. The finishers then work on the finished PDF, in order.

Adding an output format is one entry in ``WRITERS``; the pipeline loops over the table.

Folders: ``pdf/`` renders the book with WeasyPrint (the HTML, parallel parts, folios, the
joiner), ``epub/`` writes the EPUB 3, ``print/`` works on finished PDFs (imposition,
proof sheets, covers); ``markup.py`` (blocks to (X)HTML), ``anchors.py`` (every id), and
``markdown.py`` (the Markdown that ``pamphlets import`` writes) serve them all.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..errors import stage
from ..model import Notice

if TYPE_CHECKING:
    from ..context import BuildContext
    from ..model import Booklet


@dataclass(frozen=True)
class PrintPages:
    """Where the pages of the PDF built in the same run begin, for the EPUB's page list."""

    #: anchor id (``anchors``) -> the folio printed on the page the anchored element
    #: starts on; anchors on pages that print no folio are left out
    folios: dict[str, str]
    #: every printed folio, in the book's order
    order: tuple[str, ...]
    #: the print edition these numbers belong to (the EPUB's ``pageBreakSource``)
    edition: str


@dataclass
class Report:
    """What a writer or finisher did and what the user should know."""

    notices: list[Notice] = field(default_factory=list)
    #: WeasyPrint's own warnings
    warnings: list[str] = field(default_factory=list)
    #: pages of the PDF, and the page each essay starts on (by key)
    pages: int = 0
    start_pages: dict[str, int] = field(default_factory=dict)
    #: how to print, fold and bind (from the imposition)
    instructions: str = ""
    #: the PDF's page numbers by anchor, handed to the writers after it (the EPUB)
    print_pages: PrintPages | None = None


@dataclass(frozen=True)
class Runtime:
    """What a build runs with that is not a decision about the book."""

    #: called as parts render: (done, total, pages so far, part name)
    progress: Callable[[int, int, int, str], None] | None = None
    #: PDF render workers already started (``pdf.render.render_pool``), else the PDF
    #: writer starts its own when it needs them
    pool: object | None = None
    #: the page numbers of the PDF written earlier in this build (``Report.print_pages``)
    print_pages: PrintPages | None = None


@dataclass(frozen=True)
class Writer:
    #: added to the booklet's slug to name the output
    suffix: str
    #: "module:function", imported on first use (WeasyPrint is slow to import)
    target: str

    def __call__(self, booklet: "Booklet", out: Path, context: "BuildContext",
                 runtime: Runtime) -> Report:
        module, name = self.target.split(":")
        # ``out`` is a temporary file beside the output: name the output itself
        with stage("render", Path(out).with_name(booklet.slug + self.suffix)):
            return getattr(importlib.import_module(module), name)(booklet, out, context,
                                                                  runtime)


@dataclass(frozen=True)
class Finisher:
    """A step on the finished PDF that writes one more file."""

    #: the output's name in the build's result
    name: str
    suffix: str
    target: str
    #: whether this build asks for it
    wanted: Callable[["BuildContext"], bool]

    def __call__(self, pdf: Path, out: Path, context: "BuildContext") -> Report:
        module, name = self.target.split(":")
        return getattr(importlib.import_module(module), name)(pdf, out, context)


#: output format -> writer; run in this order when several are asked for
WRITERS: dict[str, Writer] = {
    "html": Writer(".html", "pamphlets.writers.pdf.html:write"),
    "pdf": Writer(".pdf", "pamphlets.writers.pdf:write"),
    "epub": Writer(".epub", "pamphlets.writers.epub:write"),
    "kepub": Writer(".kepub.epub", "pamphlets.writers.epub.kepub:write"),
}

#: run on the PDF once it is written, in this order
FINISHERS: tuple[Finisher, ...] = (
    Finisher("cover", "-cover.pdf", "pamphlets.writers.print.covers:finish",
             lambda context: context.cover == "separate"),
    Finisher("print", "-print.pdf", "pamphlets.writers.print.impose:finish",
             lambda context: bool(context.impose)),
)

FORMATS = tuple(WRITERS)
