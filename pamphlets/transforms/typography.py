"""Typography: curly quotes, apostrophes, dashes and ellipses from straight ASCII.

Quotes are decided by the character before and after them, with context carried across
emphasis and links, so ``"*word*"`` still opens and closes properly. Code is left alone.
"""

from __future__ import annotations

import dataclasses
import re

from ..model import CONTAINER_INLINES, Code, Inline, ReadResult, Text
from .walk import map_inline_lists

_OPENERS_BEFORE = set(" \t\n\u00a0([{<\u2014\u2013-/\u2018\u201c")
_DASHES = (
    (re.compile(r"---"), "\u2014"),
    (re.compile(r"(?<=\d)--(?=\d)"), "\u2013"),  # number ranges: 1914--1918
    (re.compile(r"--"), "\u2014"),
    (re.compile(r"\.\.\.(?!\.)"), "\u2026"),
)


def _dashes(text: str) -> str:
    for pattern, repl in _DASHES:
        text = pattern.sub(repl, text)
    return text


def _quote(ch: str, before: str, after: str) -> str:
    opening = before == "" or before in _OPENERS_BEFORE
    if ch == '"':
        if opening and after and not after.isspace():
            return "\u201c"
        return "\u201d" if not opening or not after or after.isspace() else "\u201c"
    # single quote: apostrophe inside words and in '90s, else a quotation mark
    if before.isalnum():
        return "\u2019"
    if opening and after.isdigit():
        return "\u2019"
    if opening and after and not after.isspace():
        return "\u2018"
    return "\u2019"


def _smarten(text: str, before: str, after_run: str) -> str:
    text = _dashes(text)
    if "'" not in text and '"' not in text:
        return text
    out = []
    for i, ch in enumerate(text):
        if ch in "'\"":
            prev = out[-1][-1] if out else before
            nxt = text[i + 1] if i + 1 < len(text) else after_run
            out.append(_quote(ch, prev, nxt))
        else:
            out.append(ch)
    return "".join(out)


def _flatten_texts(run: tuple[Inline, ...]) -> list[str]:
    texts: list[str] = []
    for n in run:
        if isinstance(n, Text):
            texts.append(n.text)
        elif isinstance(n, Code):
            texts.append("x")  # code counts as a word for the quotes around it
        elif isinstance(n, CONTAINER_INLINES):
            texts.extend(_flatten_texts(n.children))
    return texts


class _Smartener:
    """Walks one run in order, knowing the text before and after each Text node."""

    def __init__(self, run: tuple[Inline, ...]):
        self.texts = _flatten_texts(run)
        self.index = 0
        self.before = ""

    def run(self, nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for n in nodes:
            if isinstance(n, Text):
                after = "".join(self.texts[self.index + 1:self.index + 2])[:1]
                new = _smarten(n.text, self.before, after)
                self.index += 1
                self.before = new[-1:] or self.before
                out.append(Text(new))
            elif isinstance(n, Code):
                self.index += 1
                self.before = "x"
                out.append(n)
            elif isinstance(n, CONTAINER_INLINES):
                out.append(dataclasses.replace(n, children=self.run(n.children)))
            else:
                out.append(n)
        return tuple(out)


def smarten_run(run: tuple[Inline, ...]) -> tuple[Inline, ...]:
    return _Smartener(run).run(run)


def typography(result: ReadResult) -> ReadResult:
    essay = map_inline_lists(result.essay, smarten_run)
    meta = essay.meta
    meta = dataclasses.replace(meta, title=_smarten(meta.title, "", ""),
                               subtitle=_smarten(meta.subtitle, "", ""))
    return ReadResult(dataclasses.replace(essay, meta=meta), result.notices)
