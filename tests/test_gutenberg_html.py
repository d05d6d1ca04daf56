"""Project Gutenberg HTML of every vintage: the fixtures imitate a 1999 etext (small print,
no Title: line), a 2005 ``<pre>`` header, a 2010 German book, a 2021 French book whose
header is loose lines, and a 2023 ``pg-header`` section with a machine header."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from pamphlets.importing import import_file
from pamphlets.model import Heading, count_words, essay_text, plain_text
from pamphlets.readers import html as html_reader
from pamphlets.readers.html.meta import _title_parts

FIXTURES = Path(__file__).parent / "fixtures" / "html"
ETEXT = "gutenberg-html-1999-etext.html"
PRE = "gutenberg-html-2005-pre.htm"
GERMAN = "gutenberg-html-2010-de.htm"
LOOSE = "gutenberg-html-2021-loose-fr.html"
SECTION = "gutenberg-html-2023-section.html"
ALL = (ETEXT, PRE, GERMAN, LOOSE, SECTION)


def imported(name: str, **kw):
    return import_file(FIXTURES / name, **kw)


def heads(essay) -> list[str]:
    return [plain_text(b.inlines) for b in essay.blocks if isinstance(b, Heading)]


def dropped(result, reason: str) -> list:
    return [n for n in result.notices if n.kind == "dropped" and n.reason == reason]


@pytest.mark.parametrize("name, title, subtitle, authors, lang, date", [
    (ETEXT, "The Quiet Harbour", "", ("Jane Marlow",), "en", ""),
    (PRE, "The History of the Decline of Lamplighting", "", ("R. T. Ashdown",), "en", "1899"),
    (GERMAN, "Der stille Hafen", "Erzählungen", ("Johanna Merk",), "de", "1912"),
    (LOOSE, "Le Petit Jardin", "", ("Louise Aubier",), "fr", "1898"),
    (SECTION, "Two Lighthouses", "A Story of the North Coast", ("Ann Coble", "Peter Reith"), "en", "1921"),
])
def test_metadata_from_the_header_and_the_title_page(name, title, subtitle, authors, lang, date):
    meta = imported(name).essay.meta
    assert (meta.title, meta.subtitle, meta.authors, meta.lang, meta.date) == \
        (title, subtitle, authors, lang, date)
    assert meta.source.startswith("Project Gutenberg eBook #")


@pytest.mark.parametrize("name", ALL)
def test_no_boilerplate_and_every_word_accounted_for(name):
    result = imported(name)
    text = essay_text(result.essay) + " " + result.markdown.split("\n---\n", 1)[1]
    for noise in ("Project Gutenberg", "gutenberg.org", "LICENSE", "*** START", "*** END",
                  "SMALL PRINT", "This eBook is for the use"):
        assert noise not in text, noise
    assert result.words.unaccounted == 0
    for notice in result.notices:
        if notice.kind == "dropped" and notice.text:
            assert notice.words > 0, notice


def test_header_and_footer_carry_all_their_words():
    result = imported(PRE)
    pres = lxml_html.fromstring((FIXTURES / PRE).read_bytes()).findall(".//pre")
    assert [n.words for n in dropped(result, "Project Gutenberg header")] == \
        [count_words(pres[0].text_content())]
    assert [n.words for n in dropped(result, "Project Gutenberg licence and footer")] == \
        [count_words(pres[1].text_content())]


def test_a_header_of_loose_lines_is_cut_at_its_start_marker():
    result = imported(LOOSE)
    root = lxml_html.fromstring((FIXTURES / LOOSE).read_bytes())
    body = root.find("body")
    divs = list(body)
    start = next(i for i, el in enumerate(divs) if "*** START" in el.text_content())
    end = next(i for i, el in enumerate(divs) if "*** END" in el.text_content())
    header_words = sum(count_words(el.text_content()) for el in divs[:start + 1])
    footer_words = sum(count_words(el.text_content()) for el in divs[end:])
    assert [n.words for n in dropped(result, "Project Gutenberg header")] == [header_words]
    assert [n.words for n in dropped(result, "Project Gutenberg licence and footer")] == [footer_words]
    assert "Produced by" not in result.markdown


@pytest.mark.parametrize("name, entry", [
    (PRE, "THE GAS MANTLE17"), (GERMAN, "Der Winter"), (LOOSE, "La récolte"),
    (SECTION, "The Storm"),
])
def test_the_editions_contents_are_dropped_with_a_reason(name, entry):
    result = imported(name)
    assert entry not in essay_text(result.essay)
    assert not any(re.match(r"(?i)contents|inhalt|table des", h) for h in heads(result.essay))
    found = dropped(result, "table of contents")
    assert found and all(n.words for n in found)


@pytest.mark.parametrize("name, furniture, first", [
    (PRE, ("THE", "BY", "R. T. ASHDOWN, M.A.", "GASWORKS", "MDCCCXCIX"), "CHAPTER I. THE OIL LAMP"),
    (GERMAN, ("von", "Verlag von Hafner", "Leipzig"), "Die Flut."),
    (LOOSE, ("PAR", "LIBRAIRIE DES ÉCOLES"), "I Les semis"),
    (SECTION, ("BY ANN COBLE", "HARBOUR PRESS"), "CHAPTER I"),
    (ETEXT, ("THE QUIET HARBOUR", "by Jane Marlow"), "I. THE TIDE"),
])
def test_the_title_page_is_not_kept(name, furniture, first):
    result = imported(name)
    text = essay_text(result.essay)
    for words in furniture:
        assert words not in heads(result.essay)
        if len(words) > 5:
            assert words not in text, words
    assert heads(result.essay)[0] == first
    assert dropped(result, "title page")


def test_page_markers_of_every_kind_are_removed_and_counted():
    for name, marker, joined in ((PRE, "[Pg", "his for life"),
                                 (GERMAN, "[S.", "sprachen sie leise davon"),
                                 (LOOSE, "{7}", "plates-bandes les mieux")):
        result = imported(name)
        text = essay_text(result.essay)
        assert marker not in text and joined in text, name
        notices = [n for n in result.notices if n.reason.startswith("page-number markers")]
        assert sum(n.words for n in notices) >= 1


@pytest.mark.parametrize("name, words", [
    (GERMAN, "Druckfehler"), (LOOSE, "Note du transcripteur"), (ETEXT, "Tom Ledger"),
])
def test_transcribers_notes_at_the_top_or_the_end_are_dropped(name, words):
    result = imported(name)
    assert words not in essay_text(result.essay)
    assert dropped(result, "transcriber's note")


def test_errata_and_advertisements_after_the_text_are_dropped():
    german = imported(GERMAN)
    assert "Verbesserungen." not in heads(german.essay)
    assert "Leuchtthurms" not in essay_text(german.essay)
    assert dropped(german, "errata list")
    pre = imported(PRE)
    assert "CANDLE" not in essay_text(pre.essay) and "THE END" not in essay_text(pre.essay)


def test_notes_survive_and_illustrations_lose_their_file_names():
    pre = imported(PRE)
    assert len(pre.essay.notes) == 1
    assert "parish books" in plain_text(pre.essay.notes[0].blocks[0].inlines)
    section = imported(SECTION)
    assert "(20K)" not in section.markdown and "tower.png (" not in section.markdown
    assert "lamp.jpg (12K)" not in pre.markdown


def test_keep_all_keeps_the_boilerplate_but_still_says_what_it_is():
    result = imported(SECTION, keep_all=True)
    assert "START OF THE PROJECT GUTENBERG" in essay_text(result.essay)
    assert dropped(result, "Project Gutenberg header")


@pytest.mark.parametrize("value, title, subtitle", [
    ("The History of the\nDecline of Lamplighting", "The History of the Decline of Lamplighting", ""),
    ("News from Nowhere\nor An Epoch of Rest", "News from Nowhere", "or An Epoch of Rest"),
    ("Le Petit Jardin.", "Le Petit Jardin", ""),
    ("Essays, Vol.", "Essays, Vol.", ""),
    ("Der stille Hafen\nErzählungen", "Der stille Hafen", "Erzählungen"),
    ("Über die Freiheit und\ndas Recht", "Über die Freiheit und das Recht", ""),
])
def test_a_title_over_two_lines(value, title, subtitle):
    assert _title_parts(value) == (title, subtitle)


HEADER = """<pre>The Project Gutenberg EBook of Fields, by A. Writer

Title: Fields

Author: A. Writer

Language: English

*** START OF THIS PROJECT GUTENBERG EBOOK FIELDS ***
</pre>"""
LONG = " ".join(["The field lay fallow that year and nobody minded it at all."] * 4)


def read_book(body: str):
    return html_reader.read(f"<html><body>{HEADER}{body}</body></html>")


def test_a_chapter_with_note_links_is_not_a_contents_list():
    result = read_book(
        "<h1>FIELDS</h1><div><h2>CHAPTER I</h2>"
        f'<p>{LONG}<a href="#fn1" class="fnanchor">[1]</a></p><p>Short line.<a href="#fn2">[2]</a></p>'
        f'<p>{LONG}</p><div class="footnote"><p><a id="fn1" href="#r1">[1]</a> One.</p>'
        '<p><a id="fn2" href="#r2">[2]</a> Two.</p></div></div>')
    assert heads(result.essay) == ["CHAPTER I"]
    assert not [n for n in result.notices if n.reason == "table of contents"]


def test_a_chapter_named_like_back_matter_in_the_middle_is_kept():
    result = read_book(f"<h1>FIELDS</h1><h2>I. THE PUBLISHER</h2><p>{LONG}</p>"
                       f"<h2>II. THE ROAD</h2><p>{LONG}</p><p>{LONG}</p><p>{LONG}</p>")
    assert heads(result.essay) == ["I. THE PUBLISHER", "II. THE ROAD"]


def test_a_half_title_over_the_first_chapter_is_dropped():
    result = read_book(f"<h1>FIELDS</h1><h2>PREFACE</h2><p>{LONG}</p>"
                       f"<h2>FIELDS</h2><h2>CHAPTER I</h2><p>{LONG}</p>")
    assert heads(result.essay) == ["PREFACE", "CHAPTER I"]
    assert [n.text for n in result.notices if n.reason == "half-title"][0].startswith("FIELDS")


def test_a_list_of_illustrations_with_page_numbers_is_dropped():
    listing = ("<h2>LIST OF ILLUSTRATIONS</h2>\n<table><tr><td>The Barn</td><td>4</td></tr>"
               "<tr><td>The Mill</td><td>9</td></tr><tr><td>The Pond</td><td>13</td></tr></table>\n")
    result = read_book(f"<h1>FIELDS</h1>\n{listing}<h2>CHAPTER I</h2><p>{LONG}</p>")
    assert heads(result.essay) == ["CHAPTER I"] and "The Mill" not in essay_text(result.essay)
    # the words a browser shows of it, as the source is counted
    shown = lxml_html.fromstring(f"<div>{listing}</div>").text_content()
    assert [n.words for n in result.notices if n.reason == "list of illustrations"] == \
        [count_words(shown)]


def test_contents_with_part_headings_go_whole_and_a_span_of_years_is_no_edition():
    result = read_book(
        "<h1>FIELDS</h1><p>(1790-1826.)</p><p>BOSTON: THE FIELD PRESS.</p>"
        "<h2>CONTENTS OF VOLUME II.</h2><h3>SECOND PART.<br>1815-1822.</h3>"
        '<ol><li><a href="#l1">To the Miller</a></li><li><a href="#l2">To the Same</a></li></ol>'
        '<h3>THIRD PART.<br>1823-1827.</h3><ol><li><a href="#l3">To the Smith</a></li></ol>'
        f'<h3 id="l1">1. TO THE MILLER.</h3><p>{LONG}</p>')
    assert heads(result.essay) == ["1. TO THE MILLER."]
    contents = [n for n in result.notices if n.reason == "table of contents"]
    assert len(contents) == 1 and contents[0].text.startswith("CONTENTS OF VOLUME II. SECOND PART.")
    assert result.essay.meta.date == ""
