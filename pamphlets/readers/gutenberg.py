"""Project Gutenberg plain-text books.

Conventions handled:

* The header, ending at ``*** START OF THE (or THIS) PROJECT GUTENBERG EBOOK ...`` (with or
  without a space after ``***``, the marker possibly wrapped over two lines; also the old
  ``*END*THE SMALL PRINT!`` line) and everything from ``*** END OF ...`` or
  ``End of the Project Gutenberg EBook`` on (the licence) are removed. ``Title:`` (indented
  continuation lines become the subtitle), ``Author:``, ``Translator:``, ``Language:`` and
  the eBook number are read from the header; the banner line
  ``The Project Gutenberg eBook[,] [of] TITLE, by AUTHOR[, Translated by NAME]`` fills gaps.
* CRLF or CR line ends; hard-wrapped lines are joined into paragraphs (no space after a
  line ending in a hyphen or ``--``). ``_italics_`` become ``Emph``; ``--`` is left alone.
* Headings: ``CHAPTER I`` (or ``PART``/``BOOK``) with the title on the next line, or on the
  same line (``CHAPTER IX--CONCLUSION``), become one heading; single ALL-CAPS lines set
  apart by two blank lines (``PREFACE.``) are headings too, one level below the chapters
  once chapters have begun; lines ``I.``, ``II.`` are subsections. Levels are ranked
  part > chapter > subsection and numbered from 1 by the ranks actually used.
* Notes: ``[1]`` references; definitions ``[1] text`` under ``FOOTNOTES:`` lines (at each
  chapter's end or once at the end), or ``[Footnote 1: text]`` blocks. Numbering may run
  across the book (ids are the numbers) or restart (ids ``c<run>-<n>``, e.g. ``c3-1``).
* Dropped with a notice: ``[Illustration...]`` (kind ``caption``), producer credits and
  ``Note:`` paragraphs before the text, the title page and imprint, ``CONTENTS``,
  transcriber's notes, publishers' advertisements, a half-title repeating the title and
  ``THE END``. ``keep_all=True`` keeps these (not the PG header, footer and licence).
* Blocks whose every line is indented four or more spaces become a ``Verse`` (short or
  ragged lines) or a ``BlockQuote``; a last line starting with ``--`` is its attribution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import (BlockQuote, Emph, Essay, EssayMeta, Heading, Note, NoteRef, Notice, Para,
                     ReadResult, Text, Verse)
from ._inline import tidy

_START = re.compile(r"^\s*(?:\*{3}\s*START\s+OF\s+(?:THE\s+|THIS\s+)?PROJECT\s+GUTENBERG"
                    r"|\*END\*\s*THE\s+SMALL\s+PRINT)", re.I)
_END = re.compile(r"^\s*(?:\*{3}\s*END\s+OF\s+(?:THE\s+|THIS\s+)?PROJECT\s+GUTENBERG"
                  r"|END\s+OF\s+(?:THE\s+)?PROJECT\s+GUTENBERG)", re.I)
_BANNER = re.compile(r"Project\s+Gutenberg(?:'s)?\s+e-?(?:book|text)\s*,?\s*(?:of\s+)?(.+)", re.I)
_EBOOK_NO = re.compile(r"\[e-?(?:book|text)\s*#\s*(\d+)\]", re.I)
_CHAPTER = re.compile(r"^(CHAPTER|Chapter|PART|Part|BOOK|Book)\s+([IVXLCDM]+|\d+|[A-Z]{3,})\b(.*)$")
_ROMAN = re.compile(r"^([IVXLC]{1,7})\.(?:\s+(.*))?$")
_FOOTNOTES = re.compile(r"^(?:FOOT)?NOTES?\s*:?$", re.I)
_DEF = re.compile(r"^\[(\d{1,4})\]\s*")
_REF = re.compile(r"\[(\d{1,4})\]")
_ITALIC = re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)", re.S)
_CONTENTS = re.compile(r"^(?:TABLE\s+OF\s+)?CONTENTS|^(?:LIST\s+OF\s+)?ILLUSTRATIONS\W*$", re.I)
_ADS = re.compile(r"^(?:ADVERTISEMENTS?|PUBLISHERS?'?\s+ANNOUNCEMENTS?|BOOKS\s+BY\b|CATALOGUE\b)")
_TRANSCRIBER = re.compile(r"^\W*TRANSCRIBER'?S?'?\s+NOTES?\b", re.I)
_PRODUCER = re.compile(r"\b(?:prepared|produced|transcribed|proofread)\s+(?:by|from)\b|"
                       r"Distributed\s+Proofread", re.I)
_TOP = re.compile(r"^(?:PREFACE|INTRODUCTION|FOREWORD|APPENDIX|INDEX|CONCLUSION|EPILOGUE|"
                  r"AFTERWORD|BIBLIOGRAPHY|GLOSSARY|POSTSCRIPT|PUBLISHERS?'? NOTE)\b")
_BRACKETED = re.compile(r"^\[(Illustration|Footnote|Transcriber|Sidenote|Blank Page)", re.I)
_LANGS = {"english": "en", "french": "fr", "german": "de", "spanish": "es", "italian": "it",
          "portuguese": "pt", "russian": "ru", "dutch": "nl", "latin": "la", "swedish": "sv",
          "danish": "da", "finnish": "fi", "polish": "pl", "greek": "el", "esperanto": "eo",
          "catalan": "ca", "hungarian": "hu", "czech": "cs", "norwegian": "no", "chinese": "zh"}


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


@dataclass
class _Def:
    label: str
    run: int
    line: int
    pos: int = 0  # index of the next body item: where the definition sits
    items: list = field(default_factory=list)  # ("p", text) or ("q", [chunks])


def read(text: str, *, path: str = "", keep_all: bool = False) -> ReadResult:
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    notices: list[Notice] = []
    start, end = _markers(lines, notices)
    meta = _header(lines[:start], path)
    chunks = _chunks(lines, start, end, notices)
    builder = _Builder(meta, notices, keep_all)
    builder.run(chunks)
    blocks, notes = builder.finish()
    essay = Essay(meta=meta, blocks=tuple(blocks), notes=tuple(notes), origin=path)
    notices.sort(key=lambda n: n.line or 0)
    return ReadResult(essay, tuple(notices))


# --------------------------------------------------------------------------- header, footer


def _markers(lines: list[str], notices: list[Notice]) -> tuple[int, int]:
    start = -1
    for i, line in enumerate(lines[:3000]):
        if _START.match(line):
            start = i
            if not line.rstrip().endswith("*") and i + 1 < len(lines) \
                    and lines[i + 1].rstrip().endswith("***"):
                start = i + 1
            break
    if start >= 0:
        notices.append(Notice("dropped", "Project Gutenberg header", lines[0].strip()[:80], 1))
    else:
        notices.append(Notice("warning", "no Project Gutenberg start marker; reading it all"))
    end = len(lines)
    for i in range(start + 1, len(lines)):
        if _END.match(lines[i]):
            end = i
            notices.append(Notice("dropped", "Project Gutenberg footer and licence",
                                  lines[i].strip()[:80], i + 1))
            break
    return start, end


def _header(lines: list[str], path: str) -> EssayMeta:
    fields: dict[str, list[str]] = {}
    key = ""
    for line in lines:
        m = re.match(r"^([A-Z][A-Za-z ]{1,30}):\s*(.*)$", line)
        if m:
            key = m.group(1).strip().lower()
            fields.setdefault(key, []).append(m.group(2).strip())
        elif key and line[:1].isspace() and line.strip():
            fields[key].append(line.strip())
        else:
            key = ""
    head = " ".join(lines)
    title_lines = fields.get("title", [])
    title, subtitle = (title_lines[0], " ".join(title_lines[1:])) if title_lines else ("", "")
    authors = [a for v in fields.get("author", []) for a in re.split(r";\s*|\s+and\s+", v) if a]
    translator = " ".join(fields.get("translator", []))
    banner = _banner(lines)
    title = title or banner[0]
    if not authors and banner[1]:
        authors = [banner[1]]
    translator = translator or banner[2]
    lang_name = " ".join(fields.get("language", [])).strip().lower()
    number = _EBOOK_NO.search(head)
    source = f"Project Gutenberg eBook #{number.group(1)}" if number else "Project Gutenberg"
    if not title:
        title = re.sub(r"\.[^./\\]*$", "", re.split(r"[/\\]", path)[-1]) or "Untitled"
    return EssayMeta(title=title, subtitle=subtitle, authors=tuple(authors), source=source,
                     lang=_LANGS.get(lang_name.split(",")[0].strip(), "en"),
                     translator=translator)


def _banner(lines: list[str]) -> tuple[str, str, str]:
    para: list[str] = []
    for line in lines:
        if line.strip():
            para.append(line.strip())
        elif para:
            break
    m = _BANNER.search(" ".join(para))
    if not m:
        return "", "", ""
    rest = re.sub(r"\s*[.*]+\s*$", "", m.group(1))
    title, _, rest = rest.partition(", by ")
    parts = re.split(r",?\s+(?:translated|edited)\s+by\s+", rest, maxsplit=1, flags=re.I)
    translator = parts[1] if len(parts) > 1 else ""
    return title.strip(), parts[0].strip(" ,"), translator.strip(" ,")


# --------------------------------------------------------------------------- chunks


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


# --------------------------------------------------------------------------- building


def _is_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and not any(c.islower() for c in letters) and len(s) <= 90


def _indented(chunk: _Chunk) -> bool:
    return all(len(line) - len(line.lstrip()) >= 4 for line in chunk.lines)


def _contents_like(chunk: _Chunk) -> bool:
    """Entries of a table of contents: page numbers, numbered or capitalised lines."""
    for line in chunk.lines:
        s = line.strip()
        if not (re.search(r"\s\d+$", s) or re.match(r"^(?:[IVXLC]+|\d+)\.\s", s)
                or _CHAPTER.match(s) or _is_caps(s) or s.lower() == "page"):
            return False
    return True


def _norm(s: str) -> str:
    return re.sub(r"[^\w]+", " ", s).strip().lower()


class _Builder:
    """Walks the chunks once, sorting them into headings, paragraphs and note bodies."""

    def __init__(self, meta: EssayMeta, notices: list[Notice], keep_all: bool):
        self.meta, self.notices, self.keep_all = meta, notices, keep_all
        self.items: list[tuple] = []  # ("h", rank, text) ("p", text) ("q", chunks) ("fn", def)
        self.defs: list[_Def] = []
        self.run_no = 0
        self.front = True
        self.chapters = False

    def drop(self, chunk: _Chunk, reason: str, kind: str = "dropped") -> None:
        last = self.notices[-1] if self.notices else None
        if not (last and last.reason == reason and last.kind == kind):  # one per section
            self.notices.append(Notice(kind, reason, chunk.first[:80], chunk.line))
        if self.keep_all:
            self.items.append(("p", " ".join(s.strip() for s in chunk.lines)))

    # ---- the walk

    def run(self, chunks: list[_Chunk]) -> None:
        i, n = 0, len(chunks)
        note: _Def | None = None
        notes_mode = False
        while i < n:
            c = chunks[i]
            first = c.first
            if c.bracket == "footnote":
                note = self._new_def(c.label, c.line)
                note.items.append(("p", c.lines[0]))
                self.items.append(("fn", note))
                note = None
                i += 1
                continue
            if notes_mode:
                dm = _DEF.match(first)
                if dm:
                    note = self._new_def(dm.group(1), c.line)
                    rest = [_DEF.sub("", c.lines[0].strip(), 1)] + c.lines[1:]
                    note.items.append(("p", _join(rest)))
                    i += 1
                    continue
                if note and not self._heading_like(chunks, i) and c.gap_before < 3:
                    i = self._note_more(chunks, i, note)
                    continue
                notes_mode, note = False, None
            if _FOOTNOTES.match(first) and len(c.lines) == 1 and i + 1 < n \
                    and _DEF.match(chunks[i + 1].first):
                notes_mode, note = True, None
                self.run_no += 1
                self.last_label = -1
                i += 1
                continue
            i = self._body_chunk(chunks, i)

    def _new_def(self, label: str, line: int) -> _Def:
        number = int(label) if label.isdigit() else -1
        if number <= getattr(self, "last_label", -1):
            self.run_no += 1
        self.last_label = number
        d = _Def(label, self.run_no, line, len(self.items))
        self.defs.append(d)
        return d

    def _note_more(self, chunks: list[_Chunk], i: int, note: _Def) -> int:
        if _indented(chunks[i]):
            j = self._quote_group(chunks, i)
            note.items.append(("q", chunks[i:j]))
            return j
        note.items.append(("p", _join(chunks[i].lines)))
        return i + 1

    def _heading_like(self, chunks: list[_Chunk], i: int) -> bool:
        c = chunks[i]
        if len(c.lines) != 1:
            return False
        first = c.first
        roman = _ROMAN.match(first)
        if _CHAPTER.match(first) or roman and (not roman.group(2) or _is_caps(roman.group(2))):
            return True
        return _is_caps(first) and (c.gap_before >= 2 or c.gap_after >= 2)

    def _body_chunk(self, chunks: list[_Chunk], i: int) -> int:
        c = chunks[i]
        first = c.first
        single = len(c.lines) == 1
        if self.front and not self.keep_all:
            skip = self._front_matter(chunks, i)
            if skip > i:
                return skip
        if single and re.match(r"^THE\s+END\W*$", first, re.I):
            self.drop(c, "end-of-book line")
            return i + 1
        if _TRANSCRIBER.match(first):
            return self._drop_section(chunks, i, "transcriber's note")
        heading_like = self._heading_like(chunks, i)
        if heading_like and _ADS.match(first):
            for c2 in chunks[i:]:
                self.drop(c2, "publisher's advertisements")
            return len(chunks)
        if _indented(c) and not heading_like:
            j = self._quote_group(chunks, i)
            self.items.append(("q", chunks[i:j]))
            self.front = False
            return j
        if heading_like:
            return self._heading(chunks, i)
        self.items.append(("p", _join(c.lines)))
        self.front = False
        return i + 1

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

    def _quote_group(self, chunks: list[_Chunk], i: int) -> int:
        j = i + 1
        while j < len(chunks) and chunks[j].gap_before <= 1 and _indented(chunks[j]):
            j += 1
        return j

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
        elif _ROMAN.match(first):
            rank = 2
        else:
            if self.meta.title and _norm(first) == _norm(self.meta.title):
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

    # ---- second pass: inlines and note ids

    def finish(self) -> tuple[list, list[Note]]:
        resolver = _Resolver(self.defs, self.items)
        blocks = []
        ranks = sorted({it[1] for it in self.items if it[0] == "h"})
        level = {r: k + 1 for k, r in enumerate(ranks)}
        for pos, item in enumerate(self.items):
            resolver.pos = pos
            if item[0] == "h":
                blocks.append(Heading(level[item[1]], _inlines(item[2], resolver)))
            elif item[0] == "p":
                inl = _inlines(item[1], resolver)
                if inl:
                    blocks.append(Para(inl))
            elif item[0] == "q":
                blocks.append(_quote(item[1], resolver))
        notes = []
        for d in self.defs:
            nid = resolver.ids.get(id(d))
            if nid is None:
                self.notices.append(Notice("warning", f"footnote [{d.label}] is never referenced",
                                           line=d.line))
                continue
            body = []
            for kind, value in d.items:
                if kind == "p":
                    inl = _inlines(value, None)
                    if inl:
                        body.append(Para(inl))
                else:
                    body.append(_quote(value, None))
            notes.append(Note(nid, tuple(body)))
        for label in resolver.missing:
            self.notices.append(Notice("warning", f"reference [{label}] has no footnote; kept as text"))
        order = {nid: k for k, nid in enumerate(resolver.order)}
        notes.sort(key=lambda note: order.get(note.id, 0))
        return blocks, notes


class _Resolver:
    """Maps a ``[n]`` reference at a place in the text to the id of its definition.

    Unique labels are their own ids. Repeated labels (numbering restarting) get
    ``c<run>-<n>``: when definitions sit between chapters, a reference goes to the first
    definition of its label after it; when they are all at the end, a reference's run
    advances each time the numbering goes down.
    """

    def __init__(self, defs: list[_Def], items: list[tuple]):
        self.pos = 0
        self.ids: dict[int, str] = {}
        self.order: list[str] = []
        self.missing: list[str] = []
        self.by_label: dict[str, list[_Def]] = {}
        for d in defs:
            self.by_label.setdefault(d.label, []).append(d)
        self.unique = all(len(v) == 1 for v in self.by_label.values())
        refs = [k for k, it in enumerate(items) if it[0] in "hp" and _REF.search(it[-1])]
        self.interleaved = bool(defs and refs) and defs[0].pos < refs[-1]
        self.runs = sorted({d.run for d in defs})
        self.run = self.runs[0] if self.runs else 0
        self.prev = -1

    def __call__(self, label: str) -> str | None:
        d = self._find(label)
        if d is None:
            self.missing.append(label)
            return None
        if id(d) not in self.ids:
            nid = d.label if self.unique else f"c{d.run}-{d.label}"
            self.ids[id(d)] = nid
            self.order.append(nid)
        return self.ids[id(d)]

    def _find(self, label: str) -> _Def | None:
        found = self.by_label.get(label)
        if not found or self.unique:
            return found[0] if found else None
        if self.interleaved:
            return next((d for d in found if d.pos > self.pos), found[-1])
        number = int(label)
        if number < self.prev:
            self.run = next((r for r in self.runs if r > self.run), self.run)
        self.prev = number
        return next((d for d in found if d.run >= self.run), found[-1])


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
    parts: list = []
    pos = 0
    for m in _ITALIC.finditer(text):
        parts.extend(_refs(text[pos:m.start()], resolve))
        parts.append(Emph(tuple(_refs(m.group(1), resolve))))
        pos = m.end()
    parts.extend(_refs(text[pos:], resolve))
    return tidy(parts)


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
