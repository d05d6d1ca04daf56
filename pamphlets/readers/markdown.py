"""The Markdown reader: CommonMark plus pandoc-style footnotes and YAML front matter.

The text is parsed by markdown-it-py (with mdit-py-plugins) and the token stream is
walked into the document model. Besides plain Markdown it copes with what essays copied
from static sites and wikis carry: raw HTML wrappers (dropped, their content kept), inline
HTML such as ``<abbr>`` (its text kept), Hugo shortcodes (``quotation`` becomes a block
quote, the rest are dropped or reduced to a name) and wiki leftovers (dropped). Every
thing dropped is reported as a ``Notice``.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import shlex
from dataclasses import dataclass, replace
from html.parser import HTMLParser

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ..errors import ReadError
from ..model import (
    CONTAINER_INLINES, BlockQuote, Code, CodeBlock, Emph, Essay, EssayMeta, Figure, Heading, LineBreak, Link,
    ListBlock, Note, NoteRef, Notice, Para, ReadResult, Rule, SmallCaps, Strong, Subscript,
    Superscript, Text, Verse, block_text, normalise_heading_levels, plain_text,
    title_from_path,
)

SHY = "\u00ad"
#: the prefix that marks a block quote's last paragraph as its attribution
ATTRIBUTION_PREFIX = "\u2014 "
#: HTML elements that wrap blocks; their tags are dropped and their content kept
BLOCK_TAGS = frozenset(
    "address article aside blockquote body center details dialog div dl figcaption figure "
    "footer header hgroup html main nav p section summary".split())
#: Hugo shortcodes that give a block structure (the rest are inline)
BLOCK_SHORTCODES = frozenset({"quotation", "quotecaption"})
_HEADING_ATTRS = re.compile(r"\s*\{#([^\s{}]+)[^{}]*\}\s*$")


# --------------------------------------------------------------------------- the parser


def _shortcode_rule(state, silent: bool) -> bool:
    """Inline rule: ``{{< name args >}}`` / ``{{% name %}}`` becomes one ``shortcode`` token."""
    src, pos = state.src, state.pos
    if not src.startswith("{{", pos) or pos + 2 >= state.posMax or src[pos + 2] not in "<%":
        return False
    end = src.find((">" if src[pos + 2] == "<" else "%") + "}}", pos + 3)
    if end < 0 or end + 3 > state.posMax:
        return False
    if not silent:
        token = state.push("shortcode", "", 0)
        token.content = src[pos + 3:end].strip()
    state.pos = end + 3
    return True


def _valid_link(url: str) -> bool:
    return not url.strip().lower().startswith(("javascript:", "vbscript:"))


@functools.cache
def parser() -> MarkdownIt:
    """The configured markdown-it parser (shared; parsing keeps its state in ``env``)."""
    md = (MarkdownIt("commonmark")
          .use(front_matter_plugin)
          .use(footnote_plugin, always_match_refs=True)
          .use(container_plugin, name="verse")
          .use(container_plugin, name="div", validate=lambda *args: True)
          .use(attrs_plugin)
          .use(attrs_block_plugin))
    # Footnote definitions stay where they are (we collect them ourselves, referenced or
    # not) and escaped characters stay separate tokens (so an escaped ``{`` is text).
    md.disable(["footnote_tail", "text_join"])
    md.inline.ruler.before("escape", "shortcode", _shortcode_rule)
    md.normalizeLink = lambda url: url  # keep URLs exactly as written
    md.validateLink = _valid_link
    return md


# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class _Mark:
    """A block boundary found inside inline content: an HTML wrapper tag or a shortcode."""

    name: str
    closing: bool
    attrs: tuple = ()


@dataclass(frozen=True)
class _Caption:
    inlines: tuple


@dataclass(frozen=True)
class _Image:
    src: str
    caption: tuple
    title: str


class _TagParser(HTMLParser):
    """Splits one tag (or a short HTML fragment) into (kind, name, attrs) events."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.events.append(("empty", tag, dict(attrs)))

    def handle_endtag(self, tag):
        self.events.append(("end", tag, {}))

    def handle_data(self, data):
        self.events.append(("data", data, {}))

    def handle_comment(self, data):
        self.events.append(("comment", data, {}))


def _html_events(fragment: str) -> list[tuple[str, str, dict]]:
    parser_ = _TagParser()
    parser_.feed(fragment)
    parser_.close()
    return parser_.events


def _small_caps(attrs: dict) -> bool:
    classes = (attrs.get("class") or "").split()
    return "smallcaps" in classes or "small-caps" in (attrs.get("style") or "")


def _parse_shortcode(content: str) -> tuple[str, bool, dict]:
    """``/name`` or ``name key="v" ...`` -> (name, closing, attributes)."""
    try:
        words = shlex.split(content)
    except ValueError:
        words = content.split()
    if not words:
        return "", False, {}
    name, closing = words[0], False
    if name.startswith("/"):
        name, closing = name[1:] or (words[1] if len(words) > 1 else ""), True
    attrs = {}
    for i, word in enumerate(words[1:]):
        key, sep, value = word.partition("=")
        attrs[key if sep else str(i)] = value if sep else key
    return name, closing, attrs


def tidy(inlines, *, trim: bool = True) -> tuple:
    """Merge adjacent text, drop empty text and empty containers; trim the ends if asked."""
    out: list = []
    for node in inlines:
        if isinstance(node, CONTAINER_INLINES):
            node = replace(node, children=tidy(node.children, trim=False))
            if not node.children and not isinstance(node, Link):
                continue
        elif isinstance(node, Text):
            if not node.text:
                continue
            if out and isinstance(out[-1], Text):
                prev = out[-1].text
                joint = node.text[1:] if prev.endswith(" ") and node.text.startswith(" ") else node.text
                out[-1] = Text(prev + joint)
                continue
        out.append(node)
    return tuple(_trim(out)) if trim else tuple(out)


def _trim(out: list) -> list:
    """Strip spaces at the ends and around line breaks (Markdown cannot keep them)."""
    for i, node in enumerate(out):
        if not isinstance(node, Text):
            continue
        text = node.text
        if i == 0 or isinstance(out[i - 1], LineBreak):
            text = text.lstrip(" \t\n")
        if i == len(out) - 1 or isinstance(out[i + 1], LineBreak):
            text = text.rstrip(" \t\n")
        out[i] = Text(text)
    out = [n for n in out if not (isinstance(n, Text) and not n.text)]
    while out and isinstance(out[0], LineBreak):
        out.pop(0)
    while out and isinstance(out[-1], LineBreak):
        out.pop()
    return out


def _strip_shy(inlines) -> tuple:
    out = []
    for node in inlines:
        if isinstance(node, Text):
            node = Text(node.text.replace(SHY, ""))
        elif isinstance(node, CONTAINER_INLINES):
            node = replace(node, children=_strip_shy(node.children))
        out.append(node)
    return tidy(out)


def _groups(tokens: list[Token]):
    """Yield (open, inner tokens, close) for nested pairs and (token, [], None) for leaves."""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.nesting != 1:
            yield tok, [], None
            i += 1
            continue
        depth, j = 1, i + 1
        while j < len(tokens) and depth:
            depth += tokens[j].nesting
            j += 1
        yield tok, tokens[i + 1:j - 1], tokens[j - 1]
        i = j


def _date(value) -> str:
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value).strip()
    if re.match(r"\d{4}-\d\d-\d\d[T ]", text):
        return text[:10]
    return text


def _names(value) -> tuple[str, ...]:
    if value in (None, ""):
        return ()
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or " ".join(str(v) for v in item.values())
        if str(item).strip():
            out.append(str(item).strip())
    return tuple(out)


# --------------------------------------------------------------------------- the reader


def read(text: str, *, path: str = "", keep_all: bool = False) -> ReadResult:
    """Read a Markdown essay; ``keep_all`` keeps wiki leftovers, shortcodes and unused notes."""
    return _Reader(path, keep_all).run(text)


class _Reader:
    def __init__(self, path: str, keep_all: bool) -> None:
        self.path = path
        self.keep_all = keep_all
        self.notices: list[Notice] = []
        self.line: int | None = None
        self.defined: set[str] = set()
        self.definitions: dict[str, tuple] = {}
        self.ref_order: list[str] = []
        self.env: dict = {}

    def notice(self, kind: str, reason: str, text: str = "") -> None:
        self.notices.append(Notice(kind, reason, text[:200], self.line))

    # ---- whole document

    def run(self, text: str) -> ReadResult:
        tokens = parser().parse(text, self.env)
        fields: dict = {}
        if tokens and tokens[0].type == "front_matter":
            fields = self.front_matter(tokens[0])
            tokens = tokens[1:]
        self.defined = {t.meta["label"] for t in tokens if t.type == "footnote_reference_open"}
        blocks = self.blocks(tokens)
        meta, blocks = self.meta(fields, blocks)
        essay = Essay(meta, tuple(blocks), self.notes(), origin=self.path)
        return ReadResult(essay, tuple(self.notices))

    def front_matter(self, token: Token) -> dict:
        try:
            data = yaml.safe_load(token.content)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark is not None else 1
            problem = getattr(exc, "problem", None) or "invalid YAML"
            raise ReadError(f"front matter: {problem}", path=self.path or None, line=line,
                            hint="fix the YAML between the '---' lines; quote values "
                                 "that contain ': ' or start with a special character") from exc
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise ReadError("front matter is not a list of 'key: value' lines",
                            path=self.path or None, line=1,
                            hint="write e.g. 'title: My essay' between the '---' lines")
        return {str(k).lower(): v for k, v in data.items()}

    def meta(self, fields: dict, blocks: list) -> tuple[EssayMeta, list]:
        def get(*keys) -> str:
            for key in keys:
                value = fields.get(key)
                if value not in (None, "", []):
                    return str(value).strip()
            return ""

        title = get("title")
        self.line = None
        heads = [i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.level == 1]
        if heads and (heads[0] == 0 or len(heads) == 1):
            first = plain_text(blocks[heads[0]].inlines).strip()
            if not title:
                title = first
                del blocks[heads[0]]
                self.notice("info", "title taken from the first heading", first)
            elif first == title and heads[0] == 0:
                del blocks[0]
                self.notice("duplicate", "first heading repeats the title", first)
        if not title and self.path:
            title = title_from_path(self.path)
            self.notice("warning", "no title found; using the file name", title)
        blocks = list(normalise_heading_levels(blocks))
        authors = _names(fields.get("author")) or _names(fields.get("authors"))
        date = fields.get("date")
        meta = EssayMeta(
            title=title, subtitle=get("subtitle"), authors=authors,
            date=_date(date) if date not in (None, "") else "",
            source=get("source", "url", "link"), lang=get("lang", "language") or "en",
            licence=get("licence", "license", "rights"), translator=get("translator"),
            description=get("description", "summary"))
        return meta, blocks

    def notes(self) -> tuple[Note, ...]:
        notes = [Note(label, self.definitions[label]) for label in self.ref_order
                 if label in self.definitions]
        for label, blocks in self.definitions.items():
            if label not in self.ref_order:
                text = " ".join(filter(None, (block_text(b) for b in blocks)))
                if self.keep_all:
                    notes.append(Note(label, blocks))
                    self.notice("warning", f"note [^{label}] is never referenced (kept)", text)
                else:
                    self.notice("warning", f"note [^{label}] is never referenced; left out", text)
        return tuple(notes)

    # ---- blocks

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
        return Heading(int(tok.tag[1]), _strip_shy(self.images_as_text(items)), str(anchor))

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

    # ---- inlines

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

    def note_ref(self, tok: Token) -> list:
        label = tok.meta.get("label")
        if label is None:  # an inline note ^[...]
            entry = self.env.get("footnotes", {}).get("list", {}).get(tok.meta["id"], {})
            label = f"inline-{tok.meta['id'] + 1}"
            inlines = tidy(self.images_as_text(self.inlines(entry.get("tokens", []), block=False)))
            self.definitions[label] = (Para(inlines),)
        elif label not in self.defined:
            self.notice("warning", f"note reference [^{label}] has no definition; kept as text")
            return [Text(f"[^{label}]")]
        if label not in self.ref_order:
            self.ref_order.append(label)
        return [NoteRef(label)]

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
