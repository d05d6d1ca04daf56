"""The printed book's page numbers in the EPUB: page-break markers and the page list.

When the PDF is built in the same run, its writer reports the printed page every anchor
lies on (``writers.PrintPages``): essays, headings, every top-level block (their ids come
from ``anchors`` and are the same in both books), notes and the colophon. A printed page
begins, as far as the EPUB can tell, at the first of those elements that starts on it, so
the marker of page N goes there: before the element, or at the start of a list item (a
note), where a ``<span>`` may stand. A page on which no element starts (the middle of a
long paragraph) gets its marker just before the next page's, so that "Go to page" still
finds every page the print edition numbers; the pages after the last one where an
element starts are marked at the end of that document.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markupsafe import Markup

from .. import PrintPages, anchors

if TYPE_CHECKING:
    from . import Doc

#: a start tag with an id (the templates and ``markup`` write ids as ``id="..."``)
_WITH_ID = re.compile(r'<([a-zA-Z0-9]+)\b[^>]*?\sid="([^"]+)"[^>]*>')
#: elements whose marker goes inside, at their start: a span may not stand beside them
_INSIDE = {"li"}


def marker(label: str) -> Markup:
    """The page-break marker of printed page ``label``."""
    return Markup('<span epub:type="pagebreak" role="doc-pagebreak" id="{}" '
                  'aria-label="{}"></span>').format(anchors.page_id(label), label)


def mark_pages(docs: list["Doc"], pages: PrintPages) -> list[dict]:
    """Put the markers of ``pages`` into ``docs`` (in reading order, changed in place) and
    return the page list: ``{"label", "href"}`` for each page, in the book's order."""
    rank = {label: i for i, label in enumerate(pages.order)}
    starts: list[tuple[int, int, str]] = []  # (doc, offset, label) where a page starts
    last = -1
    for d, doc in enumerate(docs):
        for match in _WITH_ID.finditer(doc.content):
            label = pages.folios.get(match.group(2))
            if label is None or rank[label] <= last:
                continue  # not on a numbered page, or not the first element of its page
            last = rank[label]
            at = match.end() if match.group(1).lower() in _INSIDE else match.start()
            starts.append((d, at, label))
    # pages where nothing starts share the next page's place, before its marker
    placed: list[tuple[int, int, str]] = []
    waiting = 0
    for d, at, label in starts:
        placed += [(d, at, missing) for missing in pages.order[waiting:rank[label]]]
        placed.append((d, at, label))
        waiting = rank[label] + 1
    if placed and waiting < len(pages.order):
        # the last pages, where a paragraph that began earlier runs on: at the end of the
        # document their text ends in
        d = placed[-1][0]
        placed += [(d, len(docs[d].content), label) for label in pages.order[waiting:]]
    for d in {d for d, _, _ in placed}:
        here = [(at, label) for doc, at, label in placed if doc == d]
        text = docs[d].content
        pieces, end = [], len(text)
        for at, label in reversed(here):
            pieces.append(text[at:end])
            pieces.append(str(marker(label)))
            end = at
        pieces.append(text[:end])
        docs[d].content = "".join(reversed(pieces))
    return [{"label": label, "href": f"{docs[d].name}#{anchors.page_id(label)}"}
            for d, _, label in placed]
