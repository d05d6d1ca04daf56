"""The covers as their own PDF, for printing on heavier paper.

The book's first page is its front cover and its last page, always a left-hand page, its
back cover: ``split_cover`` copies those two pages, in that order, into a separate file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pikepdf

from ...atomic import save_pdf

if TYPE_CHECKING:
    from ...context import BuildContext
    from .. import Report


def split_cover(book_pdf: Path, cover_pdf: Path) -> int:
    """Write the front and back cover of ``book_pdf`` to ``cover_pdf``; returns the pages."""
    with pikepdf.open(book_pdf) as book, pikepdf.new() as cover:
        cover.pages.append(book.pages[0])
        if len(book.pages) > 1:
            cover.pages.append(book.pages[-1])
        cover.docinfo.Title = pikepdf.String(str(book.docinfo.get("/Title", "")) + " (cover)")
        save_pdf(cover, cover_pdf, deterministic_id=True)
        return len(cover.pages)


def finish(pdf: Path, out: Path, context: "BuildContext") -> "Report":
    """The build's finisher: the covers of the book's PDF as their own file."""
    from .. import Report

    split_cover(pdf, out)
    return Report()
