"""Chunks of a Project Gutenberg text, for the Gutenberg reader: ``_chunks`` cuts the
text between the markers into runs of lines between blank lines (``_Chunk``, which
remembers the blank lines around it) and takes out bracketed blocks (``[Footnote 1: ...]``
becomes a note chunk; ``[Illustration...]``, transcriber's notes, sidenotes and blank-page
markers are dropped with a notice). Also the small shape tests the other parts share:
``_is_caps``, ``_indented`` and ``_norm``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Notice

_BRACKETED = re.compile(r"^\[(Illustration|Footnote|Transcriber|Sidenote|Blank Page)", re.I)
_BRACKET_REASONS = {"illustration": "illustration dropped: a text file has no image",
                    "transcriber": "transcriber's note", "sidenote": "sidenote",
                    "blank page": "blank-page marker"}


@dataclass
class _Chunk:
    """Lines between blank lines, or a bracketed block found by the pre-pass."""

    lines: list[str]
    line: int
    gap_before: int = 0
    gap_after: int = 0
    bracket: str = ""  # "footnote" for [Footnote n: ...]; label in ``label``
    label: str = ""

    @property
    def first(self) -> str:
        return self.lines[0].strip()


def _chunks(lines: list[str], start: int, end: int, notices: list[Notice]) -> list[_Chunk]:
    """Blank-line separated chunks; bracketed blocks cut out (and dropped or kept as notes)."""
    chunks: list[_Chunk] = []
    current: _Chunk | None = None
    gap = 0
    i = start + 1
    while i < end:
        line = lines[i].expandtabs(8).rstrip()
        stripped = line.strip()
        if not stripped:
            gap += 1
            current = None
            i += 1
            continue
        m = _BRACKETED.match(stripped)
        if m:
            j = _bracket_end(lines, i, end)
            body = " ".join(s.strip() for s in lines[i:j + 1]).strip()
            i = j + 1
            kind = m.group(1).lower()
            if kind == "footnote":
                fm = re.match(r"^\[Footnote\s*(\w{1,4})\s*:?\s*(.*)\]$", body, re.S | re.I)
                if fm:
                    chunks.append(_Chunk([fm.group(2)], i, gap, bracket="footnote",
                                         label=fm.group(1)))
                    current, gap = None, 0
                    continue
            inner = body[1:-1].split(":", 1)
            caption = inner[1].strip() if len(inner) > 1 else ""
            notices.append(Notice("caption" if kind == "illustration" else "dropped",
                                  _BRACKET_REASONS.get(kind, kind), caption or body[:80], i))
            continue
        if current is None:
            if chunks:
                chunks[-1].gap_after = gap
            current = _Chunk([], i + 1, gap)
            chunks.append(current)
            gap = 0
        current.lines.append(line)
        i += 1
    if chunks:
        chunks[-1].gap_after = 9
    return chunks


def _bracket_end(lines: list[str], i: int, end: int) -> int:
    depth = 0
    for j in range(i, min(end, i + 80)):
        depth += lines[j].count("[") - lines[j].count("]")
        if depth <= 0:
            return j
    return i


def _is_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and not any(c.islower() for c in letters) and len(s) <= 90


def _indented(chunk: _Chunk) -> bool:
    return all(len(line) - len(line.lstrip()) >= 4 for line in chunk.lines)


def _norm(s: str) -> str:
    return re.sub(r"[^\w]+", " ", s).strip().lower()
