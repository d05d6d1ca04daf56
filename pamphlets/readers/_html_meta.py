"""Essay metadata from an HTML page: title, subtitle, authors, date, language, source.

Looked up, in order of trust: the Project Gutenberg header (``Title:``/``Author:`` lines in
its first ``<pre>`` or ``#pg-header``), ``<meta>`` tags (author, article:published_time,
og:title), the page's ``h1``, ``<time datetime>``, ``html[lang]`` and finally ``<title>``
without its site suffix. Runs on the unsanitised tree, which it does not change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_WS = re.compile(r"\s+")
_EBOOK_NO = re.compile(r"\[e-?book\s*#\s*(\d+)\]", re.I)
_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ]|$)")
_LANGUAGES = {
    "english": "en", "french": "fr", "german": "de", "spanish": "es", "italian": "it",
    "portuguese": "pt", "dutch": "nl", "russian": "ru", "latin": "la", "swedish": "sv",
    "danish": "da", "norwegian": "no", "finnish": "fi", "polish": "pl", "greek": "el",
    "esperanto": "eo", "chinese": "zh", "japanese": "ja", "catalan": "ca", "czech": "cs",
}
_TITLE_SUFFIX = re.compile(r"\s+(?:[-|\u2013\u2014:\u00b7]|::)\s+[^-|\u2013\u2014]{2,60}$")


@dataclass
class PageMeta:
    title: str = ""
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    translator: str = ""
    date: str = ""
    lang: str = ""
    source: str = ""
    #: the ``h1`` that holds the title, removed from the body so it is not repeated
    title_element: object = None
    #: the element holding the Project Gutenberg header, if any
    gutenberg_header: object = None
    extra: dict = field(default_factory=dict)


def clean(text: str) -> str:
    return _WS.sub(" ", text or "").strip()


def _meta(root, *keys: str) -> str:
    wanted = {k.lower() for k in keys}
    for el in root.iter("meta"):
        key = (el.get("name") or el.get("property") or el.get("itemprop") or "").lower()
        if key in wanted and clean(el.get("content", "")):
            return clean(el.get("content", ""))
    return ""


def gutenberg_header(root):
    """The element holding a Project Gutenberg header (banner plus Title:/Author:)."""
    for el in root.iter("pre", "div", "section"):
        ident = (el.get("id") or "") + " " + (el.get("class") or "")
        if el.tag != "pre" and "pg-header" not in ident:
            continue
        head = el.text_content()[:4000]
        if "project gutenberg" in head.lower() and ("title:" in head.lower()
                                                    or "*** start" in head.lower()):
            return el
    return None


def _gutenberg_fields(text: str) -> dict[str, str]:
    """``Title:``-style fields of a PG header; indented continuation lines are kept."""
    fields: dict[str, str] = {}
    current = ""
    for line in text.splitlines():
        match = re.match(r"^\s*([A-Z][A-Za-z ]{1,25}):\s*(.*)$", line)
        if match and not line.startswith((" ", "\t")):
            current = match.group(1).strip().lower()
            fields[current] = match.group(2).strip()
        elif current and line.startswith((" ", "\t")) and line.strip():
            fields[current] += "\n" + line.strip()
        else:
            current = ""
    return fields


def read_meta(root) -> PageMeta:
    meta = PageMeta()
    header = gutenberg_header(root)
    if header is not None:
        meta.gutenberg_header = header
        text = header.text_content()
        fields = _gutenberg_fields(text)
        title_lines = fields.get("title", "").split("\n")
        meta.title = clean(title_lines[0])
        meta.subtitle = clean(" ".join(title_lines[1:]))
        if fields.get("author"):
            meta.authors = (clean(fields["author"]),)
        meta.translator = clean(fields.get("translator", ""))
        meta.lang = _LANGUAGES.get(clean(fields.get("language", "")).lower(), "")
        number = _EBOOK_NO.search(text)
        if number:
            meta.source = f"Project Gutenberg eBook #{number.group(1)}"
    h1 = _title_h1(root)
    if not meta.title:
        meta.title = (_meta(root, "og:title", "dc.title", "citation_title")
                      or (clean(h1.text_content()) if h1 is not None else "")
                      or _page_title(root))
    meta.title_element = h1
    if not meta.authors:
        author = _meta(root, "author", "dc.creator", "citation_author", "article:author")
        if author and "://" not in author:
            meta.authors = (author,)
        else:
            byline = _first(root, "//*[@rel='author' or @itemprop='author']")
            if byline is not None and clean(byline.text_content()):
                meta.authors = (clean(byline.text_content())[:120],)
    meta.date = _date(root)
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    meta.lang = meta.lang or clean(lang) or _meta(root, "content-language", "dc.language")
    if not meta.source:
        canonical = _first(root, "//link[@rel='canonical']")
        meta.source = (canonical.get("href", "") if canonical is not None else "") or \
            _meta(root, "og:url")
    return meta


def _first(root, xpath: str):
    found = root.xpath(xpath)
    return found[0] if found else None


def _title_h1(root):
    """The page's title heading: MediaWiki's ``#firstHeading`` or the only/first ``h1``."""
    first = _first(root, "//h1[@id='firstHeading']")
    if first is not None:
        return first
    for h1 in root.iter("h1"):
        if clean(h1.text_content()):
            return h1
    return None


def _page_title(root) -> str:
    el = _first(root, "//title")
    text = clean(el.text_content()) if el is not None else ""
    return _TITLE_SUFFIX.sub("", text) or text


def _date(root) -> str:
    value = _meta(root, "article:published_time", "datepublished", "date", "dc.date", "dcterms.date",
                  "dc.date.issued", "citation_publication_date", "pubdate")
    if not value:
        stamp = _first(root, "//time[@datetime]")
        value = clean(stamp.get("datetime", "")) if stamp is not None else ""
    match = _ISO_DATE.match(value)
    return match.group(1) if match else value
