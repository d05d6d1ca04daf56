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


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_second_import_is_a_fixed_point(tmp_path, source):
    try:
        first = import_file(source).markdown
    except Exception as exc:  # a fixture meant to fail is not this test's business
        from pamphlets.errors import PamphletError

        if isinstance(exc, PamphletError):
            pytest.skip(f"does not import: {exc.what}")
        raise
    again = tmp_path / "again.md"
    again.write_text(first, encoding="utf-8")
    second = import_file(again).markdown
    assert second == first
