"""The state of one reading: what the Markdown reader's rules share, in one object."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...model import DROPS, Notice, count_words


@dataclass
class State:
    """Everything one call of ``read`` keeps while it walks the tokens.

    - ``path``, ``keep_all``: as given to ``read``;
    - ``notices``: what was dropped, kept or doubted, in the order met;
    - ``line``: the source line (from 1) of the block being read, for the notices;
      ``None`` once the body is read;
    - ``defined``: the labels that have a footnote definition somewhere in the text;
    - ``definitions``: label to the note's blocks, filled while the blocks are read
      (inline notes ``^[...]`` are added when their reference is met);
    - ``ref_order``: note labels in the order of their first reference;
    - ``env``: markdown-it's environment for this text (inline notes are left there).
    """

    path: str = ""
    keep_all: bool = False
    notices: list[Notice] = field(default_factory=list)
    line: int | None = None
    defined: set[str] = field(default_factory=set)
    definitions: dict[str, tuple] = field(default_factory=dict)
    ref_order: list[str] = field(default_factory=list)
    #: the labels in ``ref_order``, for looking one up in constant time
    referenced: set[str] = field(default_factory=set)
    env: dict = field(default_factory=dict)


def notice(state: State, kind: str, reason: str, text: str = "") -> None:
    """Record a notice at the current line; dropped text counts its words unless kept."""
    words = count_words(text) if kind in DROPS and not state.keep_all else 0
    state.notices.append(Notice(kind, reason, text[:200], state.line, words))
