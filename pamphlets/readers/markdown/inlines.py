"""From inline tokens to model inlines, for the Markdown reader.

``read_inlines`` walks the tokens with an explicit stack of open frames (Markdown emphasis
and links, inline HTML elements) and builds the nodes when a frame closes (``pop_to``,
``make``). Inline HTML keeps its text (``<span class="smallcaps">`` becomes ``SmallCaps``,
``<img>`` its description); wiki category and wiki links are dropped or reduced to their
text; Hugo shortcodes become a name or are dropped; note references become ``NoteRef``
(``note_ref``). At paragraph level, block wrapper tags and block shortcodes are kept as
``Mark`` boundaries, and images as ``InlineImage``, for the block conversion to place;
``images_as_text`` turns what is left of them into text.

A frame is ``[kind, data, children]``: kind is "root", "md:<tag>" or "html:<tag>", data is
(url, title) for a link and ``None`` otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from markdown_it.token import Token

from ...markdown_dialect import tidy
from ...model import (
    CONTAINER_INLINES, Code, Emph, LineBreak, Link, NoteRef, Para, SmallCaps, Strong, Subscript,
    Superscript, Text, plain_text,
)
from .parse import html_events, parse_shortcode
from .state import State, notice

#: HTML elements that wrap blocks; their tags are dropped and their content kept
BLOCK_TAGS = frozenset(
    "address article aside blockquote body center details dialog div dl figcaption figure "
    "footer header hgroup html main nav p section summary".split())
#: Hugo shortcodes that give a block structure (the rest are inline)
BLOCK_SHORTCODES = frozenset({"quotation", "quotecaption"})


@dataclass(frozen=True)
class Mark:
    """A block boundary found inside inline content: an HTML wrapper tag or a shortcode."""

    name: str
    closing: bool
    attrs: tuple = ()


@dataclass(frozen=True)
class InlineImage:
    """An image met in a paragraph: a figure if it stands alone, else its description."""

    src: str
    caption: tuple
    title: str


def images_as_text(state: State, inlines) -> list:
    """Images replaced by their description (with a notice), marks left out."""
    out = []
    for node in inlines:
        if isinstance(node, InlineImage):
            notice(state, "warning", "image inside a line of text kept as its description", node.src)
            out.extend(images_as_text(state, node.caption))
        elif isinstance(node, Mark):
            continue
        elif isinstance(node, CONTAINER_INLINES):
            out.append(replace(node, children=tuple(images_as_text(state, node.children))))
        else:
            out.append(node)
    return out


def read_inlines(state: State, tokens: list[Token], *, block: bool, verse: bool = False) -> list:
    """Build inlines from tokens; at paragraph level (``block``) marks are kept too."""
    stack: list[list] = [["root", None, []]]
    for tok in tokens:
        kind = tok.type
        top = stack[-1][2]
        if kind in ("text", "text_special"):
            top.append(Text(tok.content))
        elif kind == "softbreak":
            top.append(LineBreak() if verse else Text(" "))
        elif kind == "hardbreak":
            top.append(LineBreak())
        elif kind == "code_inline":
            top.append(Code(tok.content))
        elif kind in ("em_open", "strong_open"):
            stack.append([f"md:{kind[:-5]}", None, []])
        elif kind in ("em_close", "strong_close"):
            pop_to(state, stack, f"md:{kind[:-6]}")
        elif kind == "link_open":
            stack.append(["md:link", (tok.attrGet("href") or "", tok.attrGet("title") or ""), []])
        elif kind == "link_close":
            pop_to(state, stack, "md:link")
        elif kind == "image":
            caption = tuple(read_inlines(state, tok.children or [], block=False))
            top.append(InlineImage(str(tok.attrGet("src") or ""), caption, str(tok.attrGet("title") or "")))
        elif kind == "footnote_ref":
            top.extend(note_ref(state, tok))
        elif kind == "html_inline":
            html_inline(state, stack, tok.content, block and len(stack) == 1)
        elif kind == "shortcode":
            shortcode(state, stack, tok.content, block and len(stack) == 1)
        else:
            notice(state, "warning", f"unsupported inline '{kind}' kept as text", tok.content)
            top.append(Text(tok.content))
    while len(stack) > 1:
        pop_to(state, stack, stack[-1][0])
    return stack[0][2]


def pop_to(state: State, stack: list, kind: str) -> None:
    """Close frames down to and including the innermost one of ``kind`` (if there is one)."""
    if not any(frame[0] == kind for frame in stack[1:]):
        return
    while True:
        frame_kind, data, children = stack.pop()
        stack[-1][2].extend(make(state, frame_kind, data, tuple(children)))
        if frame_kind == kind:
            return


def make(state: State, kind: str, data, children: tuple) -> list:
    """The nodes a closed frame becomes; an element with no meaning here keeps its children."""
    tag = kind.split(":", 1)[1]
    if tag in ("em", "i", "cite", "var"):
        return [Emph(children)]
    if tag in ("strong", "b"):
        return [Strong(children)]
    if tag == "sup":
        return [Superscript(children)]
    if tag == "sub":
        return [Subscript(children)]
    if tag == "smallcaps":
        return [SmallCaps(children)]
    if tag in ("code", "kbd", "samp", "tt"):
        return [Code(plain_text(children))]
    if tag in ("link", "a") and data is not None:
        return link(state, data[0], data[1], children)
    return list(children)


def link(state: State, url: str, title: str, children: tuple) -> list:
    """A link; wiki category links are dropped, wiki links keep only their text."""
    label = plain_text(_described(children))
    if url.startswith(("Category:", ":Category:")) or label.startswith("Category:"):
        notice(state, "dropped", "wiki category link", label)
        return [Text(label)] if state.keep_all else []
    if title == "wikilink":
        notice(state, "dropped", "wiki link (link removed, text kept)", label)
        return list(children)
    return [Link(url, children, title)]


def _described(inlines) -> list:
    """``inlines`` with each image as its description, for reading a label (no notice:
    the paragraph reports the image when it is written out)."""
    out = []
    for node in inlines:
        if isinstance(node, InlineImage):
            out.extend(_described(node.caption))
        elif isinstance(node, CONTAINER_INLINES):
            out.append(replace(node, children=tuple(_described(node.children))))
        elif not isinstance(node, Mark):
            out.append(node)
    return out


def _small_caps(attrs: dict) -> bool:
    classes = (attrs.get("class") or "").split()
    return "smallcaps" in classes or "small-caps" in (attrs.get("style") or "")


def html_inline(state: State, stack: list, content: str, at_block: bool) -> None:
    """Inline HTML: text kept, elements opened and closed as frames, wrappers as marks."""
    for event, name, attrs in html_events(content):
        if event == "comment":
            notice(state, "dropped", "HTML comment", content)
        elif name == "references":
            notice(state, "dropped", "wiki leftover <references />", content)
        elif event == "data":
            stack[-1][2].append(Text(name))
        elif name in BLOCK_TAGS:
            if at_block:
                stack[-1][2].append(Mark(name, event == "end"))
        elif name == "br":
            stack[-1][2].append(LineBreak())
        elif name == "wbr":
            continue
        elif name == "img":
            alt = attrs.get("alt") or ""
            notice(state, "warning", "inline HTML image kept as its description", attrs.get("src") or "")
            stack[-1][2].append(Text(alt))
        elif event == "start":
            tag = name
            if name == "span" and _small_caps(attrs):
                tag = "smallcaps"
            href = attrs.get("href")
            data = (href, attrs.get("title") or "") if name == "a" and href else None
            stack.append([f"html:{tag}", data, []])
        elif event == "end":
            kind = f"html:{name}"
            if name == "span":
                kind = next((f[0] for f in reversed(stack[1:])
                             if f[0] in ("html:span", "html:smallcaps")), kind)
            # an HTML end tag only closes a frame opened inside the same Markdown span
            for frame in reversed(stack[1:]):
                if frame[0] == kind:
                    pop_to(state, stack, kind)
                    break
                if frame[0].startswith("md:"):
                    break


def shortcode(state: State, stack: list, content: str, at_block: bool) -> None:
    """A Hugo shortcode: a mark if it gives a block, else its name, or nothing."""
    name, closing, attrs = parse_shortcode(content)
    if name in BLOCK_SHORTCODES:
        if at_block:
            stack[-1][2].append(Mark(name, closing, tuple(attrs.items())))
        return
    label = attrs.get("name") or " ".join(
        filter(None, (attrs.get("first-name"), attrs.get("last-name"))))
    if label and not closing:
        notice(state, "info", f"Hugo shortcode '{name}' replaced by its name", label)
        node = Emph((Text(label),)) if name == "cited-work" else Text(label)
        stack[-1][2].append(node)
    elif state.keep_all:
        notice(state, "info", "Hugo shortcode kept as text", content)
        stack[-1][2].append(Text("{{<" + content + ">}}"))
    else:
        notice(state, "dropped", "Hugo shortcode", "{{<" + content + ">}}")


def note_ref(state: State, tok: Token) -> list:
    """A ``footnote_ref`` token as a ``NoteRef``; the reference order is recorded.

    An inline note ``^[...]`` is read here and stored under a label of its own
    (``inline-1``, ...); a label with no definition is kept as text.
    """
    label = tok.meta.get("label")
    if label is None:  # an inline note ^[...]
        entry = state.env.get("footnotes", {}).get("list", {}).get(tok.meta["id"], {})
        label = f"inline-{tok.meta['id'] + 1}"
        inlines = read_inlines(state, entry.get("tokens", []), block=False)
        state.definitions[label] = (Para(tidy(images_as_text(state, inlines))),)
    elif label not in state.defined:
        notice(state, "warning", f"note reference [^{label}] has no definition; kept as text")
        return [Text(f"[^{label}]")]
    if label not in state.referenced:
        state.referenced.add(label)
        state.ref_order.append(label)
    return [NoteRef(label)]
