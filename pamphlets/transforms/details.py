"""Typographic details a printer fixes by hand: ranges, no-break spaces, spaced dashes.

* ``number_ranges``: "pp. 250-251" and "1914-1918" take an en dash. Only a hyphen
  between two short numbers where a page, a line or a section is meant (after "p.",
  "pp.", "pages", "S.", "стр." ...) or between two years in order; never inside a
  longer chain of numbers (ISBNs, telephone numbers, dates like 2024-05-01).
* ``no_break_spaces``: a no-break space after "p.", "pp.", "St.", "Dr." and the like, and
  between initials and the name they belong to ("J. R. R. Tolkien"), so the line never
  breaks between them.
* ``spaced_dashes``: a hyphen with a space on each side, between words, is a dash: a
  spaced en dash in English (and most languages), a spaced em dash where the language's
  convention is the em dash (Russian, Macedonian and their neighbours).

Code is left alone; each works within one text node.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Callable

from ..model import CONTAINER_INLINES, Inline, ReadResult, Text
from .walk import map_inline_lists

NBSP = "\u00a0"
EN_DASH, EM_DASH = "\u2013", "\u2014"
#: languages that set a spaced em dash between words (the others a spaced en dash);
#: between numbers ("10:00 - 11:00", a score "3 - 1") it is an en dash in every language
EM_DASH_LANGS = frozenset({"ru", "mk", "uk", "be", "bg", "sr"})
#: a web or mail address written out in the text: the details leave it as it is, and
#: the print keeps it from hyphenation (``writers/breaks.py``)
ADDRESS = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>\"“”‘’«»]*[^\s<>\"“”‘’«».,;:!?)\]]"
                     r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

#: words after which a number range means pages, lines, sections or volumes
_PAGE_WORDS = (r"pp?\.|pages?|page|S\.|Seiten?|стр\.|с\.|ss?\.|ll?\.|lines?|vols?\.|nos?\.|"
               r"§§?|chs?\.|chapters?|col\.|cols\.|fols?\.|ff?\.|Nr\.|бр\.")
_RANGE = re.compile(r"(?<![\w\-/.,:#=?&\u2010])(\d{1,4})-(\d{1,4})(?![\w\-/\u2010]|[.,:]\d)")
#: numbers that are identifiers, not ranges: "ISSN 1941-2002", "ISBN 0-19-..."
_IDENTIFIER_BEFORE = re.compile(r"\b(?:ISSN|ISBN|DOI|tel\.?|phone|fax)[:\s]*$", re.I)
_SPACED_HYPHEN_NUMBERS = re.compile(r"(?<=\d) - (?=\d)")
_PAGE_BEFORE = re.compile(r"(?:^|[\s(\[])(?:%s)\s?(?:\d{1,4}[,;]\s?)*$" % _PAGE_WORDS, re.I)
_ABBREVIATIONS = re.compile(r"(?<![\w.])(pp?|St|Ste|Dr|Mr|Mrs|Ms|Mme|Mlle|Prof|Mt|Nos?|vols?|"
                            r"Vols?|chs?|[Ff]igs?|cf|S|Nr|стр|с|г|бр|т)\. (?=[\w\d])")
_INITIAL = re.compile(r"(?<![\w.])(\w)\. (?=\w)")
_SPACED_HYPHEN = re.compile(r"(?<=[\w,.;:!?»”’)]) - (?=[\w«“‘(])")


def _is_range(text: str, m: re.Match) -> bool:
    a, b = int(m.group(1)), int(m.group(2))
    if _IDENTIFIER_BEFORE.search(text[:m.start()]):
        return False
    if _PAGE_BEFORE.search(text[:m.start()]):
        return True
    # two years in order: 1914-1918
    return len(m.group(1)) == len(m.group(2)) == 4 and 1000 <= a < b <= 2199


def _outside_addresses(text: str, fn: Callable[[str], str]) -> str:
    """``fn`` applied to the text between the addresses written out in it."""
    out, last = [], 0
    for m in ADDRESS.finditer(text):
        out += [fn(text[last:m.start()]), m.group()]
        last = m.end()
    return "".join(out + [fn(text[last:])])


def ranges_in(text: str) -> str:
    def ranges(piece: str) -> str:
        return _RANGE.sub(lambda m: m.group(1) + EN_DASH + m.group(2)
                          if _is_range(piece, m) else m.group(), piece)
    return _outside_addresses(text, ranges)


def nbsp_in(text: str) -> str:
    text = _ABBREVIATIONS.sub(lambda m: m.group(1) + "." + NBSP, text)
    return _INITIAL.sub(lambda m: m.group(1) + "." + NBSP if _initial(m, text) else m.group(),
                        text)


def _initial(m: re.Match, text: str) -> bool:
    """"J. " before a name ("Tolkien") or another initial ("R."); not "I." (a pronoun or
    a numeral: "CHAPTER I. THE CHAIR")."""
    letter, after = m.group(1), text[m.end():m.end() + 2]
    return (letter.isupper() and letter != "I" and len(after) == 2 and after[0].isupper()
            and (after[1].islower() or after[1] == "."))


def dashes_in(text: str, lang: str) -> str:
    dash = EM_DASH if lang.split("-")[0].lower() in EM_DASH_LANGS else EN_DASH
    text = _SPACED_HYPHEN_NUMBERS.sub(" " + EN_DASH + " ", text)
    return _SPACED_HYPHEN.sub(" " + dash + " ", text)


def _map_text(run: tuple[Inline, ...], fn: Callable[[str], str]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in run:
        if isinstance(node, Text):
            out.append(Text(fn(node.text)))
        elif isinstance(node, CONTAINER_INLINES):
            out.append(dataclasses.replace(node, children=_map_text(node.children, fn)))
        else:
            out.append(node)   # code, note references, line breaks
    return tuple(out)


def _over_texts(result: ReadResult, fn: Callable[[str], str]) -> ReadResult:
    essay = map_inline_lists(result.essay, lambda run: _map_text(run, fn))
    return ReadResult(essay, result.notices)


def number_ranges(result: ReadResult) -> ReadResult:
    return _over_texts(result, ranges_in)


def no_break_spaces(result: ReadResult) -> ReadResult:
    return _over_texts(result, nbsp_in)


def spaced_dashes(result: ReadResult) -> ReadResult:
    lang = result.essay.meta.lang or ""
    return _over_texts(result, lambda text: dashes_in(text, lang))
