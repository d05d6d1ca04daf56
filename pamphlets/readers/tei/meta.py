"""The essay metadata of a TEI document, from its ``teiHeader``, for the TEI reader.

``essay_meta`` takes:

* the title (``main_title``): the ``titleStmt`` title typed ``main`` (or untyped), without
  the digital edition's own words ("an electronic edition", "Machine readable text") and,
  for a library catalogue's title (EEBO-TCP, ECCO-TCP, Wright), without its statement of
  responsibility ("... / by Isaac Penington", "... By Edward Jorden Doctor in Physicke.");
  a title whose parts are joined by " : " is split into title and subtitle; the subtitle is
  the title typed ``sub``; the title page's ``docTitle`` when the header has none;
* the authors: every ``author`` of ``titleStmt`` (else of ``sourceDesc``, else the title
  page's ``docAuthor``), a ``persName`` with ``forename``/``surname`` in reading order, a
  catalogue's life dates and closing full stop left off; the translator from ``editor
  role="translator"`` or a ``respStmt`` whose ``resp`` mentions translation;
* the date: ``creation``, else the source's publication in ``sourceDesc``, else the title
  page's ``docDate``, else ``publicationStmt`` when the text has no other source (a
  digitised book's release date is not the book's); ``@when`` (or ``@notBefore``) when given;
* the language: ``xml:lang`` (P4 ``lang``) on ``<text>``, else the most used
  ``langUsage/language`` (``ident``, P4 ``id``), else ``xml:lang`` on ``<TEI>``; ISO 639-2
  codes (``eng``, ``rus``, ``ger``/``deu``...) and language names become ISO 639-1;
* the source (``sourceDesc``) and the licence (``availability``).

A document without a title is named after its file. ``title_page_meta`` notes what the
document's own title page says, in ``state.front_meta``, for what the header lacks.
"""

from __future__ import annotations

import re

from ...metadata import language_code
from ...model import EssayMeta
from .state import TeiState
from .xml import first_child, find, flat, declared_lang, local_name

_EDITION_WORDS = re.compile(
    r"\s*(?:[,:;.\-\u2013\u2014]\s*)?[(\[]?\s*(?:an?\s+|the\s+)?(?:electronic|digital|"
    r"machine[- ]readable|online)\s+(?:edition|version|text|transcription|resource|"
    r"reproduction)\s*[)\]]?\s*\.?\s*$", re.I)
_EDITION_ONLY = re.compile(r"^\s*(?:an?\s+)?(?:electronic|digital|machine[- ]readable)\s+"
                           r"(?:edition|version|text|transcription|resource)\.?\s*$", re.I)
#: "... / by Isaac Penington the younger." (a catalogue's statement of responsibility)
_SLASH_BY = re.compile(r"\s+/\s+(?:by\s+|written\s+by\s+|edited\s+by\s+)?\S.*$", re.I | re.S)
#: "... By Edvvard Iorden Doctor in Physicke." at the end of a long title page transcription
_TRAILING_BY = re.compile(r"\s+(?:By|BY)\s+(?!(?i:(?:him|her|them|it)sel(?:f|ves))\b)"
                          r"(?:[A-Z][\w'.]*|the\s)\S*(?:\s+\S+){0,14}\s*$")
_LIFE_DATES = re.compile(r",?\s*(?:\(\s*)?(?:(?:b\.|d\.|fl\.|ca\.|c\.|born|died)\s*)?"
                         r"\d{3,4}\??(?:\s*[-\u2010-\u2015]\s*(?:(?:ca\.|c\.)\s*)?(?:\d{2,4}\??)?)?"
                         r"\s*\)?\.?\s*$")
_ISO639_2 = {"eng": "en", "enm": "en", "ang": "en", "rus": "ru", "ger": "de", "deu": "de",
             "gmh": "de", "goh": "de", "fre": "fr", "fra": "fr", "frm": "fr", "fro": "fr",
             "ita": "it", "spa": "es", "por": "pt", "dut": "nl", "nld": "nl", "lat": "la",
             "gre": "el", "ell": "el", "pol": "pl", "cze": "cs", "ces": "cs", "ukr": "uk",
             "swe": "sv", "dan": "da", "nor": "no", "nob": "nb", "fin": "fi", "hun": "hu",
             "rum": "ro", "ron": "ro", "tur": "tr", "ara": "ar", "heb": "he", "chi": "zh",
             "zho": "zh", "jpn": "ja", "kor": "ko", "per": "fa", "fas": "fa", "wel": "cy",
             "cym": "cy", "gle": "ga", "gla": "gd", "cat": "ca", "bul": "bg", "srp": "sr",
             "hrv": "hr", "slv": "sl", "slo": "sk", "slk": "sk", "bel": "be", "mac": "mk",
             "mkd": "mk", "epo": "eo", "yid": "yi", "san": "sa", "hin": "hi", "ice": "is",
             "isl": "is", "est": "et", "lav": "lv", "lit": "lt", "eus": "eu", "baq": "eu",
             "glg": "gl", "oci": "oc", "afr": "af", "alb": "sq", "sqi": "sq", "arm": "hy",
             "hye": "hy", "geo": "ka", "kat": "ka"}
#: TEI editions of Greek texts are of ancient Greek
_TEI_NAMES = {"greek": "grc"}


def essay_meta(header, tei, text_el, path: str, front: dict | None = None) -> EssayMeta:
    front = front or {}
    stmt = find(header, "titleStmt")
    title, subtitle = _titles(stmt)
    if not title and front.get("title"):
        title = _tidy_title(front["title"])
    authors = _authors(stmt)
    if not authors:
        source = find(header, "sourceDesc")
        authors = _authors(source)
    if not authors:
        authors = tuple(a for a in (_person(_strip_dates(a)) for a in front.get("authors", ())) if a)
    translator = ""
    for el in (stmt.iter() if stmt is not None else ()):
        if local_name(el) == "editor" and (el.get("role") or "").lower().startswith("transl"):
            translator = flat(el)
        elif local_name(el) == "respStmt" and "transl" in flat(first_child(el, "resp")).lower():
            who = first_child(el, "name")
            translator = flat(who if who is not None else first_child(el, "persName"))
    licence_el = find(header, "availability", "licence")
    licence = flat(licence_el) or (licence_el.get("target", "") if licence_el is not None else "")
    return EssayMeta(title=title, subtitle=subtitle, authors=authors,
                     date=_date(header, front), source=flat(find(header, "sourceDesc"))[:500],
                     lang=_language(header, tei, text_el), licence=licence,
                     translator=translator)


def main_title(header) -> str:
    """The document's main title, as ``essay_meta`` reads it (for a corpus's headings)."""
    return _titles(find(header, "titleStmt"))[0]


def title_page_meta(state: TeiState, el) -> None:
    """Note what a title page says, for metadata the header lacks (the document's own
    title page only, not those of the texts a group holds)."""
    if state.base:
        return
    meta = state.front_meta
    for part in [el] + list(el.iter()):
        name = local_name(part)
        if name == "docTitle" and "title" not in meta:
            main = next((t for t in part.iter() if local_name(t) == "titlePart"
                         and (t.get("type") or "main") == "main"), None)
            meta["title"] = flat(main if main is not None else part)
        elif name == "titlePart" and (part.get("type") or "main") == "main" \
                and "title" not in meta:
            meta["title"] = flat(part)
        elif name == "docAuthor":
            meta.setdefault("authors", []).append(flat(part))
        elif name == "docDate" and "date" not in meta:
            meta["date"] = part.get("when") or flat(part)


def _titles(stmt) -> tuple[str, str]:
    if stmt is None:
        return "", ""
    titles = [t for t in stmt if local_name(t) == "title"]
    main = [t for t in titles if (t.get("type") or "main").lower() in ("main", "full", "uniform")
            and not _EDITION_ONLY.match(flat(t))]
    title = flat(main[0]) if main else ""
    subtitle = next((flat(t) for t in titles if (t.get("type") or "").lower() == "sub"
                     and not _EDITION_ONLY.match(flat(t))), "")
    if not title:
        return "", subtitle
    title = _tidy_title(title)
    if not subtitle and " : " in title:
        title, _, subtitle = title.partition(" : ")
        subtitle = subtitle.strip()
    return title.strip(), subtitle


def _tidy_title(title: str) -> str:
    title = _EDITION_WORDS.sub("", title)
    title = re.sub(r"\s*\[electronic resource\]\s*", " ", title, flags=re.I).strip()
    title = _SLASH_BY.sub("", title)
    if len(title.split()) > 12:
        title = _TRAILING_BY.sub("", title)
    return title.strip(" .;,:") if not title.endswith("...") else title


def _authors(parent) -> tuple[str, ...]:
    if parent is None:
        return ()
    out: list[str] = []
    for el in parent.iter():
        if local_name(el) != "author":
            continue
        name = _person(el)
        if name and name not in out:
            out.append(name)
    return tuple(out)


def _person(el) -> str:
    """A person's name from an ``author`` (or a plain string): ``persName`` parts in
    reading order, a catalogue's life dates and closing full stop left off."""
    if isinstance(el, str):
        text = el
    else:
        pers = next((d for d in el.iter() if local_name(d) in ("persName", "name")), None)
        parts = {} if pers is None else {local_name(c): flat(c) for c in pers if local_name(c)}
        if pers is not None and ("surname" in parts or "forename" in parts):
            forenames = " ".join(flat(c) for c in pers if local_name(c) == "forename")
            link = " ".join(flat(c) for c in pers if local_name(c) == "nameLink")
            surname = " ".join(flat(c) for c in pers if local_name(c) == "surname")
            extra = " ".join(flat(c) for c in pers if local_name(c) in ("genName", "addName"))
            text = " ".join(p for p in (forenames, link, surname, extra) if p)
        else:
            text = flat(pers if pers is not None else el)
    return _strip_dates(" ".join(text.split()))


def _strip_dates(name: str) -> str:
    name = _LIFE_DATES.sub("", name).strip(" ,;")
    # a closing full stop, but not an initial's ("Smith, J.")
    if name.endswith(".") and not re.search(r"(?:^|[\s.])[^\W\d_]\.$", name):
        name = name[:-1].rstrip()
    return name


def _date(header, front: dict) -> str:
    for path in (("creation",), ("sourceDesc",)):
        el = find(header, *path)
        if el is None:
            continue
        date = next((d for d in el.iter() if local_name(d) == "date"), None)
        value = _date_value(date)
        if value:
            return value
    if front.get("date"):
        return _clean_date(front["date"])
    # the digital edition's own date is the text's date only when there is no other source
    source = find(header, "sourceDesc")
    if source is not None and any(local_name(d) in ("bibl", "biblStruct", "biblFull", "msDesc")
                                  for d in source.iter()):
        return ""
    return _date_value(find(header, "publicationStmt", "date"))


def _date_value(el) -> str:
    if el is None:
        return ""
    for attr in ("when", "when-iso", "notBefore", "from", "value"):
        value = (el.get(attr) or "").strip()
        if re.match(r"^-?\d{3,4}", value):
            return value
    return _clean_date(flat(el))


def _clean_date(text: str) -> str:
    text = " ".join(text.split()).strip(" .,;:[]")
    return text


def _language(header, tei, text_el) -> str:
    lang = declared_lang(text_el)
    if not lang:
        usage = find(header, "langUsage")
        languages = [el for el in (usage.iter() if usage is not None else ())
                     if local_name(el) == "language"]

        def share(el) -> float:
            try:
                return float(el.get("usage") or 0)
            except ValueError:
                return 0.0

        if languages:
            best = max(languages, key=share) if any(share(el) for el in languages) \
                else languages[0]
            lang = (best.get("ident") or best.get("id") or "").strip()
    if not lang:
        lang = declared_lang(tei)
    return _iso639_1(lang)


def _iso639_1(tag: str) -> str:
    """``eng`` → ``en``, ``rus`` → ``ru``, ``English`` → ``en``; a region kept
    (``en-GB``); ``""`` for nothing."""
    tag = tag.strip().replace("_", "-")
    if not tag:
        return ""
    head, _, rest = tag.partition("-")
    low = head.lower()
    low = _ISO639_2.get(low) or _TEI_NAMES.get(low) or language_code(low) or low
    return f"{low}-{rest}" if rest and len(rest) <= 4 and rest.isalnum() else low
