"""From TEI elements to model blocks, for the TEI reader.

``BlockMixin`` is part of the converter class (``reader._Converter``) and uses its inline
(``inlines``) and note (``notes``) methods. ``blocks`` converts an element's
children: ``div``/``div1``..``div7`` nesting gives heading levels (counted from ``base``,
the level of the text a ``group`` holds them in; a division of notes keeps the notes no
mark pointed at; a title page or the edition's contents list is left out and counted),
``p``/``ab`` are split around the block content they
hold (``_paragraph``), and quotations (``_quote``), verse (``_verse``), lists (``_list``),
figures (``_figure``), tables (flattened, ``_table``), a play's cast list (``_cast``),
speeches and stage directions, title pages and the
paragraph-like elements become their blocks.
"""

from __future__ import annotations

import re

from ...model import (BlockQuote, Emph, Figure, Heading, ListBlock, Notice, Para, Strong, Text,
                     Verse, count_words, plain_text)
from .._inline import tidy
from .inlines import _MILESTONES, _SKIP
from .xml import BLOCKISH, first_child, flat, has_blocks, is_notes_div, local_name

_DIV = re.compile(r"^div([1-7])?$")
#: division types that are a title page (its words go to the metadata, or are dropped)
TITLE_PAGE_TYPES = {"title_page", "titlepage", "title-page", "half-title", "halftitle",
                    "half_title", "frontispiece_title"}
#: division types that are the edition's own list of contents, with its old page numbers
CONTENTS_TYPES = {"contents", "toc", "table_of_contents", "tableofcontents", "index_of_contents"}
_LINE_CONTEXT = {"opener", "closer", "salute", "signed", "dateline", "byline",
                 "address", "addrLine", "docImprint", "cell", "trailer", "docAuthor"}
_PARA_LIKE = {"opener", "closer", "salute", "signed", "dateline", "byline", "trailer",
              "argument", "address", "docAuthor", "docDate", "imprimatur", "bibl", "label"}


class BlockMixin:
    """Block conversion (a part of ``reader._Converter``)."""

    def blocks(self, el, depth: int) -> list:
        out: list = []
        stray = el.text if el.text and el.text.strip() else ""
        if stray:
            out.append(Para(self._finish([Text(stray)])))
        for child in el:
            self._block(child, depth, out)
            if child.tail and child.tail.strip():
                run = self._finish([Text(child.tail)])
                if run:
                    out.append(Para(run))
        return out

    def _block(self, el, depth: int, out: list) -> None:
        name = local_name(el)
        if not name:
            self._entity(el)
            return
        div = _DIV.match(name)
        if div or name == "listNote":
            kind = (el.get("type") or "").lower()
            if depth <= self.base:
                self.chapter += 1
            level = self.base + int(div.group(1)) if div and div.group(1) else depth + 1
            if is_notes_div(el):
                self._notes_div(el)
                return
            if kind in TITLE_PAGE_TYPES or kind in CONTENTS_TYPES:
                reason = "title page" if kind in TITLE_PAGE_TYPES else \
                    "the edition's contents list (its page numbers are not this book's)"
                self._drop(reason, " ".join(el.itertext()), el.sourceline)
                if self.keep_all:
                    out.extend(self.blocks(el, level))
                return
            out.extend(self.blocks(el, level))
        elif name == "anchor":
            ref = self._inline(el, False)
            if ref and out and isinstance(out[-1], Para):
                out[-1] = Para(out[-1].inlines + tuple(ref))
            elif ref:
                out.append(Para(tuple(ref)))
        elif name in _SKIP or name in _MILESTONES:
            self._skipped(el)
            return
        elif name == "titlePage":
            self.title_page(el)
            # a grouped text's title page title is its heading: only the rest is dropped
            text = " ".join(el.itertext())
            if self.base:
                for doc in (d for d in el.iter() if local_name(d) == "docTitle"):
                    text = text.replace(" ".join(doc.itertext()), " ", 1)
            self._drop("title page", text, el.sourceline)
            if self.keep_all:
                out.extend(self.blocks(el, depth))
        elif name == "head":
            inl = self.inlines(el, lines=True)
            if inl:
                out.append(Heading(max(depth, 1), inl))
        elif name in ("p", "ab"):
            self._paragraph(el, out)
        elif name in ("quote", "cit", "epigraph", "q"):
            quote = self._quote(el)
            if quote:
                out.append(quote)
        elif name == "lg":
            out.append(self._verse(el))
        elif name in ("list", "listBibl"):
            self._list(el, out)
        elif name == "castList":
            self._cast(el, out)
        elif name == "stage" and not has_blocks(el):
            inl = self.inlines(el)
            if inl:
                out.append(Para((Emph(inl),)))
        elif name == "figure":
            self._figure(el, out)
        elif name == "table":
            self._table(el, out)
        elif name == "note":
            ref = self._note_ref(el)
            if ref is None:
                return
            if out and isinstance(out[-1], Para):
                out[-1] = Para(out[-1].inlines + (ref,))
            else:
                out.append(Para((ref,)))
        elif name == "sp":
            speaker = first_child(el, "speaker")
            if speaker is not None:
                out.append(Para((Strong(self.inlines(speaker)),)))
            for child in el:
                if local_name(child) != "speaker":
                    self._block(child, depth, out)
        elif name == "speaker" or name in _PARA_LIKE and not has_blocks(el):
            inl = self.inlines(el, lines=name in _LINE_CONTEXT)
            if inl:
                out.append(Para(inl))
        elif name == "l":
            # lines standing in a division with no <lg> are one poem, not one per line
            line = self.inlines(el)
            if out and isinstance(out[-1], Verse) and _after_line(el):
                out[-1] = Verse(out[-1].lines + (line,))
            else:
                out.append(Verse((line,)))
        elif has_blocks(el):
            out.extend(self.blocks(el, depth))
        else:
            inl = self.inlines(el)
            if inl:
                out.append(Para(inl))

    def _paragraph(self, el, out: list) -> None:
        parts: list = []
        if el.text:
            parts.append(Text(el.text))
        for child in el:
            name = local_name(child)
            if name in BLOCKISH or name in ("quote", "cit", "q") and has_blocks(child):
                run = self._finish(parts)
                if run:
                    out.append(Para(run))
                parts = []
                self._block(child, 0, out)
            else:
                parts.extend(self._inline(child, False))
            if child.tail:
                parts.append(Text(child.tail))
        run = self._finish(parts)
        if run:
            out.append(Para(run))

    def _quote(self, el):
        blocks: list = []
        attribution: tuple = ()
        if local_name(el) in ("cit", "epigraph"):
            for child in el:
                name = local_name(child)
                if name in ("bibl", "author", "ref", "docAuthor"):
                    attribution = self.inlines(child)
                elif name in ("quote", "q"):
                    inner = self._quote(child)
                    if inner:
                        blocks.extend(inner.blocks)
                else:
                    self._block(child, 0, blocks)
        elif has_blocks(el):
            blocks = self.blocks(el, 0)
        else:
            inl = self.inlines(el)
            blocks = [Para(inl)] if inl else []
        return BlockQuote(tuple(blocks), attribution) if blocks else None

    def _verse(self, el) -> Verse:
        lines: list[tuple] = []
        for child in el:
            name = local_name(child)
            if name == "l":
                lines.append(self.inlines(child))
            elif name == "lg":
                if lines and lines[-1]:
                    lines.append(())
                lines.extend(self._verse(child).lines)
            elif name == "head":
                lines.append((Strong(self.inlines(child)),))
        while lines and not lines[-1]:
            lines.pop()
        return Verse(tuple(lines))

    def _list(self, el, out: list) -> None:
        head = first_child(el, "head")
        if head is not None:
            out.append(Para((Strong(self.inlines(head)),)))
        rend = ((el.get("type") or "") + " " + (el.get("rend") or "")).lower()
        ordered = any(w in rend for w in ("ordered", "numbered", "decimal", "roman", "alpha"))
        items: list[tuple] = []
        label: tuple = ()
        for child in el:
            name = local_name(child)
            if name == "label":
                label = self.inlines(child)
            elif name in ("item", "bibl", "biblStruct"):
                blocks: list = []
                if has_blocks(child):
                    blocks = self.blocks(child, 0)
                else:
                    inl = self.inlines(child)
                    if inl:
                        blocks = [Para(inl)]
                if label:
                    first = blocks[0] if blocks and isinstance(blocks[0], Para) else Para(())
                    lead = (Strong(label), Text(" ")) if first.inlines else (Strong(label),)
                    blocks = [Para(lead + first.inlines)] + blocks[1 if blocks and first is blocks[0] else 0:]
                    label = ()
                items.append(tuple(blocks))
        if items:
            out.append(ListBlock(ordered, tuple(items)))

    def _cast(self, el, out: list) -> None:
        """A play's cast list: one item per role ("ALONSO, King of Naples"), a group's head
        over its own list."""
        head = first_child(el, "head")
        if head is not None:
            out.append(Para((Strong(self.inlines(head)),)))
        items: list[tuple] = []
        for child in el:
            name = local_name(child)
            if name == "castItem":
                parts = [self.inlines(c) for c in child if local_name(c) in ("role", "roleDesc", "actor")]
                parts = [p for p in parts if p] or [self.inlines(child)]
                run: list = []
                for part in parts:
                    run.extend(((Text(", "),) if run else ()) + part)
                items.append((Para(tuple(run)),))
            elif name == "castGroup":
                inner: list = []
                self._cast(child, inner)
                items.append(tuple(inner))
        if items:
            out.append(ListBlock(False, tuple(items)))

    def _figure(self, el, out: list) -> None:
        graphic = next((d for d in el.iter() if local_name(d) == "graphic"), None)
        head = first_child(el, "head")
        caption = self.inlines(head) if head is not None else ()
        if graphic is None or not graphic.get("url"):
            text = " ".join(el.itertext())
            self.notices.append(Notice("caption", "figure without an image dropped",
                                       plain_text(caption) or " ".join(text.split())[:80],
                                       el.sourceline, count_words(text)))
            return
        desc = flat(first_child(el, "figDesc"))
        if desc:
            self._drop("figure description (kept as the image's alt text)", desc, el.sourceline)
        alt = desc or plain_text(caption)
        out.append(Figure(graphic.get("url"), caption, alt))

    def _table(self, el, out: list) -> None:
        self.notices.append(Notice("warning", "table flattened to one paragraph per row",
                                   line=el.sourceline))
        for row in (r for r in el.iter() if local_name(r) == "row"):
            cells: list = []
            for cell in (c for c in row if local_name(c) == "cell"):
                if cells:
                    cells.append(Text(" | "))
                cells.extend(self.inlines(cell, lines=True))
            run = tidy(cells)
            if run:
                out.append(Para(run))


def _after_line(el) -> bool:
    """Whether the element before ``el`` (page and line breaks aside) is a verse line."""
    prev = el.getprevious()
    while prev is not None and (local_name(prev) in _MILESTONES or local_name(prev) == "lb"):
        prev = prev.getprevious()
    return prev is not None and local_name(prev) == "l"
