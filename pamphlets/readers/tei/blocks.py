"""Block rules for the TEI reader: elements as model blocks.

``children`` converts an element's children; ``block`` converts one element by the rule
its name picks from ``_RULES``, each a plain function ``rule(state, el, depth, out)`` that
appends to ``out``: ``div``/``div1``..``div7`` nesting gives heading levels (counted from
``state.base``, the level of the text a ``group`` holds them in; a division of notes keeps
the notes no mark pointed at; a title page or the edition's contents list is left out and
counted), ``p``/``ab`` are split around the block content they hold, and quotations,
verse, lists, figures, tables (flattened), a play's cast list, speeches and stage
directions, title pages and the paragraph-like elements become their blocks.
"""

from __future__ import annotations

import re

from ...model import (BlockQuote, Emph, Figure, Heading, ListBlock, Notice, Para, Strong, Text,
                     Verse, count_words, plain_text)
from .._inline import tidy
from . import inlines, notes
from .meta import title_page_meta
from .state import TeiState, drop
from .xml import (BLOCKISH, MILESTONES, SKIP, first_child, flat, has_blocks, is_notes_div,
                  local_name)

_DIV = re.compile(r"^div([1-7])?$")
#: division types that are a title page (its words go to the metadata, or are dropped)
TITLE_PAGE_TYPES = {"title_page", "titlepage", "title-page", "half-title", "halftitle",
                    "half_title", "frontispiece_title"}
#: division types that are the edition's own list of contents, with its old page numbers
CONTENTS_TYPES = {"contents", "toc", "table_of_contents", "tableofcontents", "index_of_contents"}
#: elements where ``lb`` is a line break, not a space
_LINE_CONTEXT = {"opener", "closer", "salute", "signed", "dateline", "byline",
                 "address", "addrLine", "docImprint", "cell", "trailer", "docAuthor"}
#: elements that are one paragraph (unless they hold blocks)
_PARA_LIKE = {"opener", "closer", "salute", "signed", "dateline", "byline", "trailer",
              "argument", "address", "docAuthor", "docDate", "imprimatur", "bibl", "label"}


def children(state: TeiState, el, depth: int) -> list:
    """An element's children as blocks (text standing between them as paragraphs)."""
    out: list = []
    stray = el.text if el.text and el.text.strip() else ""
    if stray:
        out.append(Para(inlines.finish(state, [Text(stray)])))
    for child in el:
        block(state, child, depth, out)
        if child.tail and child.tail.strip():
            run = inlines.finish(state, [Text(child.tail)])
            if run:
                out.append(Para(run))
    return out


def block(state: TeiState, el, depth: int, out: list) -> None:
    """One element (or entity) as blocks appended to ``out``, by the rule for its name;
    ``depth`` is the heading level of the division it stands in."""
    name = local_name(el)
    if not name:
        inlines.entity(state, el)
        return
    _RULES.get(name, other)(state, el, depth, out)


def division(state: TeiState, el, depth: int, out: list) -> None:
    """``div``, ``div1``..``div7``, ``listNote``: a division one level down (numbered ones
    at their own level); a division of notes keeps its unmarked notes; a title page or
    the edition's contents list is counted as left out."""
    numbered = _DIV.match(local_name(el))
    kind = (el.get("type") or "").lower()
    if depth <= state.base:
        state.chapter += 1
    level = state.base + int(numbered.group(1)) if numbered and numbered.group(1) else depth + 1
    if is_notes_div(el):
        notes.notes_div(state, el)
        return
    if kind in TITLE_PAGE_TYPES or kind in CONTENTS_TYPES:
        reason = "title page" if kind in TITLE_PAGE_TYPES else \
            "the edition's contents list (its page numbers are not this book's)"
        drop(state, reason, " ".join(el.itertext()), el.sourceline)
        if state.keep_all:
            out.extend(children(state, el, level))
        return
    out.extend(children(state, el, level))


def anchor(state: TeiState, el, depth: int, out: list) -> None:
    """An ``anchor`` between blocks: its note's reference, at the end of the paragraph
    before."""
    ref = inlines.inline(state, el, False)
    if ref and out and isinstance(out[-1], Para):
        out[-1] = Para(out[-1].inlines + tuple(ref))
    elif ref:
        out.append(Para(tuple(ref)))


def skip(state: TeiState, el, depth: int, out: list) -> None:
    """An element left out everywhere, or a milestone: nothing (words counted)."""
    inlines.skipped(state, el)


def title_page(state: TeiState, el, depth: int, out: list) -> None:
    """``titlePage``: its words go to the metadata and are counted as left out (a grouped
    text's title is its heading, so only the rest is counted)."""
    title_page_meta(state, el)
    text = " ".join(el.itertext())
    if state.base:
        for doc in (d for d in el.iter() if local_name(d) == "docTitle"):
            text = text.replace(" ".join(doc.itertext()), " ", 1)
    drop(state, "title page", text, el.sourceline)
    if state.keep_all:
        out.extend(children(state, el, depth))


def heading(state: TeiState, el, depth: int, out: list) -> None:
    """``head``: a heading at the division's level (``lb`` a line break)."""
    run = inlines.run(state, el, lines=True)
    if run:
        out.append(Heading(max(depth, 1), run))


def paragraph(state: TeiState, el, depth: int, out: list) -> None:
    """``p``, ``ab``: a paragraph, split around the verse, lists, quotations, tables or
    figures it holds."""
    parts: list = []
    if el.text:
        parts.append(Text(el.text))
    for child in el:
        name = local_name(child)
        if name in BLOCKISH or name in ("quote", "cit", "q") and has_blocks(child):
            run = inlines.finish(state, parts)
            if run:
                out.append(Para(run))
            parts = []
            block(state, child, 0, out)
        else:
            parts.extend(inlines.inline(state, child, False))
        if child.tail:
            parts.append(Text(child.tail))
    run = inlines.finish(state, parts)
    if run:
        out.append(Para(run))


def quotation(state: TeiState, el, depth: int, out: list) -> None:
    """``quote``, ``cit``, ``epigraph``, ``q`` between blocks: a block quotation."""
    quote = quote_block(state, el)
    if quote:
        out.append(quote)


def quote_block(state: TeiState, el):
    """A quotation as a ``BlockQuote`` (a ``cit``'s or ``epigraph``'s ``bibl`` is the
    attribution), or ``None`` when it holds nothing."""
    content: list = []
    attribution: tuple = ()
    if local_name(el) in ("cit", "epigraph"):
        for child in el:
            name = local_name(child)
            if name in ("bibl", "author", "ref", "docAuthor"):
                attribution = inlines.run(state, child)
            elif name in ("quote", "q"):
                inner = quote_block(state, child)
                if inner:
                    content.extend(inner.blocks)
            else:
                block(state, child, 0, content)
    elif has_blocks(el):
        content = children(state, el, 0)
    else:
        run = inlines.run(state, el)
        content = [Para(run)] if run else []
    return BlockQuote(tuple(content), attribution) if content else None


def verse(state: TeiState, el, depth: int, out: list) -> None:
    """``lg``: a verse block."""
    out.append(verse_block(state, el))


def verse_block(state: TeiState, el) -> Verse:
    """An ``lg`` as a ``Verse``: its lines, nested groups as stanzas after a blank line,
    a ``head`` in bold."""
    lines: list[tuple] = []
    for child in el:
        name = local_name(child)
        if name == "l":
            lines.append(inlines.run(state, child))
        elif name == "lg":
            if lines and lines[-1]:
                lines.append(())
            lines.extend(verse_block(state, child).lines)
        elif name == "head":
            lines.append((Strong(inlines.run(state, child)),))
    while lines and not lines[-1]:
        lines.pop()
    return Verse(tuple(lines))


def verse_line(state: TeiState, el, depth: int, out: list) -> None:
    """An ``l`` standing with no ``lg``: lines in a row are one poem, not one per line."""
    line = inlines.run(state, el)
    if out and isinstance(out[-1], Verse) and _after_line(el):
        out[-1] = Verse(out[-1].lines + (line,))
    else:
        out.append(Verse((line,)))


def list_block(state: TeiState, el, depth: int, out: list) -> None:
    """``list``, ``listBibl``: a list (ordered when its type or rend says so), its
    ``head`` in bold before it and a ``label`` in bold at the start of its item."""
    head = first_child(el, "head")
    if head is not None:
        out.append(Para((Strong(inlines.run(state, head)),)))
    rend = ((el.get("type") or "") + " " + (el.get("rend") or "")).lower()
    ordered = any(w in rend for w in ("ordered", "numbered", "decimal", "roman", "alpha"))
    items: list[tuple] = []
    label: tuple = ()
    for child in el:
        name = local_name(child)
        if name == "label":
            label = inlines.run(state, child)
        elif name in ("item", "bibl", "biblStruct"):
            content: list = []
            if has_blocks(child):
                content = children(state, child, 0)
            else:
                run = inlines.run(state, child)
                if run:
                    content = [Para(run)]
            if label:
                first = content[0] if content and isinstance(content[0], Para) else Para(())
                lead = (Strong(label), Text(" ")) if first.inlines else (Strong(label),)
                rest = content[1 if content and first is content[0] else 0:]
                content = [Para(lead + first.inlines)] + rest
                label = ()
            items.append(tuple(content))
    if items:
        out.append(ListBlock(ordered, tuple(items)))


def cast_list(state: TeiState, el, depth: int, out: list) -> None:
    """A play's cast list: one item per role ("ALONSO, King of Naples"), a group's head
    over its own list."""
    head = first_child(el, "head")
    if head is not None:
        out.append(Para((Strong(inlines.run(state, head)),)))
    items: list[tuple] = []
    for child in el:
        name = local_name(child)
        if name == "castItem":
            parts = [inlines.run(state, c) for c in child
                     if local_name(c) in ("role", "roleDesc", "actor")]
            parts = [p for p in parts if p] or [inlines.run(state, child)]
            run: list = []
            for part in parts:
                run.extend(((Text(", "),) if run else ()) + part)
            items.append((Para(tuple(run)),))
        elif name == "castGroup":
            inner: list = []
            cast_list(state, child, depth, inner)
            items.append(tuple(inner))
    if items:
        out.append(ListBlock(False, tuple(items)))


def stage(state: TeiState, el, depth: int, out: list) -> None:
    """``stage``: a stage direction in italics (one holding blocks, as its blocks)."""
    if has_blocks(el):
        other(state, el, depth, out)
        return
    run = inlines.run(state, el)
    if run:
        out.append(Para((Emph(run),)))


def figure(state: TeiState, el, depth: int, out: list) -> None:
    """``figure`` with a ``graphic``: a figure, its ``head`` the caption and ``figDesc``
    the alt text; one without an image is left out and reported."""
    graphic = next((d for d in el.iter() if local_name(d) == "graphic"), None)
    head = first_child(el, "head")
    caption = inlines.run(state, head) if head is not None else ()
    if graphic is None or not graphic.get("url"):
        text = " ".join(el.itertext())
        state.notices.append(Notice("caption", "figure without an image dropped",
                                    plain_text(caption) or " ".join(text.split())[:80],
                                    el.sourceline, count_words(text)))
        return
    desc = flat(first_child(el, "figDesc"))
    if desc:
        drop(state, "figure description (kept as the image's alt text)", desc, el.sourceline)
    alt = desc or plain_text(caption)
    out.append(Figure(graphic.get("url"), caption, alt))


def table(state: TeiState, el, depth: int, out: list) -> None:
    """``table``: flattened to one paragraph per row (cells joined by " | "), reported."""
    state.notices.append(Notice("warning", "table flattened to one paragraph per row",
                                line=el.sourceline))
    for row in (r for r in el.iter() if local_name(r) == "row"):
        cells: list = []
        for cell in (c for c in row if local_name(c) == "cell"):
            if cells:
                cells.append(Text(" | "))
            cells.extend(inlines.run(state, cell, lines=True))
        run = tidy(cells)
        if run:
            out.append(Para(run))


def note(state: TeiState, el, depth: int, out: list) -> None:
    """A ``note`` between blocks: its reference, at the end of the paragraph before."""
    ref = notes.note_ref(state, el)
    if ref is None:
        return
    if out and isinstance(out[-1], Para):
        out[-1] = Para(out[-1].inlines + (ref,))
    else:
        out.append(Para((ref,)))


def speech(state: TeiState, el, depth: int, out: list) -> None:
    """``sp``: the ``speaker`` in bold, then what is said."""
    speaker = first_child(el, "speaker")
    if speaker is not None:
        out.append(Para((Strong(inlines.run(state, speaker)),)))
    for child in el:
        if local_name(child) != "speaker":
            block(state, child, depth, out)


def para_like(state: TeiState, el, depth: int, out: list) -> None:
    """``speaker`` and the paragraph-like elements (``opener``, ``closer``, ``byline``...):
    a paragraph, ``lb`` a line break in those where lines matter; one of the latter that
    holds blocks, as its blocks."""
    name = local_name(el)
    if name != "speaker" and has_blocks(el):
        other(state, el, depth, out)
        return
    run = inlines.run(state, el, lines=name in _LINE_CONTEXT)
    if run:
        out.append(Para(run))


def other(state: TeiState, el, depth: int, out: list) -> None:
    """Any other element: its blocks when it holds some, else one paragraph."""
    if has_blocks(el):
        out.extend(children(state, el, depth))
        return
    run = inlines.run(state, el)
    if run:
        out.append(Para(run))


def _after_line(el) -> bool:
    """Whether the element before ``el`` (page and line breaks aside) is a verse line."""
    prev = el.getprevious()
    while prev is not None and (local_name(prev) in MILESTONES or local_name(prev) == "lb"):
        prev = prev.getprevious()
    return prev is not None and local_name(prev) == "l"


#: element name -> its rule; any other name is converted by ``other``
_RULES = {
    **{name: division for name in ("div", "listNote", *(f"div{n}" for n in range(1, 8)))},
    "anchor": anchor,
    **{name: skip for name in SKIP | MILESTONES},
    "titlePage": title_page,
    "head": heading,
    "p": paragraph,
    "ab": paragraph,
    **{name: quotation for name in ("quote", "cit", "epigraph", "q")},
    "lg": verse,
    "list": list_block,
    "listBibl": list_block,
    "castList": cast_list,
    "stage": stage,
    "figure": figure,
    "table": table,
    "note": note,
    "sp": speech,
    **{name: para_like for name in _PARA_LIKE | {"speaker"}},
    "l": verse_line,
}
