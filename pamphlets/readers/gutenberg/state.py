"""The state of the Gutenberg reader's walk over the chunks: ``State``, which every rule
reads and updates, ``NoteDef`` (a note's definition and where it sits), and the two
updates many rules share: ``drop`` and ``cite``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ...model import EssayMeta, Notice, count_words
from .blocks import _REF
from .chunks import _Chunk


@dataclass
class NoteDef:
    """A note's definition met in the walk."""

    label: str
    run: int  # the run of note numbers it belongs to (numbering may restart)
    line: int
    pos: int = 0  # index of the next body item: where the definition sits
    items: list = field(default_factory=list)  # ("p", text) or ("q", [chunks])


@dataclass
class State:
    """What the walk has found so far.

    ``items`` are the book's blocks in reading order, their text not yet parsed:
    ``("h", rank, text)``, ``("p", text)``, ``("q", chunks)``, ``("rule",)`` and
    ``("fn", NoteDef)``.
    """

    meta: EssayMeta  # from the header; the title page adds to it at the end
    notices: list[Notice]
    keep_all: bool
    items: list[tuple] = field(default_factory=list)
    defs: list[NoteDef] = field(default_factory=list)
    # notes
    run_no: int = 0  # the current run of note numbers
    last_label: int = -1  # the last definition's number (-1: none, or not a number)
    in_notes: bool = False  # under a ``FOOTNOTES:`` line
    note: NoteDef | None = None  # the definition that the next chunks may go on
    cited: set[str] = field(default_factory=set)  # labels cited and not yet defined
    # front matter
    front: bool = True  # no heading, paragraph or quotation yet
    title_page_seen: bool = False
    year: str = ""  # the edition's year, from the title page
    title_page_names: list[str] = field(default_factory=list)
    half_title_rest: str = ""  # what is left of a half-title set over several lines
    # headings
    chapters: bool = False  # a chapter (not only parts) has begun
    last_roman: int = 0  # the number of the last ``IV.`` subsection


def drop(st: State, chunk: _Chunk, reason: str) -> None:
    """Drops a chunk with a notice counting its words (one notice for a run of chunks
    dropped for one reason); with ``keep_all`` the chunk stays, as a paragraph."""
    words = 0 if st.keep_all else count_words("\n".join(chunk.lines))
    last = st.notices[-1] if st.notices else None
    if last and last.reason == reason and last.kind == "dropped":
        st.notices[-1] = replace(last, words=last.words + words)
    else:
        st.notices.append(Notice("dropped", reason, chunk.first[:80], chunk.line, words))
    if st.keep_all:
        st.items.append(("p", " ".join(s.strip() for s in chunk.lines)))


def cite(st: State, text: str) -> None:
    """Notes the ``[n]`` marks in a paragraph, whose notes may follow it."""
    st.cited.update(m.group(1) for m in _REF.finditer(text))
