"""The document model: typed, frozen dataclasses and nothing else.

Readers build these, transforms return new ones, writers consume them. No I/O and no
third-party imports live here, so every stage can be tested with hand-made values.

The shape follows pandoc's AST, trimmed to what essays need: a closed set of inline and
block kinds, note references inline (``NoteRef``) and the note bodies on the essay.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Union

# --------------------------------------------------------------------------- inlines


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Emph:
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Strong:
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class SmallCaps:
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Superscript:
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Subscript:
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Link:
    url: str
    children: tuple["Inline", ...]
    title: str = ""


@dataclass(frozen=True)
class NoteRef:
    """A reference to ``Note.id`` of the same essay."""

    note_id: str


@dataclass(frozen=True)
class LineBreak:
    pass


Inline = Union[Text, Emph, Strong, SmallCaps, Superscript, Subscript, Code, Link, NoteRef, LineBreak]

#: Inline kinds that hold other inlines in ``children``.
CONTAINER_INLINES = (Emph, Strong, SmallCaps, Superscript, Subscript, Link)

# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Para:
    inlines: tuple[Inline, ...]


@dataclass(frozen=True)
class Heading:
    """A section heading inside an essay; level 1 is the highest section level."""

    level: int
    inlines: tuple[Inline, ...]
    id: str = ""


@dataclass(frozen=True)
class BlockQuote:
    blocks: tuple["Block", ...]
    #: who said it (an epigraph's source line), printed under the quotation
    attribution: tuple[Inline, ...] = ()


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[tuple["Block", ...], ...]
    start: int = 1


@dataclass(frozen=True)
class Verse:
    """Poetry: each line kept; an empty line separates stanzas."""

    lines: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True)
class Figure:
    """An image; ``src`` is relative to the essay's folder or a ``data:`` URL."""

    src: str
    caption: tuple[Inline, ...] = ()
    alt: str = ""


@dataclass(frozen=True)
class CodeBlock:
    text: str


@dataclass(frozen=True)
class Rule:
    """A section break without a title."""


Block = Union[Para, Heading, BlockQuote, ListBlock, Verse, Figure, CodeBlock, Rule]

# --------------------------------------------------------------------------- essays


@dataclass(frozen=True)
class Note:
    id: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class EssayMeta:
    title: str
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    date: str = ""
    source: str = ""
    lang: str = "en"
    licence: str = ""
    translator: str = ""
    description: str = ""


@dataclass(frozen=True)
class Essay:
    meta: EssayMeta
    blocks: tuple[Block, ...]
    notes: tuple[Note, ...] = ()
    #: where the essay came from, as text (for messages and for resolving images)
    origin: str = ""


@dataclass(frozen=True)
class Notice:
    """Something a reader or transform wants the user to know.

    ``kind`` is one of: ``dropped`` (boilerplate, licence ...), ``caption``, ``duplicate``,
    ``warning``, ``info``, ``typesetting`` (how the print sets a text, shown by the
    build). ``reason`` says why; ``text`` quotes what it concerns (often
    shortened). ``words`` is how many words of the source a drop removed, counted on the
    whole dropped text with ``count_words`` before any shortening (0 when nothing was
    removed); the import report adds them up per reason.
    """

    kind: str
    reason: str
    text: str = ""
    line: int | None = None
    words: int = 0


#: notice kinds that remove words from the essay (the others only inform)
DROPS = ("dropped", "caption", "duplicate")


@dataclass(frozen=True)
class ReadResult:
    essay: Essay
    notices: tuple[Notice, ...] = ()


# --------------------------------------------------------------------------- books


@dataclass(frozen=True)
class BookMeta:
    title: str
    subtitle: str = ""
    editor: str = ""
    date: str = ""
    lang: str = "en"
    description: str = ""
    colophon: str = ""
    licence: str = ""
    identifier: str = ""
    cover_image: str = ""


@dataclass(frozen=True)
class Booklet:
    meta: BookMeta
    essays: tuple[Essay, ...]
    #: a stable slug used for file names and ids
    slug: str = "booklet"


# --------------------------------------------------------------------------- helpers (pure)


def plain_text(inlines: tuple[Inline, ...] | list[Inline], *, with_notes: bool = False) -> str:
    """The text of some inlines, note references left out unless asked for."""
    out: list[str] = []
    for node in iter_inlines(inlines):
        if isinstance(node, (Text, Code)):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append(" ")
        elif isinstance(node, NoteRef):
            if with_notes:
                out.append(f"[{node.note_id}]")
    return "".join(out)


def block_text(block: Block) -> str:
    """The text of a block, for word counts and tests."""
    if isinstance(block, (Para, Heading)):
        return plain_text(block.inlines)
    if isinstance(block, (BlockQuote, ListBlock)):
        parts: list[str] = []
        # a quotation's attribution follows its blocks; walked with a stack, not recursion
        stack: list = [block]
        while stack:
            b = stack.pop()
            if isinstance(b, (tuple, list)):  # an attribution after its quotation's blocks
                parts.append(plain_text(b))
                continue
            if isinstance(b, BlockQuote):
                inner = list(b.blocks) + ([b.attribution] if b.attribution else [])
            elif isinstance(b, ListBlock):
                inner = [x for item in b.items for x in item]
            else:
                parts.append(block_text(b))
                continue
            if inner:
                stack.extend(reversed(inner))
            elif b is not block:
                parts.append("")  # an empty quotation or list inside another one
        return "\n".join(parts)
    if isinstance(block, Verse):
        return "\n".join(plain_text(line) for line in block.lines)
    if isinstance(block, Figure):
        return plain_text(block.caption)
    if isinstance(block, CodeBlock):
        return block.text
    return ""


#: a number range counts as one word with an en dash as with a hyphen ("250–251"), since
#: the ``number-ranges`` transform turns the one into the other
_WORD = re.compile(r"[^\W_]+(?:['’.·\-\u2013][^\W_]+)*")


def count_words(text: str) -> int:
    """Words in some text: runs of letters and digits (``don't``, ``e.g``, ``1.5`` and
    ``250–251`` are one each); punctuation and markup symbols alone are not words. Every word count of
    the import report (source, kept, dropped) uses this one rule."""
    return len(_WORD.findall(text)) if text else 0


def essay_text(essay: Essay) -> str:
    return "\n".join(block_text(b) for b in essay.blocks)


def word_count(essay: Essay) -> int:
    body = len(essay_text(essay).split())
    notes = sum(len(block_text(b).split()) for n in essay.notes for b in n.blocks)
    return body + notes


def iter_blocks(blocks: tuple[Block, ...] | list[Block]) -> Iterator[Block]:
    """Every block in document order, those inside quotations and list items included.

    Like every walker here it keeps its own stack, so a tree of any depth is safe."""
    stack = [iter(blocks)]
    while stack:
        b = next(stack[-1], None)
        if b is None:
            stack.pop()
            continue
        yield b
        if isinstance(b, BlockQuote):
            stack.append(iter(b.blocks))
        elif isinstance(b, ListBlock):
            stack.append(x for item in b.items for x in item)


def iter_inlines(nodes: tuple[Inline, ...] | list[Inline]) -> Iterator[Inline]:
    """Every inline in document order, containers before their children."""
    stack = [iter(nodes)]
    while stack:
        n = next(stack[-1], None)
        if n is None:
            stack.pop()
            continue
        yield n
        if isinstance(n, CONTAINER_INLINES):
            stack.append(iter(n.children))


def iter_block_inlines(blocks: tuple[Block, ...] | list[Block]) -> Iterator[Inline]:
    """Every inline of some blocks, in document order (quotations, lists, verse and
    captions included)."""
    stack: list = [iter(blocks)]
    while stack:
        b = next(stack[-1], None)
        if b is None:
            stack.pop()
        elif isinstance(b, (tuple, list)):  # a quotation's attribution, after its blocks
            yield from iter_inlines(b)
        elif isinstance(b, (Para, Heading)):
            yield from iter_inlines(b.inlines)
        elif isinstance(b, BlockQuote):
            stack.append(iter((*b.blocks, *((b.attribution,) if b.attribution else ()))))
        elif isinstance(b, ListBlock):
            stack.append(x for item in b.items for x in item)
        elif isinstance(b, Verse):
            for line in b.lines:
                yield from iter_inlines(line)
        elif isinstance(b, Figure):
            yield from iter_inlines(b.caption)


#: how deeply quotations, lists and inline styles (emphasis, links...) may nest, all
#: counted together; writers recurse into the tree, so deeper content is flattened into
#: the innermost allowed level (``cap_nesting``), its text kept
MAX_NESTING = 32

#: what flattened containers are called in the warning
_NESTED_NAMES = {BlockQuote: "quotations", ListBlock: "lists", Emph: "emphases",
                 Strong: "strong emphases", SmallCaps: "small capitals",
                 Superscript: "superscripts", Subscript: "subscripts", Link: "links"}


def nesting_depth(blocks: tuple[Block, ...] | list[Block]) -> int:
    """How many quotations, lists and inline containers enclose the deepest content."""
    deepest = 0
    stack: list = [(b, 0) for b in blocks]
    while stack:
        node, around = stack.pop()
        if isinstance(node, (BlockQuote, ListBlock, *CONTAINER_INLINES)):
            around += 1
            deepest = max(deepest, around)
        stack.extend((child, around) for child in _nested(node))
    return deepest


def _nested(node) -> Iterator:
    """The blocks and inlines right inside ``node``, in document order."""
    if isinstance(node, (Para, Heading)):
        yield from node.inlines
    elif isinstance(node, BlockQuote):
        yield from node.blocks
        yield from node.attribution
    elif isinstance(node, ListBlock):
        for item in node.items:
            yield from item
    elif isinstance(node, CONTAINER_INLINES):
        yield from node.children
    elif isinstance(node, Verse):
        for line in node.lines:
            yield from line
    elif isinstance(node, Figure):
        yield from node.caption


def cap_nesting(blocks: tuple[Block, ...] | list[Block], limit: int = MAX_NESTING,
                ) -> tuple[tuple[Block, ...], dict[str, int]]:
    """The blocks with nothing nested more than ``limit`` deep, and what was flattened
    (``{"quotations": 170}``). A quotation below the limit is replaced by its blocks (its
    attribution a paragraph after them), a list by its items' blocks, an inline container
    by its children: every word stays. Blocks within the limit come back as they are.
    Walks with its own stack, so any depth is safe and the time is linear."""
    if nesting_depth(blocks) <= limit:
        return tuple(blocks), {}
    flattened: dict[str, int] = {}
    return tuple(_capped_blocks(blocks, limit, flattened)), flattened


def _capped_blocks(blocks, limit: int, flattened: dict[str, int]) -> list:
    top: list = []
    # a frame: what is left to read, the list it goes to, the containers around it, the
    # container to rebuild from that list when it ends (a quotation, a list or a list
    # item; None when flattened, the list being the parent's own) and a block to add
    # after it (a flattened quotation's attribution)
    stack: list = [(iter(blocks), top, 0, None, None)]
    while stack:
        todo, out, around, node, after = stack[-1]
        b = next(todo, None)
        if b is None:
            stack.pop()
            if node is not None:
                stack[-1][1].append(_rebuilt(node, out))
            elif after is not None:
                out.append(after)
        elif isinstance(b, (tuple, list)):  # a list item
            stack.append((iter(b), [], around, b, None))
        elif isinstance(b, (BlockQuote, ListBlock)) and around >= limit:
            name = _NESTED_NAMES[type(b)]
            flattened[name] = flattened.get(name, 0) + 1
            if isinstance(b, ListBlock):
                stack.append(((x for item in b.items for x in item), out, around, None, None))
            else:
                tail = (Para(_capped_inlines(b.attribution, around, limit, flattened))
                        if b.attribution else None)
                stack.append((iter(b.blocks), out, around, None, tail))
        elif isinstance(b, BlockQuote):
            quote = replace(b, attribution=_capped_inlines(b.attribution, around + 1, limit,
                                                           flattened))
            stack.append((iter(b.blocks), [], around + 1, quote, None))
        elif isinstance(b, ListBlock):
            stack.append((iter(b.items), [], around + 1, b, None))
        elif isinstance(b, (Para, Heading)):
            out.append(replace(b, inlines=_capped_inlines(b.inlines, around, limit, flattened)))
        elif isinstance(b, Verse):
            out.append(replace(b, lines=tuple(_capped_inlines(line, around, limit, flattened)
                                             for line in b.lines)))
        elif isinstance(b, Figure):
            out.append(replace(b, caption=_capped_inlines(b.caption, around, limit, flattened)))
        else:
            out.append(b)
    return top


def _capped_inlines(run, around: int, limit: int, flattened: dict[str, int]) -> tuple:
    top: list = []
    # a frame as in ``_capped_blocks``, without the block after it
    stack: list = [(iter(run), top, around, None)]
    while stack:
        todo, out, depth, node = stack[-1]
        n = next(todo, None)
        if n is None:
            stack.pop()
            if node is not None:
                stack[-1][1].append(_rebuilt(node, out))
        elif not isinstance(n, CONTAINER_INLINES):
            out.append(n)
        elif depth >= limit:
            name = _NESTED_NAMES[type(n)]
            flattened[name] = flattened.get(name, 0) + 1
            stack.append((iter(n.children), out, depth, None))
        else:
            stack.append((iter(n.children), [], depth + 1, n))
    return tuple(top)


def _rebuilt(node, content: list):
    """``node`` (a quotation, a list, a list item or an inline container) holding
    ``content`` in place of what it held."""
    if isinstance(node, BlockQuote):
        return replace(node, blocks=tuple(content))
    if isinstance(node, ListBlock):
        return replace(node, items=tuple(content))
    if isinstance(node, (tuple, list)):
        return tuple(content)
    return replace(node, children=tuple(content))


def normalise_heading_levels(blocks: tuple[Block, ...] | list[Block]) -> tuple[Block, ...]:
    """Shift heading levels so that the highest one used is 1 (h2/h3 sections → 1/2).

    The essay's own (top-level) headings set the shift; headings inside quotations and
    lists move with them (never above 1), or set it when the essay has no others, so that
    reading an essay back from its Markdown gives the same levels."""
    levels = [b.level for b in blocks if isinstance(b, Heading)] or \
        [b.level for b in iter_blocks(blocks) if isinstance(b, Heading)]
    if not levels or min(levels) == 1:
        return tuple(blocks)
    return _shift_headings(tuple(blocks), min(levels) - 1)


def _shift_headings(blocks: tuple[Block, ...], shift: int) -> tuple[Block, ...]:
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Heading):
            b = Heading(max(1, b.level - shift), b.inlines, b.id)
        elif isinstance(b, BlockQuote):
            b = BlockQuote(_shift_headings(b.blocks, shift), b.attribution)
        elif isinstance(b, ListBlock):
            b = ListBlock(b.ordered, tuple(_shift_headings(i, shift) for i in b.items), b.start)
        out.append(b)
    return tuple(out)


def title_from_path(origin: str) -> str:
    """A title made from a file name, for an essay that has none: ``on-paper.txt`` → ``On paper``."""
    name = origin.replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    return stem.replace("-", " ").replace("_", " ").strip().capitalize()
