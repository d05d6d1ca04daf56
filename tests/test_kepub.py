"""``--format kepub``: the EPUB for Kobo readers, with sentence spans and the book-columns
wrappers, as clean as the EPUB and with nothing lost from it."""

from __future__ import annotations

import re
import zipfile

import pytest
from lxml import etree

from conftest import SEEDS, assert_ace_clean, assert_epubcheck_clean, build_book
from pamphlets.writers.epub import Doc
from pamphlets.writers.epub.kepub import kobo, sentences

OPS = "http://www.idpf.org/2007/ops"
X = "{http://www.w3.org/1999/xhtml}"
NS = {"x": "http://www.w3.org/1999/xhtml", "epub": OPS, "opf": "http://www.idpf.org/2007/opf"}
KOBO_ID = re.compile(r"^kobo\.(\d+)\.(\d+)$")


@pytest.mark.parametrize("text, expected", [
    ("One. Two! Three? Four", ["One. ", "Two! ", "Three? ", "Four"]),
    ("He said “stop.” Then left. ", ["He said “stop.” ", "Then left. "]),
    ("No end here", ["No end here"]),
    ("e.g.x and 3.5 stay", ["e.g.x and 3.5 stay"]),
    ("Wait… what?", ["Wait… ", "what?"]),
])
def test_sentences(text, expected):
    assert sentences(text) == expected
    assert "".join(sentences(text)) == text


PAGE = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" xml:lang="en">
<head><title>T</title></head>
<body>
<section id="e1"><h1>Title</h1>
<p id="e1-b1">First one. Second <em>with emphasis.</em> Third.<a epub:type="noteref" href="#n1">1</a> Tail.</p>
<figure><img src="a.png" alt="A"/><figcaption>Cap.</figcaption></figure>
<pre><code>keep. this. as it is.</code></pre>
</section>
<ol><li id="n1" epub:type="endnote"><p>Note.</p></li></ol>
</body>
</html>
"""


def test_kobo_spans_and_wrappers():
    doc = Doc("essay", "essay-01.xhtml", PAGE)
    kobo(doc)
    assert doc.content.startswith('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n')
    root = etree.fromstring(doc.content.encode())
    body = root.find(f"{X}body")
    assert [c.get("id") for c in body] == ["book-columns"]
    assert [c.get("id") for c in body[0]] == ["book-inner"]
    spans = root.xpath("//x:span[@class='koboSpan']", namespaces=NS)
    assert [s.get("id") for s in spans] == [
        "kobo.1.1", "kobo.2.1", "kobo.2.2", "kobo.2.3", "kobo.2.4", "kobo.2.5",
        "kobo.3.1", "kobo.4.1", "kobo.6.1"]  # 5: the list item, 6: its paragraph
    assert [s.text for s in spans[1:6]] == ["First one. ", "Second ", "with emphasis.",
                                            " Third.", " Tail."]
    assert spans[6][0].tag == f"{X}img"  # the image in a span of its own
    # the note reference is untouched; code keeps its text
    ref = root.xpath("//x:a[@epub:type='noteref']", namespaces=NS)[0]
    assert ref.text == "1" and len(ref) == 0 and ref.get("href") == "#n1"
    assert root.xpath("string(//x:pre)", namespaces=NS) == "keep. this. as it is."
    # nothing lost, nothing added
    before = etree.fromstring(PAGE.encode())
    assert "".join(root.find(f"{X}body").itertext()).split() \
        == "".join(before.find(f"{X}body").itertext()).split()


@pytest.fixture(scope="module")
def kepub_book(tmp_path_factory):
    out = tmp_path_factory.mktemp("kepub")
    result = build_book([SEEDS / "folding.md", SEEDS / "the-copy-shop.md"], out,
                        "--title", "Kobo", "--format", "pdf,epub,kepub", "--notes", "book")
    assert result.exit_code == 0, result.output
    return out / "kobo.epub", out / "kobo.kepub.epub"


def _xhtml(path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as z:
        return {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith(".xhtml")}


@pytest.mark.slow
def test_kepub_structure_and_nothing_lost(kepub_book):
    plain, kepub = (_xhtml(p) for p in kepub_book)
    assert plain.keys() == kepub.keys()
    for name, root in kepub.items():
        words = "".join(root.find(f"{X}body").itertext()).split()
        assert words == "".join(plain[name].find(f"{X}body").itertext()).split(), name
        if name.endswith("nav.xhtml"):
            assert not root.xpath("//x:span[@class='koboSpan']", namespaces=NS)
            continue
        body = root.find(f"{X}body")
        assert [c.get("id") for c in body] == ["book-columns"], name
        assert [c.get("id") for c in body[0]] == ["book-inner"], name
        ids = [KOBO_ID.match(s.get("id")) for s in
               root.xpath("//x:span[@class='koboSpan']", namespaces=NS)]
        assert ids and all(ids), name
        numbers = [(int(m[1]), int(m[2])) for m in ids]
        assert numbers == sorted(set(numbers)), name  # unique, in reading order
        # every word of the text is in a Kobo span, but note numbers and code
        loose = root.xpath("//x:body//text()[normalize-space()][not(ancestor::x:span["
                           "@class='koboSpan'])][not(ancestor::x:a[@epub:type='noteref'])]"
                           "[not(ancestor::x:pre)][not(ancestor::x:code)]", namespaces=NS)
        assert loose == [], name


@pytest.mark.slow
def test_kepub_notes_pages_and_cover_still_work(kepub_book, tmp_path):
    _, kepub = kepub_book
    files = _xhtml(kepub)
    notes = {n.get("id") for n in files["EPUB/text/endnotes.xhtml"].xpath(
        "//x:li[@epub:type='endnote']", namespaces=NS)}
    refs = [a for root in files.values() for a in root.xpath(
        "//x:a[@epub:type='noteref']", namespaces=NS)]
    assert refs and all(a.get("href").split("#")[1] in notes for a in refs)
    assert all(a.get("href").startswith("endnotes.xhtml#") for a in refs)
    breaks = [s for root in files.values() for s in root.xpath(
        "//x:span[@epub:type='pagebreak']", namespaces=NS)]
    assert breaks and all(len(s) == 0 and not s.text for s in breaks)
    with zipfile.ZipFile(kepub) as z:
        opf = etree.fromstring(z.read("EPUB/content.opf"))
    cover = opf.xpath("//opf:item[@properties='cover-image']", namespaces=NS)
    assert len(cover) == 1 and cover[0].get("href").startswith("images/cover.")
    assert_epubcheck_clean(kepub)
    assert_ace_clean(kepub, tmp_path / "ace")
