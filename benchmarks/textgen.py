"""Deterministic Markdown essays for the benchmarks.

The same seed always gives the same text, so page counts and timings stay comparable
between runs and machines. The prose is nonsense built from a fixed word list, but it
has everything a real essay has: front matter, ``##`` and ``###`` headings, paragraphs
with emphasis and strong text, footnotes (``[^n]``, some with two paragraphs), a block
quote and a list per section group. A long essay is split into ``## Chapter`` headings,
which is where the PDF writer may cut it into parallel chunks.

About 335 words of this text fill one A5 page in the classic style (the words are
short), so the book sizes below are set in pages and turned into words with that.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

WORDS = """
paper press pamphlet printer reader writer meeting street city village river market
worker neighbour committee council assembly union federation commune cooperative
harvest factory workshop kitchen table staple fold sheet margin column letter type
ink lamp window door bridge road station harbour winter summer morning evening
question answer argument reason habit custom law rule order freedom duty labour
bread coal iron wool cotton timber stone glass salt grain water fire weather season
history memory promise rumour report account story chapter sentence word voice
common public private local distant patient careful quiet sudden plain simple
honest modest stubborn generous narrow broad early late slow quick heavy light
small large old new young ancient modern familiar strange useful idle ordinary
rare steady uneven gentle bitter bright dark warm cold open closed free equal
many few several every each other another whole half single double certain
read write print fold carry hand share borrow lend argue agree refuse decide
gather meet build mend repair count measure weigh teach learn listen speak
remember forget notice follow lead wander return begin finish keep lose find
always often seldom never perhaps rather almost quite already still again
together apart against between beyond within without around across through
because although unless while whereas since until before after during
the a of to in on with for by from at as and but or so yet
the the the of of of and and to to in in a a that that which
is was were are has had will would could should may might must
it they we people nobody everyone someone nothing something everything
""".split()

CAPITALISED = """Ada Basil Clara Dmitri Elena Farid Greta Hugo Ines Jonas Kasia Lev
Mira Nils Olga Pavel Rosa Sami Tomas Vera""".split()

PLACES = """Lyon Ghent Odessa Turin Leeds Porto Kraków Bilbao Zurich Bristol""".split()


@dataclass(frozen=True)
class EssaySpec:
    """One essay to generate: its file stem, title, length and shape."""

    stem: str
    title: str
    words: int
    chapters: bool  # one long essay cut by ``## Chapter`` headings


@dataclass(frozen=True)
class BookSpec:
    name: str
    title: str
    essays: tuple[EssaySpec, ...]

    @property
    def words(self) -> int:
        return sum(e.words for e in self.essays)


class EssayWriter:
    """Writes one essay's Markdown from a seeded random generator."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.notes: list[str] = []
        self.words = 0  # body words written so far

    # ------------------------------------------------------------ small pieces

    def _word(self) -> str:
        if self.rng.random() < 0.02:
            return self.rng.choice(CAPITALISED + PLACES)
        return self.rng.choice(WORDS)

    def _phrase(self, n: int) -> list[str]:
        return [self._word() for _ in range(n)]

    def sentence(self, low: int = 8, high: int = 24) -> str:
        n = self.rng.randint(low, high)
        words = self._phrase(n)
        words[0] = words[0][0].upper() + words[0][1:]
        self.words += n
        roll = self.rng.random()
        if roll < 0.12 and n > 4:
            i = self.rng.randrange(0, n - 2)
            words[i] = "*" + words[i]
            words[i + 1] = words[i + 1] + "*"
        elif roll < 0.16 and n > 4:
            i = self.rng.randrange(0, n - 1)
            words[i] = "**" + words[i] + "**"
        if n > 10 and self.rng.random() < 0.5:
            j = self.rng.randrange(3, n - 3)
            words[j] = words[j] + ","
        text = " ".join(words)
        return text + ("?" if self.rng.random() < 0.1 else ".")

    def paragraph(self, with_note: bool = False) -> str:
        text = " ".join(self.sentence() for _ in range(self.rng.randint(3, 7)))
        if with_note:
            text += self._note_ref()
        return text

    def _note_ref(self) -> str:
        number = len(self.notes) + 1
        body = " ".join(self.sentence(6, 18) for _ in range(self.rng.randint(1, 3)))
        if self.rng.random() < 0.2:
            body += "\n\n    " + self.sentence(6, 16)
        self.notes.append(f"[^{number}]: {body}")
        return f"[^{number}]"

    def block_quote(self) -> str:
        lines = [self.sentence(10, 20) for _ in range(self.rng.randint(2, 3))]
        who = self.rng.choice(CAPITALISED)
        return "> " + " ".join(lines) + "\n>\n> --- " + who

    def bullet_list(self) -> str:
        ordered = self.rng.random() < 0.4
        items = []
        for i in range(self.rng.randint(3, 5)):
            mark = f"{i + 1}." if ordered else "-"
            items.append(f"{mark} {self.sentence(5, 14)}")
        return "\n".join(items)

    def heading_text(self) -> str:
        words = self._phrase(self.rng.randint(2, 4))
        return " ".join(words).capitalize()

    # ------------------------------------------------------------ larger pieces

    def section(self, budget: int) -> list[str]:
        """Paragraphs up to ``budget`` words, with one quotation and one list."""
        blocks: list[str] = []
        start = self.words
        quote_at, list_at = self.rng.randint(1, 3), self.rng.randint(4, 6)
        count = 0
        while self.words - start < budget:
            count += 1
            blocks.append(self.paragraph(with_note=self.rng.random() < 0.25))
            if count == quote_at:
                blocks.append(self.block_quote())
            if count == list_at:
                blocks.append(self.bullet_list())
        return blocks

    def body(self, spec: EssaySpec) -> list[str]:
        blocks: list[str] = []
        if spec.chapters:
            chapters = max(2, round(spec.words / 3600))
            for c in range(chapters):
                blocks.append(f"## Chapter {c + 1}: {self.heading_text()}")
                per_chapter = spec.words // chapters
                for _ in range(3):
                    blocks.append(f"### {self.heading_text()}")
                    blocks.extend(self.section(per_chapter // 3))
        else:
            sections = max(1, round(spec.words / 900))
            for _ in range(sections):
                blocks.append(f"## {self.heading_text()}")
                blocks.extend(self.section(spec.words // sections))
        return blocks


def essay_markdown(spec: EssaySpec, seed: int) -> str:
    writer = EssayWriter(seed)
    author = f"{writer.rng.choice(CAPITALISED)} {writer.rng.choice(PLACES)}"
    front = "\n".join([
        "---",
        f'title: "{spec.title}"',
        f"author: {author}",
        "date: 2026",
        "lang: en",
        "licence: CC0 1.0",
        "---",
    ])
    blocks = writer.body(spec)
    return front + "\n\n" + "\n\n".join(blocks + writer.notes) + "\n"


def write_book(spec: BookSpec, folder: Path, seed: int = 1) -> list[Path]:
    """Write every essay of ``spec`` into ``folder``; returns the files in book order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, essay in enumerate(spec.essays):
        path = folder / f"{i + 1:02d}-{essay.stem}.md"
        path.write_text(essay_markdown(essay, seed * 1000 + i), encoding="utf-8")
        paths.append(path)
    return paths


def _anthology(name: str, title: str, sizes: list[int], chapters_from: int) -> BookSpec:
    essays = tuple(EssaySpec(f"essay-{i + 1}", f"Essay {i + 1}: on {label}", words,
                             words >= chapters_from)
                   for i, (words, label) in enumerate(zip(sizes, _TOPICS)))
    return BookSpec(name, title, essays)


_TOPICS = ["paper", "folding", "meetings", "the street", "printing", "reading aloud",
           "the market", "winter", "bridges", "salt", "the harbour", "small towns"]

#: body words of this text on one A5 page in the classic style (measured)
WORDS_PER_PAGE = 335


def _words(pages: float) -> int:
    return int(pages * WORDS_PER_PAGE)


#: ~250 A5 pages: one long essay in chapters
BOOK_250 = BookSpec("book-250", "A long essay in chapters", (
    EssaySpec("long-essay", "A long essay in chapters", _words(250), True),))

#: ~1,000 A5 pages: an anthology of ten essays, the longer ones in chapters
BOOK_1000 = _anthology("book-1000", "A thousand pages",
                       [_words(p) for p in (200, 170, 150, 130, 100, 85, 60, 45, 30, 15)],
                       chapters_from=_words(70))

#: ~300 A5 pages: ten essays of mixed length; the last, short one is edited for the
#: warm rebuild
ANTHOLOGY_300 = _anthology("anthology-300", "Ten essays",
                           [_words(p) for p in (66, 50, 40, 32, 28, 25, 20, 12, 8, 5)],
                           chapters_from=_words(45))
