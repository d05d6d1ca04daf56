"""Emacs Muse, as Text::Amuse and the amusewiki libraries write it.

Conventions handled:

* Header directives ``#title #subtitle #author #date #lang #source #notes #pubdate`` (plus
  ``#translator`` and ``#language``) at the top, up to the first blank line; values may hold
  Muse markup and may be empty; other directives (``#LISTtitle``, ``#SORTtopics``...) are
  ignored. ``#notes`` becomes the description. Authors as amusewiki reads them: ``#author``
  is the byline, split into names at ``;`` (else at ``&``, "and" or a comma between full
  names, never inside "Surname, Forename"); with no ``#author``, the index list ``#authors``
  / ``#SORTauthors`` (split at ``;`` if it has one, else at commas). ``#lang`` is its first
  word when that is a language code (``#lang ru Перев. с французского`` → ``ru``), else
  left to the text; ``#date``, else the day of ``#pubdate``.
* Headings ``*`` to ``*****`` (part, chapter, section, subsection, sub-subsection),
  numbered from level 1 at the highest level the text uses.
* Footnotes: ``[1]`` references and definitions ``[1] text`` at the start of a line
  (further paragraphs of a note indented to the column where its text starts, as
  Text::Amuse wants; other indented paragraphs are quotations); secondary notes ``{1}`` /
  ``{1} text`` (ids ``s1``..., numbered with the others in reading order, as pandoc
  would). A primary note may carry secondary marks but a ``[2]`` inside it is text, and a
  secondary note holds no marks. A mark without a note stays text and is reported; a note
  without a mark is kept after the others and reported. Comments are dropped with their
  words counted.
* Blocks: ``<quote>``, ``<verse>`` and ``> `` lines, ``<example>`` and ``{{{ }}}``
  (literal: a ``CodeBlock``), ``<center>``, ``<right>``, ``<biblio>``, ``<play>``,
  ``<comment>`` (dropped), paragraphs indented 2+ spaces (quotations; 6+ centred and 20+
  right-aligned ones are plain paragraphs), lists `` - item`` and `` 1. item`` (nested
  by indentation), ``----`` rules, ``; comment`` lines, anchor lines ``#name``, and
  paragraphs that are only ``[[image.jpg][caption]]`` (a ``Figure``).
* Inline: ``*emph*``, ``**strong**``, ``***both***``, ``=code=``, ``<em> <i> <strong> <b>
  <sup> <sub> <sc> <code> <verbatim> <del> <br>``, ``~~`` (no-break space) and links
  ``[[url][text]]`` / ``[[url]]``. Any script passes through; ``#lang`` is kept.
"""

from __future__ import annotations

import re

from ..model import (MAX_NESTING, BlockQuote, Code, CodeBlock, Emph, Essay, EssayMeta, Figure,
                     Heading, LineBreak, Link, ListBlock, Note, NoteRef, Notice, Para, ReadResult,
                     Rule, SmallCaps, Strong, Subscript, Superscript, Text, Verse, count_words,
                     plain_text)
from ._inline import merge, tidy

_DIRECTIVE = re.compile(r"^#([A-Za-z][\w-]*)(?:[ \t]+(.*))?$")
_HEADING = re.compile(r"^(\*{1,5})[ \t]+(\S.*)$")
_DEF = re.compile(r"^(\[(\d{1,4})\]|\{(\d{1,4})\})[ \t]+")
_BULLET = re.compile(r"^([ \t]+)([-*\u2022])[ \t]+")
_ORDERED = re.compile(r"^([ \t]+)(\d{1,4}|[a-hA-H]|[ivx]{1,5})\.[ \t]+")
_RULE = re.compile(r"^[ \t]*-{4,}[ \t]*$")
_ANCHOR = re.compile(r"^#[A-Za-z][\w-]*[ \t]*$")
_COMMENT = re.compile(r"^;(?:[ \t]|$)")
_IMAGE = re.compile(r"^\[\[([^\]\s]+\.(?:jpe?g|png|gif|svg|webp))\](?:\[([^\]]*)\])?\]$", re.I)
_BLOCK_TAG = re.compile(r"^<(quote|verse|example|center|right|biblio|play|comment|verbatim)>$")
_TOKEN = re.compile(
    r"<verbatim>(?P<verb>.*?)</verbatim>|<code>(?P<code>.*?)</code>"
    r"|\[\[(?P<url>[^\]\n]+?)\](?:\[(?P<label>[^\]\n]*?)\])?\]"
    r"|\[(?P<note>\d{1,4})\]|\{(?P<sec>\d{1,4})\}"
    r"|<(?P<close>/?)(?P<tag>em|i|strong|b|sup|sub|sc|del|u)>|(?P<br><br\s*/?>)"
    r"|(?<![\w=])=(?P<eq>[^\s=](?:[^=\n]*?[^\s=])?)=(?![\w=])"
    r"|(?P<stars>\*{1,3})(?!\*)|(?P<nbsp>~~)", re.S | re.I)
#: block tags whose content is parsed again (``_Blocks._tagged``): nested more than
#: ``MAX_NESTING`` deep, the inner ones are ignored and their content read in place
_NESTING_TAGS = ("quote", "center", "right", "biblio", "play")
#: inline tags that close one another (``<em>`` ... ``</i>``)
_SAME = {"em": ("em", "i"), "i": ("em", "i"), "strong": ("strong", "b"), "b": ("strong", "b")}
_TAGS = {"em": Emph, "i": Emph, "u": Emph, "strong": Strong, "b": Strong, "sup": Superscript,
         "sub": Subscript, "sc": SmallCaps, "del": None}


def read(text: str, *, path: str = "", keep_all: bool = False) -> ReadResult:
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    notices: list[Notice] = []
    directives, start = _header(lines)
    parser = _Blocks(notices)
    raw = parser.parse(lines[start:], start)
    notes_raw = parser.notes
    conv = _Converter(notes_raw)
    meta = _meta(directives, conv, path, notices)
    blocks = conv.blocks(raw)
    notes = conv.finish(notices)
    notices.extend(parser.drop_notices())
    flattened = {**parser.flattened, **conv.flattened}
    if flattened:
        what = ", ".join(f"{count:,} <{tag}>" for tag, count in flattened.items())
        notices.append(Notice("warning", f"tags nested more than {MAX_NESTING} deep were "
                              f"ignored, their text kept: {what}", path))
    essay = Essay(meta=meta, blocks=tuple(blocks), notes=tuple(notes), origin=path)
    return ReadResult(essay, tuple(notices))


# --------------------------------------------------------------------------- header


def _header(lines: list[str]) -> tuple[dict[str, str], int]:
    directives: dict[str, str] = {}
    key = ""
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    while i < len(lines) and lines[i].strip():
        m = _DIRECTIVE.match(lines[i].rstrip())
        if m:
            key = m.group(1).lower()
            directives[key] = (m.group(2) or "").strip()
        elif key and not lines[i].startswith("#"):
            directives[key] = (directives[key] + " " + lines[i].strip()).strip()
        else:
            break
        i += 1
    if not directives:
        return {}, 0
    return directives, i


def _meta(d: dict[str, str], conv: "_Converter", path: str, notices: list[Notice]) -> EssayMeta:
    def plain(key: str, links: bool = False) -> str:
        return _meta_text(conv.inlines(d.get(key, ""), notes=False), links).strip()

    title = plain("title")
    authors = _authors(plain("author"), plain("authors") or plain("sortauthors"))
    date = plain("date")
    if not date:
        pub = plain("pubdate")
        iso = re.match(r"^(\d{4}-\d{2}-\d{2})(?:[T ]|$)", pub)
        date = iso.group(1) if iso else pub
    return EssayMeta(title=title, subtitle=plain("subtitle"), authors=authors, date=date,
                     source=plain("source", True),
                     lang=_language(d.get("lang") or d.get("language") or ""),
                     translator=plain("translator"), description=plain("notes", True))


_LANG_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_NAME_JOIN = re.compile(r"\s*&\s*|\s+(?:and|und|et|и)\s+", re.I)


def _language(value: str) -> str:
    """``#lang``'s language code: its first word when that is one (amusewiki keeps "ru"
    out of "ru Перев. с французского"); ``""`` when there is none, so the text decides."""
    words = value.strip().split()
    if words and _LANG_CODE.match(words[0].strip(".,;")):
        return words[0].strip(".,;").replace("_", "-")
    return ""


def _authors(byline: str, index: str) -> tuple[str, ...]:
    """The authors, as amusewiki reads a header: the ``#author`` byline split into names,
    else the ``#authors`` / ``#SORTauthors`` index list."""
    byline = byline.strip()
    if byline and byline != "-":
        return _split_names(byline)
    index = index.strip()
    if not index or index == "-":
        return ()
    parts = re.split(r"\s*;\s*", index) if ";" in index else re.split(r"\s*,\s*", index)
    return tuple(dict.fromkeys(p.strip() for p in parts if re.search(r"\w", p)))


def _split_names(text: str) -> tuple[str, ...]:
    """``A; B``, ``A & B``, ``A and B``, ``A, B and C``: one name each; ``Kropotkin, Peter``
    (a catalogue form: one word on each side of the comma) stays one name."""
    if ";" in text:
        chunks = re.split(r"\s*;\s*", text)
    else:
        chunks = _NAME_JOIN.split(text)
        spread: list[str] = []
        for chunk in chunks:
            pieces = [p.strip() for p in chunk.split(",") if p.strip()]
            if len(pieces) > 1 and all(len(p.split()) >= 2 for p in pieces):
                spread.extend(pieces)
            else:
                spread.append(chunk)
        chunks = spread
    return tuple(dict.fromkeys(c.strip(" ,") for c in chunks if re.search(r"\w", c)))


def _meta_text(inlines, links: bool) -> str:
    out = []
    for node in inlines:
        if isinstance(node, Link) and links:
            label = plain_text(node.children)
            out.append(label if label == node.url else f"{label} ({node.url})")
        elif isinstance(node, Link):
            out.append(plain_text(node.children))
        else:
            out.append(plain_text((node,)))
    return "".join(out)


# --------------------------------------------------------------------------- blocks


class _Blocks:
    """Lines to raw blocks (text still unparsed); note definitions collected aside."""

    def __init__(self, notices: list[Notice]):
        self.notices = notices
        self.notes: dict[str, list] = {}
        self.drops: dict[str, list] = {}
        #: how many block tags enclose the lines being parsed
        self.depth = 0
        #: closing lines still to skip, for block tags ignored beyond the nesting cap
        self.skip_closing: dict[str, int] = {}
        #: tag -> how many were ignored beyond the nesting cap
        self.flattened: dict[str, int] = {}

    def drop(self, reason: str, text: str, line: int) -> None:
        """Count words left out (one notice per reason, made by ``drop_notices``)."""
        entry = self.drops.setdefault(reason, [0, 0, text.strip(), line])
        entry[0] += count_words(text)
        entry[1] += 1

    def drop_notices(self) -> list[Notice]:
        out = []
        for reason, (words, count, first, line) in self.drops.items():
            sample = " ".join(first.split())[:80]
            out.append(Notice("dropped", reason, f"{count} × e.g. {sample}" if count > 1
                              else sample, line, words))
        return out

    def parse(self, lines: list[str], offset: int) -> list:
        out: list = []
        i, n = 0, len(lines)
        while i < n:
            line = lines[i].rstrip()
            stripped = line.strip()
            if not stripped or _ANCHOR.match(line):
                i += 1
                continue
            if self.skip_closing.get(stripped):
                self.skip_closing[stripped] -= 1
                i += 1
                continue
            if _COMMENT.match(line):
                self.drop("Muse comment", line[1:], offset + i + 1)
                i += 1
                continue
            tag = _BLOCK_TAG.match(stripped)
            if tag:
                i = self._tagged(lines, i, tag.group(1), out, offset)
                continue
            if stripped == "{{{":
                j = _find(lines, i + 1, lambda s: s.strip() == "}}}")
                out.append(("code", "\n".join(lines[i + 1:j])))
                i = j + 1
                continue
            h = _HEADING.match(line)
            if h:
                out.append(("h", len(h.group(1)), h.group(2)))
                i += 1
                continue
            if _RULE.match(line):
                out.append(("rule",))
                i += 1
                continue
            d = _DEF.match(line)
            if d:
                i = self._definition(lines, i, d)
                continue
            if _BULLET.match(line) or _ORDERED.match(line):
                i = self._list(lines, i, out, offset)
                continue
            if line.startswith(">") and (len(line) == 1 or line[1] in " \t"):
                j = _find(lines, i, lambda s: not s.startswith(">"))
                out.append(("verse", [s[2:] for s in lines[i:j]]))
                i = j
                continue
            j = self._para_end(lines, i)
            text = " ".join(s.strip() for s in lines[i:j])
            indent = len(line) - len(line.lstrip(" \t"))
            img = _IMAGE.match(text)
            if img:
                out.append(("fig", img.group(1), img.group(2) or ""))
            elif 2 <= indent < 6:
                out.append(("quote", [("p", text)]))
            elif text.replace("\u00a0", "").strip():
                out.append(("p", text))
            i = j
        return out

    def _para_end(self, lines: list[str], i: int) -> int:
        j = i + 1
        while j < len(lines):
            s = lines[j].rstrip()
            if not s.strip() or _BLOCK_TAG.match(s.strip()) or _HEADING.match(s) \
                    or _DEF.match(s) or _COMMENT.match(s) or self.skip_closing.get(s.strip()):
                break
            j += 1
        return j

    def _tagged(self, lines: list[str], i: int, tag: str, out: list, offset: int) -> int:
        if tag in _NESTING_TAGS and self.depth >= MAX_NESTING:
            # too deep to parse again: the tag goes, its lines are read where they stand
            self.flattened[tag] = self.flattened.get(tag, 0) + 1
            self.skip_closing[f"</{tag}>"] = self.skip_closing.get(f"</{tag}>", 0) + 1
            return i + 1
        depth, j = 0, i
        while j < len(lines):
            s = lines[j].strip()
            if s == f"<{tag}>":
                depth += 1
            elif s == f"</{tag}>":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if j >= len(lines):
            self.notices.append(Notice("warning", f"<{tag}> is never closed", line=offset + i + 1))
        inner = lines[i + 1:j]
        if tag in ("example", "verbatim"):
            out.append(("code", "\n".join(inner)))
        elif tag == "verse":
            out.append(("verse", inner))
        elif tag == "comment":
            self.drop("Muse comment", "\n".join(inner), offset + i + 1)
        else:
            self.depth += 1
            blocks = self.parse(inner, offset + i + 1)
            self.depth -= 1
            if tag == "quote":
                out.append(("quote", blocks))
            else:
                out.extend(blocks)
        return j + 1

    def _definition(self, lines: list[str], i: int, d: re.Match) -> int:
        key = d.group(2) or "s" + d.group(3)
        j = self._para_end(lines, i)
        body = [("p", " ".join([lines[i][d.end():].strip()] + [s.strip() for s in lines[i + 1:j]]))]
        column = len(lines[i][:d.end()].expandtabs(8))
        while True:  # further paragraphs of the note are indented to where its text starts
            k = j
            while k < len(lines) and not lines[k].strip():
                k += 1
            if k >= len(lines) or k == j or _BULLET.match(lines[k]) or _ORDERED.match(lines[k]) \
                    or len(lines[k].expandtabs(8)) - len(lines[k].expandtabs(8).lstrip()) != column:
                break
            j = self._para_end(lines, k)
            body.append(("p", " ".join(s.strip() for s in lines[k:j])))
        if key in self.notes:
            text = " ".join(b[1] for b in body)
            self.notices.append(Notice("duplicate", f"footnote [{key}] defined twice; kept the first",
                                       text[:80], words=count_words(text)))
        else:
            self.notes[key] = body
        return j

    def _list(self, lines: list[str], i: int, out: list, offset: int) -> int:
        kind = _marker(lines[i])
        j = i + 1
        while j < len(lines):
            s = lines[j]
            if not s.strip():
                if j + 1 < len(lines) and _marker(lines[j + 1]) == kind:
                    j += 1
                    continue
                break
            other = _marker(s)
            if not s[:1].isspace() or _HEADING.match(s) or other and other != kind \
                    and other[1] <= kind[1]:
                break
            j += 1
        out.append(self._build_list(lines[i:j], offset + i))
        return j

    def _build_list(self, lines: list[str], offset: int):
        first = _BULLET.match(lines[0]) or _ORDERED.match(lines[0])
        indent = len(first.group(1).expandtabs(8))
        ordered = bool(_ORDERED.match(lines[0])) and not _BULLET.match(lines[0])
        start = int(first.group(2)) if ordered and first.group(2).isdigit() else 1
        items: list[list[str]] = []
        for line in lines:
            m = _BULLET.match(line) or _ORDERED.match(line)
            if m and len(m.group(1).expandtabs(8)) <= indent:
                items.append([" " * (m.end() - len(m.group(1)) + indent) + line[m.end():]])
            elif items and line.strip():
                items[-1].append(line)
        raw_items = []
        for item in items:
            text_lines: list[str] = []
            blocks: list = []
            k = 0
            while k < len(item):
                if k and (_BULLET.match(item[k]) or _ORDERED.match(item[k])):
                    if text_lines:
                        blocks.append(("p", " ".join(text_lines)))
                        text_lines = []
                    blocks.append(self._build_list(item[k:], offset))
                    break
                text_lines.append(item[k].strip())
                k += 1
            if text_lines:
                blocks.append(("p", " ".join(text_lines)))
            raw_items.append(blocks)
        return ("list", ordered, start, raw_items)


def _marker(line: str) -> tuple[str, int] | None:
    """("b" or "o", indent) for a list item line, else None."""
    m = _BULLET.match(line)
    if m:
        return "b", len(m.group(1).expandtabs(8))
    m = _ORDERED.match(line)
    return ("o", len(m.group(1).expandtabs(8))) if m else None


def _find(lines: list[str], i: int, stop) -> int:
    while i < len(lines) and not stop(lines[i]):
        i += 1
    return i


# --------------------------------------------------------------------------- inlines


class _Converter:
    """Raw blocks to model blocks, resolving note references against the definitions."""

    def __init__(self, notes_raw: dict[str, list]):
        self.notes_raw = notes_raw
        self.used: list[str] = []
        self._used: set[str] = set()
        self.levels: dict[int, int] = {}
        self.marks = "all"  # in a primary note only secondary marks; in a secondary one none
        self.unmatched: dict[str, None] = {}
        #: inline tags ignored beyond the nesting cap, and those of the current run whose
        #: closing tag is still to skip
        self.flattened: dict[str, int] = {}
        self._skip: dict[str, int] = {}

    def blocks(self, raw: list) -> list:
        stars = sorted({b[1] for b in _walk_headings(raw)})
        self.levels = {s: k + 1 for k, s in enumerate(stars)}
        return self._blocks(raw)

    def _blocks(self, raw: list) -> list:
        out: list = []
        for b in raw:
            kind = b[0]
            if kind == "p":
                inl = self.inlines(b[1])
                if inl:
                    out.append(Para(inl))
            elif kind == "h":
                out.append(Heading(self.levels.get(b[1], 1), self.inlines(b[2])))
            elif kind == "rule":
                out.append(Rule())
            elif kind == "code":
                out.append(CodeBlock(b[1]))
            elif kind == "fig":
                caption = self.inlines(b[2])
                out.append(Figure(b[1], caption, plain_text(caption)))
            elif kind == "quote":
                inner = self._blocks(b[1])
                if inner:
                    out.append(BlockQuote(tuple(inner)))
            elif kind == "verse":
                out.append(self._verse(b[1]))
            elif kind == "list":
                items = tuple(tuple(self._blocks(item)) for item in b[3])
                out.append(ListBlock(b[1], items, b[2]))
        return out

    def _verse(self, lines: list[str]) -> Verse:
        out: list[tuple] = []
        for line in lines:
            if line.strip():
                out.append(self.inlines(line))
            elif out and out[-1]:
                out.append(())
        while out and not out[-1]:
            out.pop()
        return Verse(tuple(out))

    def inlines(self, text: str, notes: bool = True) -> tuple:
        stack: list[tuple[str, list]] = [("", [])]
        pos = 0
        outer, self._skip = self._skip, {}
        for m in _TOKEN.finditer(text):
            stack[-1][1].append(Text(text[pos:m.start()]))
            pos = m.end()
            self._token(m, text, stack, notes)
        stack[-1][1].append(Text(text[pos:]))
        self._skip = outer
        while len(stack) > 1:  # unclosed markers are plain text
            marker, children = stack.pop()
            literal = marker if marker.startswith("*") else f"<{marker}>"
            stack[-1][1].extend([Text(literal)] + children)
        return tidy(stack[0][1])

    def _token(self, m: re.Match, text: str, stack: list, notes: bool) -> None:
        top = stack[-1][1]
        g = m.lastgroup
        if g in ("verb", "code"):
            top.append(Text(m.group(g)) if g == "verb" else Code(m.group(g)))
        elif g in ("url", "label"):
            url = m.group("url").strip()
            label = m.group("label")
            children = self.inlines(label, notes) if label else (Text(url),)
            top.append(Link(url, children or (Text(url),)))
        elif g in ("note", "sec"):
            key = m.group("note") or "s" + m.group("sec")
            allowed = self.marks == "all" or self.marks == "secondary" and g == "sec"
            if notes and allowed and key in self.notes_raw:
                if key not in self._used:
                    self._used.add(key)
                    self.used.append(key)
                top.append(NoteRef(key))
            else:
                if notes and allowed:
                    self.unmatched[key] = None
                top.append(Text(m.group(0)))
        elif g == "tag":
            self._tag(m.group("tag").lower(), bool(m.group("close")), m.group(0), stack)
        elif g == "br":
            top.append(LineBreak())
        elif g == "eq":
            top.append(Code(m.group("eq")))
        elif g == "nbsp":
            top.append(Text("\u00a0"))
        elif g == "stars":
            self._stars(m, text, stack)

    def _tag(self, tag: str, close: bool, literal: str, stack: list) -> None:
        family = _SAME.get(tag, (tag,))[0]
        if not close:
            if len(stack) > MAX_NESTING:  # too deep: the tag goes, its text stays
                self.flattened[tag] = self.flattened.get(tag, 0) + 1
                self._skip[family] = self._skip.get(family, 0) + 1
            else:
                stack.append((tag, []))
            return
        if self._skip.get(family):
            self._skip[family] -= 1
            return
        names = [s[0] for s in stack]
        same = _SAME.get(tag, (tag,))
        if not any(n in same for n in names[1:]):
            stack[-1][1].append(Text(literal))
            return
        while True:
            name, children = stack.pop()
            stack[-1][1].extend(_wrap(name, children))
            if name in same:
                return

    def _stars(self, m: re.Match, text: str, stack: list) -> None:
        run = m.group("stars")
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        open_idx = next((k for k in range(len(stack) - 1, 0, -1) if stack[k][0] == run), None)
        if open_idx is not None and not before.isspace():
            while len(stack) > open_idx:
                name, children = stack.pop()
                stack[-1][1].extend(_wrap(name, children))
        elif not after.isspace() and not before.isalnum():
            stack.append((run, []))
        else:
            stack[-1][1].append(Text(run))

    def finish(self, notices: list[Notice]) -> list[Note]:
        notes: list[Note] = []
        done: set[str] = set()
        defined = iter(self.notes_raw)  # read once: a key passed over stays done or used
        k = 0
        while True:
            while k < len(self.used):  # notes may mark secondary notes: the list grows
                key = self.used[k]
                if key not in done:
                    done.add(key)
                    notes.append(self._note(key))
                k += 1
            orphan = next((key for key in defined
                           if key not in done and key not in self._used), None)
            if orphan is None:
                break
            done.add(orphan)
            note = self._note(orphan)
            text = " ".join(plain_text(b.inlines) for b in note.blocks if isinstance(b, Para))
            notices.append(Notice("warning", f"note {_label(orphan)} has no mark in the text; "
                                  "kept after the other notes", text[:80]))
            notes.append(note)
        for key in self.unmatched:
            notices.append(Notice("warning", f"note mark {_label(key)} has no note; kept as text"))
        return notes

    def _note(self, key: str) -> Note:
        self.marks = "none" if key.startswith("s") else "secondary"
        blocks = tuple(self._blocks(self.notes_raw[key]))
        self.marks = "all"
        return Note(key, blocks)


def _label(key: str) -> str:
    return "{" + key[1:] + "}" if key.startswith("s") else f"[{key}]"


def _wrap(name: str, children: list) -> list:
    children_t = merge(children)
    if name == "*":
        return [Emph(children_t)]
    if name == "**":
        return [Strong(children_t)]
    if name == "***":
        return [Strong((Emph(children_t),))]
    kind = _TAGS.get(name)
    return [kind(children_t)] if kind else list(children_t)


def _walk_headings(raw: list):
    for b in raw:
        if b[0] == "h":
            yield b
        elif b[0] == "quote":
            yield from _walk_headings(b[1])
