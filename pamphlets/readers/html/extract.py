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

from ...metadata import roman_value
from ...model import Notice, count_words
from .._book_words import ERRATA, PG_START
from .meta import clean
from .parse import remove

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
_THE_END = re.compile(r"^(?:the\s+)?end(?:\s+of\s+the\s+(?:opera|play|book|story|volume))?\.?$|^finis\.?$"
                      r"|^ende(?:\s+de[rs]\s+\w+)?\.?$|^fin\.?$", re.I)
_TN_HEAD = re.compile(r"transcriber|transkription|transcripteur|transcription", re.I)
_ADS = re.compile(r"advertisement|by the same author|catalogue|works by|also published|"
                  r"new books|publisher|verlagsverzeichnis|im\s+gleichen\s+verlag|"
                  r"vom\s+selben\s+verfasser|von\s+demselben\s+verfasser|du\s+même\s+auteur|"
                  r"chez\s+le\s+même\s+éditeur|^\W*anzeigen\W*$|^\W*annonces\W*$", re.I)
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


# --------------------------------------------------------------------------- Project Gutenberg
#
# A Gutenberg book of any vintage is: the PG header (a ``<pre>``, loose ``<p>``/``<div>``
# lines, or a ``pg-header`` section) ending with the "*** START OF ..." marker; perhaps a
# transcriber's note; the edition's title page and contents; the text; perhaps errata,
# an index and the publisher's advertisements; the footer from "End of the Project
# Gutenberg EBook" or "*** END OF ..." with the licence. The rules below find each part by
# what it says and where it stands, the class names only confirming.

_END = re.compile(r"\*{3}\s*END\s+OF\s+(?:THE\s+|THIS\s+)?PROJECT\s+GUTENBERG"
                  r"|\bEnd\s+of\s+(?:the\s+|this\s+)?Project\s+Gutenberg", re.I)
#: page markers printed as text: [Pg 7], [pg 007], [p. 7], {7}, [S. 12], [Seite 12]
_TEXT_PAGENUM = re.compile(r"\[\s*(?:Pg|Page|p\.|S\.|Seite)\s*[\divxlcdm]+\s*\]|\{\s*\d{1,4}\s*\}", re.I)
#: an illustration's file name used as its text: "bookcover.jpg (156K)"
_FILE_NAME = re.compile(r"^\s*[\w\-. ]{1,60}\.(?:jpe?g|png|gif|svg|webp|bmp)(?:\s*\(\s*\d+\s*[kKmM]\s*\))?\s*$")
#: how a transcriber's note (or a producer's credit) begins, in English, German and French
_TN_START = re.compile(
    r"^\W*(?:transcriber|transcriber’s|note\s+(?:du|de\s+la)\s+transcri|notes?\s+(?:de|sur\s+la)\s+transcription"
    r"|anmerkung(?:en)?\s+(?:des|der|zur)\s+(?:transkri|digitali|bearbeit|e-?text)"
    r"|hinweise?\s+zur\s+transkription|transcribed\s+from|produced\s+by|e-?text\s+prepared)", re.I)
#: what only a transcriber's note talks about
_TN_WORDS = re.compile(
    r"transcri|transkri|e-?text\b|this\s+e-?book|dieses\s+e-?book|ce\s+livre\s+(?:électronique|numérique)"
    r"|typographical\s+errors|printer'?s\s+errors|obvious\s+(?:typo|error|printing)|have\s+been\s+(?:silently\s+)?corrected"
    r"|erreurs\s+(?:manifestes|typographiques|évidentes)|fautes\s+(?:d'impression|typographiques)"
    r"|druckfehler|offensichtliche\s+fehler|file\s+encoding|your\s+browser", re.I)
_NOTE_CLASS = re.compile(r"(?:^|[\s_-])(?:tn|tnote|transnote|trnote|mynote|transcriber\w*|note\w*)(?:$|[\s_-])", re.I)
_CONTENTS_WORDS = re.compile(r"^\W*(?:(?:table\s+of\s+)?contents(?:\s+of\s+(?:(?:the\s+)?(?:vol(?:ume)?|part|book)\.?\s*\w+"
                             r"|the\s+\w+\s+(?:volume|part)))?|inhalt\s+des\s+\w+\s+(?:bandes|teils|theils)|inhalt(?:sverzeichnis|sübersicht|sangabe)?"
                             r"|table(?:\s+des\s+mati[eè]res)?|sommaire|index|list\s+of\s+chapters"
                             r"|(?:list\s+of\s+)?illustrations|verzeichnis\s+der\s+(?:abbildungen|tafeln)"
                             r"|table\s+des\s+(?:gravures|illustrations))\W*$", re.I)
_PAGE_AT_END = re.compile(r"(?:\b\d{1,4}|\b[ivxlcdm]{1,7})\W*$", re.I)
_YEAR = re.compile(r"(?<![\d.,])(1[4-9]\d\d|20[0-2]\d)(?![\d.,]\d)")
_ROMAN_YEAR = re.compile(r"^\s*(M{1,2}[CDLXVI]{1,12})\.?\s*$")
_BLOCKS = frozenset(("p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl", "pre",
                     "img", "hr", "figure", "address"))
_INLINE = frozenset(("span", "a", "b", "i", "em", "strong", "small", "big", "sup", "sub", "font",
                     "tt", "u", "ins", "del", "abbr", "cite", "br", "img"))


def _own_texts(el):
    """The text nodes ``el`` holds directly: its text and its children's tails."""
    yield el.text or ""
    for child in el:
        yield child.tail or ""


def _marker(body, pattern, after=None):
    """The innermost element holding a text that matches ``pattern`` (after ``after`` in
    document order, when given)."""
    seen = after is None
    for el in body.iter():
        if not seen:
            seen = el is after
            continue
        if isinstance(el.tag, str) and any(pattern.search(t) for t in _own_texts(el)):
            return el
    return None


def _climb(el, body, forward: bool):
    """From a marker up to the element that is all header (``forward``: nothing of weight
    follows it in its parent) or all footer (nothing of weight precedes it)."""
    node = el
    while True:
        parent = node.getparent()
        if parent is None or parent is body:
            return node
        sib = node.getnext() if forward else node.getprevious()
        rest = []
        while sib is not None:
            rest.append(clean(sib.text_content()))
            sib = sib.getnext() if forward else sib.getprevious()
        if not forward:
            rest.append(parent.text or "")
        if count_words(" ".join(rest)) > 40:
            return node
        node = parent


def _cut(els: list, reason: str, notices: list[Notice], keep_all: bool, text: str = "") -> None:
    """Drop ``els`` with their tails as one notice carrying all their words."""
    parts = [text] + [el.text_content() + " " + (el.tail or "") for el in els]
    full = clean(" ".join(parts))
    if not full and not els:
        return
    notices.append(Notice("dropped", reason, full[:80], words=0 if keep_all else count_words(full)))
    if keep_all:
        return
    for el in els:
        if el.getparent() is not None:
            el.tail = None
            remove(el)


def _before(body, mark) -> list:
    """The top-most elements before ``mark`` in document order (not its ancestors)."""
    ancestors = set(mark.iterancestors())
    out = []
    for el in body.iter():
        if el is mark:
            break
        if el is body or el in ancestors or not isinstance(el.tag, str):
            continue
        if el.getparent() is body or el.getparent() in ancestors:
            out.append(el)
    return out


def _header_footer(body, notices: list[Notice], keep_all: bool) -> None:
    """The PG header up to its START marker, the footer from its END marker on; a
    ``<pre>`` or ``pg-header``/``pg-footer`` block naming Project Gutenberg when there
    are no markers."""
    start = _marker(body, PG_START)
    if start is not None:
        block = _climb(start, body, forward=True)
        lead = body.text or ""
        if not keep_all:
            body.text = None
        _cut(_before(body, block) + [block], "Project Gutenberg header", notices, keep_all, lead)
    end = _marker(body, _END, after=start if keep_all else None)
    if end is not None and end is not start:
        block = _climb(end, body, forward=False)
        _cut([block] + _everything_after(block), "Project Gutenberg licence and footer", notices, keep_all)
    for el in list(body.iter("pre", "div", "section")):
        ident = (el.get("id") or "") + " " + (el.get("class") or "")
        if el.getparent() is None or (el.tag != "pre" and not re.search(r"pg-(?:header|footer|boilerplate)", ident)):
            continue
        if "gutenberg" in el.text_content().lower() and re.search(
                r"licen[cs]e|ebook|e-text|etext", el.text_content(), re.I):
            _cut([el], "Project Gutenberg header or licence", notices, keep_all)


def _image_names(body) -> None:
    """An illustration's file name is not its description."""
    for img in body.iter("img"):
        for attr in ("alt", "title"):
            if _FILE_NAME.match(img.get(attr) or ""):
                img.set(attr, "")


def _text_pagenums(body, notices: list[Notice], keep_all: bool) -> None:
    """Page markers printed in the text (``[Pg 7]``, ``{7}``, ``[S. 12]``) are removed."""
    found: list[str] = []

    def strip(text):
        if not text or not _TEXT_PAGENUM.search(text):
            return text
        found.extend(_TEXT_PAGENUM.findall(text))
        return re.sub(r"[ \t]{2,}", " ", _TEXT_PAGENUM.sub("", text)) if not keep_all else text

    marked = set()  # markers in a page-number element are counted with it (remove_pagenums)
    for el in body.iter("span", "a", "div"):
        if set((el.get("class") or "").lower().split()) & {"pagenum", "pageno", "page-number", "pagenumber"}:
            marked.update(el.iter())
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        if el not in marked:
            el.text = strip(el.text)
        if el.getparent() not in marked:
            el.tail = strip(el.tail)
    if found:
        notices.append(Notice("dropped", f"page-number markers removed ({len(found)})",
                              words=0 if keep_all else count_words(" ".join(found))))


def _positions(body) -> dict:
    elements = [el for el in body.iter() if isinstance(el.tag, str)]
    total = max(len(elements), 1)
    return {el: i / total for i, el in enumerate(elements)}


def _transcriber_notes(body, notices: list[Notice], keep_all: bool) -> None:
    """A transcriber's note (or producer's credit) at the top or the end of the book: a
    block that begins like one, or a short box that talks only of the e-text."""
    where = _positions(body)
    chosen: list = []
    for el in body.iter("div", "p", "table", "blockquote", "section", "aside", "ul"):
        if any(anc in chosen for anc in el.iterancestors()):
            continue
        text = clean(el.text_content())
        words = count_words(text)
        if not words or words > 300:
            continue
        pos = where.get(el, 0.5)
        edge = pos < 0.3 or pos > 0.7
        if _TN_START.match(text) and (edge or re.search(r"(?i)transcri|transkri", text[:40])):
            chosen.append(el)
        elif edge and _TN_WORDS.search(text) and (el.tag != "p" or pos < 0.3) and (
                el.tag != "p" or _NOTE_CLASS.search(el.get("class") or "") or words < 120):
            chosen.append(el)
    for el in chosen:
        if el.getparent() is not None:
            _cut([el], "transcriber's note", notices, keep_all)


def _words_of(el) -> list[str]:
    return re.findall(r"[^\W\d_]+", _TEXT_PAGENUM.sub("", el.text_content()))


def _prose(el) -> bool:
    """A paragraph of running text: a dozen words or more, mostly not capitalised."""
    if el.tag not in ("p", "div", "blockquote", "td", "li") or _NOTE_CLASS.search(el.get("class") or ""):
        return False
    words = _words_of(el)
    return len(words) >= 12 and sum(1 for w in words if w[0].islower()) >= 0.4 * len(words)


def _blocks(body) -> list:
    """The body's blocks in reading order: paragraph-level elements, and containers with
    loose text of their own."""
    out = []
    stack = list(reversed([c for c in body if isinstance(c.tag, str)]))
    while stack:
        el = stack.pop()
        if el.tag in _BLOCKS:
            out.append(el)
            continue
        if el.tag in _INLINE:
            if clean(el.text_content()) or el.tag == "img":
                out.append(el)
            continue
        loose = any(t.strip() for t in _own_texts(el))
        if loose:
            out.append(el)
            continue
        stack.extend(reversed([c for c in el if isinstance(c.tag, str)]))
    return out


def _empty(el) -> bool:
    """Nothing to read: a rule, an image, an anchor, a page number."""
    if el.tag in ("hr", "img", "br"):
        return True
    classes = (el.get("class") or "").lower()
    return not _words_of(el) or "pagenum" in classes or "pageno" in classes


def _text_start(body):
    """Where the text begins: the heading over the first paragraph of running text (with
    the higher-ranking headings right above it), or that paragraph."""
    blocks = _blocks(body)
    first = next((i for i, el in enumerate(blocks) if _prose(el)), None)
    if first is None:
        return None
    head = next((j for j in range(first - 1, -1, -1) if blocks[j].tag in _HEADINGS), None)
    if head is None:
        return blocks[first]
    level = int(blocks[head].tag[1])
    k = head
    for j in range(head - 1, -1, -1):
        el = blocks[j]
        if el.tag in _HEADINGS and int(el.tag[1]) < level:
            k, level = j, int(el.tag[1])
        elif not _empty(el):
            break
    return blocks[k]


def _entries(el) -> list[tuple[str, bool]]:
    """The entries of a list-like element: (text, links inside the book)."""
    def one(node):
        return clean(" ".join(node.itertext())), _linked(node)
    if el.tag == "table":
        rows = [tr for tr in el.iter("tr") if clean(tr.text_content())]
        if len(rows) >= 3:
            return [one(tr) for tr in rows]
        return [one(p) for p in el.iter("p", "div") if clean(p.text_content())]
    if el.tag in ("ul", "ol"):
        return [one(li) for li in el if li.tag == "li"]
    if el.tag == "dl":
        return [one(c) for c in el if c.tag in ("dt", "dd")]
    kids = [c for c in el if isinstance(c.tag, str) and c.tag in ("p", "div", "li") and clean(c.text_content())]
    if len(kids) >= 3:
        return [one(c) for c in kids]
    if el.tag == "p" and len(el.findall(".//br")) >= 2:
        linked = _linked(el)
        return [(clean(line), linked) for line in _lines(el) if clean(line)]
    return []


def _linked(node) -> bool:
    """An entry that is a link into the book: the link holds most of its words (a note
    mark's ``[1]`` in a sentence does not make it one)."""
    inner = " ".join(a.text_content() for a in node.iter("a") if (a.get("href") or "").startswith("#"))
    return bool(inner.strip()) and count_words(inner) >= 0.5 * count_words(node.text_content())


def _lines(el) -> list[str]:
    lines, current = [], [el.text or ""]
    for node in el.iter():
        if node is el:
            continue
        if node.tag == "br":
            lines.append("".join(current))
            current = [node.tail or ""]
        elif node.getparent() is el:
            current.append(node.text_content() + (node.tail or ""))
    lines.append("".join(current))
    return lines


def _contents_like(el, headed: bool) -> bool:
    entries = _entries(el)
    return len(entries) >= 3 and _marked(entries, headed)


def _marked(entries: list[tuple[str, bool]], headed: bool) -> bool:
    """Most entries link into the book or end in a page number, and none is prose."""
    marked = sum(1 for text, linked in entries if linked or _PAGE_AT_END.search(text))
    linked = sum(1 for _, link in entries if link)
    short = sum(count_words(text) for text, _ in entries) / len(entries) <= 25 and \
        max(count_words(text) for text, _ in entries) <= 40
    return short and marked >= 0.6 * len(entries) and (headed or linked >= 0.5 * len(entries)
                                                       or _CONTENTS_WORDS.match(entries[0][0]))


def _heading_before(el):
    prev = el.getprevious()
    while prev is not None and isinstance(prev.tag, str) and prev.tag in ("hr", "br", "a") \
            and not _words_of(prev):
        prev = prev.getprevious()
    if prev is not None and (prev.tag in _HEADINGS or prev.tag == "p" and count_words(prev.text_content()) <= 4) \
            and _CONTENTS_WORDS.match(clean(prev.text_content())):
        return prev
    return None


def _edition_contents(body, notices: list[Notice], keep_all: bool) -> None:
    """The edition's own contents in the front of the book: a table, list or run of
    paragraphs whose entries link into the book or end in the old page numbers."""
    where = _positions(body)
    done: list = []
    for head in list(body.iter(*_HEADINGS, "p")):
        if head.getparent() is None or not _CONTENTS_WORDS.match(clean(head.text_content())) \
                or head.tag == "p" and count_words(head.text_content()) > 4:
            continue
        run = _contents_run(head)
        texts = [el for el in run if _words_of(el) and el.tag not in _HEADINGS]
        entries = [entry for el in texts for entry in
                   (_entries(el) if el.tag in ("table", "ul", "ol", "dl") or len(texts) == 1
                    else [(clean(" ".join(el.itertext())), _linked(el))])]
        if len(entries) >= 3 and _marked(entries, headed=True):
            done.extend(run)
            _cut([head] + run, _contents_reason(head, where.get(head, 0)), notices, keep_all)
    for el in list(body.iter("table", "ul", "ol", "dl", "div", "blockquote", "p")):
        if el.getparent() is None or any(a in done for a in el.iterancestors()):
            continue
        if any(not _CONTENTS_WORDS.match(clean(h.text_content())) for h in el.iter(*_HEADINGS)):
            continue  # a section of the book, not a list of its sections
        head = _heading_before(el)
        pos = where.get(el, 1)
        # unheaded, only in the front of the book; headed, anywhere: at the back, an index
        if (head is None and pos > 0.3) or not _contents_like(el, head is not None):
            continue
        done.append(el)
        _cut(([head] if head is not None else []) + [el], _contents_reason(head, pos), notices, keep_all)


def _contents_run(head) -> list:
    """What follows a contents title: up to a heading of its rank or higher (the parts of a
    contents list may have headings of their own, ranked under its title)."""
    rank = int(head.tag[1]) if head.tag in _HEADINGS else 0
    out = []
    node = head.getnext()
    while node is not None and not (node.tag in _HEADINGS and int(node.tag[1]) <= rank):
        if rank == 0 and node.tag in _HEADINGS:
            break
        if node.tag in _HEADINGS and _prose_after(node):
            break  # a heading over the text, not over a part of the list
        if node.tag not in _HEADINGS and (next(node.iter(*_HEADINGS), None) is not None
                                          or _prose(node) or any(_prose(p) for p in node.iter("p"))):
            break  # a section of the text
        out.append(node)
        node = node.getnext()
    return out


def _prose_after(head) -> bool:
    node = head.getnext()
    for _ in range(6):
        if node is None or node.tag in ("ol", "ul", "table", "dl"):
            return False
        if _prose(node):
            return True
        node = node.getnext()
    return False


def _contents_reason(head, pos: float) -> str:
    """A contents list, or at the back under "Index" an index of the old pages."""
    named = clean(head.text_content()) if head is not None else ""
    if re.match(r"(?i)\W*(?:index|register)\W*$", named) and pos > 0.6:
        return "index (the old page numbers)"
    if re.search(r"(?i)illustrations|abbildungen|tafeln|gravures", named):
        return "list of illustrations"
    return "table of contents"


def _edition_year(text: str) -> str:
    """The latest year printed on the title page; a span of years ("1790-1826") is the
    period the book covers, not its edition."""
    text = re.sub(r"\b1[4-9]\d\d\s*[-–—]+\s*(?:1[4-9])?\d\d\b", " ", text)
    years = [int(y) for y in _YEAR.findall(text)]
    for line in text.split("\n"):
        match = _ROMAN_YEAR.match(line)
        if match:
            years.append(roman_value(match.group(1)))
    years = [y for y in years if 1450 <= y <= 2029]
    return str(max(years)) if years else ""


def _name_key(name: str) -> str:
    return re.sub(r"[^\w]", "", name).casefold()


def _title_page_author(lines: list[str], meta) -> None:
    """The title page's spelling of the header's author, when it prints one in mixed case."""
    if len(meta.authors) != 1:
        return
    key = _name_key(meta.authors[0])
    for line in lines:
        name = re.sub(r"^(?:by|von|par|de)\s+", "", clean(line), flags=re.I).rstrip(".,")
        if name and not name.isupper() and _name_key(name) == key:
            meta.authors = (name,)
            return


def _title_page(body, meta, notices, keep_all, start=None) -> None:
    """Everything between the header and the start of the text is the title page; its
    latest year is the edition's year."""
    if start is None:
        return
    doomed = _before(body, start)
    full = " ".join(clean(el.text_content()) for el in doomed)
    words = count_words(full)
    if not doomed or words > max(400, 0.1 * count_words(body.text_content())):
        return
    lines = []
    for el in doomed:
        lines.extend(_lines(el) if el.tag not in ("div", "table", "section") else
                     [clean(x.text_content()) for x in el.iter("p", "h1", "h2", "h3", "h4", "h5", "h6", "td")])
    if not meta.date:
        meta.date = _edition_year("\n".join(lines))
    _title_page_author(lines, meta)
    if words:
        notices.append(Notice("dropped", "title page", full[:80], words=0 if keep_all else words))
    if not keep_all:
        for el in doomed:
            if el.getparent() is not None:
                el.tail = None
                remove(el)


def gutenberg_noise(body, meta, notices: list[Notice], keep_all: bool) -> None:
    """Header and footer with the licence, transcriber's notes, page markers in the text,
    the edition's contents and its title page."""
    _header_footer(body, notices, keep_all)
    _image_names(body)
    _text_pagenums(body, notices, keep_all)
    _transcriber_notes(body, notices, keep_all)
    _edition_contents(body, notices, keep_all)
    _title_page(body, meta, notices, keep_all, _text_start(body))
    _half_titles(body, meta, notices, keep_all)


def _title_key(text: str) -> str:
    return re.sub(r"[^\w]", "", clean(text).replace("&", "and")).casefold()


def _half_titles(body, meta, notices: list[Notice], keep_all: bool) -> None:
    """The book's title printed again over the text (a half-title) with nothing under it
    but another heading is not a section of the book."""
    keys = {_title_key(meta.title), _title_key(meta.title + " " + meta.subtitle)} - {""}
    blocks = _blocks(body)
    for i, el in enumerate(blocks):
        if el.tag not in _HEADINGS or _title_key(el.text_content()) not in keys:
            continue
        nxt = next((b for b in blocks[i + 1:] if not _empty(b)), None)
        if nxt is not None and nxt.tag in _HEADINGS:
            _cut([el], "half-title", notices, keep_all)


def contents(container, notices: list[Notice], keep_all: bool) -> None:
    """Drop a CONTENTS heading together with what follows it up to the next heading."""
    for head in list(container.iter(*_HEADINGS)):
        if head.getparent() is not None and _CONTENTS.match(clean(head.text_content())):
            following = _section_after(head)
            drop(head, "table of contents", notices, keep_all)
            for el in following:
                drop(el, "table of contents", notices, keep_all)


def the_end(container, notices: list[Notice], keep_all: bool) -> None:
    """Drop the last "THE END." (``ENDE``, ``FIN``) and everything after it (notes are
    already taken out by then)."""
    marks = [el for el in container.iter(*_HEADINGS, "p")
             if el.getparent() is not None and _THE_END.match(clean(el.text_content()))]
    if not marks:
        return
    head = marks[-1]
    after = _everything_after(head)
    drop(head, '"THE END." marker', notices, keep_all)
    for el in after:
        if clean(el.text_content()) or el.tag in ("img", "div"):
            drop(el, "back matter after the end (advertisements, transcriber's notes)",
                 notices, keep_all)


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
    """Sections after the text headed as errata, a transcriber's note or the publisher's
    advertisements; a heading like that with most of the book after it is a chapter."""
    total = count_words(container.text_content())
    for head in list(container.iter("h1", "h2", "h3", "h4")):
        if head.getparent() is None:
            continue
        text = clean(head.text_content())
        reason = ("errata list" if ERRATA.match(text) else
                  "transcriber's note" if _TN_HEAD.search(text) else
                  "publisher's advertisements" if _ADS.search(text) else "")
        if not reason:
            continue
        rest = count_words(" ".join(el.text_content() for el in _everything_after(head)))
        if rest > 0.3 * total:
            continue
        for el in [head] + _section_after(head):
            drop(el, reason, notices, keep_all)


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
