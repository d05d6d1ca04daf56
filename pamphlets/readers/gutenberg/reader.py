"""Project Gutenberg plain-text books, of every vintage of the PG header (the 1990s
"small print" to 2024) and in any language.

Conventions handled:

* The header, ending at ``*** START OF THE (or THIS) PROJECT GUTENBERG EBOOK ...`` (with or
  without a space after ``***``, the marker possibly wrapped over two lines; also the old
  ``*END*THE SMALL PRINT!`` / ``*END THE SMALL PRINT!`` line) and everything from
  ``*** END OF ...`` or ``End of the Project Gutenberg EBook`` on (the licence) are removed,
  each with a notice counting its words.
* Metadata: ``Title:`` (indented continuation lines become the subtitle; a title page's
  full stop is dropped; a transcriber's note is never the title), ``Author:`` (catalogue
  forms put in reading order, life dates left out; the title page's spelling of the name
  wins when it is printed there), ``Translator:``, ``Language:`` (``German`` -> ``de``,
  ``French`` -> ``fr`` …; the first of several) and the eBook number; the banner line
  ``The Project Gutenberg eBook[,] [of] TITLE, by AUTHOR[, Translated by NAME]`` fills
  gaps. The date is the year printed on the book's title page (``1912``, ``MDCCCXCII``,
  ``M DCCC XXVIII``; a span such as ``1790-1826`` is the book's subject, not its date):
  that is the edition the text was made from. PG's release date is when the file was
  made, not when the essay was written, so it is never used; with no year on the title
  page the date stays empty for the editor to fill in.
* CRLF or CR line ends; hard-wrapped lines are joined into paragraphs (no space after a
  line ending in a hyphen or ``--``). ``_italics_`` and ``=gesperrt=`` (letter-spaced
  emphasis in German books) become ``Emph``, ``+bold+`` becomes ``Strong``; ``--`` is
  left alone. Page numbers of the printed edition (``[pg 007]``, ``[Pg 7]``, ``{7}``,
  ``[S. 12]``, ``[p. 7]``) are removed and counted in one notice.
* Headings: ``CHAPTER I`` (or ``PART``/``BOOK``, ``Kapitel``/``Buch``/``Teil``,
  ``CHAPITRE``/``LIVRE``/``PARTIE``, ``Erstes Kapitel``) with the title on the next line,
  or on the same line (``CHAPTER IX--CONCLUSION``), become one heading; so does a bare
  ``I`` over its title; single ALL-CAPS lines set apart by two blank lines (``PREFACE.``)
  are headings too, one level below the chapters once chapters have begun; lines ``I.``,
  ``II.`` are subsections when they follow on from the last one. Signatures and datelines
  under a text (``L. VAN BEETHOVEN,``, ``LONDON, 1895.``, a name set far to the right) are
  not headings. Levels are ranked part > chapter > subsection and numbered from 1 by the
  ranks actually used.
* Notes: ``[1]`` (also ``[A]``, ``[*]``) references; definitions ``[1] text`` under
  ``FOOTNOTES:`` lines (at each chapter's end or once at the end), ``[1] text`` blocks
  (often indented) right after the paragraph citing them, or ``[Footnote 1: text]``
  blocks, between paragraphs or inside one. Numbering may run across the book (ids are
  the numbers) or restart (ids ``c<run>-<n>``, e.g. ``c3-1``). A mark without a note stays
  as text and a note without a mark stays as text where it stood, each with a warning; a
  heading with nothing under it but notes (``NOTES.``) goes.
* Dropped with a notice that counts the words: ``[Illustration...]`` (kind ``caption``),
  producer credits and ``Note:`` paragraphs before the text, the title page (from a few
  short lines above the title to where a heading has prose under it) with its furniture
  (imprint, publisher's town, a year in roman numerals, ``BY``, ``TRANSLATED BY``,
  ``PRINTED IN ...``), the printed edition's contents list wherever it stands (``CONTENTS``,
  ``INHALT``, ``TABLE DES MATIÈRES``, or entries ending in the old page numbers or dotted
  leaders, with part heads between them) and list of illustrations, transcriber's notes
  (``Transcriber's Note``, ``Anmerkungen zur Transkription``, ``Note du transcripteur``),
  errata lists (``Errata``, ``Verbesserungen``, ``Druckfehler`` …), publishers'
  advertisements after the text, a half-title repeating the title and ``THE END`` /
  ``FIN`` / ``ENDE``. ``keep_all=True`` keeps these (not the PG header, footer and licence,
  nor bracketed notes and page numbers) and then counts no words as dropped.
* Blocks whose every line is indented four or more spaces become a ``Verse`` (short or
  ragged lines) or a ``BlockQuote``; a last line starting with ``--`` is its attribution.
"""

from __future__ import annotations

import re

from ...model import (Essay, Heading, Note, NoteRef, Notice, Para, ReadResult, Rule,
                      count_words, iter_block_inlines)
from .blocks import _DEF, _FOOTNOTES, _inlines, _join, _quote
from .chunks import _Chunk, _chunks, _indented, _quote_group
from .front import (advertisements, contents, end_line, errata, final_meta, front_matter,
                    furniture, transcriber_note)
from .header import _header, _markers
from .headings import half_title_continued, heading, heading_like
from .notes import NotesMixin, _Def, _Resolver
from .state import State, cite, drop


def _refs_in(blocks) -> list:
    return [n for n in iter_block_inlines(blocks) if isinstance(n, NoteRef)]


def section_break(st: State, chunks: list[_Chunk], i: int) -> int:
    """Rule: a drawn line of stars or dots, ``*     *     *``."""
    c = chunks[i]
    if len(c.lines) == 1 and re.fullmatch(r"(?:[*\u2042\u2217·.]\s*){3,}", c.first):
        st.items.append(("rule",))
        return i + 1
    return i


def quotation(st: State, chunks: list[_Chunk], i: int) -> int:
    """Rule: indented chunks close together, a verse or a block quote."""
    if not _indented(chunks[i]) or heading_like(st, chunks, i):
        return i
    j = _quote_group(chunks, i)
    st.items.append(("q", chunks[i:j]))
    for q in chunks[i:j]:
        cite(st, " ".join(q.lines))
    st.front = False
    return j


def paragraph(st: State, chunks: list[_Chunk], i: int) -> int:
    """Rule: anything else is a paragraph."""
    text = _join(chunks[i].lines)
    st.items.append(("p", text))
    cite(st, text)
    st.front = False
    return i + 1


def read(text: str, *, path: str = "", keep_all: bool = False) -> ReadResult:
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    notices: list[Notice] = []
    start, end = _markers(lines, notices)
    meta = _header(lines[:start], path)
    chunks = _chunks(lines, start, end, notices)
    builder = _Builder(meta, notices, keep_all)
    builder.run(chunks)
    blocks, notes = builder.finish()
    meta = final_meta(builder)
    essay = Essay(meta=meta, blocks=tuple(blocks), notes=tuple(notes), origin=path)
    notices.sort(key=lambda n: n.line or 0)
    return ReadResult(essay, tuple(notices))


class _Builder(NotesMixin, State):
    """Walks the chunks once, sorting them into headings, paragraphs and note bodies."""

    def drop(self, chunk: _Chunk, reason: str) -> None:
        drop(self, chunk, reason)

    # ---- the walk

    def run(self, chunks: list[_Chunk]) -> None:
        i, n = 0, len(chunks)
        note: _Def | None = None
        notes_mode = False
        while i < n:
            c = chunks[i]
            first = c.first
            if c.bracket == "footnote":
                note = self._new_def(c.label, c.line)
                note.items.append(("p", c.lines[0]))
                self.items.append(("fn", note))
                note = None
                i += 1
                continue
            if notes_mode:
                dm = _DEF.match(first)
                if dm:
                    note = self._new_def(dm.group(1), c.line)
                    rest = [_DEF.sub("", c.lines[0].strip(), 1)] + c.lines[1:]
                    note.items.append(("p", _join(rest)))
                    self.items.append(("fn", note))
                    i += 1
                    continue
                if note and not heading_like(self, chunks, i) and c.gap_before < 3:
                    i = self._note_more(chunks, i, note)
                    continue
                notes_mode, note = False, None
            dm = _DEF.match(first)
            if dm and dm.group(1) in self.cited:  # a note set after the paragraph citing it
                note = self._new_def(dm.group(1), c.line)
                rest = [_DEF.sub("", c.lines[0].strip(), 1)] + c.lines[1:]
                note.items.append(("p", _join(rest)))
                self.items.append(("fn", note))
                self.cited.discard(dm.group(1))
                i += 1
                j = i
                while j < n and chunks[j].gap_before <= 1 and _indented(chunks[j]) \
                        and _indented(c) and not _DEF.match(chunks[j].first):
                    note.items.append(("p", _join(chunks[j].lines)))
                    j += 1
                i = j
                note = None
                continue
            if _FOOTNOTES.match(first) and len(c.lines) == 1 and i + 1 < n \
                    and _DEF.match(chunks[i + 1].first):
                self.drop(c, "heading of the notes section")
                notes_mode, note = True, None
                self.run_no += 1
                self.last_label = -1
                i += 1
                continue
            i = self._body_chunk(chunks, i)

    def _body_chunk(self, chunks: list[_Chunk], i: int) -> int:
        for rule in (front_matter, section_break, end_line, transcriber_note, errata, contents,
                     furniture, half_title_continued, advertisements, quotation, heading):
            j = rule(self, chunks, i)
            if j > i:
                return j
        return paragraph(self, chunks, i)

    # ---- second pass: inlines and note ids

    def _orphan(self, d: _Def) -> list:
        """A note that nothing refers to stays where it stood, as text, with a warning."""
        self.notices.append(Notice("warning", f"footnote [{d.label}] is never referenced; "
                                   "kept as text where it stood", line=d.line))
        out: list = []
        for k, (kind, value) in enumerate(d.items):
            if kind == "p":
                inl = _inlines(f"[{d.label}] {value}" if k == 0 else value, None)
                if inl:
                    out.append(Para(inl))
            else:
                out.append(_quote(value, None))
        return out

    def _notes_headings(self) -> None:
        """A heading with nothing under it but note bodies (``NOTES``, ``ANMERKUNGEN``) goes:
        the notes are set as notes."""
        keep = []
        for k, item in enumerate(self.items):
            if item[0] == "h":
                rest = []
                for later in self.items[k + 1:]:
                    if later[0] == "h":
                        break
                    rest.append(later[0])
                if rest and all(kind == "fn" for kind in rest):
                    words = count_words(item[2])
                    self.notices.append(Notice("dropped", "heading of the notes section",
                                               item[2][:80], None, 0 if self.keep_all else words))
                    if not self.keep_all:
                        continue
            keep.append(item)
        if len(keep) != len(self.items):
            kept_ids = {id(item) for item in keep}
            new_index, n = [], 0
            for item in self.items:
                new_index.append(n)
                n += id(item) in kept_ids
            new_index.append(n)
            for d in self.defs:
                d.pos = new_index[d.pos]
            self.items = keep

    def finish(self) -> tuple[list, list[Note]]:
        self._notes_headings()
        resolver = _Resolver(self.defs, self.items)
        blocks = []
        ranks = sorted({it[1] for it in self.items if it[0] == "h"})
        level = {r: k + 1 for k, r in enumerate(ranks)}
        for pos, item in enumerate(self.items):
            resolver.pos = pos
            if item[0] == "h":
                blocks.append(Heading(level[item[1]], _inlines(item[2], resolver)))
            elif item[0] == "p":
                inl = _inlines(item[1], resolver)
                if inl:
                    blocks.append(Para(inl))
            elif item[0] == "q":
                blocks.append(_quote(item[1], resolver))
            elif item[0] == "rule":
                if blocks and not isinstance(blocks[-1], Rule):
                    blocks.append(Rule())
            elif item[0] == "fn" and id(item[1]) not in resolver.ids:
                blocks.extend(self._orphan(item[1]))  # every reference to it comes before it
        notes = []
        for d in self.defs:
            nid = resolver.ids.get(id(d))
            if nid is None:
                continue
            body = []
            for kind, value in d.items:
                if kind == "p":
                    inl = _inlines(value, None)
                    if inl:
                        body.append(Para(inl))
                else:
                    body.append(_quote(value, None))
            notes.append(Note(nid, tuple(body)))
        for label in resolver.missing:
            self.notices.append(Notice("warning",
                                       f"reference [{label}] has no footnote; kept as text"))
        marks = len(_refs_in(blocks)) + len(notes)  # "[1]" in the text and before the note
        if marks:
            self.notices.append(Notice("info", "note numbers (the marks became links)",
                                       f"{len(notes)} notes", None, marks))
        order = {nid: k for k, nid in enumerate(resolver.order)}
        notes.sort(key=lambda note: order.get(note.id, 0))
        return blocks, notes
