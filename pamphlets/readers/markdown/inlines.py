"""From inline tokens to model inlines, for the Markdown reader.

``InlineMixin`` is part of the reader class (``markdown._Reader``). ``inlines`` walks the
tokens with an explicit stack of open frames (Markdown emphasis and links, inline HTML
elements) and builds the nodes when a frame closes (``pop_to``, ``make``). Inline HTML keeps
its text (``<span class="smallcaps">`` becomes ``SmallCaps``, ``<img>`` its description);
wiki category and wiki links are dropped or reduced to their text; Hugo shortcodes become a
name or are dropped. At paragraph level, block wrapper tags and block shortcodes are kept as
``_Mark`` boundaries, and images as ``_Image``, for the block conversion to place.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from markdown_it.token import Token

from ...model import (
    CONTAINER_INLINES, Code, Emph, LineBreak, Link, SmallCaps, Strong, Subscript, Superscript, Text,
    plain_text,
)
from .parse import _html_events, _parse_shortcode

#: HTML elements that wrap blocks; their tags are dropped and their content kept
BLOCK_TAGS = frozenset(
    "address article aside blockquote body center details dialog div dl figcaption figure "
    "footer header hgroup html main nav p section summary".split())
#: Hugo shortcodes that give a block structure (the rest are inline)
BLOCK_SHORTCODES = frozenset({"quotation", "quotecaption"})


@dataclass(frozen=True)
class _Mark:
    """A block boundary found inside inline content: an HTML wrapper tag or a shortcode."""

    name: str
    closing: bool
    attrs: tuple = ()


@dataclass(frozen=True)
class _Image:
    src: str
    caption: tuple
    title: str


def _small_caps(attrs: dict) -> bool:
    classes = (attrs.get("class") or "").split()
    return "smallcaps" in classes or "small-caps" in (attrs.get("style") or "")


class InlineMixin:
    """Inline conversion (a part of ``markdown._Reader``)."""

    def images_as_text(self, inlines) -> list:
        out = []
        for node in inlines:
            if isinstance(node, _Image):
                self.notice("warning", "image inside a line of text kept as its description",
                            node.src)
                out.extend(self.images_as_text(node.caption))
            elif isinstance(node, _Mark):
                continue
            elif isinstance(node, CONTAINER_INLINES):
                out.append(replace(node, children=tuple(self.images_as_text(node.children))))
            else:
                out.append(node)
        return out

    def inlines(self, tokens: list[Token], *, block: bool, verse: bool = False) -> list:
        """Build inlines from tokens; at paragraph level (``block``) marks are kept too."""
        # frames: [kind, data, children]; kind "root", "md:<tag>" or "html:<tag>"
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
                self.pop_to(stack, f"md:{kind[:-6]}")
            elif kind == "link_open":
                stack.append(["md:link", (tok.attrGet("href") or "", tok.attrGet("title") or ""), []])
            elif kind == "link_close":
                self.pop_to(stack, "md:link")
            elif kind == "image":
                caption = tuple(self.inlines(tok.children or [], block=False))
                top.append(_Image(str(tok.attrGet("src") or ""), caption, str(tok.attrGet("title") or "")))
            elif kind == "footnote_ref":
                top.extend(self.note_ref(tok))
            elif kind == "html_inline":
                self.html_inline(stack, tok.content, block and len(stack) == 1)
            elif kind == "shortcode":
                self.shortcode(stack, tok.content, block and len(stack) == 1)
            else:
                self.notice("warning", f"unsupported inline '{kind}' kept as text", tok.content)
                top.append(Text(tok.content))
        while len(stack) > 1:
            self.pop_to(stack, stack[-1][0])
        return stack[0][2]

    def pop_to(self, stack: list, kind: str) -> None:
        """Close frames down to and including the innermost one of ``kind``."""
        if not any(frame[0] == kind for frame in stack[1:]):
            return
        while True:
            frame_kind, data, children = stack.pop()
            node = self.make(frame_kind, data, tuple(children))
            stack[-1][2].extend(node)
            if frame_kind == kind:
                return

    def make(self, kind: str, data, children: tuple) -> list:
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
            return self.link(data[0], data[1], children)
        return list(children)

    def link(self, url: str, title: str, children: tuple) -> list:
        label = plain_text(children)
        if url.startswith(("Category:", ":Category:")) or label.startswith("Category:"):
            self.notice("dropped", "wiki category link", label)
            return [Text(label)] if self.keep_all else []
        if title == "wikilink":
            self.notice("dropped", "wiki link (link removed, text kept)", label)
            return list(children)
        return [Link(url, children, title)]

    def html_inline(self, stack: list, content: str, at_block: bool) -> None:
        for event, name, attrs in _html_events(content):
            if event == "comment":
                self.notice("dropped", "HTML comment", content)
            elif name == "references":
                self.notice("dropped", "wiki leftover <references />", content)
            elif event == "data":
                stack[-1][2].append(Text(name))
            elif name in BLOCK_TAGS:
                if at_block:
                    stack[-1][2].append(_Mark(name, event == "end"))
            elif name == "br":
                stack[-1][2].append(LineBreak())
            elif name == "wbr":
                continue
            elif name == "img":
                alt = attrs.get("alt") or ""
                self.notice("warning", "inline HTML image kept as its description", attrs.get("src") or "")
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
                        self.pop_to(stack, kind)
                        break
                    if frame[0].startswith("md:"):
                        break

    def shortcode(self, stack: list, content: str, at_block: bool) -> None:
        name, closing, attrs = _parse_shortcode(content)
        if name in BLOCK_SHORTCODES:
            if at_block:
                stack[-1][2].append(_Mark(name, closing, tuple(attrs.items())))
            return
        label = attrs.get("name") or " ".join(
            filter(None, (attrs.get("first-name"), attrs.get("last-name"))))
        if label and not closing:
            self.notice("info", f"Hugo shortcode '{name}' replaced by its name", label)
            node = Emph((Text(label),)) if name == "cited-work" else Text(label)
            stack[-1][2].append(node)
        elif self.keep_all:
            self.notice("info", "Hugo shortcode kept as text", content)
            stack[-1][2].append(Text("{{<" + content + ">}}"))
        else:
            self.notice("dropped", "Hugo shortcode", "{{<" + content + ">}}")
