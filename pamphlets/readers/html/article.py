"""Finding the article in a web page: trafilatura judges, our own tree keeps the details.

trafilatura (a maintained extractor, among the best on public benchmarks) reads the raw
page and returns the article's text. Its own output loses what a book needs (which mark
links to which note, drop caps, page numbers, emphasis inside notes), so this module only
uses its *judgement*: each block of our sanitised tree (a paragraph, heading, list item,
cell...) is kept when its words run in the same order in trafilatura's text, and dropped
otherwise. The container is the smallest element that holds nearly all the kept words.

Every dropped block is reported with a reason read from where it sat (navigation, a
footer, comments, an advertisement, related links, share buttons, a caption, a licence…)
and with its word count, so the import report accounts for the whole page. Footnote
containers are never dropped here: notes are looked for in the whole page afterwards.

``select`` returns ``None`` when trafilatura finds no article; the reader then falls back
to its own rules (``extract.find_container``) and the word accounting says how
much of the page that kept.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ...model import Notice, count_words

#: elements that own the text directly inside them (a unit of keep-or-drop)
BLOCKS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "blockquote", "td", "th",
    "caption", "figcaption", "div", "section", "article", "main", "header", "footer", "aside",
    "nav", "ul", "ol", "dl", "table", "tr", "tbody", "thead", "tfoot", "address", "center",
    "body", "figure", "details", "summary", "fieldset", "legend", "menu", "hgroup",
})

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_TOKEN = re.compile(r"\w+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SPLIT = re.compile(r"[^a-z0-9]+")

#: (reason, words that name it in an id/class/role/tag), first match wins
_REASONS = (
    ("comments", ("comment", "comments", "disqus", "respond", "replies", "reply")),
    ("advertisement", ("ad", "ads", "advert", "advertisement", "advertising", "sponsor",
                       "sponsored", "promo", "promoted", "dfp", "outbrain", "taboola",
                       "adslot", "gpt", "commercial")),
    ("share and follow buttons", ("share", "sharing", "social", "follow", "subscribe",
                                  "newsletter", "signup", "sharebar", "addthis")),
    ("related links", ("related", "recommended", "recommendations", "recirc", "read",
                       "more", "next", "trending", "popular", "most", "teaser", "teasers",
                       "also", "suggested", "outbrain")),
    ("navigation", ("nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs",
                    "pagination", "pager", "masthead", "toolbar", "skip", "tabs", "topbar")),
    ("licence and copyright", ("copyright", "license", "licence", "legal", "cookie",
                               "cookies", "consent", "gdpr", "privacy", "terms")),
    ("caption", ("caption", "figcaption", "credit", "credits", "photo", "image", "gallery")),
    ("byline and date", ("byline", "author", "authors", "dateline", "date", "timestamp",
                         "published", "meta")),
    ("sidebar", ("sidebar", "aside", "widget", "rail", "sidebar-right")),
    ("site header", ("header", "banner", "masthead")),
    ("site footer", ("footer", "contentinfo", "colophon")),
)
_TAG_REASONS = {"nav": "navigation", "aside": "sidebar", "header": "site header",
                "footer": "site footer", "figcaption": "caption", "caption": "caption",
                "form": "navigation", "menu": "navigation"}
_LICENCE_TEXT = re.compile(r"©|\(c\)\s*\d{4}|copyright|all rights reserved|licen[cs]ed under|"
                           r"creative commons", re.I)
FALLBACK_REASON = "boilerplate outside the article"


@dataclass
class Selection:
    """What ``select`` decided: the container, and the notices for what it dropped."""

    container: object
    notices: list[Notice] = field(default_factory=list)


def article_text(page: str) -> str:
    """The article's text as trafilatura finds it ('' when it finds none)."""
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a dependency, but keep the reader working
        return ""
    try:
        text = trafilatura.extract(page, include_comments=False, include_tables=True,
                                   include_images=False, include_links=False,
                                   deduplicate=False, with_metadata=False)
    except Exception:  # trafilatura gives up on some malformed pages: use our own rules
        return ""
    return text or ""


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text)]


def _units(body) -> dict:
    """Each block element -> the text directly inside it (not inside a child block)."""
    owner: dict = {}
    texts: dict = {}
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        parent = el.getparent()
        if el is body or el.tag in BLOCKS or parent not in owner:
            owner[el] = el
            if parent in owner:  # a block inside a block: the outer text breaks there
                texts.setdefault(owner[parent], []).append(" ")
        else:  # an inline element: its text belongs to the block holding it
            owner[el] = owner[parent]
            if el.tag == "br":
                texts.setdefault(owner[el], []).append(" ")
        if el.text:
            texts.setdefault(owner[el], []).append(el.text)
        if el.tail and parent in owner:
            texts.setdefault(owner[parent], []).append(el.tail)
    # inline pieces join as a browser shows them: "m<sup>2</sup>" is "m2"
    return {el: "".join(parts) for el, parts in texts.items() if "".join(parts).strip()}


class _Article:
    """trafilatura's text, ready for asking whether a block's words run in it."""

    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        toks = self.tokens
        self.trigrams_list = [tuple(toks[i:i + 3]) for i in range(len(toks) - 2)]
        self.trigrams = set(self.trigrams_list)
        self.lines = {tuple(_tokens(line)) for line in text.splitlines() if line.strip()}
        self.joined = " " + " ".join(toks) + " "

    def share(self, text: str) -> float:
        """How much of ``text`` runs, in order, in the article (0..1)."""
        toks = _tokens(text)
        if not toks:
            return 0.0
        if len(toks) < 3:
            key = tuple(toks)
            if key in self.lines:
                return 1.0
            # a word or two: only as a line of their own, or inside a longer line
            return 1.0 if len(toks) == 2 and (" " + " ".join(toks) + " ") in self.joined else 0.0
        grams = [tuple(toks[i:i + 3]) for i in range(len(toks) - 2)]
        return sum(g in self.trigrams for g in grams) / len(grams)


def select(page: str, body, keep: set, notes: set) -> Selection | None:
    """The article's container, with what was dropped inside and around it; ``None`` when
    trafilatura finds no article. ``keep``: footnote containers and their ancestors;
    ``notes``: the footnote containers themselves (their words are kept as notes)."""
    text = article_text(page)
    if count_words(text) < 10:
        return None
    article = _Article(text)
    units = _units(body)
    tokens = {el: _tokens(own) for el, own in units.items()}
    kept: dict = {}
    rows: dict = {}
    for el, own in units.items():
        if el.tag in ("td", "th"):
            # a cell is judged with its row: one word alone says nothing
            row = next((a for a in el.iterancestors("tr")), None)
            if row is not None:
                if row not in rows:
                    rows[row] = article.share(" ".join(row.itertext())) >= 0.5
                kept[el] = rows[row]
                continue
        if len(tokens[el]) < 3:
            kept[el] = article.share(own) >= 0.5
    # longer blocks claim the article's words, longest first, each word once: a teaser
    # or a repeated excerpt finds its words already claimed by the text it repeats
    claims = Counter(article.trigrams_list)
    longest = sorted((el for el in units if el not in kept),
                     key=lambda el: -len(tokens[el]))
    for el in longest:
        toks = tokens[el]
        grams = [tuple(toks[i:i + 3]) for i in range(len(toks) - 2)]
        taken = []
        for g in grams:
            if claims[g] > 0:
                claims[g] -= 1
                taken.append(g)
        kept[el] = len(taken) >= 0.5 * len(grams)
        if not kept[el]:
            claims.update(taken)  # a dropped block gives back what it took
    # a block that holds a mark linking into the page's notes is the article's text,
    # however short (extractors drop short paragraphs)
    note_ids = {x.get("id") or x.get("name") for area in notes for x in area.iter()
                if isinstance(x.tag, str) and (x.get("id") or x.get("name"))}
    if note_ids:
        for el in units:
            if not kept.get(el) and el not in notes and any(
                    (a.get("href") or "").startswith("#") and a.get("href")[1:] in note_ids
                    for a in el.iter("a")):
                kept[el] = True
    # words of kept blocks weigh the container (tokens are close enough); the words of
    # dropped blocks are counted with the report's own rule
    words = {el: len(tokens[el]) if kept.get(el) else count_words(own)
             for el, own in units.items()}
    # notes are found in the whole page later: the article is what lies outside them
    in_notes = {el for el in units if el in notes or any(a in notes for a in el.iterancestors())}
    container = _container(body, [el for el, k in kept.items() if k and el not in in_notes], words)
    if container is None:
        return None
    container = _with_continuations(container, units, kept)
    dropped: list[Notice] = []
    _drop_outside(body, container, keep, notes, dropped)
    _drop_inside(container, units, kept, words, keep, notes, dropped)
    return Selection(container, _grouped(dropped))


def _grouped(notices: list[Notice]) -> list[Notice]:
    """One notice per reason: the words added up, the first few texts quoted."""
    groups: dict[str, list[Notice]] = {}
    for notice in notices:
        groups.setdefault(notice.reason, []).append(notice)
    out = []
    for why, group in groups.items():
        texts = [n.text for n in group if n.text][:4]
        more = f" (and {len(group) - 4} more)" if len(group) > 4 else ""
        out.append(Notice("dropped", why, " | ".join(texts)[:300] + more,
                          words=sum(n.words for n in group)))
    return sorted(out, key=lambda n: -n.words)


def _container(body, kept_units: list, words: dict):
    """The deepest element that holds at least 95 % of the kept words."""
    total = sum(words[el] for el in kept_units)
    if not total:
        return None
    acc: dict = {}
    depth: dict = {}
    for el in kept_units:
        node = el
        chain = [el] + list(el.iterancestors())
        for d, node in enumerate(reversed(chain)):
            acc[node] = acc.get(node, 0) + words[el]
            depth[node] = d
    best = body
    for node, got in acc.items():
        if got >= 0.95 * total and depth[node] > depth.get(best, -1):
            best = node
    return best


def _with_continuations(container, units: dict, kept: dict):
    """An article split into chunks (ads between them): when the container, or one of its
    two nearest ancestors, has siblings of the same tag and class that hold running prose,
    those are the rest of the article. Their blocks are kept and the container becomes
    their parent. A sibling whose heading is a link is a teaser of another article."""
    node = container
    for _ in range(3):
        parent = node.getparent()
        if parent is None or not node.get("class"):
            node = parent
            if node is None:
                break
            continue
        shape = (node.tag, node.get("class"))
        chunks = [sib for sib in parent if sib is not node and isinstance(sib.tag, str)
                  and (sib.tag, sib.get("class")) == shape and _prose(sib)]
        if chunks:
            for chunk in chunks:
                for el in chunk.iter():
                    if el in units:
                        kept[el] = True
            return parent
        node = parent
    return container


def _prose(el) -> bool:
    """Running text, not a card: 30 words or more, mostly in paragraphs, no linked heading,
    nothing named as related links, comments or advertisements."""
    total = count_words(el.text_content())
    if total < 30:
        return False
    in_paras = sum(count_words(p.text_content()) for p in el.iter("p"))
    if in_paras < 0.7 * total:
        return False
    if any(h.find(".//a[@href]") is not None for h in el.iter(*_HEADINGS)):
        return False
    return _named_reason(el) not in ("related links", "comments", "advertisement",
                                     "navigation", "share and follow buttons")


def _drop_outside(body, container, keep: set, notes: set, notices: list[Notice]) -> None:
    """Report (not remove: the reader only reads the container) what lies outside."""
    path = set(container.iterancestors()) | {container}
    stack = [body]
    while stack:
        node = stack.pop()
        if node is container or node in notes:
            continue
        if node in path or node in keep:
            # its own words (not those of its children) are outside the article
            own = (node.text or "") + " ".join(c.tail or "" for c in node)
            n = count_words(own) if node.tag not in ("script", "style") else 0
            if n:
                notices.append(Notice("dropped", reason(node, own), _short(own), words=n))
            stack.extend(reversed([c for c in node if isinstance(c.tag, str)]))
            continue
        n = count_words(node.text_content())
        if n:
            notices.append(Notice("dropped", reason(node, node.text_content()),
                                  _short(node.text_content()), words=n))


def _drop_inside(container, units: dict, kept: dict, words: dict, keep: set, notes: set,
                 notices: list[Notice]) -> None:
    """Inside the container: blocks trafilatura left out go; a block with kept blocks
    inside it loses only its own loose text."""
    from .parse import remove

    inside = [el for el in container.iter() if el in units]
    for i, el in enumerate(inside[:-1]):
        # a section heading right before kept text is the article's own structure
        # (extractors often leave headings out)
        if el.tag in _HEADINGS and not kept.get(el) and kept.get(inside[i + 1]) \
                and words[el] <= 20:
            kept[el] = True
    holds_kept: set = set()
    for el in inside:
        if kept.get(el):
            holds_kept.update(el.iterancestors())
    for el in inside:
        if kept.get(el) or el in notes or el in keep or _in_notes(el, notes):
            continue
        if el.getparent() is None or not _attached(el, container):
            continue
        if any(a.tag == "blockquote" and a in holds_kept for a in el.iterancestors()):
            continue  # a quotation's attribution goes with the quotation
        own = units[el]
        if el in holds_kept or el is container:
            _clear_own_text(el)
            notices.append(Notice("dropped", reason(el, own), _short(own), words=words[el]))
            continue
        if any(d in keep or d in notes for d in el.iterdescendants()):
            continue
        n = count_words(el.text_content())
        notices.append(Notice("dropped", reason(el, el.text_content()),
                              _short(el.text_content()), words=n))
        remove(el)


def _in_notes(el, notes: set) -> bool:
    return any(a in notes for a in el.iterancestors())


def _attached(el, top) -> bool:
    return any(a is top for a in el.iterancestors())


def _clear_own_text(el) -> None:
    """Empty the text directly inside ``el`` (and the tails of its inline children)."""
    el.text = None
    for child in el:
        if isinstance(child.tag, str) and child.tag not in BLOCKS:
            if not len(child) and not child.tag == "img":
                child.text = None
        child.tail = None


def reason(el, text: str = "") -> str:
    """Why a block outside the article was dropped, from where it sits in the page."""
    node = el
    for _ in range(12):
        if node is None or not isinstance(node.tag, str):
            break
        found = _named_reason(node)
        if found:
            return found
        node = node.getparent()
        if node is not None and node.tag == "body":
            break
    if text and _LICENCE_TEXT.search(text[:400]):
        return "licence and copyright"
    return FALLBACK_REASON


def _named_reason(node) -> str:
    names = " ".join(filter(None, (node.get("id"), node.get("class"), node.get("role"),
                                   node.get("itemprop"))))
    words = set(_SPLIT.split(_CAMEL.sub(" ", names).lower())) - {""} if names else set()
    if words:
        for why, keys in _REASONS:
            if words.intersection(keys):
                return why
    return _TAG_REASONS.get(node.tag, "")


def _short(text: str) -> str:
    return " ".join(text.split())[:80]
