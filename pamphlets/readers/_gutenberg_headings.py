"""Headings, for the Gutenberg reader: the ``CHAPTER``/``PART``/``BOOK`` and roman-numeral
patterns and ``HeadingMixin`` (the builder's heading steps): ``_heading_like`` tells
whether a chunk looks like a heading, ``_heading`` ranks it (part > chapter >
subsection, with ``PREFACE``-like lines at chapter rank) and joins a chapter's title from
the next line (``_chapter_title``), and drops a half-title repeating the book's title.
"""

from __future__ import annotations

import re

from ._gutenberg_chunks import _Chunk, _is_caps, _norm
from ._gutenberg_notes import _DEF, _FOOTNOTES

_CHAPTER = re.compile(r"^(CHAPTER|Chapter|PART|Part|BOOK|Book)\s+([IVXLCDM]+|\d+|[A-Z]{3,})\b(.*)$")
_ROMAN = re.compile(r"^([IVXLC]{1,7})\.(?:\s+(.*))?$")
_BARE_ROMAN = re.compile(r"^[IVXLC]{1,7}$")
_TOP = re.compile(r"^(?:PREFACE|INTRODUCTION|FOREWORD|APPENDIX|INDEX|CONCLUSION|EPILOGUE|"
                  r"AFTERWORD|BIBLIOGRAPHY|GLOSSARY|POSTSCRIPT|PUBLISHERS?'? NOTE)\b")


class HeadingMixin:
    """Heading detection and ranking (a part of ``gutenberg._Builder``)."""

    def _heading_like(self, chunks: list[_Chunk], i: int) -> bool:
        c = chunks[i]
        if len(c.lines) != 1:
            return False
        first = c.first
        if len(c.lines[0]) - len(c.lines[0].lstrip()) >= 24 and i and not self.front:
            return False  # a signature set to the right under a preface, not a heading
        if _BARE_ROMAN.match(first) and i + 1 < len(chunks) and self._chapter_title(chunks, i + 1) \
                and _is_caps(chunks[i + 1].first):
            return True
        roman = _ROMAN.match(first)
        if _CHAPTER.match(first) or roman and (not roman.group(2) or _is_caps(roman.group(2))):
            return True
        return _is_caps(first) and (c.gap_before >= 2 or c.gap_after >= 2)

    def _heading(self, chunks: list[_Chunk], i: int) -> int:
        c = chunks[i]
        first = c.first
        m = _CHAPTER.match(first)
        j = i + 1
        if m:
            word = m.group(1).upper()
            rank = 1 if word == "CHAPTER" else 0
            self.chapters = self.chapters or word == "CHAPTER"
            rest = re.sub(r"^\W+", "", m.group(3))
            if j < len(chunks) and len(rest.split()) <= 1 and self._chapter_title(chunks, j):
                sep = " " if first[-1] in ".:" else ". "
                first = first + sep + chunks[j].first
                j += 1
        elif _BARE_ROMAN.match(first):  # "I" over "THE ORIGIN OF MUSIC": a chapter
            rank = 1
            self.chapters = True
            first = f"{first}. {chunks[j].first}"
            j += 1
        elif _ROMAN.match(first):
            rank = 2
        else:
            if self.meta.title and _norm(first.replace("&", " and ")) == \
                    _norm(self.meta.title.replace("&", " and ")):
                self.drop(c, "half-title repeating the book's title")
                return j
            rank = 2 if self.chapters and not _TOP.match(first) else 1
        self.items.append(("h", rank, first))
        self.front = False
        return j

    def _chapter_title(self, chunks: list[_Chunk], j: int) -> bool:
        c = chunks[j]
        s = c.first
        if len(c.lines) != 1 or c.gap_before > 3 or len(s) > 80 or _CHAPTER.match(s):
            return False
        if _DEF.match(s) or _FOOTNOTES.match(s):
            return False
        return _is_caps(s) or (len(s) <= 60 and s[:1].isupper() and not s.endswith(","))
