"""The nesting cap: quotations, lists and inline styles nested deeper than
``model.MAX_NESTING`` are flattened, with a warning that says what was flattened.

It runs before every other transform (``transforms.apply``): the transforms and the
writers walk the tree recursively, and a source nested hundreds of levels deep (a TEI or
Muse ``<quote>`` inside itself, a Markdown ``>`` repeated) would otherwise end in a
``RecursionError``. No word is lost, so the word accounting is unchanged.
"""

from __future__ import annotations

import dataclasses

from ..model import MAX_NESTING, Note, Notice, ReadResult, cap_nesting as cap_blocks


def cap_nesting(result: ReadResult) -> ReadResult:
    essay = result.essay
    blocks, flattened = cap_blocks(essay.blocks)
    notes = []
    for note in essay.notes:
        note_blocks, more = cap_blocks(note.blocks)
        for name, count in more.items():
            flattened[name] = flattened.get(name, 0) + count
        notes.append(Note(note.id, note_blocks) if more else note)
    if not flattened:
        return result
    what = ", ".join(f"{name} {count:,}"
                     for name, count in sorted(flattened.items(), key=lambda kv: -kv[1]))
    notice = Notice("warning", f"nested more than {MAX_NESTING} levels deep; flattened below "
                    f"that depth (text kept): {what}", essay.origin or essay.meta.title)
    essay = dataclasses.replace(essay, blocks=blocks, notes=tuple(notes))
    return ReadResult(essay, result.notices + (notice,))
