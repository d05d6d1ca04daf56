"""Property tests: any text, in any format, either imports or raises the tool's own error,
and importing the result again changes nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pamphlets.errors import PamphletError
from pamphlets.importing import IMPORT_SKIPS
from pamphlets.model import ReadResult
from pamphlets.readers import get_reader
from pamphlets.transforms import apply
from pamphlets.writers.markdown import write_markdown

# text with the characters the readers care about, so the examples hit real code paths
SPICE = st.sampled_from(["\n", "\n\n", "\n\n\n", "  ", "1.", "[1]", "[^a]", "[^a]: ", "# ",
                         "## ", "*", "_", "> ", "- ", "<p>", "</p>", "<a href='#fn1'>", "#title ",
                         "<quote>", "</quote>", "***", "CHAPTER I", "FOOTNOTES:", "↩︎", "by | ",
                         "Jun 21, 2023", "---\n", "title: x\n", "<TEI>", "&amp;", "\t", "é"])
TEXT = st.lists(st.one_of(st.text(max_size=20), SPICE), max_size=40).map("".join)
FORMATS = ["md", "txt", "gutenberg", "html", "muse", "tei"]


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
def test_any_text_reads_or_fails_cleanly(fmt, text):
    try:
        result = get_reader(fmt)(text, path="fuzz")
    except PamphletError:
        return
    assert isinstance(result, ReadResult)
    apply(result)  # and the transforms take whatever a reader makes


@pytest.mark.parametrize("fmt", ["txt", "md", "muse"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT)
def test_import_is_idempotent(fmt, text):
    try:
        first = write_markdown(apply(get_reader(fmt)(text, path="fuzz"),
                                     skip=IMPORT_SKIPS).essay)
    except PamphletError:
        return
    reread = apply(get_reader("md")(first, path="fuzz.md"),
                   skip=IMPORT_SKIPS)
    assert write_markdown(reread.essay) == first
