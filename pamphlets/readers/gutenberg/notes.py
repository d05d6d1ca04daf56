"""Footnotes, for the Gutenberg reader. In the walk, rules over its state: a
``[Footnote 1: text]`` block (``bracketed_note``), ``[n] text`` definitions under a
``FOOTNOTES:`` line (``notes_heading``, ``notes_section``) or right after the paragraph
citing them (``cited_note``). After the walk: a heading over nothing but notes goes
(``drop_notes_headings``), a note nothing cites stays as text (``orphan``), and
``_Resolver`` maps each ``[n]`` reference to the id of its note.
"""

from __future__ import annotations

from ...model import Notice, Para, count_words
from .blocks import _DEF, _FOOTNOTES, _REF, _inlines, _join, _quote
from .chunks import _Chunk, _indented, _quote_group
from .headings import heading_like
from .state import NoteDef, State, drop


def new_def(st: State, label: str, line: int) -> NoteDef:
    """Starts a note's definition; a number not above the last one starts a new run."""
    number = int(label) if label.isdigit() else -1
    if label.isdigit() and number <= st.last_label:
        st.run_no += 1
    st.last_label = number
    d = NoteDef(label, st.run_no, line, len(st.items))
    st.defs.append(d)
    return d


def _labelled(st: State, c: _Chunk, label: str) -> NoteDef:
    """A note from a ``[n] text`` chunk, set where it stands."""
    note = new_def(st, label, c.line)
    rest = [_DEF.sub("", c.lines[0].strip(), 1)] + c.lines[1:]
    note.items.append(("p", _join(rest)))
    st.items.append(("fn", note))
    return note


def bracketed_note(st: State, chunks: list[_Chunk], i: int) -> int:
    """Rule: a ``[Footnote 1: text]`` block (cut out by the chunker), a note where it stood."""
    c = chunks[i]
    if c.bracket != "footnote":
        return i
    note = new_def(st, c.label, c.line)
    note.items.append(("p", c.lines[0]))
    st.items.append(("fn", note))
    st.note = None
    return i + 1


def notes_section(st: State, chunks: list[_Chunk], i: int) -> int:
    """Rule: under a ``FOOTNOTES:`` line, a ``[n] text`` definition, or a paragraph or
    quotation going on with the last one; anything else ends the section."""
    if not st.in_notes:
        return i
    c = chunks[i]
    m = _DEF.match(c.first)
    if m:
        st.note = _labelled(st, c, m.group(1))
        return i + 1
    if st.note is not None and not heading_like(st, chunks, i) and c.gap_before < 3:
        if _indented(c):
            j = _quote_group(chunks, i)
            st.note.items.append(("q", chunks[i:j]))
            return j
        st.note.items.append(("p", _join(c.lines)))
        return i + 1
    st.in_notes, st.note = False, None
    return i


def cited_note(st: State, chunks: list[_Chunk], i: int) -> int:
    """Rule: ``[n] text`` after the paragraph citing ``[n]``: its note, and when indented,
    with the indented chunks right under it."""
    c = chunks[i]
    m = _DEF.match(c.first)
    if not m or m.group(1) not in st.cited:
        return i
    note = _labelled(st, c, m.group(1))
    st.cited.discard(m.group(1))
    j = i + 1
    while j < len(chunks) and chunks[j].gap_before <= 1 and _indented(chunks[j]) \
            and _indented(c) and not _DEF.match(chunks[j].first):
        note.items.append(("p", _join(chunks[j].lines)))
        j += 1
    return j


def notes_heading(st: State, chunks: list[_Chunk], i: int) -> int:
    """Rule: a ``FOOTNOTES:`` line over a ``[n] text`` definition: dropped; a section of
    notes, with a new run of numbers, starts under it."""
    c = chunks[i]
    if not (_FOOTNOTES.match(c.first) and len(c.lines) == 1 and i + 1 < len(chunks)
            and _DEF.match(chunks[i + 1].first)):
        return i
    drop(st, c, "heading of the notes section")
    st.in_notes, st.note = True, None
    st.run_no += 1
    st.last_label = -1
    return i + 1


#: the rules for notes, tried before those for the text
NOTE_RULES = (bracketed_note, notes_section, cited_note, notes_heading)


def drop_notes_headings(st: State) -> None:
    """A heading with nothing under it but note bodies (``NOTES``, ``ANMERKUNGEN``) goes:
    the notes are set as notes."""
    keep = []
    for k, item in enumerate(st.items):
        if item[0] == "h":
            rest = []
            for later in st.items[k + 1:]:
                if later[0] == "h":
                    break
                rest.append(later[0])
            if rest and all(kind == "fn" for kind in rest):
                words = count_words(item[2])
                st.notices.append(Notice("dropped", "heading of the notes section",
                                         item[2][:80], None, 0 if st.keep_all else words))
                if not st.keep_all:
                    continue
        keep.append(item)
    if len(keep) != len(st.items):
        kept_ids = {id(item) for item in keep}
        new_index, n = [], 0
        for item in st.items:
            new_index.append(n)
            n += id(item) in kept_ids
        new_index.append(n)
        for d in st.defs:
            d.pos = new_index[d.pos]
        st.items = keep


def note_body(d: NoteDef) -> tuple:
    """A note's paragraphs and quotations."""
    body = []
    for kind, value in d.items:
        if kind == "p":
            inl = _inlines(value, None)
            if inl:
                body.append(Para(inl))
        else:
            body.append(_quote(value, None))
    return tuple(body)


def orphan(st: State, d: NoteDef) -> list:
    """A note that nothing refers to stays where it stood, as text, with a warning."""
    st.notices.append(Notice("warning", f"footnote [{d.label}] is never referenced; "
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


class _Resolver:
    """Maps a ``[n]`` reference at a place in the text to the id of its definition.

    Unique labels are their own ids. Repeated labels (numbering restarting) get
    ``c<run>-<n>``: when definitions sit between chapters, a reference goes to the first
    definition of its label after it; when they are all at the end, a reference's run
    advances each time the numbering goes down.
    """

    def __init__(self, defs: list[NoteDef], items: list[tuple]):
        self.pos = 0
        self.ids: dict[int, str] = {}
        self.order: list[str] = []
        self.missing: list[str] = []
        self.by_label: dict[str, list[NoteDef]] = {}
        for d in defs:
            self.by_label.setdefault(d.label, []).append(d)
        self.unique = all(len(v) == 1 for v in self.by_label.values())
        refs = [k for k, it in enumerate(items) if it[0] in "hp" and _REF.search(it[-1])]
        self.interleaved = bool(defs and refs) and defs[0].pos < refs[-1]
        self.runs = sorted({d.run for d in defs})
        self.run = self.runs[0] if self.runs else 0
        self.prev = -1
        self.used: dict[str, int] = {}

    def __call__(self, label: str) -> str | None:
        d = self._find(label)
        if d is None:
            if label.isdigit():  # a lone [A] or [*] is more often not a mark at all
                self.missing.append(label)
            return None
        if id(d) not in self.ids:
            nid = d.label if self.unique else f"c{d.run}-{d.label}"
            self.ids[id(d)] = nid
            self.order.append(nid)
        return self.ids[id(d)]

    def _find(self, label: str) -> NoteDef | None:
        found = self.by_label.get(label)
        if not found or self.unique:
            return found[0] if found else None
        if self.interleaved:
            return next((d for d in found if d.pos > self.pos), found[-1])
        if not label.isdigit():  # [*] marks: each takes the next note of its kind
            k = self.used.get(label, 0)
            self.used[label] = k + 1
            return found[min(k, len(found) - 1)]
        number = int(label)
        if number < self.prev:
            self.run = next((r for r in self.runs if r > self.run), self.run)
        self.prev = number
        return next((d for d in found if d.run >= self.run), found[-1])
