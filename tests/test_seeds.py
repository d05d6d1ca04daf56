"""The sample essays in seeds/ exercise every feature the build supports."""

from __future__ import annotations

from conftest import SEEDS

from pamphlets.manifest import load_manifest
from pamphlets.model import (BlockQuote, Emph, Figure, Heading, Link, ListBlock, NoteRef, Para,
                             Rule, Strong, Verse, iter_blocks)
from pamphlets.pipeline import load_essay
from pamphlets.readers.markdown import read
from pamphlets.transforms.walk import iter_block_inlines


def test_sampler_covers_every_feature():
    manifest = load_manifest(SEEDS / "sampler.toml")
    essays = [load_essay(e.path).essay for e in manifest.essays]
    raw = [read(e.path.read_text(encoding="utf-8"), path=str(e.path)).essay
           for e in manifest.essays]
    blocks = [b for e in essays for b in iter_blocks(e.blocks)]
    inlines = [n for e in essays for n in iter_block_inlines(e.blocks)]
    kinds = {type(b) for b in blocks} | {type(n) for n in inlines}
    for kind in (Para, Heading, BlockQuote, ListBlock, Verse, Figure, Rule, Emph, Strong, Link,
                 NoteRef):
        assert kind in kinds, kind.__name__
    assert any(isinstance(b, ListBlock) and any(isinstance(x, ListBlock) for item in b.items
                                                for x in item) for b in blocks), "nested list"
    assert any(isinstance(b, BlockQuote) and b.attribution for b in blocks), "attribution"
    assert any(len(n.blocks) > 1 for e in essays for n in e.notes), "multi-paragraph note"
    assert any(not n.id.isdigit() for e in raw for n in e.notes), "non-numeric note labels"
    assert all([n.id for n in e.notes] == [str(i) for i in range(1, len(e.notes) + 1)]
               for e in essays), "notes renumbered 1..n"
    assert any(len(e.meta.authors) > 1 for e in essays) and all(e.meta.lang for e in essays)
    assert any(e.meta.subtitle and e.meta.source and e.meta.date for e in essays)
