"""The essay's notes, for the Markdown reader.

The note state lives in ``State``: ``defined`` (labels with a definition), ``definitions``
(filled by ``blocks.block`` and, for inline notes, ``inlines.note_ref``) and ``ref_order``
(filled by ``inlines.note_ref``). ``collect_notes`` lists the notes in reference order and
reports (or, with ``keep_all``, keeps) the unreferenced ones.
"""

from __future__ import annotations

from ...model import Note, block_text
from .state import State, notice


def collect_notes(state: State) -> tuple[Note, ...]:
    """The referenced notes in order of first reference, then (with ``keep_all``) the rest."""
    notes = [Note(label, state.definitions[label]) for label in state.ref_order
             if label in state.definitions]
    for label, blocks in state.definitions.items():
        if label not in state.referenced:
            text = " ".join(filter(None, (block_text(b) for b in blocks)))
            if state.keep_all:
                notes.append(Note(label, blocks))
                notice(state, "warning", f"note [^{label}] is never referenced (kept)", text)
            else:
                notice(state, "warning", f"note [^{label}] is never referenced; left out", text)
    return tuple(notes)
