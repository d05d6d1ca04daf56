"""Site furniture in pasted text: the related posts, author boxes, buttons, publication
notes and credits after the essay (the tail), and boilerplate lines and picture captions
inside it.
"""

from __future__ import annotations

from . import rules
from .units import Unit


def mark_tail(units: list[Unit]) -> list[str]:
    """Mark the site furniture after the essay; return author names from an author box."""
    live = [u for u in units if u.fate is None]
    authors: list[str] = []
    for pos in range(len(live) - 1, -1, -1):
        unit = live[pos]
        fate = _tail_fate(live, pos)
        if fate is None:
            break
        unit.fate = fate
        name = unit.lines[0].strip()
        if fate[1] == "author box" and rules.looks_like_name(name) and (len(unit.lines) > 1 or unit.single):
            authors = rules.split_names(name) or authors
    return authors


def _tail_fate(live: list[Unit], pos: int) -> tuple[str, str] | None:
    unit = live[pos]
    text = unit.text
    reason = _unit_boilerplate(unit)
    if reason:
        return ("dropped", reason)
    if rules.is_bio(unit.lines[-1].strip()) and (unit.single or rules.looks_like_name(unit.lines[0].strip())):
        return ("dropped", "author box")
    below = live[pos + 1] if pos + 1 < len(live) else None
    if unit.single and rules.looks_like_name(text) and below is not None and below.fate == ("dropped", "author box"):
        return ("dropped", "author box")
    if rules.is_publication_note(text):
        return ("dropped", "publication note")
    if rules.is_credit(text) and rules.caption_shape(text):
        return ("caption", "image caption or credit")
    if _is_card_title(live, pos):
        return ("dropped", "related posts")
    if rules.is_truncated_teaser(text) and pos > 0 and _is_card_title(live, pos - 1):
        return ("dropped", "related posts")
    return None


def _is_card_title(live: list[Unit], pos: int) -> bool:
    """A related post's title: printed twice in a row, or standing over an excerpt."""
    unit = live[pos]
    if not unit.single or rules.words(unit.text) > 20:
        return False
    for other in (pos - 1, pos + 1):
        if 0 <= other < len(live) and live[other].text == unit.text:
            return True
    return pos + 1 < len(live) and rules.is_truncated_teaser(live[pos + 1].text) \
        and (rules.heading_shape(unit.text) or rules.question_shape(unit.text))


# --------------------------------------------------------------------------- furniture


def mark_body_furniture(units: list[Unit]) -> None:
    """Mark boilerplate lines and picture captions inside the essay."""
    for unit in units:
        if unit.fate is not None:
            continue
        reason = _unit_boilerplate(unit)
        if reason:
            unit.fate = ("dropped", reason)
        elif _caption_group(unit):
            unit.fate = ("caption", "image caption or credit")


def _unit_boilerplate(unit: Unit) -> str:
    """Why a unit is site furniture: its one line is, every one of its lines is, or it is a
    "Related articles" header with the related titles under it; else ``""``."""
    lines = [line.strip() for line in unit.lines if line.strip()]
    if len(lines) <= 1:
        return rules.boilerplate_reason(unit.text)
    reasons = [rules.boilerplate_reason(line) for line in lines]
    if all(reasons):
        return reasons[0]
    if reasons[0] == "related posts" and all(rules.words(line) <= 16 for line in lines[1:]):
        return "related posts"
    if reasons[0] == "author box" and all(rules.words(line) <= 60 for line in lines[1:]):
        return "author box"  # "Written by Ann Smith" over her short bio
    return ""


def _caption_group(unit: Unit) -> bool:
    if rules.list_item(unit.lines[0]):
        return False
    if len(unit.lines) > 1:
        return rules.is_credit(unit.lines[-1]) or (rules.is_credit(unit.lines[0]) and rules.caption_shape(unit.lines[0].strip()))
    text = unit.text
    return rules.is_credit(text) and rules.caption_shape(text)
