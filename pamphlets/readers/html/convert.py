"""From a cleaned lxml.html tree to model blocks, without recursion.

The walk is post-order with an explicit stack: every element turns the pieces made by its
children (inlines, blocks and a few private markers) into its own pieces. Block containers
group runs of inlines into paragraphs; inline wrappers wrap runs; unknown elements pass
their pieces through. Nesting of the *model* is capped (``MAX_DEPTH``) so that later stages,
which may recurse, never meet a tree thousands of levels deep: beyond the cap, wrappers are
left out and their content kept.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from ...model import (CONTAINER_INLINES, BlockQuote, Code, CodeBlock, Emph, Figure, Heading,
                     LineBreak, Link, ListBlock, NoteRef, Notice, Para, Rule, SmallCaps, Strong,
                     Subscript, Superscript, Text, Verse, plain_text)
from .meta import clean
from .notes import PLACEHOLDER
from .parse import safe_href, url_scheme

MAX_DEPTH = 24
_WS = re.compile(r"[ \t\n\r\f]+")
_BLOCKS = (Para, Heading, BlockQuote, ListBlock, Verse, Figure, CodeBlock, Rule)
_WRAPPERS = {"em": Emph, "i": Emph, "cite": Emph, "dfn": Emph, "var": Emph,
             "strong": Strong, "b": Strong, "sup": Superscript, "sub": Subscript}
_CODE = {"code", "kbd", "samp", "tt"}
_CONTAINERS = {"html", "body", "div", "section", "article", "main", "header", "footer",
               "aside", "nav", "center", "address", "details", "summary", "hgroup",
               "fieldset", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption",
               "dl", "dd", "menu", "noframes", "search"}
_QUOTE_CLASSES = {"blockquot", "blockquote", "quote", "quotation", "epigraph", "pullquote"}
_VERSE_CLASSES = {"poem", "verse", "poetry", "lg", "stanza", "linegroup"}
_FIGURE_CLASSES = {"thumb", "figure", "figcenter", "figleft", "figright", "image",
                   "wp-caption", "illustration"}
_CAPTION_CLASSES = {"thumbcaption", "caption", "wp-caption-text", "figcaption"}
_ATTRIBUTION_CLASSES = {"author", "attribution", "signature", "source", "citation", "cite",
                        "right", "quote-author", "byline"}
_DASH = re.compile(r"^\s*(?:\u2014|\u2013|--|\u2015)\s*")


@dataclass
class _Line:
    inlines: tuple


@dataclass
class _Stanza:
    lines: list


@dataclass
class _Item:
    blocks: list


@dataclass
class _Caption:
    inlines: tuple


class Converter:
    """Turns elements into blocks; ``notices`` collects what it leaves out."""

    def __init__(self, base_url: str = "") -> None:
        #: the page's own address: relative links are made absolute against it
        self.base_url = base_url if base_url.lower().startswith(("http://", "https://")) else ""
        self.notices: list[Notice] = []

    # ------------------------------------------------------------------ the walk

    def blocks(self, root) -> list:
        return _group(self._pieces(root)[0])

    def _pieces(self, root) -> tuple[list, int]:
        """Post-order walk; returns the pieces of ``root`` and their model depth."""
        stack = [[root, iter(root), _text(root.text), 0]]
        result: tuple[list, int] = ([], 0)
        while stack:
            frame = stack[-1]
            el, children, pieces, depth = frame
            child = next(children, None)
            if child is not None:
                if not isinstance(child.tag, str):
                    pieces.extend(_text(child.tail))
                    continue
                leaf = self._leaf(child)
                if leaf is not None:
                    pieces.extend(leaf)
                    pieces.extend(_text(child.tail))
                else:
                    stack.append([child, iter(child), _text(child.text), 0])
                continue
            stack.pop()
            out, out_depth = self._finish(el, pieces, depth)
            if stack:
                parent = stack[-1]
                parent[2].extend(out)
                parent[2].extend(_text(el.tail))
                parent[3] = max(parent[3], out_depth)
            else:
                result = (out, out_depth)
        return result

    def _leaf(self, el) -> list | None:
        """Pieces for elements whose content is not walked, else ``None``."""
        tag = el.tag.lower()
        if tag == PLACEHOLDER:
            return [NoteRef(el.get("note", ""))]
        if tag == "br":
            return [LineBreak()]
        if tag == "hr":
            return [Rule()]
        if tag == "img":
            return self._image(el)
        if tag == "pre" and not _classes(el) & _VERSE_CLASSES:
            text = el.text_content().strip("\n")
            return [CodeBlock(text)] if text.strip() else []
        if tag in _CODE and not any(a.tag == "pre" for a in el.iterancestors()):
            return [Code(_WS.sub(" ", el.text_content()))] if el.text_content() else []
        return None

    # ------------------------------------------------------------------ per element

    def _finish(self, el, pieces: list, depth: int) -> tuple[list, int]:
        tag = el.tag.lower()
        classes = _classes(el)
        deep = depth >= MAX_DEPTH
        parent = el.getparent()
        if parent is not None and _is_verse(parent) and tag in ("span", "div", "p", "line", "l") \
                and not _is_verse(el):
            return [_Line(_tidy(_inlines_of(pieces)))], depth
        if _is_verse(el):
            return self._verse(el, pieces), depth
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            inlines = _tidy(tuple(Text(" ") if isinstance(p, LineBreak) else p
                                  for p in _inlines_of(pieces)))
            if not inlines:
                return [], depth
            return [Heading(int(tag[1]), inlines, _heading_id(el))], depth
        if tag == "p":
            return _group(pieces), depth
        if tag in _WRAPPERS or _is_smallcaps(el):
            cls = SmallCaps if _is_smallcaps(el) else _WRAPPERS[tag]
            return (pieces, depth) if deep else _wrap(cls, pieces, depth)
        if tag == "a":
            href = safe_href(el.get("href") or "")
            if not href or href.startswith("#") or deep:
                return pieces, depth
            href = self._absolute(href)
            title = _useful_title(clean(el.get("title") or ""), el.text_content(), href)
            return _wrap(lambda kids: Link(href, kids, title), pieces, depth)
        if tag == "blockquote" or (tag == "div" and classes & _QUOTE_CLASSES):
            return self._quote(el, pieces, depth)
        if tag in ("ul", "ol"):
            return self._list(el, pieces, depth)
        if tag == "li":
            return [_Item(_group(pieces))], depth
        if tag == "dt":
            return [Para(_tidy((Strong(tuple(_inlines_of(pieces))),)))], depth + 1
        if tag == "figure" or (tag == "div" and classes & _FIGURE_CLASSES):
            return self._figure(el, pieces), depth
        if tag == "figcaption" or classes & _CAPTION_CLASSES:
            return [_Caption(_tidy(_inlines_of(pieces)))], depth
        if tag in _CONTAINERS:
            return _group(pieces, keep_captions=True), depth
        return pieces, depth

    def _quote(self, el, pieces, depth):
        blocks = _group(pieces)
        if depth >= MAX_DEPTH:
            return blocks, depth
        attribution: tuple = ()
        last = el[-1] if len(el) else None
        if blocks and isinstance(blocks[-1], Para) and len(blocks) > 1:
            text = plain_text(blocks[-1].inlines)
            by_class = last is not None and isinstance(last.tag, str) and (
                last.tag in ("footer", "cite") or _classes(last) & _ATTRIBUTION_CLASSES)
            if by_class or (_DASH.match(text) and len(text) < 200):
                attribution = _strip_dash(blocks[-1].inlines)
                blocks = blocks[:-1]
        if not blocks and not attribution:
            return [], depth
        return [BlockQuote(tuple(blocks), attribution)], depth + 1

    def _list(self, el, pieces, depth):
        items: list[tuple] = []
        loose: list = []
        for piece in pieces:
            if isinstance(piece, _Item):
                if loose and _group(loose):
                    items.append(tuple(_group(loose)))
                loose = []
                items.append(tuple(piece.blocks))
            else:
                loose.append(piece)
        if loose and _group(loose):
            items.append(tuple(_group(loose)))
        items = [item for item in items if item]
        if not items:
            return [], depth
        if depth >= MAX_DEPTH:
            return [b for item in items for b in item], depth
        try:
            start = int(el.get("start", "1"))
        except ValueError:
            start = 1
        return [ListBlock(el.tag.lower() == "ol", tuple(items), start)], depth + 1

    def _verse(self, el, pieces) -> list:
        lines: list[tuple] = []
        for piece in pieces:
            if isinstance(piece, _Stanza):
                if lines and lines[-1]:
                    lines.append(())
                lines.extend(piece.lines)
                lines.append(())
            elif isinstance(piece, _Line):
                if piece.inlines:
                    lines.append(piece.inlines)
            elif isinstance(piece, Para):
                if lines and lines[-1]:
                    lines.append(())
                lines.extend(_split_lines(piece.inlines))
                lines.append(())
            elif isinstance(piece, _BLOCKS):
                continue
            else:
                lines.append(piece)  # a loose inline, joined below
        lines = _join_loose(lines)
        while lines and not lines[-1]:
            lines.pop()
        while lines and not lines[0]:
            lines.pop(0)
        if not lines:
            return []
        if "stanza" in _classes(el) and el.getparent() is not None and _is_verse(el.getparent()):
            return [_Stanza(lines)]
        return [Verse(tuple(lines))]

    def _figure(self, el, pieces) -> list:
        figures = [p for p in pieces if isinstance(p, Figure)]
        captions = [p for p in pieces if isinstance(p, _Caption)]
        caption = captions[0].inlines if captions else _tidy(_inlines_of(pieces))
        if len(figures) == 1:
            fig = figures[0]
            return [Figure(fig.src, caption or fig.caption, fig.alt)]
        if not figures:
            if caption:
                self.notices.append(Notice("dropped", "caption of an image that was left out",
                                           plain_text(caption)[:80]))
            return [b for b in _group([p for p in pieces if not isinstance(p, _Caption)])
                    if not isinstance(b, Para)]
        return _group(pieces)

    def _image(self, el) -> list:
        src = (el.get("src") or "").strip()
        alt = clean(el.get("alt") or "")
        scheme = url_scheme(src)
        if not src:
            return []
        if scheme == "data":
            if src[5:].lstrip().lower().startswith("image/"):
                return [Figure(src, (), alt)]
            self.notices.append(Notice("dropped", "data: URL that is not an image", alt))
            return []
        if scheme in ("http", "https") or src.startswith("//"):
            self.notices.append(Notice("warning", "remote image not fetched; left out", src[:120]))
            return []
        if scheme:
            self.notices.append(Notice("dropped", f"image with a '{scheme}:' address", src[:120]))
            return []
        return [Figure(src, (), alt)]


    def _absolute(self, href: str) -> str:
        """A site-relative link (``/wiki/Paper``) is useless in a book: resolve it."""
        if self.base_url and not urlsplit(href).scheme and not href.startswith("//"):
            return urljoin(self.base_url, href)
        if href.startswith("//"):
            return "https:" + href
        return href


# ---------------------------------------------------------------------- helpers


def _useful_title(title: str, text: str, href: str) -> str:
    """A link title that only repeats the link text or the page name (wikis) is dropped."""
    if not title:
        return ""
    key = title.casefold()
    page = unquote(urlsplit(href).path.rsplit("/", 1)[-1]).replace("_", " ").casefold()
    return "" if key in (clean(text).casefold(), page) else title


def _text(value) -> list:
    return [Text(value)] if value else []


def _classes(el) -> set[str]:
    return set((el.get("class") or "").lower().split())


def _is_verse(el) -> bool:
    return isinstance(el.tag, str) and el.tag.lower() in ("div", "pre", "p", "section") \
        and bool(_classes(el) & _VERSE_CLASSES)


def _is_smallcaps(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return bool(_classes(el) & {"smcap", "smallcaps", "small-caps", "sc", "smcp"}) or \
        "font-variant:small-caps" in style


def _heading_id(el) -> str:
    if el.get("id"):
        return el.get("id")
    for child in el.iter("span", "a"):
        if child.get("id"):
            return child.get("id")
    return ""


def _is_inline(piece) -> bool:
    return isinstance(piece, (Text, Emph, Strong, SmallCaps, Superscript, Subscript, Code,
                              Link, NoteRef, LineBreak))


def _inlines_of(pieces) -> tuple:
    out = []
    for piece in pieces:
        if _is_inline(piece):
            out.append(piece)
        elif isinstance(piece, (_Line, _Caption)):
            out.extend(piece.inlines)
        elif isinstance(piece, Para):
            if out:
                out.append(Text(" "))
            out.extend(piece.inlines)
    return tuple(out)


def _wrap(make, pieces, depth) -> tuple[list, int]:
    """Wrap each run of inlines in ``make``; other pieces pass through."""
    out: list = []
    run: list = []
    for piece in pieces + [None]:
        if piece is not None and _is_inline(piece):
            run.append(piece)
            continue
        if run:
            if any(not isinstance(p, Text) or p.text.strip() for p in run):
                out.append(make(tuple(run)))
            else:
                out.extend(run)
            run = []
        if piece is not None:
            out.append(piece)
    return out, depth + 1


def _group(pieces, keep_captions: bool = False) -> list:
    """Blocks only: runs of inlines become paragraphs; markers become their blocks.

    With ``keep_captions`` a caption marker is passed on (to a figure further up).
    """
    blocks: list = []
    run: list = []

    def flush():
        inlines = _tidy(tuple(run))
        if inlines and not all(isinstance(n, LineBreak) for n in inlines):
            blocks.append(Para(inlines))
        run.clear()

    for piece in pieces:
        if _is_inline(piece):
            run.append(piece)
            continue
        flush()
        if isinstance(piece, _BLOCKS):
            blocks.append(piece)
        elif isinstance(piece, _Item):
            blocks.extend(piece.blocks)
        elif isinstance(piece, _Caption) and keep_captions:
            blocks.append(piece)
        elif isinstance(piece, (_Line, _Caption)) and piece.inlines:
            blocks.append(Para(piece.inlines))
        elif isinstance(piece, _Stanza):
            blocks.append(Verse(tuple(piece.lines)))
    flush()
    return blocks


def _split_lines(inlines) -> list[tuple]:
    lines: list[tuple] = []
    current: list = []
    for node in inlines + (LineBreak(),):
        if isinstance(node, LineBreak):
            tidy = _tidy(tuple(current))
            if tidy:
                lines.append(tidy)
            current = []
        else:
            current.append(node)
    return lines


def _join_loose(lines: list) -> list:
    """Loose inlines in a poem (text with ``<br>``) become lines of their own."""
    out: list = []
    loose: list = []
    for item in lines + [None]:
        if item is not None and not isinstance(item, tuple):
            loose.append(item)
            continue
        if loose:
            out.extend(_split_lines(tuple(loose)))
            loose = []
        if item is not None:
            out.append(item)
    return out


def _strip_dash(inlines) -> tuple:
    if inlines and isinstance(inlines[0], Text):
        rest = _DASH.sub("", inlines[0].text)
        return ((Text(rest),) if rest else ()) + tuple(inlines[1:])
    return tuple(inlines)


def _tidy(inlines) -> tuple:
    """Collapse white space across the inline tree, trim the ends, drop empty wrappers."""
    state = [True]  # "the text so far ends in a space"
    out = _rstrip(_tidy_run(inlines, state))
    while out and isinstance(out[-1], LineBreak):
        out = _rstrip(out[:-1])
    return tuple(out)


def _tidy_run(nodes, state) -> list:
    out: list = []
    for node in nodes:
        if isinstance(node, Text):
            text = _WS.sub(" ", node.text)
            if state[0] and text.startswith(" "):
                text = text[1:]
            if not text:
                continue
            state[0] = text.endswith(" ")
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + text)
            else:
                out.append(Text(text))
        elif isinstance(node, LineBreak):
            if not out:
                continue
            out = _rstrip(out)
            out.append(node)
            state[0] = True
        elif isinstance(node, CONTAINER_INLINES):
            kids = _tidy_run(node.children, state)
            if not kids:
                continue
            if all(isinstance(k, Text) and not k.text.strip() for k in kids) and \
                    not isinstance(node, Link):
                out.extend(kids)
            else:
                out.append(dataclasses.replace(node, children=tuple(kids)))
        elif isinstance(node, NoteRef):
            # "old [2] and": a note mark belongs to the word before it ("old[2] and")
            if out and isinstance(out[-1], Text) and out[-1].text.endswith(" ") \
                    and out[-1].text.strip():
                out[-1] = Text(out[-1].text[:-1])
                state[0] = False
            out.append(node)
        else:
            if isinstance(node, Code) and node.text:
                state[0] = node.text.endswith(" ")
            out.append(node)
    return out


def _rstrip(nodes: list) -> list:
    while nodes:
        last = nodes[-1]
        if isinstance(last, Text):
            text = last.text.rstrip(" ")
            if text:
                nodes[-1] = Text(text)
                return nodes
            nodes.pop()
        elif isinstance(last, CONTAINER_INLINES):
            kids = _rstrip(list(last.children))
            if kids:
                nodes[-1] = dataclasses.replace(last, children=tuple(kids))
                return nodes
            nodes.pop()
        else:
            return nodes
    return nodes
