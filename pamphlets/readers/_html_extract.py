"""Taking the article out of the page: content container, chrome, Project Gutenberg noise.

The rules are explicit (see ``docs/html-extraction.md`` for why, measured against
trafilatura and readability-lxml): a known content container is preferred, else the
element with the densest paragraph text; then navigation, edit links, infoboxes, hatnotes,
tables of contents, share buttons and similar chrome are removed. Elements that hold
footnotes are never removed as chrome, because the notes must survive.

Every function works in place on a sanitised lxml.html tree and walks it without
recursion. Each drop is reported as ``Notice(kind="dropped")``; with ``keep_all`` the
boilerplate blocks are left in the body (the notices are still listed).
"""

from __future__ import annotations

import re

from ..model import Notice, count_words
from ._html_meta import clean
from ._html_parse import remove

#: content containers, most specific first (XPath)
CONTAINERS = (
    "//*[@id='mw-content-text']",
    "//*[@itemprop='articleBody']",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' post-content ')]",
    "//article",
    "//main",
    "//*[@role='main']",
    "//*[@id='content']",
    "//*[@id='thework']",
)

#: chrome removed wherever it appears inside the container (XPath, relative)
_CLASSES = ("navbox", "mw-editsection", "infobox", "hatnote", "noprint", "catlinks",
            "printfooter", "mw-jump", "toc", "sharedaddy", "share", "sharing", "social",
            "share-buttons", "related-posts", "comments", "comment-respond", "breadcrumbs",
            "metadata", "mbox-small", "navbar", "sidebar", "advertisement", "ad", "magnify",
            "reference-accessdate-hidden", "Z3988", "mw-empty-elt", "skip-link", "sr-only",
            "screen-reader-text", "visually-hidden", "cookie-banner", "newsletter", "byline",
            "post-meta", "entry-meta", "amw-bookbuilder", "bookbuilder", "subscribe",
            "related", "post-tags", "tags", "donate", "author-box", "author-bio",
            "print-button", "share-links")
CHROME = (
    ["//nav", "//aside[not(@role='doc-footnote' or @role='doc-endnote')]",
     "//header[not(ancestor::blockquote)]", "//footer[not(ancestor::blockquote)]",
     "//*[@role='navigation' or @role='banner' or @role='contentinfo' or @role='search']",
     "//*[@id='toc' or @id='catlinks' or @id='siteSub' or @id='contentSub' or @id='jump-to-nav'"
     " or @id='mw-navigation' or @id='mw-panel' or @id='footer' or @id='comments']",
     "//*[@hidden]", "//*[@aria-hidden='true']",
     "//*[contains(translate(@style, ' ', ''), 'display:none')]"]
    + [f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]" for name in _CLASSES]
)

_PAGENUM = re.compile(r"^\s*\[?\s*(?:pg|page|p)\.?\s*[ivxlcdm\d]+\s*\]?\s*$", re.I)
_CONTENTS = re.compile(r"^(?:table of )?contents\.?:?$", re.I)
_THE_END = re.compile(r"^(?:the )?end\.?$|^finis\.?$", re.I)
_BACK_MATTER = re.compile(r"advertisement|transcriber|by the same author|catalogue|"
                          r"sound money|works by|also published|new books|publisher",
                          re.I)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _text_len(el) -> int:
    return len(clean(el.text_content()))


def find_container(root, body):
    """The element holding the article: a known container, else the densest one."""
    total = max(_text_len(body), 1)
    for xpath in CONTAINERS:
        found = [el for el in root.xpath(xpath) if _text_len(el) >= min(200, total // 4)]
        if found:
            return max(found, key=_text_len) if xpath in ("//article", "//main") else found[0]
    return _densest(body, total)


def _densest(body, total: int):
    """Text-density fallback: the block that gathers the most paragraph text."""
    scores: dict = {}
    for p in body.iter("p", "pre", "blockquote", "li"):
        length = _text_len(p)
        if length < 25:
            continue
        parent = p.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0) + length
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0) + length // 2
    if not scores:
        return body
    best = max(scores, key=scores.get)
    return best if _text_len(best) >= 0.5 * total else body


def protected(root) -> set:
    """Footnote containers and everything above them: never removed as chrome."""
    keep = set()
    for el in note_containers(root):
        keep.add(el)
        keep.update(el.iterancestors())
    return keep


def note_containers(root) -> list:
    found = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        classes = set((el.get("class") or "").split())
        role = el.get("role") or el.get("epub:type") or ""
        if classes & {"footnotes", "references", "footnote", "endnotes", "reflist"} or \
                role in ("doc-endnotes", "doc-footnote", "doc-endnote", "footnotes",
                         "footnote", "endnotes"):
            found.append(el)
    return found


def remove_chrome(container, keep: set, notices: list[Notice]) -> None:
    doomed = []
    for xpath in CHROME:
        for el in container.xpath("." + xpath):
            if el is not container and el not in keep:
                doomed.append(el)
    seen = set()
    for el in doomed:
        if el in seen or el.getparent() is None:
            continue
        seen.add(el)
        text = clean(el.text_content())
        remove(el)
        if text:
            notices.append(Notice("dropped", "page chrome", text[:80], words=count_words(text)))


def remove_pagenums(container) -> tuple[int, int]:
    """Drop page-number markers (``span.pagenum``), rejoining the words around them;
    returns how many went and the words they held (``Pg 12`` is two)."""
    doomed = []
    for el in container.iter("span", "a", "div"):
        classes = set((el.get("class") or "").lower().split())
        if classes & {"pagenum", "pageno", "page-number", "pagenumber"} or (
                el.tag == "span" and _PAGENUM.match(el.text_content() or "")
                and ("pag" in " ".join(classes) or el.find("a") is not None)):
            doomed.append(el)
    words = 0
    for el in doomed:
        if el.getparent() is not None:
            words += count_words(el.text_content())
            remove(el)
    return len(doomed), words


def rejoin_drop_caps(container) -> int:
    """A drop-cap image whose letter is only its ``alt`` is put back before its paragraph."""
    joined = 0
    for img in list(container.iter("img")):
        letter = (img.get("alt") or "").strip()
        if not (1 <= len(letter) <= 2 and letter[-1:].isalpha() and letter[-1:].isupper()):
            continue
        para = _next_paragraph(img)
        if para is None:
            continue
        lead = (para.text or "").lstrip()
        if lead and not lead[0].islower():
            continue
        para.text = letter + lead
        wrapper = img.getparent()
        remove(img)
        if wrapper is not None and wrapper.tag == "div" and not _text_len(wrapper) \
                and len(wrapper) == 0:
            remove(wrapper)
        joined += 1
    return joined


def _next_paragraph(img):
    """The ``p`` right after the image (or its wrapper), or ``None``."""
    node = img
    for _ in range(3):
        if node.tail and node.tail.strip():
            return None
        nxt = node.getnext()
        if nxt is not None:
            return nxt if nxt.tag == "p" else None
        node = node.getparent()
        if node is None or node.tag == "p":
            return node if node is not None and node is not img.getparent() else None
    return None


def drop(el, reason: str, notices: list[Notice], keep_all: bool) -> None:
    text = clean(el.text_content())
    notices.append(Notice("dropped", reason, text[:80], words=0 if keep_all else count_words(text)))
    if not keep_all and el.getparent() is not None:
        remove(el)


def gutenberg_noise(body, meta, notices: list[Notice], keep_all: bool) -> None:
    """Header and licence ``<pre>``, title page, CONTENTS, "THE END." and back matter."""
    for pre in list(body.iter("pre", "div", "section")):
        ident = (pre.get("id") or "") + " " + (pre.get("class") or "")
        if pre.tag != "pre" and not ("pg-header" in ident or "pg-footer" in ident
                                     or "pg-boilerplate" in ident):
            continue
        if "gutenberg" in pre.text_content().lower() and pre.getparent() is not None:
            drop(pre, "Project Gutenberg header or licence", notices, keep_all)
    _title_page(body, meta, notices, keep_all)


def _title_page(body, meta, notices, keep_all) -> None:
    """Everything before the first h1/h2 section after the title ``h1`` is the title page."""
    title = meta.title_element
    if title is None or title.getparent() is None:
        return
    seen_title = False
    start = None
    for el in body.iter(*_HEADINGS):
        if el is title:
            seen_title = True
        elif seen_title and el.tag in ("h1", "h2") and not _CONTENTS.match(clean(el.text_content())):
            start = el
            break
    if start is None:
        return
    ancestors = set(start.iterancestors())
    doomed = []
    for el in body.iter():
        if el is start:
            break
        if el in ancestors or not isinstance(el.tag, str):
            continue
        if el.getparent() in ancestors and el is not title:
            doomed.append(el)
    if doomed:
        full = " ".join(clean(el.text_content()) for el in doomed)
        notices.append(Notice("dropped", "title page", full[:80],
                              words=0 if keep_all else count_words(full)))
        if not keep_all:
            for el in doomed:
                remove(el)


def contents(container, notices: list[Notice], keep_all: bool) -> None:
    """Drop a CONTENTS heading together with what follows it up to the next heading."""
    for head in list(container.iter(*_HEADINGS)):
        if head.getparent() is not None and _CONTENTS.match(clean(head.text_content())):
            following = _section_after(head)
            drop(head, "table of contents", notices, keep_all)
            for el in following:
                drop(el, "table of contents", notices, keep_all)


def the_end(container, notices: list[Notice], keep_all: bool) -> None:
    """Drop "THE END." and everything after it (notes are already taken out by then)."""
    for head in list(container.iter(*_HEADINGS, "p")):
        if head.getparent() is not None and _THE_END.match(clean(head.text_content())):
            after = _everything_after(head)
            drop(head, '"THE END." marker', notices, keep_all)
            for el in after:
                if clean(el.text_content()) or el.tag in ("img", "div"):
                    drop(el, "back matter after the end (advertisements, transcriber's notes)",
                         notices, keep_all)
            return


def _section_after(head) -> list:
    """The siblings after ``head`` up to the next heading."""
    out = []
    node = head.getnext()
    while node is not None and node.tag not in _HEADINGS:
        out.append(node)
        node = node.getnext()
    return out


def _everything_after(el) -> list:
    """Siblings after ``el`` and after each of its ancestors, up to the body."""
    out = []
    node = el
    while node is not None and node.tag not in ("body", "html"):
        sib = node.getnext()
        while sib is not None:
            out.append(sib)
            sib = sib.getnext()
        node = node.getparent()
    return out


def back_matter(container, notices: list[Notice], keep_all: bool) -> None:
    """Sections headed like publisher's advertisements or transcriber's notes."""
    for head in list(container.iter("h1", "h2", "h3")):
        if head.getparent() is not None and _BACK_MATTER.search(clean(head.text_content())):
            following = _section_after(head)
            drop(head, "back matter (advertisements, transcriber's notes)", notices, keep_all)
            for el in following:
                drop(el, "back matter (advertisements, transcriber's notes)", notices, keep_all)


_SUBTITLE_CLASSES = ("subtitle", "subhead", "dek", "standfirst", "deck", "summary")
_AUTHOR_CLASSES = ("author", "byline", "authors")


def front_headings(container, meta, notices: list[Notice]) -> None:
    """Headings under the title that are really metadata: a subtitle (``class="subtitle"``)
    or the author's name (``class="author"``, or the same text as the author) move into
    the metadata instead of the body."""
    for el in container.iter(*_HEADINGS, "p"):
        if el.tag == "p" and len(clean(el.text_content())) > 80:
            break  # the text has started
        if el.tag not in _HEADINGS:
            continue
        text = clean(el.text_content())
        classes = set((el.get("class") or "").lower().split())
        if classes & set(_SUBTITLE_CLASSES) and text:
            meta.subtitle = meta.subtitle or text
            notices.append(Notice("info", "subtitle heading read as the subtitle", text))
            remove(el)
        elif text and (classes & set(_AUTHOR_CLASSES) or text in meta.authors):
            meta.authors = meta.authors or (text,)
            notices.append(Notice("info", "author heading read as the author", text))
            remove(el)
