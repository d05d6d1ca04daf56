"""Essay metadata from an HTML page: title, subtitle, authors, date, language, source.

Looked up, in order of trust: the Project Gutenberg header (``Title:``/``Author:``/
``Language:`` lines in its ``<pre>``, its ``pg-header`` section or the loose lines before
the "*** START OF" marker; a title over two lines, several authors, the banner when there
is no ``Title:``); then the page's own statements:

* title: the ``h1`` that agrees with ``og:title``, the JSON-LD ``headline`` or ``<title>``
  (else the first of those), without the site's name (``og:site_name``, the JSON-LD
  publisher, ``application-name``, the host);
* authors: JSON-LD ``author`` (object, list or string, ``@graph`` references resolved),
  ``<meta name="author">``, ``article:author``, Dublin Core and ``citation_author``, then
  bylines (``rel="author"``, ``itemprop="author"``, ``.byline``/``.author``) near the title;
* date: JSON-LD ``datePublished``, ``article:published_time`` and other date tags,
  ``<time datetime>``, then htmldate; always ISO (``metadata.iso_date``);
* language: ``html[lang]``, ``content-language``, ``dc.language``.

Runs on the unsanitised tree, which it does not change.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from ...metadata import clean_title, iso_date, language_code, site_from_url, split_authors
from .._book_words import EBOOK_NUMBER, PG_START, no_full_stop

_WS = re.compile(r"\s+")
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


_BANNER = re.compile(r"^\W*(?:The\s+)?Project\s+Gutenberg(?:'s|’s)?\s*(?:e-?book|e-?text)?\s*(?:,\s*|of\s+)?"
                     r"(?P<title>.+?)(?:,\s+by\s+(?P<author>.+?))?\s*$", re.I)
_FIELD = re.compile(r"^\s*([A-Z][A-Za-z ]{1,25}):\s*(.*)$")
#: a title line that cannot end there: it runs on to the next line
_RUNS_ON = re.compile(r"(?:[,;:\-–—]|\b(?:of|the|a|an|and|or|in|on|to|for|with|by|from|at|de|la|le|les|des|du|"
                      r"et|à|au|aux|der|die|das|des|dem|den|und|von|vom|zu|zum|zur|im|in|mit|für|über))$", re.I)
_NOT_TITLES = re.compile(r"(?i)^\W*(?:transcriber|note|anmerkung|produced by)")
_BLOCK_TAGS = frozenset(("p", "div", "section", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table",
                         "pre", "header", "footer", "blockquote", "ul", "ol", "dl", "dt", "dd"))


def text_lines(el) -> str:
    """``el``'s text with a line break for each ``<br>`` and a blank line between blocks."""
    parts: list[str] = []
    stack: list = [(el, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            if node.tag in _BLOCK_TAGS:
                parts.append("\n\n")
            if node is not el and node.tail:
                parts.append(node.tail)
            continue
        if not isinstance(node.tag, str):
            if node.tail:
                parts.append(node.tail)
            continue
        if node.tag == "br":
            parts.append("\n" + (node.tail or "").lstrip())
            continue
        if node.tag in _BLOCK_TAGS:
            parts.append("\n\n")
        if node.text:
            parts.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    return "".join(parts)


def _start_marker(root):
    body = root.find("body")
    for el in (body if body is not None else root).iter():
        if isinstance(el.tag, str) and any(PG_START.search(t or "") for t in
                                           [el.text] + [c.tail for c in el]):
            return el
    return None


def gutenberg_header(root):
    """The element holding a Project Gutenberg header (banner plus Title:/Author:): a
    ``<pre>`` or ``pg-header`` block; else, for headers written as loose lines, the element
    holding the "*** START OF" marker when the text before it names Project Gutenberg."""
    for el in root.iter("pre", "div", "section"):
        ident = (el.get("id") or "") + " " + (el.get("class") or "")
        if el.tag != "pre" and "pg-header" not in ident:
            continue
        head = el.text_content()[:4000]
        if "project gutenberg" in head.lower() and ("title:" in head.lower()
                                                    or "*** start" in head.lower()):
            return el
    marker = _start_marker(root)
    if marker is not None and "project gutenberg" in _header_text(root, marker).lower():
        return marker
    return None


def _header_text(root, header) -> str:
    """The header's lines: the whole body up to the START marker when the header is loose
    lines (or a block holding the marker), else the header block's own text."""
    body = root.find("body")
    body = body if body is not None else root
    marker = _start_marker(root)
    if marker is not None and (marker is header or any(a is header for a in marker.iterancestors())
                               or header.tag not in ("pre",)):
        text = text_lines(body)
        cut = PG_START.search(text)
        return text[:cut.start()] if cut else text
    return text_lines(header)


def _gutenberg_fields(text: str) -> dict[str, list[str]]:
    """``Title:``-style fields of a PG header; a line right under a field (indented, or
    after a line break with no blank line) continues it; a field may come more than once."""
    fields: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        match = _FIELD.match(line)
        if match and not line.startswith(("  ", "\t")):
            current = match.group(1).strip().lower()
            fields.setdefault(current, []).append(match.group(2).strip())
        elif current and line.strip():
            fields[current][-1] += "\n" + line.strip()
        else:
            current = ""
    return fields


def _title_parts(value: str) -> tuple[str, str]:
    """The header's title over one or more lines: a line that cannot end a title runs on;
    the lines after a complete title are its subtitle."""
    lines = [clean(line) for line in value.split("\n") if clean(line)]
    if not lines:
        return "", ""
    title = lines[0]
    rest = lines[1:]
    while rest and (_RUNS_ON.search(title) or rest[0][:1].islower()
                    and not re.match(r"(?i)(?:or|ou|oder)\b", rest[0])):
        title = f"{title} {rest.pop(0)}"
    return no_full_stop(title), no_full_stop(" ".join(rest))


def _read_gutenberg(root, header, meta) -> None:
    text = _header_text(root, header)
    fields = _gutenberg_fields(text)
    banner = next((line for line in text.splitlines() if "gutenberg" in line.lower()
                   and _BANNER.match(line.strip())), "")
    banner_match = _BANNER.match(banner.strip()) if banner else None
    titles = [t for t in fields.get("title", []) if not _NOT_TITLES.match(t)]
    if titles:
        meta.title, meta.subtitle = _title_parts(titles[0])
    elif banner_match:
        meta.title = no_full_stop(clean(banner_match.group("title")))
    names = [clean(n) for value in fields.get("author", []) for n in value.split("\n") if clean(n)]
    if not names and banner_match and banner_match.group("author"):
        names = [no_full_stop(clean(banner_match.group("author")))]
    meta.authors = tuple(dict.fromkeys(names))
    meta.translator = clean(" ".join(fields.get("translator", [])[:1]))
    language = clean((fields.get("language") or [""])[0]).lower()
    meta.lang = language_code(language) or language_code(re.split(r"[,;/ ]", language)[0])
    number = EBOOK_NUMBER.search(text)
    if number:
        meta.source = f"Project Gutenberg eBook #{number.group(1)}"


def read_meta(root) -> PageMeta:
    meta = PageMeta()
    header = gutenberg_header(root)
    if header is not None:
        meta.gutenberg_header = header
        _read_gutenberg(root, header, meta)
    if not meta.source:
        canonical = _first(root, "//link[@rel='canonical']")
        meta.source = (canonical.get("href", "") if canonical is not None else "") or \
            _meta(root, "og:url")
    article = _json_ld(root)
    sites = _site_names(root, article, meta.source)
    h1 = _title_h1(root, article, sites, meta.title)
    if not meta.title:
        meta.title = _title(root, article, h1, sites)
    meta.title_element = h1
    if not meta.authors:
        meta.authors = _authors(root, article, sites, h1)
    if header is None:
        meta.date = _date(root, article)
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    meta.lang = meta.lang or clean(lang) or _meta(root, "content-language", "dc.language")
    return meta


def _first(root, xpath: str):
    found = root.xpath(xpath)
    return found[0] if found else None


def _metas(root, *keys: str) -> list[str]:
    wanted = {k.lower() for k in keys}
    out = []
    for el in root.iter("meta"):
        key = (el.get("name") or el.get("property") or el.get("itemprop") or "").lower()
        value = clean(el.get("content", ""))
        if key in wanted and value and value not in out:
            out.append(value)
    return out


# --------------------------------------------------------------------------- JSON-LD

_ARTICLE_TYPES = ("article", "posting", "report", "review", "creativework", "scholarly", "book",
                  "chapter", "webpage", "recipe", "howto", "liveblog")


def _types(item: dict) -> list[str]:
    kind = item.get("@type", "")
    return [str(k).lower() for k in (kind if isinstance(kind, list) else [kind])]


def _json_ld(root) -> dict:
    """The page's article object from its JSON-LD, ``@id`` references made available under
    ``"__ids"``; an empty dict when there is none."""
    objects: list[dict] = []
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack and len(objects) < 200:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                objects.append(item)
                for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
                    if isinstance(item.get(key), (list, dict)):
                        stack.append(item[key])
    ids = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    best: dict = {}
    for obj in objects:
        kinds = _types(obj)
        if any(t in k for k in kinds for t in _ARTICLE_TYPES) and (
                obj.get("headline") or obj.get("author") or obj.get("datePublished")):
            if not best or ("webpage" in " ".join(_types(best)) and "webpage" not in " ".join(kinds)):
                best = obj
    if best:
        best = dict(best, __ids=ids)
    return best


def _ld_names(value, ids: dict, persons_only: bool = False) -> list[str]:
    out: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict) and "name" not in item and isinstance(item.get("@id"), str):
            item = ids.get(item["@id"], item)
        if isinstance(item, str):
            name = clean(item)
        elif isinstance(item, dict):
            if persons_only and "organization" in " ".join(_types(item)):
                continue
            name = item.get("name", "")
            name = clean(name if isinstance(name, str) else "")
        else:
            continue
        if name and "://" not in name and name not in out:
            out.append(name)
    return out


# --------------------------------------------------------------------------- title

def _site_names(root, article: dict, source: str) -> list[str]:
    names = _metas(root, "og:site_name", "application-name", "apple-mobile-web-app-title",
                   "twitter:site")
    names = [n.lstrip("@") for n in names]
    publisher = article.get("publisher") if article else None
    if publisher:
        names += _ld_names(publisher, article.get("__ids", {}))
    host = site_from_url(source)
    if host:
        names.append(host)
    return [n for n in names if n]


def _clean_site(title: str, sites: list[str]) -> str:
    out = clean(title)
    for site in sites:
        out = clean_title(out, site) if out else out
    return out


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold()) if len(w) > 1}


def _agrees(a: str, b: str) -> bool:
    """Whether two titles are the same headline: most of the shorter one's words are in the
    longer one."""
    if a.casefold().startswith(b.casefold()) or b.casefold().startswith(a.casefold()):
        return True
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.6


def _meta_titles(root, article: dict, sites: list[str]) -> list[str]:
    titles = _metas(root, "og:title", "twitter:title", "dc.title", "citation_title")
    headline = article.get("headline") if article else None
    if isinstance(headline, str) and clean(headline):
        titles.append(clean(headline))
    el = _first(root, "//title")
    if el is not None and clean(el.text_content()):
        titles.append(clean(el.text_content()))
    return [t for t in (_clean_site(t, sites) for t in titles) if t]


def _title_h1(root, article: dict | None = None, sites: list[str] | None = None, known: str = ""):
    """The page's title heading: MediaWiki's ``#firstHeading``, else the ``h1`` that agrees
    with the page's declared titles, else the first ``h1`` that is not the site's name."""
    first = _first(root, "//h1[@id='firstHeading']")
    if first is not None:
        return first
    sites = sites or []
    declared = ([known] if known else []) + _meta_titles(root, article or {}, sites)
    h1s = [h for h in root.iter("h1") if clean(h.text_content())
           and _clean_site(h.text_content(), sites)]
    for h1 in h1s:
        if any(_agrees(clean(h1.text_content()), t) for t in declared):
            return h1
    return h1s[0] if h1s and not declared else None


def _title(root, article: dict, h1, sites: list[str]) -> str:
    if h1 is not None:
        text = _clean_site(h1.text_content(), sites)
        if text:
            return text
    for title in _meta_titles(root, article, sites):
        return title
    return ""


# --------------------------------------------------------------------------- authors

_BYLINE_XPATH = ("//*[@rel='author' or contains(concat(' ', normalize-space(@rel), ' '), ' author ')"
                 " or @itemprop='author' or contains(@class, 'byline') or contains(@class, 'author')"
                 " or contains(@href, '/author/')]")
_BYLINE_END = re.compile(
    r"\s*(?:\d|@|\||•|·|/|\s[-–—]\s|(?:\b|(?<=[a-z]))(?:Updated|Published|Posted|Staff|Reporter|Correspondent|"
    r"Contributor|Editor|Senior|Associated Press|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)(?:\b|(?=[A-Z]))\.?).*$")
_BYLINE_LABEL = re.compile(r"^(?:(?:written|posted|words|text|story|reporting)\s+)?"
                           r"(?:by|von|par|por|door|di|текст|автор|author|autor|auteur)\s*:?\s+",
                           re.I)


_POSTS = {"staff", "reporter", "writer", "editor", "correspondent", "contributor", "columnist",
          "team", "desk", "newsroom", "redaktion", "rédaction", "редакция"}


def _name_like(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 6 or len(text) > 60 or any(ch.isdigit() for ch in text):
        return False
    if text.casefold() in ("admin", "author", "staff", "guest", "anonymous", "share", "comments"):
        return False
    if any(w.casefold() in _POSTS for w in words):
        return False
    capitals = sum(1 for w in words if w[:1].isupper())
    return capitals >= max(1, len(words) - 2)


def _byline_names(text: str) -> list[str]:
    text = clean(text)
    text = _BYLINE_LABEL.sub("", text)
    # "Jose AltoverosView More Articles": a name glued to the words after it
    glued = re.search(r"(?<=[a-z])(?=[A-Z][a-z]+\s+[A-Z]?[a-z]+)", text)
    if glued:
        text = text[:glued.start()]
    end = _BYLINE_END.search(text)
    if end and end.start() > 0 and re.match(r"\s*[A-Z][a-z]+\b", end.group()) and \
            len(text[:end.start()].split()) < 2:
        return []                   # "Site Editor", "Senior Reporter": a post, not a name
    text = (text[:end.start()] if end else text).strip(" ,;:-")
    # "Finian Cunningham. Sputnik International": a name, a full stop, the outlet
    text = re.sub(r"^((?:\S+\s+)+\w{3,})\.\s+[A-Z].*$", r"\1", text)
    names = [n for n in split_authors(text)]
    # "Victor Tangermann, Futurism": a name, then the outlet
    names = [n.rsplit(",", 1)[0].strip() if n.count(",") == 1 and
             len(n.rsplit(",", 1)[1].split()) == 1 and len(n.split(",")[0].split()) >= 2 else n
             for n in names]
    return [n for n in names if _name_like(n)]


def _authors(root, article: dict, sites: list[str], h1) -> tuple[str, ...]:
    site_keys = {re.sub(r"\W", "", s.casefold()) for s in sites}

    def is_site(name: str) -> bool:
        key = re.sub(r"\W", "", name.casefold())
        return any(key and (key == s or len(s) >= 4 and s in key and len(name.split()) <= 3)
                   for s in site_keys)

    if article and article.get("author"):
        names = [n for n in _ld_names(article["author"], article.get("__ids", {})) if not is_site(n)]
        names = [m for n in names for m in (_byline_names(n) or ([n] if _name_like(n) else []))]
        if names:
            # a byline under the title that names the same people and more is complete
            fuller = _byline(root, h1, is_site)
            if len(fuller) > len(names) and set(names) <= set(fuller):
                return fuller
            return tuple(dict.fromkeys(names))
    for keys in (("author", "article:author", "byl", "parsely-author", "sailthru.author"),
                 ("dc.creator", "dcterms.creator", "dc.contributor"), ("citation_author",)):
        values = [v for v in _metas(root, *keys) if "://" not in v and not v.startswith("@")]
        names = [n for v in values for n in _byline_names(v) if not is_site(n)]
        if names:
            return tuple(dict.fromkeys(names))
    return _byline(root, h1, is_site)


def _byline(root, h1, is_site) -> tuple[str, ...]:
    """The names in the first byline element that holds any, those under the title first."""
    candidates = root.xpath(_BYLINE_XPATH)
    if h1 is not None:
        # the byline under the title first: a name in the page's header or footer is later
        order = {id(el): i for i, el in enumerate(root.iter())}
        start = order.get(id(h1), 0)
        after = [el for el in candidates if start < order.get(id(el), -1) <= start + 400]
        candidates = after + [el for el in candidates if el not in after]
    for el in candidates[:40]:
        if el.tag in ("meta", "link", "script", "style", "body", "html", "article", "main"):
            continue
        inner = el.xpath(".//*[@itemprop='name']")
        text = inner[0].text_content() if inner else el.text_content()
        names = [n for n in _byline_names(text) if not is_site(n)]
        if names:
            return tuple(names)
    return ()


# --------------------------------------------------------------------------- date

def _date(root, article: dict) -> str:
    values: list[str] = []
    if article:
        for key in ("datePublished", "dateCreated", "dateModified"):
            if isinstance(article.get(key), str):
                values.append(article[key])
    values += _metas(root, "article:published_time", "datepublished", "date", "dc.date",
                     "dcterms.date", "dc.date.issued", "dcterms.issued", "dcterms.created",
                     "citation_publication_date", "citation_date", "pubdate", "publishdate",
                     "og:published_time", "sailthru.date", "parsely-pub-date")
    values += [clean(t.get("datetime", "")) for t in root.xpath("//time[@datetime]")[:3]]
    for value in values:
        found = iso_date(value)
        if found:
            return found
    return _htmldate(root)


def _htmldate(root) -> str:
    try:
        from htmldate import find_date
        found = find_date(root, extensive_search=False, original_date=True)
    except Exception:  # htmldate gives up on odd trees in many ways
        return ""
    return iso_date(found or "")
