"""Cleanup transforms: characters XML cannot hold, adjacent text runs, stray spaces."""

from __future__ import annotations

import dataclasses
import re

from ..model import CONTAINER_INLINES, Emph, Notice, Para, ReadResult, SmallCaps, Strong, Text
from .walk import map_children, map_inline_lists

# XML 1.0 allows tab, LF, CR and these ranges; everything else breaks XHTML and PDF text.
# DEL and the C1 controls are allowed by XML but are never text: copy-paste debris.
_INVALID = re.compile("[^\t\n\r\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: longer runs without a space cannot be laid out in reasonable time (hyphenation is
#: quadratic in the word's length) and never fit a line anyway
LONG_WORD = 60
_LONG = re.compile(r"[^\s\u200b]{%d,}" % LONG_WORD)
_SPACES = re.compile("[ \t\r\n\u00a0]*[ \t\r\n][ \t\r\n\u00a0]*")


def _deep_clean(obj, counter: list[int]):
    """Rebuild any model value with invalid characters removed from every string."""
    if isinstance(obj, str):
        cleaned, n = _INVALID.subn("", obj)
        counter[0] += n
        return cleaned
    if isinstance(obj, tuple):
        return tuple(_deep_clean(x, counter) for x in obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {f.name: _deep_clean(getattr(obj, f.name), counter)
                   for f in dataclasses.fields(obj)}
        return dataclasses.replace(obj, **changes)
    return obj


def without_invalid_chars(value):
    """``value`` (a string, a tuple or a model dataclass such as ``BookMeta``) with the
    characters no XML or PDF can carry removed, and how many there were."""
    counter = [0]
    return _deep_clean(value, counter), counter[0]


def remove_invalid_chars(result: ReadResult) -> ReadResult:
    """Drop control characters and lone surrogates, which no XML or PDF can carry."""
    essay, removed = without_invalid_chars(result.essay)
    if not removed:
        return result
    notice = Notice("warning", f"removed {removed} control or invalid character(s)",
                    essay.origin or essay.meta.title)
    return ReadResult(essay, result.notices + (notice,))


def _merge(nodes):
    out = []
    for n in nodes:
        if isinstance(n, Text):
            if not n.text:
                continue
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + n.text)
                continue
        out.append(n)
    return tuple(out)


def merge_text(result: ReadResult) -> ReadResult:
    """Join neighbouring text runs and drop empty ones."""
    essay = map_inline_lists(result.essay, lambda run: _merge(map_children(run, _merge)))
    return ReadResult(essay, result.notices)


_SPACED = (Emph, Strong, SmallCaps)


def _hoist(run) -> tuple:
    """Spaces at the edges of emphasis move outside it: ``<em>word </em>`` → ``*word* ``."""
    out: list = []
    for node in run:
        if isinstance(node, CONTAINER_INLINES):
            children = list(_hoist(node.children))
            lead = trail = ""
            if isinstance(node, _SPACED):
                if children and isinstance(children[0], Text):
                    text = children[0].text
                    lead = text[:len(text) - len(text.lstrip())]
                    children[0] = Text(text.lstrip())
                if children and isinstance(children[-1], Text):
                    text = children[-1].text
                    trail = text[len(text.rstrip()):]
                    children[-1] = Text(text.rstrip())
                children = [c for c in children if not (isinstance(c, Text) and not c.text)]
            if lead:
                out.append(Text(lead))
            if children or not isinstance(node, _SPACED):
                out.append(dataclasses.replace(node, children=tuple(children)))
            if trail:
                out.append(Text(trail))
        else:
            out.append(node)
    return tuple(out)


def emphasis_spaces(result: ReadResult) -> ReadResult:
    """Spaces at the edges of emphasis, strong and small caps move outside them, so that
    ``<em>blog </em>Como`` becomes ``*blog* Como`` (and empty emphasis goes)."""
    return ReadResult(map_inline_lists(result.essay, _hoist), result.notices)


def _collapse(nodes):
    return tuple(Text(_SPACES.sub(_space, n.text)) if isinstance(n, Text) else n for n in nodes)


def _space(match: re.Match) -> str:
    # a run holding a no-break space stays unbreakable
    return "\u00a0" if "\u00a0" in match.group() else " "


def _trim_run(run):
    run = list(map_children(_collapse(run), _collapse))
    if run and isinstance(run[0], Text):
        run[0] = Text(run[0].text.lstrip())
    if run and isinstance(run[-1], Text):
        run[-1] = Text(run[-1].text.rstrip())
    return tuple(n for n in run if not (isinstance(n, Text) and not n.text))


def _not_empty(block) -> bool:
    return not (isinstance(block, Para) and not block.inlines)


def trim_space(result: ReadResult) -> ReadResult:
    """Collapse runs of white space, trim paragraph ends and drop empty paragraphs."""
    essay = map_inline_lists(result.essay, _trim_run)
    essay = dataclasses.replace(
        essay,
        blocks=tuple(b for b in essay.blocks if _not_empty(b)),
        notes=tuple(dataclasses.replace(n, blocks=tuple(b for b in n.blocks if _not_empty(b)))
                    for n in essay.notes),
    )
    return ReadResult(essay, result.notices)



def _split_long(text: str) -> str:
    """Allow a line break every 30 characters in runs that would overflow any line."""
    def cut(match: re.Match) -> str:
        word = match.group()
        return "\u200b".join(word[i:i + 30] for i in range(0, len(word), 30))
    return _LONG.sub(cut, text)


def break_long_words(result: ReadResult) -> ReadResult:
    """Give over-long 'words' (URLs, pasted hashes, junk) places to break, with a warning."""
    found: list[str] = []

    def run(nodes):
        out = []
        for n in nodes:
            if isinstance(n, Text) and _LONG.search(n.text):
                found.append(_LONG.search(n.text).group()[:40])
                n = Text(_split_long(n.text))
            out.append(n)
        return tuple(out)

    essay = map_inline_lists(result.essay, lambda r: run(map_children(r, run)))
    if not found:
        return result
    notice = Notice("warning", f"{len(found)} word(s) longer than {LONG_WORD} characters "
                    "may break anywhere", found[0] + "…")
    return ReadResult(essay, result.notices + (notice,))
