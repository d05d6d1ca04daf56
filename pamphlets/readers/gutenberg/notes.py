"""Footnotes, for the Gutenberg reader: ``_Def`` (a definition and where it sits), ``NotesMixin`` (the
builder's note steps: starting a definition, noticing when the numbering restarts, and
adding the paragraphs and quotations that continue it) and ``_Resolver``, which maps each
``[n]`` reference to the id of its definition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import _REF, _join
from .chunks import _Chunk, _indented, _quote_group


@dataclass
class _Def:
    label: str
    run: int
    line: int
    pos: int = 0  # index of the next body item: where the definition sits
    items: list = field(default_factory=list)  # ("p", text) or ("q", [chunks])


class NotesMixin:
    """Note definitions met in the walk (a part of ``reader._Builder``)."""

    def _new_def(self, label: str, line: int) -> _Def:
        number = int(label) if label.isdigit() else -1
        if label.isdigit() and number <= getattr(self, "last_label", -1):
            self.run_no += 1
        self.last_label = number
        d = _Def(label, self.run_no, line, len(self.items))
        self.defs.append(d)
        return d

    def _note_more(self, chunks: list[_Chunk], i: int, note: _Def) -> int:
        if _indented(chunks[i]):
            j = _quote_group(chunks, i)
            note.items.append(("q", chunks[i:j]))
            return j
        note.items.append(("p", _join(chunks[i].lines)))
        return i + 1


class _Resolver:
    """Maps a ``[n]`` reference at a place in the text to the id of its definition.

    Unique labels are their own ids. Repeated labels (numbering restarting) get
    ``c<run>-<n>``: when definitions sit between chapters, a reference goes to the first
    definition of its label after it; when they are all at the end, a reference's run
    advances each time the numbering goes down.
    """

    def __init__(self, defs: list[_Def], items: list[tuple]):
        self.pos = 0
        self.ids: dict[int, str] = {}
        self.order: list[str] = []
        self.missing: list[str] = []
        self.by_label: dict[str, list[_Def]] = {}
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

    def _find(self, label: str) -> _Def | None:
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
