"""From block tokens to model blocks, for the Markdown reader.

``read_blocks`` walks the token groups (``parse.groups``) and converts each with ``block``:
paragraphs (an image alone becomes a ``Figure``), headings (with a ``{#id}`` anchor),
block quotes (a last paragraph starting with ``ATTRIBUTION_PREFIX`` is the attribution),
lists, code, rules, HTML blocks, footnote definitions (stored in ``State.definitions``),
``::: verse`` and ``::: div`` containers. ``nest`` then turns the ``Mark`` boundaries left
by inline HTML wrappers and block shortcodes into block quotes (``quotation``,
``blockquote``, with a ``quotecaption`` as the attribution) or drops them and keeps their
content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token

from ...markdown_dialect import ATTRIBUTION_PREFIX, strip_shy, tidy
from ...model import BlockQuote, CodeBlock, Figure, Heading, LineBreak, ListBlock, Para, Rule, Text, Verse
from .inlines import InlineImage, Mark, images_as_text, read_inlines
from .parse import groups, html_events, parser
from .state import State, notice

_HEADING_ATTRS = re.compile(r"\s*\{#([^\s{}]+)[^{}]*\}\s*$")


@dataclass(frozen=True)
class _Caption:
    """The inlines of a ``quotecaption`` shortcode, until its block quote takes them."""

    inlines: tuple


def read_blocks(state: State, tokens: list[Token]) -> list:
    """The blocks of a flat token list; ``state.line`` follows each group's first line."""
    items: list = []
    for open_, inner, _close in list(groups(tokens)):
        if open_.map:
            state.line = open_.map[0] + 1
        items.extend(block(state, open_, inner))
    return nest(items)


def block(state: State, tok: Token, inner: list[Token]) -> list:
    """One token group (its open token and the tokens inside) as blocks and marks."""
    kind = tok.type
    if kind == "paragraph_open":
        return paragraph(state, inner[0].children or [])
    if kind == "heading_open":
        return [heading(state, tok, inner[0])]
    if kind == "blockquote_open":
        return [quote(state, inner)]
    if kind in ("bullet_list_open", "ordered_list_open"):
        items = tuple(tuple(read_blocks(state, sub)) for _o, sub, _c in groups(inner))
        start = tok.attrGet("start") if kind == "ordered_list_open" else None
        start = 1 if start is None else int(start)
        return [ListBlock(kind == "ordered_list_open", items, start)]
    if kind in ("fence", "code_block"):
        text = tok.content[:-1] if tok.content.endswith("\n") else tok.content
        return [CodeBlock(text)]
    if kind == "hr":
        return [Rule()]
    if kind == "html_block":
        return html_block(state, tok.content)
    if kind == "footnote_reference_open":
        label = tok.meta["label"]
        if label in state.definitions:
            notice(state, "duplicate", f"note [^{label}] is defined twice; the first is kept")
        else:
            state.definitions[label] = tuple(read_blocks(state, inner))
        return []
    if kind == "container_verse_open":
        return verse(state, inner)
    if kind == "container_div_open":
        return read_blocks(state, inner)
    if kind == "front_matter":
        notice(state, "dropped", "a second front matter block", tok.content)
        return []
    notice(state, "warning", f"unsupported Markdown element '{kind}' left out", tok.content)
    return []


def heading(state: State, tok: Token, inline: Token) -> Heading:
    """A heading; a trailing ``{#id}`` gives its anchor and soft hyphens are removed."""
    children = list(inline.children or [])
    anchor = tok.attrGet("id") or ""
    if children and children[-1].type == "text":
        found = _HEADING_ATTRS.search(children[-1].content)
        if found:
            anchor = anchor or found.group(1)
            last = Token("text", "", 0)
            last.content = children[-1].content[:found.start()]
            children[-1] = last
    items = read_inlines(state, children, block=False)
    return Heading(int(tok.tag[1]), strip_shy(images_as_text(state, items)), str(anchor))


def quote(state: State, inner: list[Token]) -> BlockQuote:
    """A block quote; a last paragraph starting with ``ATTRIBUTION_PREFIX`` is its attribution."""
    parts = list(groups(inner))
    attribution: tuple = ()
    if parts and parts[-1][0].type == "paragraph_open":
        children = parts[-1][1][0].children or []
        if children and children[0].type == "text" and children[0].content.startswith(ATTRIBUTION_PREFIX):
            first = Token("text", "", 0)
            first.content = children[0].content[len(ATTRIBUTION_PREFIX):]
            items = read_inlines(state, [first, *children[1:]], block=False)
            attribution = tidy(images_as_text(state, items))
            inner = [t for g in parts[:-1] for t in (g[0], *g[1], g[2]) if t is not None]
    return BlockQuote(tuple(read_blocks(state, inner)), attribution)


def verse(state: State, inner: list[Token]) -> list:
    """A ``::: verse`` container: one line per line break, a blank line between paragraphs."""
    lines: list[tuple] = []
    rest: list = []
    for open_, sub, _close in groups(inner):
        if open_.type != "paragraph_open":
            rest.extend(block(state, open_, sub))
            continue
        if lines:
            lines.append(())
        current: list = []
        items = read_inlines(state, sub[0].children or [], block=False, verse=True)
        for node in images_as_text(state, items):
            if isinstance(node, LineBreak):
                lines.append(tidy(current))
                current = []
            else:
                current.append(node)
        lines.append(tidy(current))
    return ([Verse(tuple(lines))] if lines else []) + rest


def paragraph(state: State, children: list[Token]) -> list:
    """A paragraph's inlines as paragraphs and figures, split at the marks (kept between)."""
    out: list = []
    run: list = []

    def flush():
        inlines = tidy(run)
        run.clear()
        if len(inlines) == 1 and isinstance(inlines[0], InlineImage):
            img = inlines[0]
            out.append(Figure(img.src, tidy(images_as_text(state, img.caption)), img.title))
        elif inlines:
            out.append(Para(tidy(images_as_text(state, inlines))))

    for item in read_inlines(state, children, block=True):
        if isinstance(item, Mark):
            flush()
            out.append(item)
        else:
            run.append(item)
    flush()
    return out


def html_block(state: State, content: str) -> list:
    """An HTML block: comments, scripts and styles dropped, ``<pre>`` as code, the rest as text."""
    stripped = content.lstrip()
    low = stripped.lower()
    if low.startswith("<!--"):
        notice(state, "dropped", "HTML comment", stripped)
        return []
    if low.startswith(("<script", "<style")):
        notice(state, "dropped", "script or style block", stripped)
        return []
    if low.startswith(("<pre", "<textarea")):
        text = "".join(e[1] for e in html_events(content) if e[0] == "data")
        return [CodeBlock(text.strip("\n"))]
    inline = parser().parseInline(content, state.env)[0]
    return paragraph(state, inline.children or [])


def nest(items: list) -> list:
    """Turn wrapper and shortcode marks into block quotes (or drop them)."""
    stack: list[tuple[Mark | None, list]] = [(None, [])]
    for item in items:
        if not isinstance(item, Mark):
            stack[-1][1].append(item)
        elif not item.closing:
            stack.append((item, []))
        else:
            depth = next((i for i in range(len(stack) - 1, 0, -1)
                          if stack[i][0].name == item.name), None)
            while depth is not None and len(stack) > depth:
                close(stack)
    while len(stack) > 1:
        close(stack)
    return [Para(b.inlines) if isinstance(b, _Caption) else b for b in stack[0][1]]


def close(stack: list) -> None:
    """Close the innermost mark: a caption, a block quote, or its content as it is."""
    mark, content = stack.pop()
    parent = stack[-1][1]
    if mark.name == "quotecaption":
        inlines: list = []
        for item in content:
            if isinstance(item, (Para, _Caption)):
                inlines.extend([Text(" "), *item.inlines])
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
