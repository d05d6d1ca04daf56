"""Importing an import's output again changes nothing, for every kind of input."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SHARED

from pamphlets.importing import import_file

FIXTURES = Path(__file__).parent / "fixtures"
SOURCES = sorted(
    list((SHARED / "seeds").glob("*.txt"))
    + [p for p in (SHARED / "corpus").glob("*.*") if p.name != "README.md"]
    + [p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix in
       (".txt", ".md", ".muse", ".htm", ".html", ".xml")
       and not p.name.startswith(("bad", "bomb", "malformed"))]
)


# the corpus holds whole books: the quick loop leaves them to the full suite
@pytest.mark.parametrize("source", [pytest.param(p, marks=pytest.mark.slow)
                                    if p.parent == SHARED / "corpus" else p
                                    for p in SOURCES], ids=lambda p: p.name)
def test_second_import_is_a_fixed_point(tmp_path, source):
    # every source here must import (fixtures meant to fail are left out above): a reader
    # that starts refusing one is a regression, not a reason to skip
    first = import_file(source).markdown
    again = tmp_path / "again.md"
    again.write_text(first, encoding="utf-8")
    second = import_file(again).markdown
    assert second == first
