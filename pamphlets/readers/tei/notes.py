"""Note rules for the TEI reader: a note becomes a reference where it is met, and its
content a ``Note`` in ``state.notes``.

``note_ref`` converts a note (skipping one placed at a pointer, unless called from there);
``numbered_mark`` is a bare number's note (a superscript "3" for the back matter's note 3);
``notes_div`` keeps the notes of a division of notes that nothing pointed at, and
``leftover_notes`` those whose pointer never came (``orphan``: kept and reported);
``finished_notes`` lists the notes.

A note's content is blocks or inlines, and both may hold notes: this module and
``blocks`` and ``inlines`` call each other, through their module names.
"""

from __future__ import annotations

from ...model import Note, NoteRef, Notice, Para
from . import blocks, inlines
from .state import TeiState
from .xml import flat, has_blocks, is_notes_div, local_name, xml_id


def note_ref(state: TeiState, el, placed: bool = False):
    """A ``note`` as a ``NoteRef``, its content stored in ``state.notes``; ``None`` when it is
    done already, or placed at a pointer and this is not the pointer (``placed``)."""
    if id(el) in state.placed and not placed:
        return None
    if el in state.done:
        return None
    state.done.add(el)
    n = (el.get("n") or "").strip()
    if not n:
        state.auto += 1
        n = str(state.auto)
    nid = state.make_id(n, f"c{state.chapter}-")
    slot = len(state.notes)
    state.notes.append(None)
    if has_blocks(el):
        content = blocks.children(state, el, 0)
    else:
        run = inlines.run(state, el)
        content = [Para(run)] if run else []
    state.notes[slot] = Note(nid, tuple(content))
    return NoteRef(nid)


def numbered_mark(state: TeiState, el):
    """A superscript number (or a bare ``ref``) whose number is that of a note in the back
    matter nothing else points at: that note's reference, else ``None``."""
    if el.get("target") or len(el):
        return None
    rend = " ".join(filter(None, (el.get("rend"), el.get("rendition"), el.get("style"),
                                 el.get("place")))).lower()
    if local_name(el) == "hi" and "sup" not in rend:
        return None
    n = "".join(el.itertext()).strip().strip("()[]")
    queue = state.by_n.get(n)
    if not queue:
        return None
    return note_ref(state, queue.pop(0), placed=True)


def notes_div(state: TeiState, div) -> None:
    """The notes of a division of notes that no mark pointed at: kept after the others,
    each reported (the division's heading goes, as the notes are listed anyway)."""
    for el in div:
        name = local_name(el)
        if name == "note" and id(el) not in state.placed and el not in state.done:
            orphan(state, el)
        elif name in ("listNote", "div") and is_notes_div(el):
            notes_div(state, el)


def leftover_notes(state: TeiState) -> None:
    """Notes pointed at by a mark that never came (a pointer inside something left out):
    kept after the others, and reported."""
    for el in list(state.linked.values()) + list(state.anchored.values()):
        if el not in state.done:
            orphan(state, el)


def orphan(state: TeiState, el) -> None:
    """A note that no mark points at: kept (numbered after the others), and reported."""
    label = (el.get("n") or xml_id(el) or "").strip()
    state.notices.append(Notice(
        "warning", "a note without a mark in the text; kept after the other notes",
        (f"[{label}] " if label else "") + flat(el)[:80], el.sourceline))
    note_ref(state, el, placed=True)


def finished_notes(state: TeiState) -> list[Note]:
    """The notes, in the order they were referred to."""
    return [n for n in state.notes if n is not None]
