"""An anthology in two languages: each essay keeps its own language in every output, so
that readers' voices, dictionaries and the PDF's hyphenation follow it."""

from __future__ import annotations

import re
import zipfile

import pyphen
import pytest
from lxml import etree, html

from conftest import (SEEDS, assert_ace_clean, assert_epubcheck_clean, build_book,
                      pdf_pages_text)

GERMAN = SEEDS.parent / "tests" / "fixtures" / "languages" / "flugblatt.md"
NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def two_languages(tmp_path_factory):
    out = tmp_path_factory.mktemp("languages")
    result = build_book([SEEDS / "folding.md", GERMAN], out, "--title", "Zwei Sprachen",
                        "--format", "pdf,epub,html", "--page-size", "a6")
    assert result.exit_code == 0, result.output
    return out


def _epub(out) -> tuple[etree._Element, dict[str, etree._Element]]:
    with zipfile.ZipFile(out / "zwei-sprachen.epub") as z:
        opf = etree.fromstring(z.read("EPUB/content.opf"))
        files = {n.rsplit("/", 1)[-1]: etree.fromstring(z.read(n))
                 for n in z.namelist() if n.endswith(".xhtml")}
    return opf, files


@pytest.mark.slow
def test_each_epub_file_has_its_essays_language(two_languages):
    opf, files = _epub(two_languages)
    langs = {name: (root.get("lang"), root.get(XML_LANG)) for name, root in files.items()}
    assert langs["essay-01.xhtml"] == ("en", "en")
    assert langs["essay-02.xhtml"] == ("de", "de")
    assert {v for k, v in langs.items() if not k.startswith("essay-")} == {("en", "en")}
    # the book's language first, then the essays' others
    assert opf.xpath("//dc:language/text()", namespaces=NS) == ["en", "de"]
    assert opf.get(XML_LANG) == "en"
    # the words the tool adds stay English inside the German file
    notes = files["essay-02.xhtml"].xpath("//x:section[@epub:type='endnotes']/x:h2",
                                          namespaces=NS)[0]
    assert (notes.text, notes.get("lang"), notes.get(XML_LANG)) == ("Notes", "en", "en")
    entry = files["nav.xhtml"].xpath("//x:a[@href='essay-02.xhtml']", namespaces=NS)[0]
    assert entry.get("lang") == "de" and entry.text == "Das Flugblatt im Treppenhaus"


@pytest.mark.slow
def test_html_for_the_pdf_gives_each_essay_its_language(two_languages):
    page = html.fromstring((two_languages / "zwei-sprachen.html").read_bytes())
    assert page.get("lang") == "en"
    assert page.get_element_by_id("e1").get("lang") == "en"
    german = page.get_element_by_id("e2")
    assert german.tag == "article" and german.get("lang") == "de"
    # everything inside the German essay is German but the tool's own heading
    marked = {e.get("lang") for e in german.iter() if e.get("lang")}
    assert marked == {"de", "en"}
    assert german.xpath(".//*[@lang='en']")[0].text == "Notes"


def _breaks(pages: list[str]) -> list[tuple[str, int]]:
    """Each word the PDF breaks at a line's end: (the whole word, letters before it)."""
    found = []
    for text in pages:
        lines = text.split("\n")
        for line, after in zip(lines, lines[1:]):
            head = re.search(r"(\w+)[\u2010-]$", line.rstrip())
            tail = re.match(r"\w+", after.strip())
            if head and tail:
                found.append((head.group(1) + tail.group(0), len(head.group(1))))
    return found


@pytest.mark.slow
def test_german_essay_is_hyphenated_by_german_rules(two_languages):
    pages = pdf_pages_text(two_languages / "zwei-sprachen.pdf")
    german = [p for p in pages if "Flugblattverteilung" in p or "Druckereigenossenschaft" in p]
    breaks = _breaks(german)
    # few: the print hyphenates at most about one line in ten (docs/typesetting.md)
    assert len(breaks) >= 2, breaks
    de, en = pyphen.Pyphen(lang="de_DE"), pyphen.Pyphen(lang="en_US")
    assert all(at in de.positions(word) for word, at in breaks), breaks
    # and not by English ones: some breaks English rules would not make
    assert any(at not in en.positions(word) for word, at in breaks), breaks


@pytest.mark.slow
def test_two_language_epub_is_clean(two_languages, tmp_path):
    epub = two_languages / "zwei-sprachen.epub"
    assert_epubcheck_clean(epub)
    assert_ace_clean(epub, tmp_path / "ace")
