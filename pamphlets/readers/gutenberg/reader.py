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
                      iter_block_inlines)
from .blocks import _inlines, _join, _quote
from .chunks import _Chunk, _chunks, _indented, _quote_group
from .front import (advertisements, contents, end_line, errata, final_meta, front_matter,
                    furniture, transcriber_note)
from .header import _header, _markers
from .headings import half_title_continued, heading, heading_like
from .notes import NOTE_RULES, _Resolver, drop_notes_headings, note_body, orphan
from .state import State, cite


def read(text: str, *, path: str = "", keep_all: bool = False) -> ReadResult:
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    notices: list[Notice] = []
    start, end = _markers(lines, notices)
    meta = _header(lines[:start], path)
    chunks = _chunks(lines, start, end, notices)
    st = State(meta, notices, keep_all)
    walk(st, chunks)
    blocks, notes = assemble(st)
    meta = final_meta(st)
    essay = Essay(meta=meta, blocks=tuple(blocks), notes=tuple(notes), origin=path)
    notices.sort(key=lambda n: n.line or 0)
    return ReadResult(essay, tuple(notices))


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


#: every rule, tried in this order on the chunk at hand; a rule returns the index of the
#: chunk after what it took, or the same index when the chunk is not its kind
RULES = NOTE_RULES + (front_matter, section_break, end_line, transcriber_note, errata,
                      contents, furniture, half_title_continued, advertisements, quotation,
                      heading, paragraph)


def walk(st: State, chunks: list[_Chunk]) -> None:
    """Walks the chunks once, sorting them into the state's items and note definitions."""
    i = 0
    while i < len(chunks):
        for rule in RULES:
            j = rule(st, chunks, i)
            if j > i:
                i = j
                break


def assemble(st: State) -> tuple[list, list[Note]]:
    """The second pass: inlines, note ids, and the blocks and notes of the essay."""
    drop_notes_headings(st)
    resolver = _Resolver(st.defs, st.items)
    blocks = []
    ranks = sorted({it[1] for it in st.items if it[0] == "h"})
    level = {r: k + 1 for k, r in enumerate(ranks)}
    for pos, item in enumerate(st.items):
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
            blocks.extend(orphan(st, item[1]))  # every reference to it comes before it
    notes = []
    for d in st.defs:
        nid = resolver.ids.get(id(d))
        if nid is not None:
            notes.append(Note(nid, note_body(d)))
    for label in resolver.missing:
        st.notices.append(Notice("warning", f"reference [{label}] has no footnote; kept as text"))
    marks = len(_refs_in(blocks)) + len(notes)  # "[1]" in the text and before the note
    if marks:
        st.notices.append(Notice("info", "note numbers (the marks became links)",
                                 f"{len(notes)} notes", None, marks))
    order = {nid: k for k, nid in enumerate(resolver.order)}
    notes.sort(key=lambda note: order.get(note.id, 0))
    return blocks, notes


def _refs_in(blocks) -> list:
    return [n for n in iter_block_inlines(blocks) if isinstance(n, NoteRef)]
