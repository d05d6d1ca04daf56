"""Heading clean-up: a bare label heading ("CHAPTER IV", "Part 2") followed by the title
heading it introduces becomes one heading, "CHAPTER IV. RUSSIAN INFLUENCES", at the
label's level, as books print them and as contents and bookmarks want them."""

from __future__ import annotations

import dataclasses
import re

from ..model import Heading, ReadResult, Text, plain_text

_LABEL = re.compile(
    r"^(part|book|chapter|chap\.|section|canto|volume|vol\.|letter|act|scene|lecture|"
    r"acte|scène|akt|aufzug|auftritt|szene|escena|scena|acto|atto|"
    r"глава|часть|дел|поглавје|chapitre|partie|kapitel|teil|capítulo|parte|capitolo)"
    r"\s+([ivxlcdm]+|\d+|[a-z]+)\.?$", re.IGNORECASE)


def is_label(heading: Heading) -> bool:
    return bool(_LABEL.match(plain_text(heading.inlines).strip()))


def merge_label_headings(result: ReadResult) -> ReadResult:
    blocks = list(result.essay.blocks)
    out = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if (isinstance(b, Heading) and isinstance(nxt, Heading) and is_label(b)
                and not is_label(nxt) and nxt.level >= b.level):
            label = plain_text(b.inlines).strip().rstrip(".")
            out.append(Heading(b.level, (Text(label + ". "),) + nxt.inlines, b.id or nxt.id))
            i += 2
            continue
        out.append(b)
        i += 1
    if len(out) == len(blocks):
        return result
    essay = dataclasses.replace(result.essay, blocks=tuple(out))
    return ReadResult(essay, result.notices)
