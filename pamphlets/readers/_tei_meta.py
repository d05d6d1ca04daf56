"""The essay metadata of a TEI document, from its ``teiHeader``, for the TEI reader.

``_meta`` takes the title and subtitle, authors and translator from ``titleStmt``, the
date from ``creation``, ``sourceDesc`` or ``publicationStmt``, the language from
``xml:lang`` or ``langUsage``, the source from ``sourceDesc`` and the licence from
``availability``; a document without a title is named after its file.
"""

from __future__ import annotations

import re

from ..model import EssayMeta
from ._tei_xml import _child, _find, _flat, _name

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _meta(header, tei, text_el, path: str) -> EssayMeta:
    stmt = _find(header, "titleStmt")
    titles = [t for t in (stmt.iter() if stmt is not None else ()) if _name(t) == "title"]
    main = [t for t in titles if t.get("type") in (None, "main", "full")]
    title = _flat(main[0] if main else titles[0] if titles else None)
    subtitle = _flat(next((t for t in titles if t.get("type") == "sub"), None))
    authors = tuple(a for a in (_flat(el) for el in (stmt.iter() if stmt is not None else ())
                                if _name(el) == "author") if a)
    translator = ""
    for el in (stmt.iter() if stmt is not None else ()):
        if _name(el) == "editor" and (el.get("role") or "").lower().startswith("transl"):
            translator = _flat(el)
        elif _name(el) == "respStmt" and "transl" in _flat(_child(el, "resp")).lower():
            who = _child(el, "name")
            translator = _flat(who if who is not None else _child(el, "persName"))
    date_el = None
    for where in ("creation", "sourceDesc", "publicationStmt"):
        date_el = _find(header, where, "date")
        if date_el is not None:
            break
    date = _flat(date_el) or (date_el.get("when", "") if date_el is not None else "")
    lang = tei.get(_XML_LANG) or text_el.get(_XML_LANG) or ""
    language = _find(header, "langUsage", "language")
    if not lang and language is not None:
        lang = language.get("ident", "")
    licence_el = _find(header, "availability", "licence")
    licence = _flat(licence_el) or (licence_el.get("target", "") if licence_el is not None else "")
    if not title:
        title = re.sub(r"\.[^./\\]*$", "", re.split(r"[/\\]", path)[-1]) or "Untitled"
    return EssayMeta(title=title, subtitle=subtitle, authors=authors, date=date,
                     source=_flat(_find(header, "sourceDesc"))[:500], lang=lang or "en",
                     licence=licence, translator=translator)
