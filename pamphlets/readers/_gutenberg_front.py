"""Front matter and other matter the Gutenberg reader drops: the patterns for contents,
producer credits, transcriber's notes and publishers' advertisements, and
``FrontMatterMixin`` (the builder's dropping steps): ``_front_matter`` drops producer
credits, ``Note:`` paragraphs, a table of contents (``_contents_like`` entries) and the
title page with its imprint (``_title_pageish``); ``_drop_section`` drops a chunk such as
a transcriber's note and, when it is a heading-like line, the chunks after it up to the
next heading.
"""

from __future__ import annotations

import re

from ._gutenberg_chunks import _Chunk, _is_caps, _norm
from ._gutenberg_headings import _CHAPTER

_CONTENTS = re.compile(r"^(?:TABLE\s+OF\s+)?CONTENTS|^(?:LIST\s+OF\s+)?ILLUSTRATIONS\W*$", re.I)
_ADS = re.compile(r"^(?:ADVERTISEMENTS?|PUBLISHERS?'?\s+ANNOUNCEMENTS?|BOOKS\s+BY\b|CATALOGUE\b)")
_TRANSCRIBER = re.compile(r"^\W*TRANSCRIBER'?S?'?\s+NOTES?\b", re.I)
_PRODUCER = re.compile(r"\b(?:prepared|produced|transcribed|proofread)\s+(?:by|from)\b|"
                       r"Distributed\s+Proofread", re.I)


def _contents_like(chunk: _Chunk) -> bool:
    """Entries of a table of contents: page numbers, numbered or capitalised lines."""
    for line in chunk.lines:
        s = line.strip()
        if not (re.search(r"\s\d+$", s) or re.match(r"^(?:[IVXLC]+|\d+)\.\s", s)
                or _CHAPTER.match(s) or _is_caps(s) or s.lower() == "page"):
            return False
    return True


class FrontMatterMixin:
    """Dropping front matter and sections (a part of ``gutenberg._Builder``)."""

    def _front_matter(self, chunks: list[_Chunk], i: int) -> int:
        c = chunks[i]
        first = c.first
        if _PRODUCER.search(" ".join(c.lines)) and len(c.lines) <= 4:
            self.drop(c, "producer credit")
            return i + 1
        if first.lower().startswith("note:"):
            self.drop(c, "transcriber's note")
            return i + 1
        if _CONTENTS.match(first) and len(c.lines) <= 2:
            self.drop(c, "table of contents")
            j = i + 1
            while j < len(chunks) and chunks[j].gap_before < 3 and _contents_like(chunks[j]):
                self.drop(chunks[j], "table of contents")
                j += 1
            return j
        title = _norm(self.meta.title)
        if title and _norm(" ".join(c.lines)).startswith(title) and len(c.lines) <= 3:
            self.drop(c, "title page")
            j = i + 1
            while j < len(chunks) and self._title_pageish(chunks, j):
                self.drop(chunks[j], "title page")
                j += 1
            return j
        return i

    def _title_pageish(self, chunks: list[_Chunk], j: int) -> bool:
        c = chunks[j]
        if len(c.lines) > 4 or any(len(s.strip()) > 60 for s in c.lines):
            return False
        if _CONTENTS.match(c.first) or _CHAPTER.match(c.first):
            return False
        if self._heading_like(chunks, j):
            low = c.first.lower()
            names = [a.split()[-1].lower() for a in self.meta.authors if a.split()]
            return low.startswith("by") or any(n in low for n in names) or \
                bool(re.search(r"translat|edited|\b1[5-9]\d\d\b", low))
        return True

    def _drop_section(self, chunks: list[_Chunk], i: int, reason: str) -> int:
        c = chunks[i]
        self.drop(c, reason)
        j = i + 1
        if c.first.startswith("[") or not (len(c.lines) == 1 and (
                c.first.endswith(":") or _is_caps(c.first))):
            return j
        while j < len(chunks) and chunks[j].gap_before < 3 and not self._heading_like(chunks, j):
            self.drop(chunks[j], reason)
            j += 1
        return j
