"""Headings, for the Gutenberg reader: the chapter, part and book patterns in English,
German and French (``_chapter_match``) and roman and bare numerals. ``heading_like``
tells whether a chunk looks like a heading (and not a signature or a dateline); the rule
``heading`` ranks it (part > chapter > subsection, with ``PREFACE``-like lines at chapter
rank) and joins a chapter's title from the next line (``chapter_title``); ``half_title``
drops a half-title repeating the book's title, also one set over several lines (the rule
``half_title_continued`` takes its later lines).
"""

from __future__ import annotations

import re

from ...metadata import roman_value
from .blocks import _DEF, _FOOTNOTES
from .chunks import _Chunk, _is_caps, _norm
from .state import State, drop

#: a chapter, part or book and its number, in English, German or French: ``CHAPTER IX``,
#: ``Kapitel 3``, ``CHAPITRE PREMIER``, ``Livre II``; or the German ordinal first:
#: ``Erstes Kapitel``, ``Zweiter Teil``
_WORDS = {"chapter": 1, "kapitel": 1, "capitel": 1, "chapitre": 1, "part": 0, "book": 0,
          "buch": 0, "teil": 0, "livre": 0, "partie": 0, "abschnitt": 1}
_CHAPTER = re.compile(r"^((?i:chapter|part|book|kapitel|capitel|chapitre|livre|partie|buch|teil|"
                      r"abschnitt))\s+([IVXLCDM]+|\d+|[A-ZÀ-Ý][A-Za-zÀ-ÿ]{2,})\b(.*)$")
_ORDINAL_CHAPTER = re.compile(r"^([A-ZÄÖÜ][a-zäöüß]+(?:es|er|te|ter|tes)|"
                              r"(?i:premi[eè]re?|seconde?|[a-zà-ÿ]+i[eè]me))\s+"
                              r"((?i:kapitel|capitel|buch|teil|abschnitt|partie|livre|chapitre))"
                              r"\b(.*)$")
_ROMAN = re.compile(r"^([IVXLC]{1,7})\.(?:\s+(.*))?$")
_BARE_ROMAN = re.compile(r"^[IVXLC]{1,7}$")
#: a section's number alone on its line (letters, numbered essays): "216."
_BARE_NUMBER = re.compile(r"^\d{1,4}\.?$")
_TOP = re.compile(r"^(?:PREFACE|INTRODUCTION|FOREWORD|APPENDIX|INDEX|CONCLUSION|EPILOGUE|"
                  r"AFTERWORD|BIBLIOGRAPHY|GLOSSARY|POSTSCRIPT|PUBLISHERS?'? NOTE|"
                  r"PRÉFACE|AVANT-PROPOS|AVERTISSEMENT|APPENDICE|ÉPILOGUE|"
                  r"VORWORT|VORREDE|EINLEITUNG|NACHWORT|ANHANG|SCHLUSSWORT)\b", re.I)


def heading_like(st: State, chunks: list[_Chunk], i: int) -> bool:
    """Chunk ``i`` looks like a heading (and not a signature or a dateline)."""
    c = chunks[i]
    if len(c.lines) != 1:
        return False
    first = _unmarked(c.first)
    if len(c.lines[0]) - len(c.lines[0].lstrip()) >= 24 and i and not st.front:
        return False  # a signature set to the right under a preface, not a heading
    if _BARE_ROMAN.match(first) and (c.gap_before >= 2 or i == 0) and (
            c.gap_after >= 2 or i + 1 < len(chunks) and chapter_title(chunks, i + 1)):
        return True  # "I" over a title, or over the chapter's first paragraph
    if _BARE_NUMBER.match(first) and c.gap_before >= 2 and i + 1 < len(chunks) \
            and c.gap_after <= 2 and len(chunks[i + 1].lines) <= 2:
        return True
    roman = _ROMAN.match(first)
    if _chapter_match(first) or roman and (not roman.group(2) or _is_caps(roman.group(2))) \
            and _in_sequence(st, roman.group(1)):
        return True
    if first.endswith(",") or _DATELINE.match(first):
        return False  # a signature ("L. VAN BEETHOVEN,") or a dateline ("LONDON, 1895.")
    if not _is_caps(first):
        # a short line set apart as PG sets headings (three or more blank lines above,
        # two below): "Preface.", "François Delsarte."
        return c.gap_before >= 3 and c.gap_after >= 2 and len(first) <= 60 \
            and first[:1].isupper() and not first.endswith((",", ";", ":")) \
            and len(first.split()) <= 8
    return c.gap_before >= 2 or c.gap_after >= 2 and (i == 0 or c.gap_before >= 2
                                                      or not _after_prose(chunks, i))


def half_title(st: State, c: _Chunk) -> bool:
    """Drops a half-title repeating the book's title, also one set over several lines."""
    here = _norm(" ".join(c.lines).replace("&", " and "))
    rest = st.half_title_rest
    title = rest or _norm(st.meta.title.replace("&", " and "))
    if len(c.lines) <= 2 and title and here and (
            here == title or (len(here.split()) >= 2 or rest) and title.startswith(here + " ")):
        drop(st, c, "half-title repeating the book's title")
        st.half_title_rest = title[len(here):].strip()
        return True
    st.half_title_rest = ""
    return False


def half_title_continued(st: State, chunks: list[_Chunk], i: int) -> int:
    """Rule: the next line of a half-title set over several lines."""
    c = chunks[i]
    if len(c.lines) == 1 and st.half_title_rest and half_title(st, c):
        return i + 1
    return i


def _in_sequence(st: State, numeral: str) -> bool:
    """A roman-numbered heading goes on from the last one (or starts again at I): "L. VAN
    BEETHOVEN," under a letter is a signature, not section 50."""
    value = roman_value(numeral)
    return value == 1 or st.last_roman < value <= st.last_roman + 2


def _after_prose(chunks: list[_Chunk], i: int) -> bool:
    """The chunk sits right under a paragraph (one blank line): a signature, not a heading."""
    prev = chunks[i - 1]
    return chunks[i].gap_before <= 1 and not _is_caps(prev.first) \
        and len(" ".join(prev.lines)) > 40


def heading(st: State, chunks: list[_Chunk], i: int) -> int:
    """Rule: a heading, ranked part, chapter or subsection, with a chapter's title joined
    from the next line."""
    if not heading_like(st, chunks, i):
        return i
    c = chunks[i]
    first = _unmarked(c.first)
    m = _chapter_match(first)
    j = i + 1
    if m:
        word = m.group(1).lower() if m.re is _CHAPTER else m.group(2).lower()
        rest = re.sub(r"^\W+", "", m.group(3))
        also = _chapter_match(rest)  # "LIVRE PREMIER--CHAPITRE PREMIER": a chapter
        if also:
            word = also.group(1).lower() if also.re is _CHAPTER else also.group(2).lower()
            rest = re.sub(r"^\W+", "", also.group(3))
        rank = _WORDS.get(word, 1)
        st.chapters = st.chapters or rank == 1
        if j < len(chunks) and len(rest.split()) <= 1 and chapter_title(chunks, j):
            sep = " " if first[-1] in ".:" else ". "
            first = first + sep + chunks[j].first
            j += 1
    elif _BARE_ROMAN.match(first):  # "I" over "THE ORIGIN OF MUSIC": a chapter
        rank = 1
        st.chapters = True
        if j < len(chunks) and c.gap_after <= 3 and chapter_title(chunks, j) \
                and (j + 1 >= len(chunks) or len(chunks[j + 1].lines) > 1
                     or chunks[j].gap_after >= 2):
            first = f"{first}. {chunks[j].first}"
            j += 1
    elif _BARE_NUMBER.match(first):  # "216." over "TO STEINER & CO."
        rank = 1
        nxt = chunks[j] if j < len(chunks) else None
        titled = nxt is not None and nxt.gap_before <= 2 and len(nxt.lines) <= 2 \
            and not _DEF.match(nxt.first) and (all(_is_caps(s.strip()) for s in nxt.lines)
                                               or len(nxt.lines) == 1 and len(nxt.first) <= 60)
        if titled:
            first = f"{first.rstrip('.')}. {' '.join(s.strip() for s in nxt.lines)}"
            j += 1
    elif _ROMAN.match(first):
        rank = 2
        st.last_roman = roman_value(_ROMAN.match(first).group(1))
    else:
        if half_title(st, c):
            return j
        rank = 2 if st.chapters and not _TOP.match(first) else 1
    st.items.append(("h", rank, first))
    st.front = False
    return j


def chapter_title(chunks: list[_Chunk], j: int) -> bool:
    """Chunk ``j`` can be the title under a chapter's number."""
    c = chunks[j]
    s = c.first
    if len(c.lines) != 1 or c.gap_before > 3 or len(s) > 80 or _chapter_match(s):
        return False
    if _DEF.match(s) or _FOOTNOTES.match(s):
        return False
    return _is_caps(s) or (len(s) <= 60 and s[:1].isupper() and not s.endswith(","))


_DATELINE = re.compile(r"^[A-Z][A-Za-z .'-]+,\s*(?:[A-Za-z]+\.?\s+)?(?:\d{1,2},?\s+)?"
                       r"1[5-9]\d\d\.?$")


def _chapter_match(s: str):
    return _CHAPTER.match(s) or _ORDINAL_CHAPTER.match(s)


def _unmarked(s: str) -> str:
    """A line without the emphasis marks around all of it: "_I_" -> "I"."""
    m = re.fullmatch(r"([_=+])(?=\S)(.+?)(?<=\S)\1([.:]?)", s)
    return m.group(2) + m.group(3) if m else s
