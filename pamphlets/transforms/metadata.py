"""Metadata as an editor would set it, for every format: ``ReadResult -> ReadResult``.

The title loses a site's name (the site of ``source``) and a title page's full stop; the
authors are split into one name each and put in reading order; the date becomes ISO when
it can be read; the language is checked against the text. Each change is an ``info``
notice. Running it on its own output changes nothing.
"""

from __future__ import annotations

import dataclasses

from ..metadata import (clean_title, detect_language, iso_date, language_name,
                        not_a_real_date, reading_order, split_authors)
from ..model import Notice, ReadResult, block_text

#: enough text to tell the language; more only costs time
_TEXT_FOR_LANGUAGE = 20000


def _names(values) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        for name in split_authors(value):
            name = reading_order(name)
            if name and name not in out:
                out.append(name)
    return tuple(out)


def _essay_text(essay) -> str:
    parts: list[str] = []
    size = 0
    for block in essay.blocks:
        text = block_text(block)
        parts.append(text)
        size += len(text)
        if size >= _TEXT_FOR_LANGUAGE:
            break
    return "\n".join(parts)


def tidy_metadata(result: ReadResult) -> ReadResult:
    essay = result.essay
    meta = essay.meta
    notices: list[Notice] = []
    changes: dict[str, object] = {}

    title = clean_title(meta.title, url=meta.source) or meta.title.strip()
    if title != meta.title:
        changes["title"] = title
        if title.strip(". ") != " ".join(meta.title.split()).strip(". "):
            notices.append(Notice("info", "title: site name removed", f"{meta.title} → {title}"))

    authors = _names(meta.authors)
    if authors != meta.authors:
        changes["authors"] = authors
        notices.append(Notice("info", "authors: one name each, in reading order",
                              "; ".join(meta.authors) + " → " + "; ".join(authors)))
    if meta.translator:
        translator = ", ".join(_names([meta.translator]))
        if translator and translator != meta.translator:
            changes["translator"] = translator

    if meta.date:
        date = iso_date(meta.date, meta.lang)
        if date and date != meta.date:
            changes["date"] = date
            notices.append(Notice("info", "date: written as ISO", f"{meta.date} → {date}"))
        elif not date and not_a_real_date(meta.date):  # a typo such as 2024-13-45
            changes["date"] = ""
            notices.append(Notice("warning", "date is not a real date; left out",
                                  f"{meta.date} in {essay.origin or meta.title}"))

    lang = detect_language(_essay_text(essay), meta.lang)
    if lang and lang != meta.lang:
        changes["lang"] = lang
        reason = (f"language: declared '{meta.lang}' but the text is {language_name(lang)}; "
                  f"using '{lang}'") if meta.lang else f"language: the text is {language_name(lang)}"
        notices.append(Notice("info", reason))

    if not changes:
        return result
    meta = dataclasses.replace(meta, **changes)
    return ReadResult(dataclasses.replace(essay, meta=meta), result.notices + tuple(notices))
