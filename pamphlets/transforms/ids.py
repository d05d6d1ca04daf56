"""Heading ids: a readable, unique id for every heading of an essay."""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from ..model import Heading, ReadResult, plain_text


def slugify(text: str, fallback: str = "section") -> str:
    """Lower-case ASCII words joined by hyphens; non-Latin text falls back."""
    norm = unicodedata.normalize("NFKD", text)
    ascii_text = norm.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].rstrip("-") or fallback


def heading_ids(result: ReadResult) -> ReadResult:
    used: set[str] = set()
    blocks = []
    for i, b in enumerate(result.essay.blocks, start=1):
        if isinstance(b, Heading):
            base = slugify(b.id or plain_text(b.inlines), f"s{i}")
            if not base[0].isalpha():
                base = "s-" + base
            ident, n = base, 2
            while ident in used:
                ident, n = f"{base}-{n}", n + 1
            used.add(ident)
            b = dataclasses.replace(b, id=ident)
        blocks.append(b)
    essay = dataclasses.replace(result.essay, blocks=tuple(blocks))
    return ReadResult(essay, result.notices)
