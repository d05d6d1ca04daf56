"""The Markdown writer: an ``Essay`` as pandoc-flavoured Markdown the Markdown reader reads back.

The contract is a fixed point: ``write_markdown(read(write_markdown(e)).essay)`` equals
``write_markdown(e)`` for any essay, and reading the output gives the essay back (with notes
numbered 1, 2, ... in order of first reference). To keep it, the writer escapes every
character of text that Markdown could take for markup, falls back to inline HTML
(``<em>``, ``<sup>``, ``<span class="smallcaps">``) where ``*`` would not parse, and writes
verse as a ``::: verse`` block with a hard break (``\\``) at the end of each line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

import yaml

from ..markdown_dialect import ATTRIBUTION_PREFIX, SHY, tidy
from ..model import (
    CONTAINER_INLINES, BlockQuote, Code, CodeBlock, Emph, Essay, EssayMeta, Figure, Heading,
    LineBreak, Link, ListBlock, NoteRef, Para, Rule, SmallCaps, Strong, Subscript, Superscript,
    Text, Verse,
)

_ALWAYS = set("\\`*[]<{~#^")
_ENTITY_AMP = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_START = re.compile(r"^(?:[-+=:>]|\d+[.)])")
_ID = re.compile(r"[^\s{}]+")
_HTML = {Emph: ("<em>", "</em>"), Strong: ("<strong>", "</strong>"),
         Superscript: ("<sup>", "</sup>"), Subscript: ("<sub>", "</sub>"),
         SmallCaps: ('<span class="smallcaps">', "</span>")}
_STARS = {Emph: "*", Strong: "**"}


def write_markdown(essay: Essay) -> str:
    """The essay as Markdown: YAML front matter, the body, then the note definitions."""
    writer = _Writer(essay)
    body = writer.blocks(essay.blocks)
    notes = writer.notes()
    parts = [front_matter(essay.meta), body, notes]
    return "\n\n".join(p for p in parts if p) + "\n"


def front_matter(meta: EssayMeta) -> str:
    """The metadata as a YAML block between ``---`` lines; empty fields are left out."""
    authors = [a.strip() for a in meta.authors if a.strip()]
    data = {
        "title": meta.title.strip(),
        "subtitle": meta.subtitle.strip(),
        "author": authors[0] if len(authors) == 1 else authors,
        "date": meta.date.strip(),
        "source": meta.source.strip(),
        "lang": meta.lang.strip() or "en",
        "translator": meta.translator.strip(),
        "licence": meta.licence.strip(),
        "description": meta.description.strip(),
    }
    data = {k: v for k, v in data.items() if v}
    text = yaml.safe_dump(data, allow_unicode=True, width=1_000_000, sort_keys=False)
    return "---\n" + text + "---"


# --------------------------------------------------------------------------- text


def escape(text: str) -> str:
    """Backslash-escape what Markdown could read as markup inside a line."""
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    out = []
    for i, ch in enumerate(text):
        if ch in _ALWAYS:
            out.append("\\" + ch)
        elif ch == "_":
            inside = 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()
            out.append("_" if inside else "\\_")
        elif ch == "&" and _ENTITY_AMP.match(text, i):
            out.append("\\&")
        else:
            out.append(ch)
    return "".join(out)


def _fix_line_starts(text: str) -> str:
    """Escape the start of each line that would otherwise begin a list, quote, heading..."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        found = _LINE_START.match(line)
        if found:
            cut = found.end() - 1
            lines[i] = line[:cut] + "\\" + line[cut:]
    return "\n".join(lines)


def _code_span(text: str) -> str:
    text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    runs = [len(r) for r in re.findall(r"`+", text)]
    ticks = "`" * (max(runs, default=0) + 1)
    pad = text.startswith("`") or text.endswith("`") or (
        text.startswith(" ") and text.endswith(" ") and text.strip(" "))
    return ticks + (f" {text} " if pad else text) + ticks


def _destination(url: str) -> str:
    """A link destination: bare when it can be, else in <...>; "&" before what reads as
    an entity is escaped last, so that its backslash is not escaped again."""
    url = url.replace("\n", " ").replace("\r", " ")
    if url and not any(c in url for c in " \t<>()\\"):
        return _ENTITY_AMP.sub("\\&", url)
    return "<" + _ENTITY_AMP.sub("\\&", re.sub(r"([<>\\])", r"\\\1", url)) + ">"


def _title(title: str) -> str:
    title = _ENTITY_AMP.sub("\\&", re.sub(r'(["\\])', r"\\\1", title.replace("\n", " ")))
    return f' "{title}"' if title else ""


def _indent(text: str, first: str, rest: str) -> str:
    lines = text.split("\n")
    return "\n".join([first + lines[0]] + [rest + line if line else line for line in lines[1:]])


# --------------------------------------------------------------------------- the writer


class _Writer:
    def __init__(self, essay: Essay) -> None:
        self.essay = essay
        self.notes_by_id = {n.id: n for n in essay.notes}
        self.numbers: dict[str, int] = {}
        levels = [b.level for b in essay.blocks if isinstance(b, Heading)]
        self.shift = 1 - min(levels) if levels else 0

    # ---- blocks

    def blocks(self, blocks) -> str:
        out: list[str] = []
        previous = None
        for block in blocks:
            text = self.block(block, previous)
            if text is None:
                continue
            out.append(text)
            previous = (block, text)
        return "\n\n".join(out)

    def block(self, block, previous) -> str | None:
        if isinstance(block, Para):
            text = self.inlines(block.inlines)
            return _fix_line_starts(text) if text else None
        if isinstance(block, Heading):
            level = min(max(block.level + self.shift, 1) + 1, 6)
            text = self.inlines(block.inlines, heading=True)
            anchor = f" {{#{block.id}}}" if _ID.fullmatch(block.id or "") else ""
            return ("#" * level + (" " + _fix_line_starts(text) if text else "") + anchor)
        if isinstance(block, BlockQuote):
            return self.quote(block)
        if isinstance(block, ListBlock):
            return self.list_(block, previous)
        if isinstance(block, Verse):
            return self.verse(block)
        if isinstance(block, Figure):
            caption = self.inlines(block.caption)
            return f"![{caption}]({_destination(block.src)}{_title(block.alt)})"
        if isinstance(block, CodeBlock):
            text = block.text.replace("\r\n", "\n").replace("\r", "\n")
            runs = [len(r) for r in re.findall(r"`+", text)]
            fence = "`" * max(3, max(runs, default=0) + 1)
            return fence + "\n" + text + ("\n" if text else "") + fence
        if isinstance(block, Rule):
            return "* * *"
        raise TypeError(f"not a block: {block!r}")

    def quote(self, block: BlockQuote) -> str:
        body = self.blocks(block.blocks)
        attribution = self.inlines(block.attribution)
        if attribution:
            line = _fix_line_starts(attribution)
            body = (body + "\n\n" if body else "") + ATTRIBUTION_PREFIX + line
        elif body and block.blocks and isinstance(block.blocks[-1], Para):
            last = body.rfind("\n\n") + 2 if "\n\n" in body else 0
            if body.startswith(ATTRIBUTION_PREFIX, last):
                body = body[:last] + "&#8212;" + body[last + 1:]
        if not body:
            return ">"
        return "\n".join("> " + line if line else ">" for line in body.split("\n"))

    def list_(self, block: ListBlock, previous) -> str:
        alternate = (previous is not None and isinstance(previous[0], ListBlock)
                     and previous[0].ordered == block.ordered
                     and previous[1][len(str(previous[0].start)):][:1] in (".", "-"))
        if not block.ordered:
            alternate = previous is not None and isinstance(previous[0], ListBlock) \
                and not previous[0].ordered and previous[1].startswith("-")
        loose = any(len(item) > 1 for item in block.items)
        out = []
        for i, item in enumerate(block.items):
            if block.ordered:
                marker = f"{block.start + i}{')' if alternate else '.'}"
            else:
                marker = "+" if alternate else "-"
            body = self.blocks(item)
            out.append(_indent(body, marker + " ", " " * (len(marker) + 1)) if body else marker)
        return ("\n\n" if loose else "\n").join(out)

    def verse(self, block: Verse) -> str | None:
        stanzas: list[list[str]] = [[]]
        for line in block.lines:
            text = _fix_line_starts(self.inlines(line))
            if text:
                stanzas[-1].append(text)
            elif stanzas[-1]:
                stanzas.append([])
        stanzas = [s for s in stanzas if s]
        if not stanzas:
            return None
        body = "\n\n".join("\\\n".join(s) for s in stanzas)
        return "::: verse\n" + body + "\n:::"

    def notes(self) -> str:
        out = []
        done = 0
        order = list(self.numbers)
        while done < len(order):
            note = self.notes_by_id[order[done]]
            done += 1
            body = self.blocks(note.blocks)
            label = f"[^{self.numbers[note.id]}]:"
            if body and not isinstance(note.blocks[0], Para):
                body = "\n" + body  # e.g. a code fence must start on a line of its own
            out.append(_indent(body, label + " ", "    ").replace(label + " \n", label + "\n")
                       if body else label)
            order = list(self.numbers)
        return "\n\n".join(out)

    # ---- inlines

    def inlines(self, nodes, *, heading: bool = False, in_link: bool = False,
                top: bool = True) -> str:
        """Inlines as Markdown; ``top`` for a whole line (its ends are trimmed)."""
        merged: list = []
        for node in tidy(_clean(nodes, heading), trim=top):
            if isinstance(node, Code) and merged and isinstance(merged[-1], Code):
                node = Code(merged.pop().text + node.text)  # Markdown cannot keep them apart
            merged.append(node)
        nodes = merged
        parts = [self.inline(node, heading, in_link) for node in nodes]
        for i, node in enumerate(nodes):
            if type(node) in _STARS and parts[i].startswith("<"):
                # "**Name (1-0):** text": stars parse next to punctuation when the
                # character outside them is a space or punctuation (CommonMark flanking)
                before = parts[i - 1][-1:] if i else ""
                after = parts[i + 1][:1] if i + 1 < len(parts) else ""
                inner = self.inlines(node.children, heading=heading, in_link=in_link, top=False)
                if _flanks(inner, before, after):
                    parts[i] = _STARS[type(node)] + inner + _STARS[type(node)]
            if type(node) in _STARS and parts[i].startswith("*"):
                before = parts[i - 1][-1:] if i else ""
                after = parts[i + 1][:1] if i + 1 < len(parts) else ""
                if "*" in (before, after):
                    parts[i] = self.html(node, heading, in_link)
            if isinstance(node, NoteRef) and i + 1 < len(parts) and parts[i + 1].startswith(":"):
                parts[i + 1] = "\\" + parts[i + 1]
            if parts[i].startswith("[") and i and _bare_bang(parts[i - 1]):
                parts[i - 1] = parts[i - 1][:-1] + "\\!"  # "![" would open an image
        return "".join(parts)

    def inline(self, node, heading: bool, in_link: bool) -> str:
        if isinstance(node, Text):
            return escape(node.text)
        if isinstance(node, Code):
            return _code_span(node.text) if node.text else ""
        if isinstance(node, LineBreak):
            return " " if heading else "\\\n"
        if isinstance(node, NoteRef):
            if node.note_id not in self.notes_by_id:
                return escape(f"[^{node.note_id}]")
            number = self.numbers.setdefault(node.note_id, len(self.numbers) + 1)
            return f"[^{number}]"
        if isinstance(node, Link):
            if in_link:
                return self.inlines(node.children, heading=heading, in_link=True, top=False)
            # a note reference cannot sit inside link text: it follows the link instead;
            # a link inside a link keeps only its text (tidied with the text around it)
            children, refs = _without_notes(_unlinked(node.children))
            inner = self.inlines(children, heading=heading, in_link=True, top=False)
            after = "".join(self.inline(ref, heading, False) for ref in refs)
            return f"[{inner}]({_destination(node.url)}{_title(node.title)})" + after
        if type(node) in _STARS:
            inner = self.inlines(node.children, heading=heading, in_link=in_link, top=False)
            if inner[:1].isalnum() and inner[-1:].isalnum():
                return _STARS[type(node)] + inner + _STARS[type(node)]
            return self.html(node, heading, in_link)
        if type(node) in _HTML:
            return self.html(node, heading, in_link)
        raise TypeError(f"not an inline: {node!r}")

    def html(self, node, heading: bool, in_link: bool) -> str:
        inner = self.inlines(node.children, heading=heading, in_link=in_link, top=False)
        start, end = _HTML[type(node)]
        return start + inner + end


def _punct(ch: str) -> bool:
    return bool(ch) and unicodedata.category(ch)[0] in "PS"


def _flanks(inner: str, before: str, after: str) -> bool:
    """Whether ``*inner*`` between ``before`` and ``after`` opens and closes emphasis."""
    if not inner or inner[0].isspace() or inner[-1].isspace() or "*" in (before, after):
        return False
    if "*" in inner.replace("\\*", ""):  # stars nested in stars: leave those to HTML
        return False
    if inner[0] in "*_\\" or inner[-1] in "*_\\":
        return False
    if _punct(inner[0]) and not (before == "" or before.isspace() or _punct(before)):
        return False
    if _punct(inner[-1]) and not (after == "" or after.isspace() or _punct(after)):
        return False
    return True


def _bare_bang(text: str) -> bool:
    """``text`` ends in a "!" that no backslash escapes."""
    if not text.endswith("!"):
        return False
    slashes = len(text[:-1]) - len(text[:-1].rstrip("\\"))
    return slashes % 2 == 0


def _clean(nodes, heading: bool) -> list:
    """Line ends in text become spaces; headings lose soft hyphens and line breaks."""
    out = []
    for node in nodes:
        if isinstance(node, Text):
            text = node.text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
            node = Text(text.replace(SHY, "") if heading else text)
        elif heading and isinstance(node, LineBreak):
            node = Text(" ")
        elif isinstance(node, CONTAINER_INLINES):
            node = replace(node, children=tuple(_clean(node.children, heading)))
        out.append(node)
    return out


def _unlinked(nodes) -> tuple:
    """The inlines with every link replaced by its text."""
    out: list = []
    for node in nodes:
        if isinstance(node, Link):
            out.extend(_unlinked(node.children))
        elif isinstance(node, CONTAINER_INLINES):
            out.append(replace(node, children=_unlinked(node.children)))
        else:
            out.append(node)
    return tuple(out)


def _without_notes(nodes) -> tuple[tuple, list]:
    """The inlines without their note references, and those references in order."""
    kept, refs = [], []
    for node in nodes:
        if isinstance(node, NoteRef):
            refs.append(node)
        elif isinstance(node, CONTAINER_INLINES):
            children, inner = _without_notes(node.children)
            kept.append(replace(node, children=children))
            refs.extend(inner)
        else:
            kept.append(node)
    return tuple(kept), refs
