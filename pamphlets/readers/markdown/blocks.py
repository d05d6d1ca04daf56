"""From block tokens to model blocks, for the Markdown reader.

``BlockMixin`` is part of the reader class (``markdown._Reader``). ``blocks`` walks the
token groups (``_groups``) and converts each: paragraphs (an image alone becomes a
``Figure``), headings (with a ``{#id}`` anchor), block quotes (a last paragraph starting
with ``ATTRIBUTION_PREFIX`` is the attribution), lists, code, rules, HTML blocks, footnote
definitions (stored for the notes), ``::: verse`` and ``::: div`` containers. ``nest``
then turns the ``_Mark`` boundaries left by inline HTML wrappers and block shortcodes into
block quotes (``quotation``, ``blockquote``, with a ``quotecaption`` as the attribution)
or drops them and keeps their content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token

from ...markdown_dialect import ATTRIBUTION_PREFIX, strip_shy, tidy
from ...model import BlockQuote, CodeBlock, Figure, Heading, LineBreak, ListBlock, Para, Rule, Text, Verse
from .inlines import _Image, _Mark
from .parse import _groups, _html_events, parser

_HEADING_ATTRS = re.compile(r"\s*\{#([^\s{}]+)[^{}]*\}\s*$")


@dataclass(frozen=True)
class _Caption:
    inlines: tuple


class BlockMixin:
    """Block conversion (a part of ``markdown._Reader``)."""

    def blocks(self, tokens: list[Token]) -> list:
        items: list = []
        groups = list(_groups(tokens))
        for open_, inner, _close in groups:
            if open_.map:
                self.line = open_.map[0] + 1
            items.extend(self.block(open_, inner))
        return self.nest(items)

    def block(self, tok: Token, inner: list[Token]) -> list:
        kind = tok.type
        if kind == "paragraph_open":
            return self.paragraph(inner[0].children or [])
        if kind == "heading_open":
            return [self.heading(tok, inner[0])]
        if kind == "blockquote_open":
            return [self.quote(inner)]
        if kind in ("bullet_list_open", "ordered_list_open"):
            items = tuple(tuple(self.blocks(sub)) for _o, sub, _c in _groups(inner))
            start = tok.attrGet("start") if kind == "ordered_list_open" else None
            start = 1 if start is None else int(start)
            return [ListBlock(kind == "ordered_list_open", items, start)]
        if kind in ("fence", "code_block"):
            text = tok.content[:-1] if tok.content.endswith("\n") else tok.content
            return [CodeBlock(text)]
        if kind == "hr":
            return [Rule()]
        if kind == "html_block":
            return self.html_block(tok.content)
        if kind == "footnote_reference_open":
            label = tok.meta["label"]
            if label in self.definitions:
                self.notice("duplicate", f"note [^{label}] is defined twice; the first is kept")
            else:
                self.definitions[label] = tuple(self.blocks(inner))
            return []
        if kind == "container_verse_open":
            return self.verse(inner)
        if kind == "container_div_open":
            return self.blocks(inner)
        if kind == "front_matter":
            self.notice("dropped", "a second front matter block", tok.content)
            return []
        self.notice("warning", f"unsupported Markdown element '{kind}' left out", tok.content)
        return []

    def heading(self, tok: Token, inline: Token) -> Heading:
        children = list(inline.children or [])
        anchor = tok.attrGet("id") or ""
        if children and children[-1].type == "text":
            found = _HEADING_ATTRS.search(children[-1].content)
            if found:
                anchor = anchor or found.group(1)
                last = Token("text", "", 0)
                last.content = children[-1].content[:found.start()]
                children[-1] = last
        items = self.inlines(children, block=False)
        return Heading(int(tok.tag[1]), strip_shy(self.images_as_text(items)), str(anchor))

    def quote(self, inner: list[Token]) -> BlockQuote:
        groups = list(_groups(inner))
        attribution: tuple = ()
        if groups and groups[-1][0].type == "paragraph_open":
            children = groups[-1][1][0].children or []
            if children and children[0].type == "text" and children[0].content.startswith(ATTRIBUTION_PREFIX):
                first = Token("text", "", 0)
                first.content = children[0].content[len(ATTRIBUTION_PREFIX):]
                items = self.inlines([first, *children[1:]], block=False)
                attribution = tidy(self.images_as_text(items))
                inner = [t for g in groups[:-1] for t in (g[0], *g[1], g[2]) if t is not None]
        return BlockQuote(tuple(self.blocks(inner)), attribution)

    def verse(self, inner: list[Token]) -> list:
        lines: list[tuple] = []
        rest: list = []
        for open_, sub, _close in _groups(inner):
            if open_.type != "paragraph_open":
                rest.extend(self.block(open_, sub))
                continue
            if lines:
                lines.append(())
            current: list = []
            for node in self.images_as_text(self.inlines(sub[0].children or [], block=False, verse=True)):
                if isinstance(node, LineBreak):
                    lines.append(tidy(current))
                    current = []
                else:
                    current.append(node)
            lines.append(tidy(current))
        return ([Verse(tuple(lines))] if lines else []) + rest

    def paragraph(self, children: list[Token]) -> list:
        out: list = []
        run: list = []

        def flush():
            inlines = tidy(run)
            run.clear()
            if len(inlines) == 1 and isinstance(inlines[0], _Image):
                img = inlines[0]
                out.append(Figure(img.src, tidy(self.images_as_text(img.caption)), img.title))
            elif inlines:
                out.append(Para(tidy(self.images_as_text(inlines))))

        for item in self.inlines(children, block=True):
            if isinstance(item, _Mark):
                flush()
                out.append(item)
            else:
                run.append(item)
        flush()
        return out

    def html_block(self, content: str) -> list:
        stripped = content.lstrip()
        low = stripped.lower()
        if low.startswith("<!--"):
            self.notice("dropped", "HTML comment", stripped)
            return []
        if low.startswith(("<script", "<style")):
            self.notice("dropped", "script or style block", stripped)
            return []
        if low.startswith(("<pre", "<textarea")):
            text = "".join(e[1] for e in _html_events(content) if e[0] == "data")
            return [CodeBlock(text.strip("\n"))]
        inline = parser().parseInline(content, self.env)[0]
        return self.paragraph(inline.children or [])

    def nest(self, items: list) -> list:
        """Turn wrapper and shortcode marks into block quotes (or drop them)."""
        stack: list[tuple[_Mark | None, list]] = [(None, [])]
        for item in items:
            if not isinstance(item, _Mark):
                stack[-1][1].append(item)
            elif not item.closing:
                stack.append((item, []))
            else:
                depth = next((i for i in range(len(stack) - 1, 0, -1)
                              if stack[i][0].name == item.name), None)
                while depth is not None and len(stack) > depth:
                    self.close(stack)
        while len(stack) > 1:
            self.close(stack)
        return [Para(b.inlines) if isinstance(b, _Caption) else b for b in stack[0][1]]

    def close(self, stack: list) -> None:
        mark, content = stack.pop()
        parent = stack[-1][1]
        if mark.name == "quotecaption":
            inlines: list = []
            for block in content:
                if isinstance(block, (Para, _Caption)):
                    inlines.extend([Text(" "), *block.inlines])
            parent.append(_Caption(tidy(inlines)))
        elif mark.name in ("quotation", "blockquote"):
            captions = [b for b in content if isinstance(b, _Caption)]
            blocks = [b for b in content if not isinstance(b, _Caption)]
            if len(blocks) == 1 and isinstance(blocks[0], BlockQuote) and not blocks[0].attribution:
                blocks = list(blocks[0].blocks)
            attribution = captions[-1].inlines if captions else ()
            parent.append(BlockQuote(tuple(blocks), attribution))
        else:
            parent.extend(content)
