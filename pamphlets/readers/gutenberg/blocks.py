"""Paragraphs, verse and block quotes, for the Gutenberg reader: ``_join`` joins
hard-wrapped lines, ``_inlines`` turns ``_italics_`` and ``=gesperrt=`` into ``Emph``,
``+bold+`` into ``Strong`` and ``[n]`` (``[A]``, ``[*]``) references into ``NoteRef``
(``_refs``, through a resolver), and ``_quote`` makes a group of indented chunks a
``Verse`` or a ``BlockQuote``, with an attribution from a last ``--`` line. ``_DEF`` and
``_FOOTNOTES`` match the lines that set the notes themselves.
"""

from __future__ import annotations

import re

from ...model import BlockQuote, Emph, NoteRef, Para, Strong, Text, Verse
from .._inline import tidy
from .chunks import _Chunk

_REF = re.compile(r"\[(\d{1,4}|[A-Z]|\*{1,3}|[\u2020\u2021]{1,2})\]")
#: a note's definition, ``[1] text``, and the ``FOOTNOTES:`` line over a run of them
_DEF = re.compile(r"^\[(\d{1,4}|[A-Z]|\*{1,3}|[\u2020\u2021]{1,2})\]\s*(?=\S)")
_FOOTNOTES = re.compile(r"^(?:FOOT)?NOTES?\s*:?$", re.I)
_ITALIC = re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)", re.S)
#: ``=gesperrt=`` (letter-spaced in German books) and ``+bold+``, as distributed
#: proofreaders mark them; the marks must hug a word on both sides
_SPACED = re.compile(r"(?<![\w=])=(?=[^\W\d_])([^=\n]*?[^\W_])=(?![\w=])")
_BOLD = re.compile(r"(?<![\w+])\+(?=[^\W\d_])([^+\n]*?[^\W_])\+(?![\w+])")


def _join(lines: list[str]) -> str:
    out = ""
    for line in lines:
        s = line.strip()
        if not out:
            out = s
        elif out.endswith("-") and not out.endswith(" -"):
            out += s
        else:
            out += " " + s
    return out


def _inlines(text: str, resolve) -> tuple:
    return tidy(_marked(text, resolve, 0))


_MARKS = ((_ITALIC, Emph), (_SPACED, Emph), (_BOLD, Strong))


def _marked(text: str, resolve, level: int) -> list:
    if level == len(_MARKS):
        return _refs(text, resolve)
    pattern, kind = _MARKS[level]
    parts: list = []
    pos = 0
    for m in pattern.finditer(text):
        parts.extend(_marked(text[pos:m.start()], resolve, level + 1))
        parts.append(kind(tuple(_marked(m.group(1), resolve, level + 1))))
        pos = m.end()
    parts.extend(_marked(text[pos:], resolve, level + 1))
    return parts


def _refs(text: str, resolve) -> list:
    if resolve is None:
        return [Text(text)]
    out: list = []
    pos = 0
    for m in _REF.finditer(text):
        nid = resolve(m.group(1))
        if nid is None:
            continue
        out.append(Text(text[pos:m.start()]))
        out.append(NoteRef(nid))
        pos = m.end()
    out.append(Text(text[pos:]))
    return out


def _quote(chunks: list[_Chunk], resolve):
    lines = [line for c in chunks for line in c.lines]
    attribution = ()
    last = lines[-1].strip()
    if len(lines) > 1 and (last.startswith("--") or last.startswith("\u2014")):
        attribution = _inlines(last.lstrip("-\u2014 "), resolve)
        if len(chunks[-1].lines) == 1:
            chunks = chunks[:-1]
        else:
            chunks = chunks[:-1] + [_Chunk(chunks[-1].lines[:-1], chunks[-1].line)]
    lines = [line.strip() for c in chunks for line in c.lines]
    widest = max(len(s) for s in lines)
    full = sum(1 for s in lines[:-1] if len(s) >= 0.75 * widest)
    verse = widest < 55 or (len(lines) >= 3 and full < 0.5 * (len(lines) - 1))
    if verse:
        vlines: list[tuple] = []
        for k, c in enumerate(chunks):
            if k:
                vlines.append(())
            vlines.extend(_inlines(s, resolve) for s in c.lines)
        block = Verse(tuple(vlines))
        return BlockQuote((block,), attribution) if attribution else block
    paras = tuple(Para(_inlines(_join(c.lines), resolve)) for c in chunks)
    return BlockQuote(paras, attribution)
