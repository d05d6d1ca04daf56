"""Reader for essays copied out of web pages as plain text.

Such text has one paragraph per line and blank lines between paragraphs; everything the
page showed with markup (headings, quotations, captions, footnotes) survives only as the
shape of a line. The reader recovers the structure in passes over *units* (runs of
non-blank lines, each remembering how many blank lines came before it):

1. **Title**: the first line.
2. **Notes**: a numbered list whose items end in a back-arrow (``1. text ↩︎``), or the
   numbered list under a ``Notes``/``Footnotes`` line, or numbers alone on a line each
   over its note's text at the very end, becomes the essay's notes.
3. **Tail**: walking back from the end, site furniture is cut off: related-post cards
   (a title printed twice, an excerpt ending in ``...``), author boxes (a name line with a
   ``(he/him) is a ...`` line under it, ``X is an editor of Y.``), donate/share/join
   buttons, publication notes and picture credits. A name from an author box becomes
   the author when no byline gave one.
4. **Front matter**: a byline or date line within the first few units (``by | Jun 21,
   2023``, ``By Ann Smith``, ``Sep 9, 2019``; also a group of such lines, with a name,
   a reading time, like counters and Follow/Share buttons among them) fills author and
   date; a paragraph between
   the title and that line is the standfirst (subtitle), or the author when it is only a
   name; a short sentence right after it
   and before a section break is the caption of the page's top picture.
5. **Body**: numbered/bulleted lines become lists (indented paragraphs after an item
   belong to it); short lines without final punctuation become headings, and so do
   short stand-alone questions when the essay has several of them (a FAQ); a short line
   right after a quotation that opens a section is the quotation's attribution; the
   paragraph(s) after a line ending in ``wrote in ...:``-like words (or any colon, when
   the next paragraph opens with a quotation mark) become a block quote; two or more
   blank lines (or a drawn ``* * *`` line) make a section break; ``1. Title`` alone on
   a flush-left line with prose after it is a numbered heading; three or more short
   lines with no blank line between them are verse (stanzas kept). Image captions (a line group ending in a credit
   such as ``/ Image: ...``) and boilerplate lines are dropped; a paragraph printed
   twice (a pull quote) is kept once.
6. **Note references**: a number glued to a word or punctuation (``again.1 Now``,
   ``sects5.``), in brackets (``[2]``) or in superscript digits is a reference only if
   a note with that number exists and the numbers run in order; unmatched references and unreferenced notes are reported.

Every line that does not reach the body is reported in a ``Notice``; with
``keep_all=True`` dropped lines stay in the body as paragraphs and the notices say what
would have been dropped. Typography (curly quotes) is left to a later transform.
"""

from __future__ import annotations

from ...errors import ReadError
from ...model import Essay, EssayMeta, Notice, ReadResult
from . import rules
from .body import BodyBuilder, faq_mode
from .front import read_front_matter
from .furniture import mark_body_furniture, mark_tail
from .notes import NoteRefs, take_notes
from .units import split_units


def read(text: str, *, path: str = "", keep_all: bool = False) -> ReadResult:
    """Read a pasted web essay; see the module docstring for the rules."""
    lines = [rules.normalise_line(line) for line in text.splitlines()]
    units = split_units(lines)
    if not units:
        raise ReadError("holds no text", path=path or None, hint="paste the essay into it")
    title = units[0].text
    body = units[1:]
    notices: list[Notice] = []

    notes = take_notes(body, notices)
    box_authors = mark_tail(body)
    front = read_front_matter(body)
    mark_body_furniture(body)
    refs = NoteRefs([n.id for n in notes])
    blocks = BodyBuilder(body, refs, notices, keep_all, faq_mode(title, body)).build()
    refs.report(notices)

    authors = front.authors or tuple(box_authors)
    meta = EssayMeta(title=title, subtitle=front.subtitle, authors=authors, date=front.date)
    notices.extend(front.notices)
    notices.sort(key=lambda n: n.line or 0)
    essay = Essay(meta=meta, blocks=tuple(blocks), notes=tuple(notes), origin=path)
    return ReadResult(essay, tuple(notices))
