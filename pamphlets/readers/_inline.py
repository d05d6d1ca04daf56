"""Small helpers the text readers share for building and tidying inline runs.

``tidy`` is the one that matters: readers append raw text as it comes (with the source's
line ends and indentation), and ``tidy`` merges neighbouring ``Text`` nodes, collapses every
run of whitespace to one space across element boundaries, trims both ends of the run and
drops containers that ended up empty.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import CONTAINER_INLINES, Inline, LineBreak, NoteRef, Text

_SPACE = re.compile(r"[ \t\r\n\f\v]+")


def merge(inlines) -> tuple[Inline, ...]:
    """Neighbouring ``Text`` nodes joined; empty ones dropped."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text):
            if not node.text:
                continue
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + node.text)
                continue
        out.append(node)
    return tuple(out)


def tidy(inlines) -> tuple[Inline, ...]:
    """Whitespace collapsed across the whole run, both ends trimmed, empties removed."""
    state = {"space": True}  # True at the start: leading whitespace is dropped
    run = _collapse(merge(inlines), state)
    return _trim_end(run)


def _collapse(inlines, state) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text):
            text = _SPACE.sub(" ", node.text)
            if state["space"]:
                text = text.lstrip(" ")
            if text:
                state["space"] = text.endswith(" ")
                out.append(Text(text))
        elif isinstance(node, LineBreak):
            if out and isinstance(out[-1], Text) and out[-1].text.endswith(" "):
                out[-1] = Text(out[-1].text.rstrip(" "))
            out.append(node)
            state["space"] = True
        elif isinstance(node, CONTAINER_INLINES):
            children = _collapse(merge(node.children), state)
            if children:
                out.append(replace(node, children=children))
        else:
            out.append(node)
            if not isinstance(node, NoteRef):
                state["space"] = False
    return merge(out)


def _trim_end(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    out = list(inlines)
    while out:
        last = out[-1]
        if isinstance(last, Text):
            text = last.text.rstrip(" ")
            if text:
                out[-1] = Text(text)
                break
            out.pop()
        elif isinstance(last, LineBreak):
            out.pop()
        elif isinstance(last, CONTAINER_INLINES):
            children = _trim_end(last.children)
            if children:
                out[-1] = replace(last, children=children)
                break
            out.pop()
        else:
            break
    return tuple(out)


def note_id_maker():
    """A function giving unique note ids: the wanted one, else it with a suffix."""
    used: set[str] = set()

    def make(wanted: str, prefix: str = "") -> str:
        candidate = wanted if wanted not in used else f"{prefix}{wanted}"
        n = 2
        while not candidate or candidate in used:
            candidate = f"{prefix}{wanted}-{n}"
            n += 1
        used.add(candidate)
        return candidate

    return make
