"""Rebuilding frozen trees: map a function over every inline list of an essay."""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from ..model import (
    CONTAINER_INLINES,
    Block,
    BlockQuote,
    Essay,
    Figure,
    Heading,
    Inline,
    ListBlock,
    Note,
    NoteRef,
    Para,
    Verse,
)
# the walkers live in the model; re-exported here for the transforms
from ..model import iter_block_inlines, iter_inlines  # noqa: F401

InlineMap = Callable[[tuple[Inline, ...]], tuple[Inline, ...]]


def map_inline_lists(essay: Essay, fn: InlineMap) -> Essay:
    """Apply ``fn`` to each top-level inline run (paragraph, heading, caption, verse line).

    ``fn`` sees the whole run, nested containers included, so it can keep context (the
    character before a quote) across emphasis boundaries.
    """
    return replace(
        essay,
        blocks=map_blocks(essay.blocks, fn),
        notes=tuple(Note(n.id, map_blocks(n.blocks, fn)) for n in essay.notes),
    )


def map_blocks(blocks: tuple[Block, ...], fn: InlineMap) -> tuple[Block, ...]:
    return tuple(_map_block(b, fn) for b in blocks)


def _map_block(b: Block, fn: InlineMap) -> Block:
    if isinstance(b, Para):
        return Para(fn(b.inlines))
    if isinstance(b, Heading):
        return replace(b, inlines=fn(b.inlines))
    if isinstance(b, BlockQuote):
        return BlockQuote(map_blocks(b.blocks, fn), fn(b.attribution) if b.attribution else ())
    if isinstance(b, ListBlock):
        return replace(b, items=tuple(map_blocks(item, fn) for item in b.items))
    if isinstance(b, Verse):
        return Verse(tuple(fn(line) if line else line for line in b.lines))
    if isinstance(b, Figure):
        return replace(b, caption=fn(b.caption)) if b.caption else b
    return b


def map_children(nodes: tuple[Inline, ...], fn: InlineMap) -> tuple[Inline, ...]:
    """Apply ``fn`` inside every container inline, bottom-up."""
    out: list[Inline] = []
    for n in nodes:
        if isinstance(n, CONTAINER_INLINES):
            n = replace(n, children=fn(map_children(n.children, fn)))
        out.append(n)
    return tuple(out)


def note_refs(blocks: tuple[Block, ...]) -> list[str]:
    """The note ids referenced in some blocks, in reading order (repeats kept)."""
    return [n.note_id for n in iter_block_inlines(blocks) if isinstance(n, NoteRef)]
