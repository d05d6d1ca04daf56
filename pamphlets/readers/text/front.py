"""Front matter in pasted text: byline and date lines, the author or standfirst between
title and byline, and the caption of the picture at the top.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...model import Notice
from . import rules
from .units import Unit


@dataclass
class FrontMatter:
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    date: str = ""
    notices: list[Notice] = field(default_factory=list)


def read_front_matter(units: list[Unit]) -> FrontMatter:
    """Byline, date, standfirst and top caption among the first units after the title."""
    front = FrontMatter()
    live = [u for u in units if u.fate is None][:5]
    at = next((i for i, u in enumerate(live[:4]) if _byline_unit(u)), None)
    after = 0
    if at is not None:
        for unit in live[:at]:
            _before_byline(unit, front)
        after = at
        while after < len(live) and (found := _byline_unit(live[after])):
            front.authors = front.authors or found.authors
            front.date = front.date or found.date
            live[after].fate = ("meta", "")
            front.notices.append(Notice("info", "byline read as author/date", live[after].text, live[after].line))
            after += 1
    if after < len(live) and after + 1 < len(live) and _top_caption(live[after], live[after + 1]):
        live[after].fate = ("caption", "caption of the picture at the top")
    return front


def _byline_unit(unit: Unit) -> rules.Byline | None:
    """A unit of byline lines: "By Ann Smith" over "March 3, 2021", or a name over a date
    with the page's like and share counters under them; ``None`` when any line is prose."""
    lines = [line.strip() for line in unit.lines if line.strip()]
    if not lines or len(lines) > 6:
        return None
    found = []
    names: list[str] = []
    for line in lines:
        byline = rules.parse_byline(line)
        if byline:
            found.append(byline)
        elif rules.looks_like_name(line):
            names.extend(rules.split_names(line))
        elif not rules.is_page_furniture(line):
            return None
    if not found:
        return None
    authors = next((f.authors for f in found if f.authors), ()) or tuple(names)
    date = next((f.date for f in found if f.date), "")
    return rules.Byline(authors, date)


def _before_byline(unit: Unit, front: FrontMatter) -> None:
    """Between title and byline: an author's name, a standfirst, or a section label."""
    text = unit.text
    if rules.is_credit(text):
        return
    if unit.single and rules.looks_like_name(text):
        front.authors = tuple(rules.split_names(text))
        unit.fate = ("meta", "")
        front.notices.append(Notice("info", "author line read as the author", text, unit.line))
    elif rules.words(text) >= 4 and not front.subtitle:
        front.subtitle = text
        unit.fate = ("meta", "")
        front.notices.append(Notice("info", "standfirst read as the subtitle", text, unit.line))
    elif rules.words(text) < 4:
        unit.fate = ("dropped", "section label above the byline")


def _top_caption(unit: Unit, following: Unit) -> bool:
    text = unit.text
    if rules.is_credit(text) and rules.caption_shape(text):
        return True
    return (unit.single and following.gap >= 2 and rules.caption_shape(text)
            and text.endswith(".") and rules.words(text) <= 20)
