"""Blocks and inlines to (X)HTML fragments, shared by the PDF and EPUB writers.

The output is well-formed XML that is also valid HTML5, so one renderer serves WeasyPrint
and the EPUB's XHTML files. Everything from the essay is escaped here; templates receive
the result as ``Markup`` and insert it as it is. Where links point (notes, images) is the
caller's business, given through a ``Targets`` object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from markupsafe import Markup, escape

from ..model import (
    Block,
    BlockQuote,
    Code,
    CodeBlock,
    Emph,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    NoteRef,
    Para,
    Rule,
    SmallCaps,
    Strong,
    Subscript,
    Superscript,
    Text,
    Verse,
    iter_block_inlines,
    plain_text,
)
from . import anchors, breaks

SAFE_SCHEMES = ("http://", "https://", "mailto:")


@dataclass
class Targets:
    """Where note references, notes and images point, for one essay in one output."""

    #: prefix making ids unique in the book (``e3`` for the third essay)
    key: str
    #: href of a note body, from a note id
    note_href: Callable[[str], str]
    #: href of a note's first reference, from a note id (for the back-link)
    ref_href: Callable[[str], str]
    #: URL for an image source, or None to leave the figure out
    image_url: Callable[[str], str | None] = lambda src: None
    #: add EPUB 3 semantics (``epub:type``)
    epub: bool = False
    #: hand very long runs of text to WeasyPrint as short inline boxes (``LONG_RUN``);
    #: set for the parts the PDF is rendered from, not for the HTML or EPUB outputs
    short_runs: bool = False
    #: the print's typesetting aids: names and web addresses kept from hyphenation
    #: (``breaks.guard``), headings written in capitals marked ``caps``
    for_print: bool = False
    #: the essay's language (for print: whether a capital marks a name)
    lang: str = ""
    #: heading level of the essay's top sections (h2 when the essay title is h1)
    heading_base: int = 2
    #: how many references to each note were written so far
    seen_refs: dict[str, int] = field(default_factory=dict)

    def note_id(self, note_id: str) -> str:
        return anchors.note_id(self.key, note_id)

    def heading_id(self, ident: str) -> str:
        return anchors.heading_id(self.key, ident)

    def ref_id(self, note_id: str, count: int = 1) -> str:
        return anchors.ref_id(self.key, note_id, count)

    def count_refs(self, nodes: tuple[Block, ...]) -> None:
        """Count the note references in ``nodes`` as if they were written (for a part that
        starts later in the essay, so that repeated references keep their ids)."""
        for node in iter_block_inlines(nodes):
            if isinstance(node, NoteRef):
                self.seen_refs[node.note_id] = self.seen_refs.get(node.note_id, 0) + 1


def safe_url(url: str) -> str | None:
    """Links out of the book: web and mail only; anything else keeps its text, no link."""
    low = url.strip().lower()
    if low.startswith(SAFE_SCHEMES):
        return url.strip()
    return None


#: a run of text longer than ``LONG_RUN`` characters goes to WeasyPrint in pieces of about
#: ``LAYOUT_RUN``, each in a plain ``<span>`` (``Targets.short_runs``). WeasyPrint copies the
#: rest of a text box for every line it breaks, so one box of 500 KB (a paragraph with no
#: markup) takes time that grows with the square of its length; the pieces break into the
#: same lines, in time that grows with the length. Ordinary paragraphs are left alone.
LONG_RUN = 10000
LAYOUT_RUN = 2000


def _text(text: str, t: Targets, at_start: bool = False, closing: bool = False) -> Markup:
    if t.for_print:
        def out(piece: str, first: bool = True) -> Markup:
            return breaks.guard(piece, at_start and first, closing, t.lang)
    else:
        def out(piece: str, first: bool = True) -> Markup:
            return escape(piece)
    if not t.short_runs or len(text) <= LONG_RUN:
        return out(text)
    pieces = []
    start = 0
    while len(text) - start > LAYOUT_RUN:
        # cut after a space (or a zero-width space), so no word is split between boxes
        end = max(text.rfind(" ", start, start + LAYOUT_RUN),
                  text.rfind("\u200b", start, start + LAYOUT_RUN))
        end = end + 1 if end > start else start + LAYOUT_RUN
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return Markup("").join(Markup("<span>") + out(piece, k == 0) + Markup("</span>")
                           for k, piece in enumerate(pieces))


def _last_text(nodes: tuple[Inline, ...]) -> int | None:
    """Index of the text a paragraph ends with (only note references after it), if any."""
    for i in range(len(nodes) - 1, -1, -1):
        if isinstance(nodes[i], Text):
            return i if len(nodes[i].text) <= LONG_RUN else None
        if not isinstance(nodes[i], NoteRef):
            return None
    return None


def inlines(nodes: tuple[Inline, ...], t: Targets, at_start: bool = False,
            closing: int | None = None) -> Markup:
    """The HTML of a run. For print (``t.for_print``): ``at_start``, the run opens a
    paragraph (its first capital is no name); ``closing``, the index of the text node
    that ends the paragraph (its last word is not hyphenated); and a space before an
    element goes inside it (see the docstring of ``breaks``)."""
    if not t.for_print:
        return Markup("").join(_inline(n, t) for n in nodes)
    out: list[Markup] = []
    carry = ""
    for i, node in enumerate(nodes):
        following = nodes[i + 1] if i + 1 < len(nodes) else None
        if isinstance(node, Text):
            text = node.text
            if isinstance(following, _SPACE_TAKERS) and text[-1:].isspace():
                text = text.rstrip()
                carry = node.text[len(text):]
            out.append(_text(text, t, at_start, closing == i) if text else Markup(""))
            at_start = breaks.ends_sentence(node.text)
            continue
        piece = _inline(node, t)
        if carry:
            # into the element's own opening tag; a link printed as its bare text (no web
            # address) has none, so the space stays before it
            if isinstance(node, Link) and safe_url(node.url) is None:
                piece = escape(carry) + piece
            else:
                cut = piece.find(">") + 1
                piece = Markup(piece[:cut]) + carry + Markup(piece[cut:])
            carry = ""
        out.append(piece)
        at_start = at_start if isinstance(node, NoteRef) else False
    return Markup("").join(out)


#: elements a space before them moves into, for print (not code: its space is wider)
_SPACE_TAKERS = (Emph, Strong, SmallCaps, Link)


def _wrap(tag: str, nodes: tuple[Inline, ...], t: Targets, attrs: str = "") -> Markup:
    return Markup(f"<{tag}{attrs}>") + inlines(nodes, t) + Markup(f"</{tag}>")


def _inline(node: Inline, t: Targets) -> Markup:
    if isinstance(node, Text):
        return _text(node.text, t)
    if isinstance(node, Emph):
        return _wrap("em", node.children, t)
    if isinstance(node, Strong):
        return _wrap("strong", node.children, t)
    if isinstance(node, SmallCaps):
        return _wrap("span", node.children, t, ' class="smallcaps"')
    if isinstance(node, Superscript):
        return _wrap("sup", node.children, t)
    if isinstance(node, Subscript):
        return _wrap("sub", node.children, t)
    if isinstance(node, Code):
        return Markup("<code>") + escape(node.text) + Markup("</code>")
    if isinstance(node, LineBreak):
        return Markup("<br/>")
    if isinstance(node, Link):
        url = safe_url(node.url)
        if url is None:
            return inlines(node.children, t)
        return _wrap("a", node.children, t, Markup(' href="{}"').format(url))
    if isinstance(node, NoteRef):
        return note_ref(node.note_id, t)
    raise TypeError(f"unknown inline {node!r}")


def note_ref(note_id: str, t: Targets) -> Markup:
    count = t.seen_refs.get(note_id, 0) + 1
    t.seen_refs[note_id] = count
    epub = ' epub:type="noteref"' if t.epub else ""
    return Markup(
        '<a class="noteref" role="doc-noteref"{epub} id="{rid}" href="{href}">{label}</a>'
    ).format(epub=Markup(epub), rid=t.ref_id(note_id, count), href=t.note_href(note_id),
             label=note_id)


def blocks(nodes: tuple[Block, ...], t: Targets) -> Markup:
    return Markup("\n").join(block(b, t) for b in nodes)


def body(nodes: tuple[Block, ...], t: Targets, start: int = 0) -> Markup:
    """An essay's top-level blocks (``nodes`` begin at block ``start`` of the essay), each
    with its ``anchors.block_id`` unless it has its own (a heading's): the PDF's HTML and
    the EPUB share them, so the EPUB can mark where each printed page begins."""
    return Markup("\n").join(block(b, t, anchors.block_id(t.key, start + i))
                             for i, b in enumerate(nodes))


def _id(ident: str) -> Markup:
    return Markup(' id="{}"').format(ident) if ident else Markup("")


def block(node: Block, t: Targets, ident: str = "") -> Markup:
    """One block; ``ident`` is its id (a heading's own id comes first)."""
    at = _id(ident)
    if isinstance(node, Para) and t.for_print:
        return (Markup("<p{}>").format(at) + inlines(node.inlines, t, at_start=True,
                                                      closing=_last_text(node.inlines))
                + Markup("</p>"))
    if isinstance(node, Para):
        return _wrap("p", node.inlines, t, at)
    if isinstance(node, Heading):
        level = min(6, node.level + t.heading_base - 1)
        attrs = _id(t.heading_id(node.id)) if node.id else at
        if t.for_print and breaks.in_capitals(plain_text(node.inlines)):
            attrs += Markup(' class="caps"')
        return _wrap(f"h{level}", node.inlines, t, attrs)
    if isinstance(node, BlockQuote):
        inner = blocks(node.blocks, t)
        if node.attribution:
            inner += Markup('\n<p class="attribution">') + inlines(node.attribution, t) + Markup("</p>")
        return Markup("<blockquote{}>\n").format(at) + inner + Markup("\n</blockquote>")
    if isinstance(node, ListBlock):
        return _list(node, t, at)
    if isinstance(node, Verse):
        return _verse(node, t, at)
    if isinstance(node, Figure):
        return _figure(node, t, at)
    if isinstance(node, CodeBlock):
        return Markup("<pre{}><code>").format(at) + escape(node.text) + Markup("</code></pre>")
    if isinstance(node, Rule):
        return Markup('<hr class="break"{}/>').format(at)
    raise TypeError(f"unknown block {node!r}")


def _list(node: ListBlock, t: Targets, at: Markup = Markup("")) -> Markup:
    tag = "ol" if node.ordered else "ul"
    start = Markup(' start="{}"').format(node.start) if node.ordered and node.start != 1 else ""
    items = Markup("\n").join(
        Markup("<li>") + _item_body(item, t) + Markup("</li>") for item in node.items
    )
    return Markup(f"<{tag}{start}{at}>\n") + items + Markup(f"\n</{tag}>")


def _item_body(item: tuple[Block, ...], t: Targets) -> Markup:
    # A list item of one paragraph is written without <p>, so tight lists stay tight.
    if len(item) == 1 and isinstance(item[0], Para):
        return inlines(item[0].inlines, t)
    return blocks(item, t)


def _verse(node: Verse, t: Targets, at: Markup = Markup("")) -> Markup:
    stanzas: list[list[tuple[Inline, ...]]] = [[]]
    for line in node.lines:
        if line:
            stanzas[-1].append(line)
        elif stanzas[-1]:
            stanzas.append([])
    parts = []
    for stanza in stanzas:
        if not stanza:
            continue
        lines = Markup("\n").join(
            Markup('<span class="line">') + inlines(line, t) + Markup("</span>") for line in stanza
        )
        parts.append(Markup('<p class="stanza">') + lines + Markup("</p>"))
    return Markup('<div class="verse"{}>\n').format(at) + Markup("\n").join(parts) \
        + Markup("\n</div>")


def _figure(node: Figure, t: Targets, at: Markup = Markup("")) -> Markup:
    url = t.image_url(node.src)
    caption = inlines(node.caption, t) if node.caption else Markup("")
    if url is None:
        if not node.caption:
            return Markup("")
        # the image could not be used: keep its caption so no text is lost
        return Markup('<p class="caption"{}>').format(at) + caption + Markup("</p>")
    alt = node.alt or "".join(
        getattr(c, "text", "") for c in node.caption
    )
    img = Markup('<img src="{}" alt="{}"/>').format(url, alt)
    figcaption = Markup("<figcaption>") + caption + Markup("</figcaption>") if node.caption else ""
    return Markup("<figure{}>").format(at) + img + figcaption + Markup("</figure>")
