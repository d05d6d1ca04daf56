"""Footnotes for the Markdown reader: references in the text and the essay's notes.

``NotesMixin`` is part of the reader class (``markdown._Reader``) and uses its ``env``
(where markdown-it leaves inline notes), ``notice`` and the note state it keeps:
``defined`` (labels with a definition), ``definitions`` (label to blocks, filled while the
blocks are read) and ``ref_order`` (labels in the order of first reference). ``note_ref``
turns a ``footnote_ref`` token into a ``NoteRef`` (an inline ``^[...]`` note gets a label
of its own, an undefined label is kept as text); ``notes`` lists the notes in reference
order and reports (or, with ``keep_all``, keeps) the unreferenced ones.
"""

from __future__ import annotations

from markdown_it.token import Token

from ...markdown_dialect import tidy
from ...model import Note, NoteRef, Para, Text, block_text


class NotesMixin:
    """Note references and the notes (a part of ``markdown._Reader``)."""

    def notes(self) -> tuple[Note, ...]:
        notes = [Note(label, self.definitions[label]) for label in self.ref_order
                 if label in self.definitions]
        for label, blocks in self.definitions.items():
            if label not in self.ref_order:
                text = " ".join(filter(None, (block_text(b) for b in blocks)))
                if self.keep_all:
                    notes.append(Note(label, blocks))
                    self.notice("warning", f"note [^{label}] is never referenced (kept)", text)
                else:
                    self.notice("warning", f"note [^{label}] is never referenced; left out", text)
        return tuple(notes)

    def note_ref(self, tok: Token) -> list:
        label = tok.meta.get("label")
        if label is None:  # an inline note ^[...]
            entry = self.env.get("footnotes", {}).get("list", {}).get(tok.meta["id"], {})
            label = f"inline-{tok.meta['id'] + 1}"
            inlines = tidy(self.images_as_text(self.inlines(entry.get("tokens", []), block=False)))
            self.definitions[label] = (Para(inlines),)
        elif label not in self.defined:
            self.notice("warning", f"note reference [^{label}] has no definition; kept as text")
            return [Text(f"[^{label}]")]
        if label not in self.ref_order:
            self.ref_order.append(label)
        return [NoteRef(label)]
