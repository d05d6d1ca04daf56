"""The sample booklet's EPUB, unzipped and parsed, and checked by EPUBCheck."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from conftest import SEEDS, assert_epubcheck_clean

NS = {"h": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


@pytest.fixture(scope="module")
def book(sampler):
    with zipfile.ZipFile(sampler.outputs["epub"]) as z:
        return {name: z.read(name) for name in z.namelist()}


def _docs(book):
    return {n: etree.fromstring(b) for n, b in book.items() if n.endswith(".xhtml")}


def test_nav_lists_the_three_essays(book):
    nav = next(etree.fromstring(b) for n, b in book.items() if n.endswith("nav.xhtml"))
    toc = nav.xpath("//h:nav[@epub:type='toc']", namespaces=NS)[0]
    titles = [" ".join(a.itertext()).strip() for a in toc.xpath("./h:ol/h:li/h:a", namespaces=NS)]
    for expected in ("On Folding", "The Copy Shop at Midnight", "Notes in the Margin"):
        assert any(t.startswith(expected) for t in titles), titles
    assert nav.xpath("//h:nav[@epub:type='landmarks']", namespaces=NS)


def test_notes_are_popup_endnotes_wired_both_ways(book):
    docs = _docs(book)
    refs = [(n, a) for n, d in docs.items() for a in d.iter("{%s}a" % NS["h"])
            if a.get(EPUB_TYPE) == "noteref"]
    notes = [(n, li) for n, d in docs.items() for li in d.iter()
             if li.get(EPUB_TYPE) == "endnote"]
    assert len(refs) == len(notes) == 10  # 3 + 3 + 4 in the sample essays
    ids = {(n, el.get("id")) for n, d in docs.items() for el in d.iter() if el.get("id")}
    base = lambda n: n.rsplit("/", 1)[0]  # noqa: E731
    for name, a in refs:
        file, _, frag = a.get("href").partition("#")
        target = f"{base(name)}/{file}" if file else name
        assert (target, frag) in ids
    for name, li in notes:
        back = [a for a in li.iter("{%s}a" % NS["h"]) if a.get(EPUB_TYPE) == "backlink"]
        assert len(back) == 1
        file, _, frag = back[0].get("href").partition("#")
        assert (f"{base(name)}/{file}" if file else name, frag) in ids
        assert li.get("role") != "doc-endnote"


def test_metadata_and_language(book):
    opf = next(etree.fromstring(b) for n, b in book.items() if n.endswith(".opf"))
    creators = opf.xpath("//dc:creator/text()", namespaces=NS)
    for person in ("The pamphlets collective", "Ada Quire", "Bram Foolscap", "Odile Recto"):
        assert person in creators
    assert opf.xpath("//dc:language/text()", namespaces=NS) == ["en"]
    props = opf.xpath("//opf:meta/@property", namespaces=NS)
    for needed in ("dcterms:modified", "schema:accessMode", "schema:accessModeSufficient",
                   "schema:accessibilityFeature", "schema:accessibilityHazard",
                   "schema:accessibilitySummary"):
        assert needed in props
    assert opf.xpath("//opf:item[contains(@properties, 'cover-image')]", namespaces=NS)
    for name, doc in _docs(book).items():
        assert doc.get("lang") and doc.get("{http://www.w3.org/XML/1998/namespace}lang"), name


def test_image_is_embedded(book):
    images = [n for n in book if "/images/" in n and "cover" not in n]
    assert len(images) == 1 and book[images[0]] == (SEEDS / "images" / "fold.png").read_bytes()


def test_no_warnings_from_the_build(sampler):
    assert [n for n in sampler.notices if n.kind == "warning"] == []


@pytest.mark.slow
def test_epubcheck_sampler(sampler):
    assert_epubcheck_clean(sampler.outputs["epub"])
