"""The Kobo edition (``--format kepub``): the EPUB with what Kobo's own renderer needs.

Kobo readers open a ``.kepub.epub`` with their faster renderer, which gives highlights,
the dictionary and reading statistics; it finds its place in the text by spans, not by
the EPUB's own locations. This is the EPUB writer's book with three additions to each
XHTML file (the navigation document stays as it is), as kepubify makes them:

* every run of text cut into sentences, each in ``<span class="koboSpan"
  id="kobo.P.S">``: P counts the block elements (paragraphs, headings, list items …) in
  the file, S the sentences within one; an image gets a span of its own;
* the body's content inside ``<div id="book-columns"><div id="book-inner">``;
* nothing else changes: the cover is already marked ``cover-image`` in the package, note
  references keep their ``epub:type`` (their number is left unwrapped, so the link stays
  a plain note link and pops up), page-break markers stay where they are.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ...context import BuildContext
from ...model import Booklet
from .. import Report, Runtime
from . import Doc
from . import write as write_epub

XHTML_NS = "http://www.w3.org/1999/xhtml"
OPS_NS = "http://www.idpf.org/2007/ops"
_X = f"{{{XHTML_NS}}}"

#: elements that start a new "paragraph" (the P of ``kobo.P.S``)
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "td", "th",
          "figcaption", "caption", "blockquote", "pre"}
#: elements whose text is left alone: code keeps its exact text, SVG and MathML are not
#: HTML
SKIP = {"pre", "code", "script", "style", "svg", "math", "head", "title"}
#: a sentence ends at ., !, ? or … (and closing quotes or brackets) before a space
_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f]+[\"'\u201d\u2019\u00bb)\]]*\s+")


def sentences(text: str) -> list[str]:
    """``text`` cut after each sentence's end and the spaces that follow it; joined
    back, the pieces are ``text``."""
    pieces, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if match.end() < len(text):
            pieces.append(text[start:match.end()])
            start = match.end()
    pieces.append(text[start:])
    return [p for p in pieces if p]


class _Count:
    """The ``kobo.P.S`` counters of one file."""

    def __init__(self) -> None:
        self.para = 0
        self.seg = 0

    def block(self) -> None:
        self.para += 1
        self.seg = 0

    def span(self) -> etree._Element:
        if self.para == 0:
            self.block()
        self.seg += 1
        return etree.Element(f"{_X}span", {"class": "koboSpan",
                                           "id": f"kobo.{self.para}.{self.seg}"})

    def text_spans(self, text: str) -> list[etree._Element]:
        spans = []
        for piece in sentences(text):
            span = self.span()
            span.text = piece
            spans.append(span)
        return spans


def _local(element: etree._Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _left_alone(element: etree._Element) -> bool:
    name = _local(element)
    if name in SKIP or not isinstance(element.tag, str):
        return True
    kinds = (element.get(f"{{{OPS_NS}}}type") or "").split()
    return "noteref" in kinds or "pagebreak" in kinds or "koboSpan" in (
        element.get("class") or "").split()


def _spans(element: etree._Element, count: _Count) -> None:
    """Wrap the text and images under ``element`` in Kobo spans, in reading order."""
    if _left_alone(element):
        return
    if _local(element) in BLOCKS:
        count.block()
    children = list(element)
    if element.text and element.text.strip():
        for k, span in enumerate(count.text_spans(element.text)):
            element.insert(k, span)
        element.text = None
    for child in children:
        if _local(child) == "img":
            count.block()
            span = count.span()
            child.addprevious(span)
            span.append(child)  # moves the image, and its tail with it
            span.tail, child.tail = child.tail, None
            child = span
        else:
            _spans(child, count)
        if child.tail and child.tail.strip():
            parent, at = child.getparent(), child.getparent().index(child)
            for k, span in enumerate(count.text_spans(child.tail)):
                parent.insert(at + 1 + k, span)
            child.tail = None


def _columns(body: etree._Element) -> None:
    """The body's content inside ``div#book-columns > div#book-inner``."""
    columns = etree.Element(f"{_X}div", {"id": "book-columns"})
    inner = etree.SubElement(columns, f"{_X}div", {"id": "book-inner"})
    inner.text, body.text = body.text, "\n"
    for child in list(body):
        inner.append(child)
    body.append(columns)
    columns.tail = "\n"


def kobo(doc: Doc) -> None:
    """Add Kobo's spans and wrappers to one XHTML file."""
    root = etree.fromstring(doc.content.encode("utf-8"),
                            etree.XMLParser(resolve_entities=False, no_network=True))
    body = root.find(f"{_X}body")
    if body is None:
        return
    _spans(body, _Count())
    _columns(body)
    doc.content = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
                   + etree.tostring(root, encoding="unicode") + "\n")


def write(booklet: Booklet, out_path: Path, context: BuildContext,
          runtime: Runtime = Runtime()) -> Report:
    """``<slug>.kepub.epub``: the EPUB with Kobo's additions (see the module's docstring)."""
    return write_epub(booklet, out_path, context, runtime, transform=kobo)
