"""Note numbering: notes become 1..n per essay, in the order they are first referenced.

Whatever the source called them (``[^fn-smith]``, ``_2_17``, ``c3-1``), readers keep the
source's ids; this is the one place they are renumbered. A reference to a note that does
not exist is reported and removed (it would be a broken link); a note that is never
referenced is reported and kept after the others, so no text is lost.
"""

from __future__ import annotations

import dataclasses

from ..model import Essay, Note, NoteRef, Notice, ReadResult
from .walk import iter_block_inlines, map_children, map_inline_lists


def _ref_order(essay: Essay) -> list[str]:
    """Notes in the order they are first referenced: from the body, then from inside the
    notes so referenced (a Muse secondary note ``{1}`` is marked inside a note)."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(blocks) -> None:
        for node in iter_block_inlines(blocks):
            if isinstance(node, NoteRef) and node.note_id not in seen:
                seen.add(node.note_id)
                order.append(node.note_id)

    visit(essay.blocks)
    defined = {n.id: n for n in essay.notes}
    i = 0
    while i < len(order):
        note = defined.get(order[i])
        if note is not None:
            visit(note.blocks)
        i += 1
    return order


def number_notes(result: ReadResult) -> ReadResult:
    essay = result.essay
    notices = list(result.notices)
    where = essay.origin or essay.meta.title
    defined = {n.id: n for n in essay.notes}
    order = _ref_order(essay)
    if not order and not essay.notes:
        return result

    dangling = [i for i in order if i not in defined]
    for note_id in dangling:
        notices.append(Notice("warning", f"note reference [{note_id}] has no note; removed", where))
    referenced = set(order)
    unreferenced = [n.id for n in essay.notes if n.id not in referenced]
    for note_id in unreferenced:
        notices.append(Notice("warning", f"note [{note_id}] is never referenced; kept at the end",
                              where))

    numbering = {old: str(i) for i, old in enumerate(
        [i for i in order if i in defined] + unreferenced, start=1)}

    def renumber(run):
        out = []
        for n in run:
            if isinstance(n, NoteRef):
                if n.note_id not in numbering:
                    continue
                n = NoteRef(numbering[n.note_id])
            out.append(n)
        return tuple(out)

    essay = map_inline_lists(essay, lambda run: renumber(map_children(run, renumber)))
    notes = sorted((Note(numbering[n.id], n.blocks) for n in essay.notes if n.id in numbering),
                   key=lambda n: int(n.id))
    return ReadResult(dataclasses.replace(essay, notes=tuple(notes)), tuple(notices))
