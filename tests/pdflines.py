"""Read a PDF's text back as lines, and judge its typesetting (hyphens, spacing, measure).

Used by ``benchmarks/typeset.py`` (the table per book) and by the typesetting tests. Every
character comes from pypdfium2 with its origin, box and font size; characters on one
baseline make a line. Body lines are the lines set at the body's size or a little smaller
(notes, quotations); running heads, folios, headings and the contents' leader lines are
left out.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field
from pathlib import Path

#: what ends a hyphenated line: a hyphen, the hyphenate character WeasyPrint draws, or
#: pdfium's mark for a hyphen it takes for a soft one
HYPHENS = "-\u2010\u00ad\ufffe"
#: a word space wider than this (in em of the line's type) is a hole: rivers in justified text
LOOSE_EM = 0.45
_LEADER = re.compile(r"(\. ?){4,}")
_FOLIO = re.compile(r"^(\d+|[ivxlcdm]+)$", re.I)
_URLISH = re.compile(r"https?:|://|www\.|\w@\w|\w\.\w+/|/\w+\.\w")


@dataclass
class Line:
    page: int
    y: float
    size: float
    #: words as (text, left, right)
    words: list[tuple[str, float, float]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(w[0] for w in self.words)

    @property
    def left(self) -> float:
        return self.words[0][1]

    @property
    def right(self) -> float:
        return self.words[-1][2]

    @property
    def hyphenated(self) -> bool:
        return bool(self.words) and self.words[-1][0][-1] in HYPHENS and len(self.words[-1][0]) > 1

    def gaps_em(self) -> list[float]:
        """Each word space, in em of the line's type."""
        return [(b[1] - a[2]) / self.size for a, b in zip(self.words, self.words[1:])]


def _page_lines(page, number: int) -> list[Line]:
    import pypdfium2.raw as raw

    text = raw.FPDFText_LoadPage(page.raw)
    try:
        lines: list[Line] = []
        line = None
        word: list = []   # [text, left, right]
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        ox, oy = ctypes.c_double(), ctypes.c_double()

        def end_word():
            nonlocal word
            if word and line is not None and word[0]:
                line.words.append((word[0], word[1], word[2]))
            word = []

        for i in range(raw.FPDFText_CountChars(text)):
            ch = chr(raw.FPDFText_GetUnicode(text, i))
            if ch in "\r\n" or ch.isspace():
                end_word()
                continue
            raw.FPDFText_GetCharOrigin(text, i, ox, oy)
            raw.FPDFText_GetCharBox(text, i, left, right, bottom, top)
            size = raw.FPDFText_GetFontSize(text, i)
            if line is None or abs(oy.value - line.y) > max(line.size, size) * 0.5:
                end_word()
                line = Line(number, oy.value, size)
                lines.append(line)
            elif word and left.value - word[2] > size * 0.12:
                end_word()   # a gap wide enough is a word space even with no space glyph
            if not word:
                word = ["", left.value, right.value]
            word[0] += ch
            word[2] = max(word[2], right.value)
            line.size = max(line.size, size)
        end_word()
        return [ln for ln in lines if ln.words]
    finally:
        raw.FPDFText_ClosePage(text)


def _merge_baselines(lines: list[Line]) -> list[Line]:
    """Pieces drawn apart on one baseline (a list's marker and its text) make one line."""
    out: list[Line] = []
    for ln in lines:
        if out and abs(out[-1].y - ln.y) < 0.5:
            out[-1].words = sorted(out[-1].words + ln.words, key=lambda w: w[1])
            out[-1].size = max(out[-1].size, ln.size)
        else:
            out.append(ln)
    return out


def pdf_lines(path: Path) -> list[Line]:
    """Every line of every page, top to bottom (pages in order)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        out = []
        for number, page in enumerate(doc, 1):
            out.extend(_merge_baselines(sorted(_page_lines(page, number), key=lambda ln: -ln.y)))
        return out
    finally:
        doc.close()


def body_size(lines: list[Line]) -> float:
    """The size most characters are set in."""
    weight: dict[float, int] = {}
    for ln in lines:
        key = round(ln.size, 1)
        weight[key] = weight.get(key, 0) + len(ln.text)
    return max(weight, key=weight.get) if weight else 0.0


def body_lines(lines: list[Line]) -> list[Line]:
    """Lines of running text: the body's size down to a note's or the colophon's; no
    folios, running heads (0.8 em), headings or leaders."""
    size = body_size(lines)
    return [ln for ln in lines
            if size * 0.84 <= ln.size <= size * 1.04
            and not _FOLIO.match(ln.text) and not _LEADER.search(ln.text)]


def full_lines(lines: list[Line]) -> list[Line]:
    """Body lines that run to the right edge of their page's text block (justified lines,
    not a paragraph's last line)."""
    edge: dict[int, float] = {}
    for ln in lines:
        edge[ln.page] = max(edge.get(ln.page, 0.0), ln.right)
    return [ln for ln in lines if ln.right >= edge[ln.page] - 1.5 and len(ln.words) > 1]


def _joined(lines: list[Line], i: int) -> tuple[str, str, str]:
    """(fragment at the end of line i, start of the next line, the word before the fragment)."""
    frag = lines[i].words[-1][0]
    nxt = lines[i + 1].words[0][0] if i + 1 < len(lines) else ""
    if len(lines[i].words) > 1:
        before = lines[i].words[-2][0]
    else:
        before = lines[i - 1].words[-1][0] if i else "."
    return frag, nxt, before


def is_name_break(frag: str, nxt: str, before: str) -> bool:
    """A capitalised word (not a sentence's first) broken across lines: 'Proud-' 'hon'."""
    core = frag.lstrip("(\"'“‘[").rstrip(HYPHENS)
    return (len(core) > 1 and core[0].isupper() and core[1:].isalpha() and core[1:].islower()
            and nxt[:1].islower() and before[-1:] not in ".!?:")


def is_url_break(frag: str, nxt: str) -> bool:
    """A web address or mail address broken with a hyphen."""
    return bool(_URLISH.search(frag.rstrip(HYPHENS) + nxt))


@dataclass
class Measure:
    lines: int
    hyphenated: int
    longest_run: int
    runs3: int
    fragment_lines: int
    names: list[str]
    urls: list[str]
    chars_per_line: float
    loose_share: float
    #: the single-fragment lines and the hyphenated runs of three or more, as text
    fragments: list[str] = field(default_factory=list)
    ladders: list[str] = field(default_factory=list)

    @property
    def hyphen_share(self) -> float:
        return self.hyphenated / self.lines if self.lines else 0.0


def measure(lines: list[Line]) -> Measure:
    """The typesetting numbers of a book's body lines (``body_lines``)."""
    hyph = run = longest = runs3 = fragments = 0
    names, urls, fragment_text, ladders = [], [], [], []
    for i, ln in enumerate(lines):
        if ln.hyphenated:
            hyph += 1
            run += 1
            longest = max(longest, run)
            if run == 3:
                runs3 += 1
                ladders.append(" / ".join(lines[k].text[-25:] for k in range(i - 2, i + 1)))
            frag, nxt, before = _joined(lines, i)
            if is_name_break(frag, nxt, before):
                names.append(frag + nxt)
            if is_url_break(frag, nxt):
                urls.append(frag + nxt)
        else:
            run = 0
        after_break = i > 0 and lines[i - 1].hyphenated and lines[i - 1].page == ln.page
        if len(ln.words) == 1 and (ln.hyphenated or after_break):
            fragments += 1
            fragment_text.append(f"p{ln.page}: {lines[i - 1].text[-30:]} / {ln.text}")
    full = full_lines(lines)
    chars = sum(len(ln.text) for ln in full) / len(full) if full else 0.0
    loose = sum(1 for ln in full if any(g > LOOSE_EM for g in ln.gaps_em()))
    return Measure(len(lines), hyph, longest, runs3, fragments, names, urls, chars,
                   loose / len(full) if full else 0.0, fragment_text, ladders)
