"""Parsing and sanitising HTML for the HTML reader.

``parse`` turns decoded text into an lxml.html tree. The text is re-encoded as UTF-8 and
the parser is told so, which makes a wrongly declared ``<meta charset>`` (or an XML
declaration) harmless. libxml2 refuses to nest deeper than a fixed limit and silently
drops everything after that point; when it reports this, the page is rebuilt with the
standard library's tokenizer, which has no depth limit (``_DeepBuilder``).

``sanitise`` is an allow-list pass over the tree: active content, forms, embedded
documents, SVG and metadata elements are removed with their content, event handlers and
unknown attributes are stripped, and ``javascript:`` (and similar) links lose their href.
It never recurses, so it is safe on any depth.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser as _Tokenizer

import lxml.etree as etree
import lxml.html

from ...model import count_words

#: elements removed together with everything inside them
DROP_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
    "input", "button", "select", "textarea", "option", "optgroup", "datalist", "base",
    "link", "meta", "svg", "math", "canvas", "audio", "video", "source", "track", "param",
    "noscript", "template", "dialog", "map", "area", "portal", "title", "head", "image",
})

#: elements replaced by their content: a whole page may sit inside a <form> (ASP.NET
#: sites do this); its controls go with DROP_WITH_CONTENT, the text inside stays
UNWRAP = frozenset({"form"})

#: elements whose text a browser does not show: they hold no words of the page
NOT_SHOWN = frozenset({"script", "style", "noscript", "template", "head", "title", "meta",
                       "link", "base"})

#: attributes the reader looks at; every other attribute is removed
KEEP_ATTRIBUTES = frozenset({
    "id", "name", "class", "href", "src", "alt", "title", "lang", "role", "style",
    "start", "datetime", "epub:type", "type", "colspan", "rowspan",
    "aria-describedby", "aria-controls",   # a note mark pointing to its pop-up note
})

#: URL schemes a link may keep (relative URLs and #fragments have no scheme)
SAFE_LINK_SCHEMES = ("http", "https", "mailto")

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                  "meta", "param", "source", "track", "wbr"})

_NOT_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_TAG_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_ATTR_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_.-]*$")


def parse(text: str) -> lxml.html.HtmlElement:
    """The document element of ``text``; raises ValueError when there is nothing to parse."""
    # characters XML cannot hold (C0 controls, lone surrogates) are noise in a page and
    # would make later edits of the tree fail, so they go before parsing
    text = _NOT_XML_CHARS.sub("", text)
    data = text.encode("utf-8", "replace")
    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True, remove_comments=True,
                                  remove_pis=True)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except etree.ParserError as exc:
        raise ValueError(str(exc) or "no HTML content") from exc
    if any("depth" in err.message.lower() for err in parser.error_log):
        root = _deep_parse(text)
    return root


#: how many elements deep a page may nest before the reader flattens it: every step after
#: parsing looks at each element's ancestors, so depth costs time; real pages stay far
#: below this (libxml2 itself stops at 256 without its huge-tree mode)
MAX_DEPTH = 256

#: elements that sit inside a line of text; every other element ends a paragraph when a
#: page is flattened
INLINE = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em",
    "font", "i", "ins", "kbd", "label", "mark", "nobr", "q", "s", "samp", "small", "span",
    "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "br", "img",
})


def flatten_deep(root) -> int:
    """Flatten what is nested more than ``MAX_DEPTH`` elements deep into paragraphs of its
    text (images and line breaks kept); return how many elements went (0 for a page of
    ordinary depth, which is left untouched)."""
    from .._deep import flatten_below

    return flatten_below(root, MAX_DEPTH, is_block=lambda name: name not in INLINE,
                         keep=lambda name: name in ("img", "br", "hr"), paragraph="p")


def url_scheme(url: str) -> str:
    """The lower-case scheme of ``url`` ('' for relative URLs), ignoring blanks inside it."""
    compact = "".join(ch for ch in url if ch > " ").lower()
    head, sep, _ = compact.partition(":")
    if not sep or "/" in head or "?" in head or "#" in head:
        return ""
    return head


def safe_href(url: str) -> str:
    """``url`` if a reader of the booklet may follow it, else ''."""
    url = url.strip()
    scheme = url_scheme(url)
    if not url or (scheme and scheme not in SAFE_LINK_SCHEMES):
        return ""
    return url


def remove(el) -> None:
    """Remove ``el`` and its content, keeping the text that follows it (its tail)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def unwrap(el) -> None:
    """Replace ``el`` by its content (text and children), keeping its tail."""
    parent = el.getparent()
    if parent is None:
        return
    index = parent.index(el)
    lead = el.text or ""
    if lead:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + lead
        else:
            parent.text = (parent.text or "") + lead
    children = list(el)
    last_tail = el.tail or ""
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    if children:
        children[-1].tail = (children[-1].tail or "") + last_tail
    elif last_tail:
        prev = parent[index - 1] if index > 0 else None
        if prev is not None and prev is not el:
            prev.tail = (prev.tail or "") + last_tail
        else:
            parent.text = (parent.text or "") + last_tail
    parent.remove(el)


def visible_text(text: str) -> str:
    """The text a browser shows of the page's body: what the import report counts as the
    page's words (scripts, styles and the head are not words of the page)."""
    root = parse(text)
    etree.strip_elements(root, *NOT_SHOWN, with_tail=False)
    body = root.find("body")
    return (body if body is not None else root).text_content()


def element_words(el) -> int:
    """Words a browser shows inside ``el`` (nothing inside elements it does not show)."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag.rsplit("}", 1)[-1].lower() in NOT_SHOWN:
        return 0
    total = count_words(el.text_content())
    for hidden in el.iter(*NOT_SHOWN):
        if hidden is not el:
            total -= count_words(hidden.text_content())
    return max(0, total)


def sanitise(root) -> list[tuple[str, int]]:
    """Make the tree safe in place; returns what was removed: a short description and
    the words it held, for each element."""
    removed: list[tuple[str, int]] = []
    doomed = []
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        local = tag.rsplit("}", 1)[-1].lower()
        if not tag or local in DROP_WITH_CONTENT or local in UNWRAP:
            doomed.append(el)
            continue
        for name in list(el.attrib):
            low = name.lower()
            if low.startswith("on") or low not in KEEP_ATTRIBUTES:
                del el.attrib[name]
        href = el.get("href")
        if href is not None and not href.strip().startswith("#") and not safe_href(href):
            del el.attrib["href"]
            removed.append((f"unsafe link target ({url_scheme(href) or 'empty'})", 0))
    for el in doomed:
        if el.getparent() is not None and _attached(el, root):
            tag = el.tag if isinstance(el.tag, str) else "comment"
            if tag in UNWRAP:
                unwrap(el)
                continue
            if tag not in ("head", "title", "meta", "link"):
                removed.append((tag, element_words(el)))
            if tag in VOID:
                # void elements hold nothing; whatever the parser nested in them
                # (libxml2 does so after <embed>) is the rest of the page
                unwrap(el)
            else:
                remove(el)
    return removed


def _attached(el, root) -> bool:
    """Whether ``el`` is still in the tree under ``root`` (an ancestor may be gone)."""
    for anc in el.iterancestors():
        if anc is root:
            return True
    return el is root


class _DeepBuilder(_Tokenizer):
    """Builds an lxml.html tree from tokens, without a nesting limit (fallback only)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = lxml.html.document_fromstring("<html><body></body></html>")
        self.stack = [self.root.body]

    def handle_starttag(self, tag, attrs):
        if not _TAG_NAME.match(tag) or tag in ("html", "body", "head"):
            return
        el = etree.SubElement(self.stack[-1], tag)
        for name, value in attrs:
            if _ATTR_NAME.match(name):
                el.set(name, _NOT_XML_CHARS.sub("", value or ""))
        if tag not in VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and len(self.stack) > 1 and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        data = _NOT_XML_CHARS.sub("", data)
        parent = self.stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data


def _deep_parse(text: str):
    builder = _DeepBuilder()
    builder.feed(text)
    builder.close()
    return builder.root
