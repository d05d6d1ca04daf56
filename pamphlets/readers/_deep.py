"""Flattening an lxml tree nested too deep, for the readers that walk one (HTML, TEI).

Those readers walk their tree with recursive rules and with searches whose cost grows
with the depth of every element (its ancestors), so a page nested 50,000 levels deep
would take minutes or end in a ``RecursionError``. ``flatten_below`` rebuilds each element
that stands ``limit`` levels down: everything inside it becomes a flat run of paragraphs
(one per block element, its inline markup reduced to its text), with the few leaf elements
a reader needs (images, line breaks...) kept where they were. Every character of text
stays, in order, so no word is lost; the caller reports what was flattened.

It uses ``iterwalk`` and lists, never recursion, and its time is linear in the tree's size.
"""

from __future__ import annotations

from typing import Callable

from lxml import etree


def flatten_below(root, limit: int, *, is_block: Callable[[str], bool],
                  keep: Callable[[str], bool], paragraph: str) -> int:
    """Flatten every element more than ``limit`` levels below ``root``; return how many
    elements went. ``is_block(name)`` says which elements end a paragraph, ``keep(name)``
    which childless ones stay as they are, ``paragraph`` is the local name of the
    paragraph elements made (in the namespace of the element they go into)."""
    flattened = 0
    stack = [(root, 0)]
    while stack:
        el, depth = stack.pop()
        if depth < limit:
            stack.extend((child, depth + 1) for child in el if isinstance(child.tag, str))
        elif len(el):
            flattened += _flatten(el, is_block, keep, paragraph)
    return flattened


def _local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _flatten(top, is_block, keep, paragraph: str) -> int:
    """Replace what is inside ``top`` by paragraphs of its text; return the elements gone."""
    # first read the subtree into a flat list of pieces: text, kept leaves, breaks
    pieces: list = []
    gone = 0
    for event, el in etree.iterwalk(top, events=("start", "end")):
        if el is top:
            if event == "start" and top.text:
                pieces.append(top.text)
            continue
        name = _local(el)
        if event == "start":
            if not name:  # a comment or an entity: only its tail is text
                continue
            if keep(name) and not len(el):
                pieces.append(el)
                continue
            gone += 1
            if is_block(name):
                pieces.append(None)
            if el.text:
                pieces.append(el.text)
        else:
            if name and is_block(name) and not (keep(name) and not len(el)):
                pieces.append(None)
            if el.tail:
                pieces.append(el.tail)
    # then build the paragraphs: None ends one; text goes into the open one
    namespace = top.tag[:top.tag.index("}") + 1] if top.tag.startswith("{") else ""
    made: list = []
    current = None
    texts: list[str] = []

    def settle() -> None:
        # the text read since the last leaf goes after it (or first, if there is none)
        if current is not None and texts:
            joined = "".join(texts)
            if len(current):
                current[-1].tail = joined
            else:
                current.text = joined
        texts.clear()

    for piece in pieces:
        if piece is None:
            settle()
            current = None
            continue
        if current is None:
            current = top.makeelement(namespace + paragraph, {})
            made.append(current)
        if isinstance(piece, str):
            texts.append(piece)
        else:
            settle()
            piece.tail = None
            current.append(piece)  # moves the leaf out of the old subtree
    settle()
    for child in list(top):
        top.remove(child)  # its tail goes with it: it was read above
    top.text = None
    for p in made:
        top.append(p)
    return gone
