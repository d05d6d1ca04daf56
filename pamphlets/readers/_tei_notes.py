"""Notes for the TEI reader: note references as they are met, and the essay's notes.

``NotesMixin`` is part of the converter class (``tei._Converter``) and uses the note state
it sets up: ``notes`` (filled in the order of reference), ``make_id``, ``auto`` and
``chapter`` (for ids unique across restarting numbers) and ``placed`` (notes attached at a
pointer, not where they stand). ``_note_ref`` turns a ``note`` into a ``NoteRef`` and
stores its ``Note``; ``_unplaced_notes`` reports notes nothing points at; ``_entity``
reports an entity left unexpanded; ``finish`` lists the notes.
"""

from __future__ import annotations

from lxml import etree

from ..model import Note, NoteRef, Notice, Para
from ._tei_xml import _flat, _has_blocks, _name


class NotesMixin:
    """Note references and the notes (a part of ``tei._Converter``)."""

    def _note_ref(self, el, placed: bool = False):
        if id(el) in self.placed and not placed:
            return None
        n = (el.get("n") or "").strip()
        if not n:
            self.auto += 1
            n = str(self.auto)
        nid = self.make_id(n, f"c{self.chapter}-")
        slot = len(self.notes)
        self.notes.append(None)
        if _has_blocks(el):
            blocks = self.blocks(el, 0)
        else:
            inl = self.inlines(el)
            blocks = [Para(inl)] if inl else []
        self.notes[slot] = Note(nid, tuple(blocks))
        return NoteRef(nid)

    def _unplaced_notes(self, div) -> None:
        for el in div:
            if _name(el) == "note" and id(el) not in self.placed:
                self.notices.append(Notice("warning", "a note nothing points at was dropped",
                                           _flat(el)[:80], el.sourceline))

    def _entity(self, el) -> None:
        if isinstance(el, etree._Entity):
            self.notices.append(Notice("warning", f"entity {el.text} left unexpanded",
                                       el.text, el.sourceline))

    def finish(self) -> list[Note]:
        return [n for n in self.notes if n is not None]
