"""The state of one TEI conversion, handed to every rule as its first argument.

``TeiState`` is all the rules share: what the document holds (read once, before the
conversion: ids, the notes pointers point at, the notes kept by number) and what the
conversion gathers as it goes (notes, notices, words left out, the title page's metadata).
``new_state`` reads a document into one; ``drop`` counts words left out and
``drop_notices`` reports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ...model import Note, Notice, count_words
from .._inline import note_id_maker
from .xml import is_notes_div, local_name, xml_id

#: divisions whose notes nothing points at may be matched to a bare number
_NOTES_DIVS = ("div", "div1", "div2", "div3", "listNote")


@dataclass
class TeiState:
    """What the rules of one conversion share; every field is read or set in the open."""

    #: where the conversion reports (it also gets the drop notices at the end)
    notices: list[Notice]
    #: keep what would be left out (it is still counted as left out)
    keep_all: bool = False

    # read from the whole document before the conversion starts

    #: the text marks its broken words with "¬", so a hyphen at a line's end is a
    #: compound's and is kept
    broken_marked: bool = False
    #: every identifier in the document (``xml:id`` or P4 ``id``)
    ids: set[str] = field(default_factory=set)
    #: the id of a note a ``ref``/``ptr`` points at -> that note
    linked: dict[str, object] = field(default_factory=dict)
    #: the id of an ``anchor`` a note's ``target`` points at -> that note
    anchored: dict[str, object] = field(default_factory=dict)
    #: ``id()`` of the notes in ``linked`` and ``anchored``: they go where they are pointed
    #: from, not where they stand (the dicts keep the elements alive)
    placed: set[int] = field(default_factory=set)
    #: notes in a division of notes that nothing points at, by their ``n``; a mark that
    #: carries only the number takes the first one
    by_n: dict[str, list] = field(default_factory=dict)

    # changed as the conversion goes

    #: the notes in the order they are referred to (``None`` holds a note's place while its
    #: content is converted)
    notes: list[Note | None] = field(default_factory=list)
    #: gives unique note ids (``make_id(n, prefix)``)
    make_id: Callable[..., str] = field(default_factory=note_id_maker)
    #: the last number given to a note without ``n``
    auto: int = 0
    #: counts top-level divisions and grouped texts, for note ids unique when numbering
    #: restarts (``c<chapter>-<n>``)
    chapter: int = 0
    #: the heading level a grouped text's divisions count from (0 outside a group)
    base: int = 0
    #: what the document's own title page says (title, authors, date), for the metadata
    front_meta: dict = field(default_factory=dict)
    #: words left out, by reason: ``[words, times, first text, first line]``
    drops: dict[str, list] = field(default_factory=dict)
    #: notes already turned into a reference (the set keeps the elements alive)
    done: set = field(default_factory=set)


def new_state(tei, notices: list[Notice], keep_all: bool) -> TeiState:
    """A state for converting the document ``tei``, its indexes read."""
    state = TeiState(notices, keep_all)
    elements = [el for el in tei.iter() if isinstance(el.tag, str)]
    state.broken_marked = any("\u00ac" in (el.text or "") + (el.tail or "") for el in elements)
    state.ids = {xml_id(el) for el in elements} - {""}
    targets: set[str] = set()
    for el in tei.iter():
        if local_name(el) in ("ref", "ptr"):
            for target in (el.get("target") or "").split():
                targets.add(target[1:] if target.startswith("#") else target)
    for el in tei.iter():
        if local_name(el) != "note":
            continue
        if xml_id(el) in targets:
            state.linked[xml_id(el)] = el
        target = (el.get("target") or "").split()
        if target and target[0].startswith("#") and target[0][1:] in state.ids:
            state.anchored[target[0][1:]] = el
    state.placed = {id(el) for el in list(state.linked.values()) + list(state.anchored.values())}
    for div in tei.iter():
        if local_name(div) in _NOTES_DIVS and is_notes_div(div):
            for el in div:
                n = (el.get("n") or "").strip().strip("()[]")
                if local_name(el) == "note" and n and id(el) not in state.placed:
                    state.by_n.setdefault(n, []).append(el)
    return state


def drop(state: TeiState, reason: str, text: str, line: int | None = None) -> None:
    """Count the words of ``text`` as left out for ``reason`` (one notice per reason)."""
    words = count_words(text)
    if not words and not text.strip():
        return
    entry = state.drops.setdefault(reason, [0, 0, text.strip(), line])
    entry[0] += words
    entry[1] += 1


def drop_notices(state: TeiState) -> list[Notice]:
    """One ``dropped`` notice per reason, with the words it left out."""
    out: list[Notice] = []
    for reason, (words, count, first, line) in state.drops.items():
        sample = " ".join(first.split())[:80]
        text = f"{count} × e.g. {sample}" if count > 1 else sample
        out.append(Notice("dropped", reason, text, line, words))
    return out
