"""Notes for the TEI reader: note references as they are met, and the essay's notes.

``NotesMixin`` is part of the converter class (``reader._Converter``) and uses the note state
it sets up: ``notes`` (filled in the order of reference), ``make_id``, ``auto`` and
``chapter`` (for ids unique across restarting numbers), ``placed`` (notes attached at a
pointer, not where they stand) and ``by_n`` (notes in the back matter that nothing points
at, by their ``n``, for marks that only carry the number). ``_note_ref`` turns a ``note``
into a ``NoteRef`` and stores its ``Note``; ``_notes_div`` keeps the notes of a division of
notes that nothing pointed at (a note without a mark is reported, never dropped);
``_entity`` gives a standard character entity's character and reports any other entity
left unexpanded; ``_drop`` counts what is left out, by
reason, for the report; ``finish`` lists the notes and ``drop_notices`` the drops.
"""

from __future__ import annotations

import html.entities

from lxml import etree

from ...model import Note, NoteRef, Notice, Para, count_words
from .xml import flat, has_blocks, is_notes_div, local_name, xml_id

class NotesMixin:
    """Note references and the notes (a part of ``reader._Converter``)."""

    def _note_ref(self, el, placed: bool = False):
        if id(el) in self.placed and not placed:
            return None
        if el in self.done:
            return None
        self.done.add(el)
        n = (el.get("n") or "").strip()
        if not n:
            self.auto += 1
            n = str(self.auto)
        nid = self.make_id(n, f"c{self.chapter}-")
        slot = len(self.notes)
        self.notes.append(None)
        if has_blocks(el):
            blocks = self.blocks(el, 0)
        else:
            inl = self.inlines(el)
            blocks = [Para(inl)] if inl else []
        self.notes[slot] = Note(nid, tuple(blocks))
        return NoteRef(nid)

    def _notes_div(self, div) -> None:
        """The notes of a division of notes that no mark pointed at: kept after the others,
        each reported (the division's heading goes, as the notes are listed anyway)."""
        for el in div:
            name = local_name(el)
            if name == "note" and id(el) not in self.placed and el not in self.done:
                self._orphan(el)
            elif name in ("listNote", "div") and is_notes_div(el):
                self._notes_div(el)

    def _orphan(self, el) -> None:
        """A note that no mark points at: kept (numbered after the others), and reported."""
        label = (el.get("n") or xml_id(el) or "").strip()
        self.notices.append(Notice(
            "warning", "a note without a mark in the text; kept after the other notes",
            (f"[{label}] " if label else "") + flat(el)[:80], el.sourceline))
        self._note_ref(el, placed=True)

    def _entity(self, el) -> str:
        """The character a standard character entity names (``&AElig;``, ``&mdash;``: the
        ISO/HTML tables P4 DTDs declare), from a fixed table, never from the file's own
        declarations; any other entity is reported and left out."""
        if not isinstance(el, etree._Entity):
            return ""
        name = (el.text or "").strip("&;")
        if name in html.entities.name2codepoint:
            return chr(html.entities.name2codepoint[name])
        self.notices.append(Notice("warning", f"entity {el.text} left unexpanded",
                                   el.text, el.sourceline))
        return ""

    def _drop(self, reason: str, text: str, line: int | None = None) -> None:
        """Count words left out of the essay under ``reason`` (one notice per reason)."""
        words = count_words(text)
        if not words and not text.strip():
            return
        entry = self.drops.setdefault(reason, [0, 0, text.strip(), line])
        entry[0] += words
        entry[1] += 1

    def drop_notices(self) -> list[Notice]:
        out: list[Notice] = []
        for reason, (words, count, first, line) in self.drops.items():
            sample = " ".join(first.split())[:80]
            text = f"{count} × e.g. {sample}" if count > 1 else sample
            out.append(Notice("dropped", reason, text, line, words))
        return out

    def finish(self) -> list[Note]:
        return [n for n in self.notes if n is not None]
