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
    refs = set(_refs(essay.blocks)) | set(_refs(essay.notes))
    assert refs <= {n.id for n in essay.notes}
    unmarked = {n.id for n in essay.notes} - refs
    assert len(unmarked) <= sum("without a mark" in n.reason for n in result.notices)


# --------------------------------------------------------------------------- real-world shapes


@pytest.fixture(scope="module")
def collection():
    return read_essay(FIXTURES / "tei-collection.xml")


def test_collection_header_as_an_editor_reads_it(collection):
    meta = collection.essay.meta
    assert (meta.title, meta.subtitle) == ("Три письма", "собрание")
    assert meta.authors == ("Анна Пешкова", "Orlov, Ivan")
    assert (meta.date, meta.lang) == ("1902", "ru")


def test_group_gives_each_text_a_heading_and_nothing_is_lost(collection):
    heads = [(b.level, plain_text(b.inlines)) for b in collection.essay.blocks
             if isinstance(b, Heading)]
    assert heads == [(1, "Предисловие"), (1, "Письмо первое"), (2, "Приписка"),
                     (1, "Письмо второе"), (1, "Письмо третье"), (1, "Приложение")]
    text = essay_text(collection.essay)
    assert "Письма печатаются впервые." in text and "Список лиц." in text
    assert "ТРИ ПИСЬМА" not in text and "ПИСЬМА" not in text.replace("Письма", "")


def test_back_notes_found_by_number_by_pointer_and_kept_without_a_mark(collection):
    essay = collection.essay
    assert _refs(essay.blocks) == ["1", "2"]
    assert [block_text(n.blocks[0]) for n in essay.notes] == [
        "Первое примечание.", "Второе примечание.", "Примечание без метки."]
    reasons = [n.reason for n in collection.notices]
    assert any("without a mark" in r for r in reasons)
    assert any("#missing" in r for r in reasons)
    assert "*" in essay_text(essay)


def test_every_dropped_notice_counts_its_words(collection):
    drops = {n.reason: n.words for n in collection.notices if n.kind == "dropped"}
    assert drops["title page"] == 5
    assert drops["running head, page number or catchword (fw)"] == 1


@pytest.fixture(scope="module")
def bodyless():
    return read_essay(FIXTURES / "tei-p4-bodyless.xml")


def test_p4_text_without_body(bodyless):
    essay = bodyless.essay
    assert (essay.meta.title, essay.meta.authors, essay.meta.date, essay.meta.lang) == (
        "A Short Sermon", ("Hale, Thomas",), "1688", "en")
    assert [plain_text(b.inlines) for b in essay.blocks if isinstance(b, Heading)] == ["The Sermon"]
    assert "SHORT SERMON Preached" not in essay_text(essay)


def test_line_end_hyphens_and_p4_notes(bodyless):
    essay = bodyless.essay
    first = block_text(essay.blocks[1])
    assert first.startswith("It is a worshipful thing to give, said he")
    assert "Anglo-Saxon words" in first and "12" not in first
    assert [block_text(n.blocks[0]) for n in essay.notes] == [
        "So the Latin.", "A note pointed at by a bare id."]
    assert block_text(essay.blocks[2]) == "The new church."
    drops = {n.reason: n.words for n in bodyless.notices if n.kind == "dropped"}
    assert drops["deleted in the source (del)"] == 1
    assert drops["the other reading of a choice (sic, orig, abbr)"] == 1
    assert drops["title page"] == 7


def test_dta_broken_words_and_renditions():
    body = ("<p>Die bürger¬<lb/>lichen Freiheiten, Barrot¬<lb/>Faucher, Eigenthums-<lb/>Verhältnisse, "
            "Silber-<lb/>und Gold, <hi rendition='#g'>objek</hi>¬<lb/><hi rendition='#g'>tiven</hi> "
            "<hi rendition='#g'>Erster <hi rendition='#i'>Fall</hi></hi>.</p>")
    para = read(_wrap(body)).essay.blocks[0]
    assert block_text(para) == ("Die bürgerlichen Freiheiten, Barrot-Faucher, "
                                "Eigenthums-Verhältnisse, Silber- und Gold, objektiven Erster Fall.")
    assert Emph((Text("objektiven"),)) in para.inlines
    assert Emph((Text("Erster Fall"),)) in para.inlines


@pytest.mark.parametrize("header, lang", [
    ("<language ident='eng'/>", "en"), ("<language ident='ger'/>", "de"),
    ("<language ident='la' usage='5'/><language ident='ru' usage='95'/>", "ru"),
    ("<language id='fr'/>", "fr"), ("<language ident='en-GB'/>", "en-GB"),
])
def test_language_codes_made_iso_639_1(header, lang):
    doc = ('<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="en"><teiHeader><fileDesc><titleStmt>'
           f"<title>T</title></titleStmt></fileDesc><profileDesc><langUsage>{header}</langUsage>"
           "</profileDesc></teiHeader><text><body><p>x</p></body></text></TEI>")
    assert read(doc).essay.meta.lang == lang


def test_catalogue_title_loses_its_statement_of_responsibility():
    doc = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>The '
           "consideration of a position concerning the Book of common-prayer / by Isaac "
           "Penington the younger.</title><author>Penington, Isaac, 1616-1679.</author>"
           "</titleStmt></fileDesc></teiHeader><text><body><p>x</p></body></text></TEI>")
    meta = read(doc).essay.meta
    assert meta.title == "The consideration of a position concerning the Book of common-prayer"
    assert meta.authors == ("Penington, Isaac",)


@pytest.mark.parametrize("source, date", [
    ("<p>Born digital.</p>", "2001"),
    ("<biblStruct><monogr><title>T</title><imprint><date/></imprint></monogr></biblStruct>", ""),
    ("<bibl>Printed <date>1627.</date></bibl>", "1627"),
])
def test_a_digital_release_date_is_not_a_printed_source_date(source, date):
    doc = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T'
           '</title></titleStmt><publicationStmt><date type="release" when="2001">Perseus 3.0'
           f"</date></publicationStmt><sourceDesc>{source}</sourceDesc></fileDesc></teiHeader>"
           "<text><body><p>x</p></body></text></TEI>")
    assert read(doc).essay.meta.date == date


def test_a_corpus_keeps_every_document_under_its_title():
    doc = ('<teiCorpus xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
           "<title>Letters</title></titleStmt></fileDesc></teiHeader>"
           "<TEI><teiHeader><fileDesc><titleStmt><title>First</title></titleStmt></fileDesc>"
           "</teiHeader><text><body><p>One<anchor xml:id='a1'/>.</p></body></text></TEI>"
           "<TEI><teiHeader><fileDesc><titleStmt><title>Second</title></titleStmt></fileDesc>"
           "</teiHeader><text><body><div><head>Part</head><p>Two.</p></div></body></text></TEI>"
           "<note target='#a1'>Anchored.</note></teiCorpus>")
    essay = read(doc).essay
    assert essay.meta.title == "Letters"
    assert [(b.level, plain_text(b.inlines)) for b in essay.blocks if isinstance(b, Heading)] == [
        (1, "First"), (1, "Second"), (2, "Part")]
    assert _refs(essay.blocks) == ["1"] and block_text(essay.notes[0].blocks[0]) == "Anchored."


def test_lines_without_lg_are_one_poem():
    blocks = read(_wrap("<div><head>I</head><l>From fairest</l><l>That thereby</l><pb n='2'/>"
                        "<l>But as</l><p>Prose.</p><l>Again</l></div>")).essay.blocks
    verses = [b for b in blocks if isinstance(b, Verse)]
    assert [len(v.lines) for v in verses] == [3, 1]


def test_standard_character_entities_of_p4_dtds_are_characters():
    doc = ('<?xml version="1.0"?>\n<!DOCTYPE TEI.2 SYSTEM "tei2.dtd">\n<TEI.2><teiHeader><fileDesc>'
           "<titleStmt><title>T</title></titleStmt></fileDesc></teiHeader><text><body>"
           "<head>DRAMATIS PERSON&AElig;</head><p>Mus&aelig;us &mdash; &custom; Homer</p>"
           "</body></text></TEI.2>")
    result = read(doc)
    assert essay_text(result.essay) == "DRAMATIS PERSONÆ\nMusæus — Homer"
    assert [n.reason for n in result.notices] == ["entity &custom; left unexpanded"]


def test_a_play_cast_list_speeches_and_stage_directions():
    body = ("<div1><castList><castItem><role>ALONSO</role><roleDesc>King of Naples</roleDesc>"
            "</castItem><castGroup><head>Lords.</head><castItem><role>ADRIAN</role></castItem>"
            "</castGroup></castList></div1><div1><stage>On a ship at sea.</stage>"
            "<sp><speaker>Mir.</speaker><l>If by your art,</l><l>Put the wild waters</l></sp></div1>")
    blocks = read(_wrap(body)).essay.blocks
    cast = next(b for b in blocks if isinstance(b, ListBlock))
    assert block_text(cast.items[0][0]) == "ALONSO, King of Naples"
    assert block_text(cast.items[1][0]) == "Lords." and "ADRIAN" in block_text(cast.items[1][1])
    stage = next(b for b in blocks if block_text(b) == "On a ship at sea.")
    assert isinstance(stage.inlines[0], Emph)
    assert [len(b.lines) for b in blocks if isinstance(b, Verse)] == [2]


@pytest.mark.parametrize("title, expected", [
    ("Narrative of the Life of Frederick Douglass, an American Slave. Written by Himself, "
     "an electronic edition",
     "Narrative of the Life of Frederick Douglass, an American Slave. Written by Himself"),
    ("A briefe discourse of a disease called the suffocation of the mother Written vppon "
     "occasion. By Edvvard Iorden Doctor in Physicke.",
     "A briefe discourse of a disease called the suffocation of the mother Written vppon occasion"),
    ("Stand By Me", "Stand By Me"),
    ("Machine readable text", ""),  # no real title: the default-title transform names it
])
def test_title_without_the_digital_edition_and_the_responsibility(title, expected):
    doc = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
           f"<title>{title}</title></titleStmt></fileDesc></teiHeader>"
           "<text><body><p>x</p></body></text></TEI>")
    assert read(doc, path="f.xml").essay.meta.title == expected
