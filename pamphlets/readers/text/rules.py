"""Line-level rules for the plain-text reader (``pamphlets.readers.text``).

Everything here looks at one line (or a few lines) of text and answers a question: is it
a date, a byline, a heading, a caption, site boilerplate, a list item, a note? The reader
decides *where* to ask each question; these functions only know what such lines look like
when an essay is copied out of a web page.

All functions are pure and work on lines already passed through ``normalise_line``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --------------------------------------------------------------------------- whitespace

_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2009\u200a\u3000\t]")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_RUNS = re.compile(r"(?<=\S) {2,}")


def normalise_line(line: str) -> str:
    """No-break and odd spaces become spaces; invisible marks and trailing space go.

    Leading indentation is kept (it marks list follow-on paragraphs); runs of spaces
    inside the text shrink to one.
    """
    line = _INVISIBLE.sub("", _SPACES.sub(" ", line)).rstrip()
    return _RUNS.sub(" ", line)


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def words(text: str) -> int:
    return len(text.split())


# --------------------------------------------------------------------------- dates

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[6-9]|20)\d\d)"

_DATE_FORMS = [
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),          # Sep 9, 2019
    re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}\b", re.I),  # 9 September 2019
    re.compile(rf"\b{_YEAR}-(?P<m>\d{{1,2}})-(?P<day>\d{{1,2}})\b"),    # 2019-09-09
    re.compile(rf"\b{_YEAR}/(?P<m>\d{{1,2}})/(?P<day>\d{{1,2}})\b"),    # 2019/09/09
    re.compile(rf"\b(?P<a>\d{{1,2}})[/.](?P<b>\d{{1,2}})[/.]{_YEAR}\b"),  # 09/09/2019
    re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.I),                    # September 2019
    re.compile(rf"^\(?{_YEAR}\)?$"),                                    # 2019
]


def find_date(text: str) -> tuple[str, tuple[int, int]] | None:
    """The first date in ``text`` as ISO ``YYYY-MM-DD`` (or ``YYYY``) and its span."""
    for form in _DATE_FORMS:
        match = form.search(text)
        if match:
            iso = _iso(match)
            if iso:
                return iso, match.span()
    return None


def _iso(match: re.Match) -> str:
    parts = match.groupdict()
    year = int(parts["year"])
    if parts.get("mon"):
        month = _MONTHS[parts["mon"].lower()[:3]]
    elif parts.get("m"):
        month = int(parts["m"])
    elif parts.get("a"):
        first, second = int(parts["a"]), int(parts["b"])
        # Month first (US style) unless that cannot be; a dotted date is day first.
        day_first = first > 12 or "." in match.group(0)
        month, day = (second, first) if day_first else (first, second)
        parts["day"] = str(day)
    else:
        return str(year)
    if not parts.get("day"):
        return str(year)
    day = int(parts["day"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


# --------------------------------------------------------------------------- bylines

_BY = re.compile(r"^(?:written\s+|words\s+|posted\s+|published\s+)?by\b[:\s]*(?P<rest>.*)$", re.I)
_AUTHOR_LABEL = re.compile(r"^(?:author|authors|written by|words)\s*:\s*(?P<rest>.+)$", re.I)
_DATE_LABEL = re.compile(r"^(?:published|posted|updated|date|dated|first published)(?:\s+on)?\s*:?\s*", re.I)
_SEPARATORS = re.compile(r"\s*(?:\||·|•|—|–|\s-\s)\s*")
_CAPITALISED = r"[A-Z][\w'’.\-]*"
_PARTICLE = r"(?:de|da|di|du|del|der|den|la|le|van|von|bin|al|y)"
_NAME = re.compile(rf"^{_CAPITALISED}(?:\s+(?:{_CAPITALISED}|{_PARTICLE})){{0,5}}$")
_READ_TIME = re.compile(r"^\d+\s*(?:min(?:ute)?s?|mins?)(?:\s+read)?$", re.I)


@dataclass(frozen=True)
class Byline:
    authors: tuple[str, ...] = ()
    date: str = ""


def parse_byline(text: str) -> Byline | None:
    """A front-matter line giving author and/or date, or None.

    Understands ``by | Jun 21, 2023``, ``By Ann Smith``, ``Ann Smith · 9 March 2021``,
    ``Posted on 2021-03-09 by A. Smith``, ``Author: A. Smith`` and a date on its own.
    """
    if words(text) > 16 or text.endswith((":", "?")):
        return None
    parts = [p for p in _SEPARATORS.split(text) if p]
    authors: list[str] = []
    date = ""
    saw_by = False
    for part in parts:
        found = find_date(part)
        rest = part
        if found:
            date = date or found[0]
            rest = part[: found[1][0]] + " " + part[found[1][1]:]
        rest = _DATE_LABEL.sub("", _TIME.sub("", rest).strip()).strip(" ,")
        by = _BY.match(rest) or _AUTHOR_LABEL.match(rest)
        if by:
            saw_by = True
            names = re.sub(r"\s+(?:on|posted|published|updated)$", "", by.group("rest").strip(" ,"), flags=re.I)
            if names and not split_names(names):
                return None
            authors.extend(split_names(names))
        elif found and words(rest.strip(" ,.()")) <= 1:
            continue
        elif _READ_TIME.match(part):
            continue
        elif _NAME.match(part) and len(parts) > 1:
            # a name beside a "by" or a date, as in "Ann Smith | 3 May 2020"
            authors.extend(split_names(part))
        else:
            return None
    if not date and not (saw_by and authors):
        return None
    return Byline(tuple(authors), date)


_TIME = re.compile(r"\b(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?\b", re.I)


def split_names(text: str) -> list[str]:
    text = text.strip(" ,.;")
    if not text:
        return []
    names = re.split(r"\s*(?:,\s*and\s+|,|\band\b|&)\s*", text)
    return [n.strip() for n in names if n.strip() and _NAME.match(n.strip())]


def looks_like_name(text: str) -> bool:
    """``Ann Example``, ``E. Reed``: two to five capitalised words, nothing else."""
    return bool(_NAME.match(text)) and 2 <= words(text) <= 5 and not text.endswith(("?", ":"))


# --------------------------------------------------------------------------- lists and notes

_ITEM = re.compile(r"^(?P<indent> *)(?P<num>\d{1,3})[.)]\s+(?P<text>\S.*)$")
_BULLET = re.compile(r"^(?P<indent> *)[•\-*–▪◦]\s+(?P<text>\S.*)$")
_BRACKET_NOTE = re.compile(r"^ *\[(?P<num>\d{1,3})\]\s*(?P<text>\S.*)$")
BACK_ARROW = re.compile(r"\s*(?:↩\ufe0e?\ufe0f?|⤴|\^)\s*$")
NOTES_HEADING = re.compile(r"^(?:notes?|footnotes?|endnotes?|notes and references|references and notes)\s*:?$", re.I)


@dataclass(frozen=True)
class Item:
    number: int | None  # None for a bullet
    text: str
    indent: int


def list_item(line: str) -> Item | None:
    match = _ITEM.match(line)
    if match:
        return Item(int(match.group("num")), match.group("text"), len(match.group("indent")))
    match = _BULLET.match(line)
    if match:
        return Item(None, match.group("text"), len(match.group("indent")))
    return None


def note_line(line: str) -> tuple[str, str] | None:
    """``(number, text)`` of a line in a note list, back-arrow removed."""
    match = _ITEM.match(line) or _BRACKET_NOTE.match(line)
    if not match:
        return None
    return match.group("num"), BACK_ARROW.sub("", match.group("text")).strip()


def has_back_arrow(line: str) -> bool:
    return "↩" in line or line.rstrip().endswith("⤴")


#: a footnote number glued to the word or punctuation before it (``again.1 Now``,
#: ``sects5.``), in brackets (``again.[1]``) or in superscript digits (``again.¹``)
NOTE_MARK = re.compile(
    r"(?<=[^\W\d_]|[.,;:!?”’\"')\]])(?P<num>\d{1,3})(?=[\s.,;:!?)”’\"\]—–]|$)"
    r"|(?<=\S)\[(?P<bracket>\d{1,3})\]"
    r"|(?<=\S)(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})"
)
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def note_mark_number(match: re.Match) -> tuple[int, bool]:
    """The number a ``NOTE_MARK`` match stands for, and whether it is a plain glued one."""
    if match.group("num"):
        return int(match.group("num")), True
    if match.group("bracket"):
        return int(match.group("bracket")), False
    return int(match.group("sup").translate(_SUPERSCRIPTS)), False


def glued_number_ok(text: str, start: int) -> bool:
    """False where the digits belong to the word itself (``G20``, ``COP26``, ``p.12``)."""
    word = re.search(r"(\S*)$", text[:start]).group(1)
    letters = word.rstrip(".,;:!?”’\"')]")
    if not letters:
        return False
    if letters.isupper() and len(letters) <= 4:
        return False
    if word.endswith(".") and len(letters) <= 3 and letters.lower() in {"p", "pp", "vol", "no", "ch", "fig", "art", "sec"}:
        return False
    return True


# --------------------------------------------------------------------------- headings

_BREAK_LINE = re.compile(r"^[*•·◆◇❖~#=_—–\-\s]{1,20}$")


def is_break_line(text: str) -> bool:
    """``* * *``, ``***``, ``◆``: a drawn section break."""
    return bool(_BREAK_LINE.match(text.strip()))


_FINAL_PUNCT = (".", ",", ";", ":", "!", "…", "...")
_CLOSING_QUOTES = ("”", "\"", "’", "»", "'")
_OPENING_QUOTES = ("“", "\"", "‘", "«", "'", "„")
_CONTINUATION = re.compile(r"^(?:but|and|so|or|yet|then|now|because|if|when)\b", re.I)


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip("”\"’'»)] ")
    return stripped.endswith(_FINAL_PUNCT) or stripped.endswith("?") and text != stripped


def heading_shape(text: str) -> bool:
    """A short line without final punctuation, such as ``The limits to allyship``."""
    if not text or words(text) > 14 or len(text) > 110:
        return False
    if text.endswith(("?",)) or ends_sentence(text):
        return False
    if text[0].islower() or text.startswith(("(", "[", "/", "@", "#", "http")):
        return False
    return any(ch.isalpha() for ch in text)


def question_shape(text: str) -> bool:
    """A short stand-alone question, as in a FAQ: ``What is mutual aid?``."""
    if not text.endswith("?") or words(text) > 24 or len(text) > 150:
        return False
    if text[0].islower() or text.startswith(_OPENING_QUOTES) or _CONTINUATION.match(text):
        return False
    return True


def ends_with_closing_quote(text: str) -> bool:
    return text.rstrip(" )").endswith(_CLOSING_QUOTES)


def starts_with_opening_quote(text: str) -> bool:
    return text.startswith(_OPENING_QUOTES)


def attribution_shape(text: str) -> bool:
    """``Donald Parkinson, Without a Party``, ``— Rosa Luxemburg``: a quotation's source."""
    if text.startswith(("—", "–", "―", "-- ", "- ")):
        return words(text) <= 20
    if words(text) > 15 or len(text) > 120 or text.endswith(("?", ":", ";")):
        return False
    if text.endswith(".") and not re.search(r"\b[A-Z]\.$|\d{4}\.$", text):
        return False
    return text[0].isupper() or text[0].isdigit()


# --------------------------------------------------------------------------- quotations

_SAYING = re.compile(
    r"\b(?:wr[io]tes?|written|writing|says?|said|saying|notes?|noted|argues?|argued|explains?|"
    r"explained|puts? it|observes?|observed|recalls?|recalled|describes?|described|tells?|told|"
    r"asks?|asked|declares?|declared|concludes?|concluded|continues?|continued|adds?|added|"
    r"remarks?|remarked|insists?|insisted|states?|stated|reads?|quotes?|quoted|quoting|"
    r"according to|as follows|following|passage|put it|summed up|sums up|warns?|warned|"
    r"claims?|claimed|reminds?|reminded|reviews?|points? out|pointed out)\b",
    re.I,
)


def introduces_quotation(text: str) -> bool:
    """A paragraph ending in a colon that hands over to someone else's words."""
    return text.endswith(":") and bool(_SAYING.search(text))


# --------------------------------------------------------------------------- captions

_CREDIT = re.compile(
    r"(?:^|\s|\()(?:/\s*)?(?:image|photo|photograph|picture|illustration|credit|source|artwork|"
    r"graphic|cover image|header image|featured image|image credit|photo credit)s?\s*:"
    r"|(?:^|\()(?:photo|image|illustration|artwork|drawing|painting|picture|graphic|cartoon)s?\s+(?:by|courtesy|via|from)\b"
    r"|\b(?:wikimedia commons|getty images|shutterstock|unsplash|ap photo|reuters/|cc by(?:-sa)?)\b",
    re.I,
)


def is_credit(text: str) -> bool:
    """An image credit or caption line: ``/ Image: Wikimedia Commons``, ``Photo by ...``."""
    return bool(_CREDIT.search(text)) and words(text) <= 60


def caption_shape(text: str) -> bool:
    """Short enough to be a caption under a picture."""
    return 1 <= words(text) <= 25 and len(text) <= 200 and not text.endswith((":", "?"))


# --------------------------------------------------------------------------- boilerplate

_BOILERPLATE: list[tuple[re.Pattern, str]] = [
    (re.compile(r"^(?:table of )?contents\s*:?$", re.I), "table-of-contents stub"),
    (re.compile(r"^(?:in this (?:article|essay|piece)|jump to)\s*:?$", re.I), "table-of-contents stub"),
    (re.compile(r"^visit our\b.*(?:menu|page|site|archive|section)\b", re.I), "site navigation"),
    (re.compile(r"^(?:back to top|skip to (?:main )?content|previous (?:post|article)|next (?:post|article))\b", re.I), "site navigation"),
    (re.compile(r"^(?:click (?:here )?to|tap to)\s+(?:donate|share|print|email|subscribe|tweet|join|support)\b", re.I), "donate/share button"),
    (re.compile(r"^(?:donate(?: now| today)?|support us|support our work|become a (?:member|patron|subscriber)|subscribe(?: now| today)?)\b.{0,60}$", re.I), "donate/subscribe button"),
    (re.compile(r"^(?:share this|share on|share:|follow us|like this:|sign up for|join our (?:mailing list|newsletter)|subscribe to our)\b", re.I), "share/subscribe widget"),
    (re.compile(r"^want to get involved\b", re.I), "call to join"),
    (re.compile(r"^(?:related (?:reading|posts?|articles?|content|stories)|read (?:more|next|also)|you (?:may|might) also (?:like|enjoy)|more from|recommended(?: reading)?|further reading on (?:our|this) site|latest (?:posts|articles))\s*:?$", re.I), "related posts"),
    (re.compile(r"^(?:author of the article|about the authors?|the authors?|author bio|authors?)\s*:?$", re.I), "author box"),
    (re.compile(r"^(?:tags?|tagged|filed under|categor(?:y|ies)|posted in|topics?)\s*:", re.I), "tags/categories"),
    (re.compile(r"^(?:leave a (?:comment|reply)|\d+ comments?|comments?|print|email|tweet|facebook|twitter|reddit|share|restacks?|likes?|reply)\s*:?$", re.I), "comments/share widget"),
    (re.compile(r"^(?:type|enter) your email\b", re.I), "subscribe form"),
    (re.compile(r"^(?:follow|following|listen|member-only story|sign in|sign up|open in app|get started|get the app|clap|applause)\s*$", re.I), "reading-site buttons"),
    (re.compile(r"^more from\s+\S.{0,60}$", re.I), "related posts"),
    (re.compile(r"^[Ww]ritten by\s+[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,4}\s*$"), "author box"),
    (re.compile(r"^(?:copyright|©|\(c\))\s", re.I), "copyright line"),
]

_BIO = re.compile(
    r"^(?:\((?:he|she|they|ze|xe)/\w+\)|is\s+an?\s|is\s+the\s|was\s+an?\s)"
    r"|^[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,4}\s+is\s+(?:an?|the)\s+(?:\w+\s+){0,3}"
    r"(?:editor|writer|author|journalist|member|organi[sz]er|activist|professor|lecturer|"
    r"student|researcher|historian|translator|co-?founder|founder|contributor|columnist|"
    r"poet|teacher|worker|socialist|militant|phd|volunteer|artist|scholar|graduate|"
    r"campaigner|unionist|nurse|lawyer|filmmaker|designer|economist|sociologist|"
    r"philosopher|scientist|leader|fellow|candidate|director|coordinator|reporter)",
)
_PUBLICATION_NOTE = re.compile(
    r"\b(?:this|the) (?:article|essay|piece|text|interview|talk|review)\b.{0,80}\b(?:published|appeared|included|printed|reprinted|republished|translated|adapted|delivered)\b"
    r"|^(?:originally|first) (?:published|appeared)\b|\breprinted (?:with|by) permission\b",
    re.I,
)


def boilerplate_reason(text: str) -> str:
    """Why this line is site furniture rather than essay, or ``""``."""
    if words(text) > 30:
        return ""
    for pattern, reason in _BOILERPLATE:
        if pattern.search(text):
            return reason
    return ""


def is_page_furniture(line: str) -> bool:
    """Bits of a page's header that are neither text nor metadata: like counts, a reading
    time, a lone separator dot, share buttons."""
    line = line.strip()
    return (not line or line.isdigit() or line in ("·", "•", "|", "—", "-")
            or bool(_READ_TIME.match(line)) or bool(boilerplate_reason(line)))


def is_bio(text: str) -> bool:
    """An author-box sentence: ``(he/him) is a founding member ...``, ``X is an editor of Y.``"""
    return bool(_BIO.search(text)) and words(text) <= 90


def is_publication_note(text: str) -> bool:
    return bool(_PUBLICATION_NOTE.search(text)) and words(text) <= 70


def is_truncated_teaser(text: str) -> bool:
    """A related-post excerpt cut off by the site: ``... During those talks,...``."""
    return text.endswith(("...", "…", "[…]", "[...]")) and words(text) >= 8
