"""Chunks of a Project Gutenberg text, for the Gutenberg reader: ``_chunks`` cuts the
text between the markers into runs of lines between blank lines (``_Chunk``, which
remembers the blank lines around it), removes the printed edition's page numbers
(``_PAGE``: ``[Pg 7]``, ``{7}``, ``[S. 12]`` …, counted in one notice) and takes out
bracketed blocks (``[Footnote 1: ...]`` becomes a note chunk, also when it stands inside
a paragraph; ``[Illustration...]``, transcriber's notes in English, German or French,
sidenotes and blank-page markers are dropped with a notice counting their words). Also
the small shape tests the other parts share: ``_is_caps``, ``_indented``, ``_quote_group``
and ``_norm``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import Notice, count_words

_BRACKETED = re.compile(r"^\[\s*(Illustration|Abbildung|Footnote|Fussnote|Fußnote|"
                        r"Note du transcripteur|Notes? de transcription|"
                        r"Anmerkungen? zur Transkription|Transcriber|"
                        r"Sidenote|Blank Page)", re.I)
_BRACKET_REASONS = {"illustration": "illustration dropped: a text file has no image",
                    "abbildung": "illustration dropped: a text file has no image",
                    "sidenote": "sidenote", "blank page": "blank-page marker"}
#: page numbers of the printed edition: [pg 007], [Pg 7], {7}, [S. 12], [p. 7], [Seite 12]
_PAGE = re.compile(r"\[(?:pg|Pg|PG|p\.|P\.|pp?\.?|S\.|Seite|page|Page)\s*[0-9ivxlcIVXLC]{1,6}\]|"
                   r"\{(?:[0-9]{1,4}|[ivxlc]{1,6})\}")


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
    pages: list[str] = []
    first_page = 0
    i = start + 1
    while i < end:
        line = lines[i].expandtabs(8).rstrip()
        if "[" in line or "{" in line:
            found = _PAGE.findall(line)
            if found:
                first_page = first_page or i + 1
                pages.extend(found)
                line = _PAGE.sub("", line)
                if not line.strip():  # a marker on a line of its own: the line goes
                    i += 1
                    continue
                line = re.sub(r"(?<=\S)  +", " ", line.rstrip())
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
            if kind in ("footnote", "fussnote", "fußnote"):
                fm = re.match(r"^\[\s*(?:Footnote|Fussnote|Fußnote)\s*([\w*\u2020\u2021]{1,4})"
                              r"\s*[:.]?\s*(.*)\]$", body, re.S | re.I)
                if fm:
                    note = _Chunk([fm.group(2)], i, gap, bracket="footnote", label=fm.group(1))
                    chunks.append(note)
                    if not (current is not None and i < end and lines[i].strip()):
                        current, gap = None, 0
                    # else: a note set inside a paragraph, which goes on after it
                    continue
            inner = body[1:-1].split(":", 1)
            caption = inner[1].strip() if len(inner) > 1 else ""
            illustration = kind in ("illustration", "abbildung")
            reason = _BRACKET_REASONS.get(kind, "transcriber's note")
            words = count_words(body)
            notices.append(Notice("caption" if illustration else "dropped", reason,
                                  caption or body[:80], i, words))
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
    if pages:
        notices.append(Notice("dropped", "page numbers of the printed edition",
                              f"{len(pages)} markers such as {pages[0]}", first_page,
                              count_words(" ".join(pages))))
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


def _quote_group(chunks: list[_Chunk], i: int) -> int:
    """Where a quotation starting at chunk ``i`` ends: after the indented chunks that
    follow it with at most one blank line between."""
    j = i + 1
    while j < len(chunks) and chunks[j].gap_before <= 1 and _indented(chunks[j]):
        j += 1
    return j


def _norm(s: str) -> str:
    return re.sub(r"[^\w]+", " ", s).strip().lower()
