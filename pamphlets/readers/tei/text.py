"""The parts of a TEI ``<text>``, for the TEI reader: front, body, back and groups.

``text_blocks`` reads a ``<text>`` whatever it holds: ``front``, ``body`` and ``back`` in
their order, a ``group`` of further texts (a collection: each text's own heading, from its
title page, its first ``head`` or its ``n``, becomes a heading one level up, and its
divisions are counted from there), or divisions standing in the ``<text>`` with no
``body`` at all.

The front matter's title page (``titlePage``, or a division typed as one, or
``docTitle``/``docAuthor``/``docDate`` standing in ``front``) gives the metadata the header
lacks (``state.front_meta``) and is left out with a counted notice; a preface, dedication
or introduction is kept as text. In the back matter, a division of notes keeps the notes
no mark pointed at; appendices and the rest are kept.
"""

from __future__ import annotations

from ...model import Heading, Text
from . import blocks, inlines
from .meta import title_page_meta
from .state import TeiState, drop
from .xml import first_child, local_name

#: title-page parts that may stand directly in ``front`` (TEI Lite, converters)
_TITLE_PARTS = {"docTitle", "docAuthor", "docDate", "docImprint", "docEdition", "byline",
                "titlePart"}


def text_blocks(state: TeiState, text_el, depth: int) -> list:
    """A ``<text>`` as blocks, its divisions' headings counted from ``depth``."""
    out: list = []
    for child in text_el:
        name = local_name(child)
        if name == "front":
            out.extend(front(state, child, depth))
        elif name in ("body", "back"):
            out.extend(blocks.children(state, child, depth))
        elif name == "group":
            out.extend(group(state, child, depth))
        elif name:
            blocks.block(state, child, depth, out)
        else:
            inlines.entity(state, child)
    return out


def group(state: TeiState, group_el, depth: int) -> list:
    """A ``group`` of texts: each text under its own heading, one level down (a nested
    group under its ``head``)."""
    out: list = []
    for child in group_el:
        name = local_name(child)
        if name == "text":
            level = depth + 1
            heading = text_heading(state, child)
            if heading:
                out.append(Heading(level, heading))
            saved = state.base
            state.base = level
            state.chapter += 1
            out.extend(text_blocks(state, child, level))
            state.base = saved
        elif name == "group":
            head = first_child(child, "head")
            if head is not None:
                out.append(Heading(depth + 1, inlines.run(state, head)))
            out.extend(group(state, child, depth + 1 if head is not None else depth))
        elif name == "head":
            out.append(Heading(depth + 1, inlines.run(state, child)))
        elif name:
            blocks.block(state, child, depth, out)
    return out


def text_heading(state: TeiState, text_el) -> tuple:
    """A grouped text's heading when nothing in it will make one: its title page's
    title, else its ``n``; ``()`` when its body starts with a heading of its own."""
    front_el = first_child(text_el, "front")
    title = None
    if front_el is not None:
        page = first_child(front_el, "titlePage")
        for where in (page, front_el):
            if where is not None and title is None:
                doc = first_child(where, "docTitle")
                if doc is not None:
                    title = doc
    if title is not None:
        return inlines.run(state, title)
    body = first_child(text_el, "body")
    first = next((c for c in (body if body is not None else text_el)
                  if isinstance(c.tag, str)), None)
    if first is not None and (local_name(first) == "head"
                              or first_child(first, "head") is not None):
        return ()
    n = (text_el.get("n") or "").strip()
    return (Text(n),) if n else ()


def front(state: TeiState, front_el, depth: int) -> list:
    """``front``: title-page parts standing in it go to the metadata and are counted as
    left out; a division typed as a title page gives metadata too; the rest is kept."""
    out: list = []
    loose = [c for c in front_el if local_name(c) in _TITLE_PARTS]
    if loose:
        for el in loose:
            title_page_meta(state, el)
        drop(state, "title page", " ".join(t for el in loose for t in el.itertext()),
             loose[0].sourceline)
    for child in front_el:
        name = local_name(child)
        if name in _TITLE_PARTS:
            continue
        if name in ("div", "div1") and \
                (child.get("type") or "").lower() in blocks.TITLE_PAGE_TYPES:
            title_page_meta(state, child)
        blocks.block(state, child, depth, out)
    return out
