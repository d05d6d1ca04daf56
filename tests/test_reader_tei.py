"""The TEI XML reader: safe parsing, header metadata, structure, notes and inline rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from pamphlets.transforms.walk import note_refs
from hypothesis import given, settings, strategies as st

from pamphlets.errors import PamphletError, ReadError
from pamphlets.loading import read_essay
from pamphlets.model import (BlockQuote, Figure, Heading, LineBreak, ListBlock, Note,
                             ReadResult, SmallCaps, Strong, Emph, Superscript, Text, Verse,
                             block_text, essay_text, plain_text)
from pamphlets.readers.tei import read

FIXTURES = Path(__file__).parent / "fixtures" / "tei"


@pytest.fixture(scope="module")
def essay_result():
    return read_essay(FIXTURES / "essay.xml")


@pytest.fixture(scope="module")
def essay(essay_result):
    return essay_result.essay


def _refs(nodes) -> list[str]:
    """Note ids referenced in some blocks, or in some notes' blocks, in order."""
    blocks = tuple(b for n in nodes for b in n.blocks) if nodes and isinstance(nodes[0], Note) \
        else tuple(nodes)
    return note_refs(blocks)


def _wrap(body: str) -> str:
    return ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
            f"<title>T</title></titleStmt></fileDesc></teiHeader><text><body>{body}"
            "</body></text></TEI>")


def test_format_is_detected_and_header_read(essay):
    meta = essay.meta
    assert (meta.title, meta.subtitle) == ("On Tidy Gardens", "A Short Inquiry")
    assert meta.authors == ("Ada Quill",) and meta.translator == "Ben Ink"
    assert (meta.date, meta.lang, meta.licence) == ("1901-04-01", "fr", "Public domain")
    assert meta.source == "The Garden Gazette, 1901, pp. 3-9."


def test_xml_lang_wins_and_p4_without_namespace():
    meta = read_essay(FIXTURES / "letters.xml").essay.meta
    assert (meta.title, meta.authors, meta.lang, meta.date) == (
        "Zwei Briefe", ("Lena Stift",), "de", "2001")


def test_title_page_dropped_with_notice(essay_result):
    assert "ON TIDY GARDENS" not in essay_text(essay_result.essay)
    assert any(n.reason == "title page" for n in essay_result.notices)


def test_div_nesting_gives_heading_levels(essay):
    heads = [(b.level, plain_text(b.inlines)) for b in essay.blocks if isinstance(b, Heading)]
    assert heads == [(1, "The First Bed"), (2, "Small Things")]


def test_page_breaks_and_line_breaks_rejoin_words(essay):
    text = block_text(essay.blocks[1])
    assert text.startswith("A garden is begun with a spade and patience.")
    assert "stubborn;" in text and "  " not in text


def test_choice_takes_corr_reg_expan_and_fw_is_ignored(essay):
    assert block_text(essay.blocks[2]) == "The gardener says show the Doctor your roses."


def test_hi_rend_variants(essay):
    inlines = essay.blocks[1].inlines + essay.blocks[4].inlines
    assert Strong((Text("not"),)) in inlines
    assert SmallCaps((Text("March"),)) in inlines
    assert Superscript((Text("2"),)) in inlines
    letters = read_essay(FIXTURES / "letters.xml").essay
    assert Strong((Emph((Text("Wort"),)),)) in letters.blocks[-1].inlines


def test_lb_is_a_space_in_prose_and_a_break_in_a_dateline(essay):
    assert "word wrap" in block_text(essay.blocks[4])
    letters = read_essay(FIXTURES / "letters.xml").essay
    assert LineBreak() in letters.blocks[1].inlines


def test_notes_keep_source_numbers(essay):
    assert [n.id for n in essay.notes] == ["7", "8"]
    assert _refs(essay.blocks) == ["7", "8"]
    assert [block_text(b) for b in essay.notes[1].blocks] == [
        "Second note.", "It has two paragraphs."]


def test_restarted_note_numbers_and_linked_endnotes():
    letters = read_essay(FIXTURES / "letters.xml").essay
    assert _refs(letters.blocks) == ["5", "6", "a", "c2-5"]
    assert {n.id for n in letters.notes} == {"5", "6", "a", "c2-5"}
    assert "Eine Endnote." not in essay_text(letters)


def test_quote_cit_verse_list_figure(essay):
    blocks = essay.blocks
    quotes = [b for b in blocks if isinstance(b, BlockQuote)]
    assert block_text(quotes[0]) == "Dig where the soil is soft."
    assert plain_text(quotes[1].attribution) == "An old saying"
    verse = next(b for b in blocks if isinstance(b, Verse))
    assert len(verse.lines) == 5 and verse.lines[2] == ()
    lists = [b for b in blocks if isinstance(b, ListBlock)]
    assert [lst.ordered for lst in lists] == [True, False]
    assert block_text(lists[1].items[0][0]) == "Hose"
    figure = next(b for b in blocks if isinstance(b, Figure))
    assert (figure.src, figure.alt) == ("rake.png", "A wooden rake.")


def test_entity_bomb_and_external_entity_are_not_expanded():
    result = read_essay(FIXTURES / "bomb.xml")
    text = essay_text(result.essay)
    assert text == "Before between after."
    assert sum(1 for n in result.notices if "unexpanded" in n.reason) == 2


def test_malformed_file_raises_read_error_with_line():
    with pytest.raises(ReadError) as info:
        read_essay(FIXTURES / "malformed.xml")
    assert info.value.line == 6


def test_not_tei_and_no_text():
    with pytest.raises(ReadError):
        read("<html><body/></html>")
    with pytest.raises(ReadError):
        read("<TEI><teiHeader/></TEI>")


@pytest.mark.parametrize("body, expected", [
    ("<p>half<pb n='2'/>way</p>", "halfway"),
    ("<p>half <pb n='2'/> way</p>", "half way"),
    ("<p>half-\n<pb n='2' break='no'/>\nway</p>", "halfway"),
    ("<p>end.\n<pb/><fw>12</fw>\nNext</p>", "end. Next"),
    ("<p>in<hi rend='italic'> </hi>between</p>", "in between"),
])
def test_page_break_spacing(body, expected):
    assert block_text(read(_wrap(body)).essay.blocks[0]) == expected


# --------------------------------------------------------------------------- robustness

_PIECES = st.sampled_from([
    "<p>", "</p>", "<div>", "</div>", "<head>", "</head>", "<note n='1'>", "<note>", "</note>",
    "<pb/>", "<lb break='no'/>", "<hi rend='italic'>", "</hi>", "<choice><sic>a</sic>",
    "<corr>b</corr></choice>", "<lg><l>x</l></lg>", "<list><item>i</item></list>", "&amp;",
    "&x;", "<quote>", "</quote>", "<figure/>", "<ref target='#n'>", "</ref>", "word ", "<",
    "]]>", "<![CDATA[", "<table><row><cell>c</cell></row></table>", "<gap/>", "\u0000"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=10)), max_size=30))
def test_random_input_reads_or_raises_a_tool_error(pieces):
    try:
        result = read(_wrap("".join(pieces)), path="random.xml")
    except PamphletError:
        return
    assert isinstance(result, ReadResult)
    essay = result.essay
    assert set(_refs(essay.blocks)) | set(_refs(essay.notes)) == {n.id for n in essay.notes}
