"""The EPUB carries the page numbers of the PDF built with it: page N in the e-reader's
"Go to page" opens where page N of the print edition begins.

Checked against the PDF itself, read back with pypdfium2: the words right after each
page-break marker are on the PDF page that prints that number.
"""

from __future__ import annotations

import re
import zipfile

import pytest
from lxml import etree

from conftest import (SHARED, SEEDS, assert_ace_clean, assert_epubcheck_clean, build_book,
                      pdf_pages_text)
from pamphlets.writers import PrintPages
from pamphlets.writers.epub.pagelist import mark_pages

OPS = "http://www.idpf.org/2007/ops"
XHTML = "http://www.w3.org/1999/xhtml"
NS = {"x": XHTML, "epub": OPS, "opf": "http://www.idpf.org/2007/opf"}
PAGEBREAK = f"{{{OPS}}}type"


def _letters(text: str) -> str:
    """Letters and figures only: line breaks, hyphenation and quotes do not count."""
    return re.sub(r"\W|_", "", text).lower()


def _markers(epub) -> list[tuple[str, str, str, bool]]:
    """Each page-break marker in reading order: (label, file, the text after it in its
    file, whether the next marker follows at once: a page on which nothing starts)."""
    with zipfile.ZipFile(epub) as z:
        opf = etree.fromstring(z.read("EPUB/content.opf"))
        hrefs = {i.get("id"): i.get("href") for i in opf.xpath("//opf:item", namespaces=NS)}
        spine = [hrefs[r.get("idref")] for r in opf.xpath("//opf:itemref", namespaces=NS)]
        found = []
        for name in spine:
            root = etree.fromstring(z.read(f"EPUB/{name}"))
            text = []  # the document's text, with the markers' places kept
            for node in root.iter():
                if node.get(PAGEBREAK) == "pagebreak":
                    text.append(("marker", node.get("aria-label")))
                elif node.tag not in (f"{{{XHTML}}}head", f"{{{XHTML}}}title") \
                        and node.text:
                    text.append(("text", node.text))
                if node.tail and node is not root:
                    text.append(("text", node.tail))
            for k, (kind, value) in enumerate(text):
                if kind != "marker":
                    continue
                after = "".join(v for what, v in text[k + 1:] if what == "text")
                shared = k + 1 < len(text) and text[k + 1][0] == "marker"
                found.append((value, name, after, shared))
    return found


def _check_pages(epub, pdf) -> int:
    """Every marker's words are on its PDF page, which prints its number; returns how
    many markers were checked that way."""
    pages = pdf_pages_text(pdf)
    markers = _markers(epub)
    labels = [label for label, *_ in markers]
    numbered = [n for n, text in enumerate(pages, start=1)
                if re.search(rf"(?m)^\s*{n}\s*$", text)]
    # every page that prints a number has its marker, in order, once
    assert labels == [str(n) for n in numbered]
    checked = 0
    book = _letters("".join(pages))
    for label, name, after, shared in markers:
        if shared:
            continue  # a page on which nothing starts: it shares the next page's place
        # the first line only: the two editions word a byline differently
        words = _letters(next((line for line in after.splitlines() if line.strip()), ""))[:30]
        assert words, f"nothing follows the marker of page {label} in {name}"
        if words not in book:
            continue  # words of the EPUB's own (its colophon's heading)
        assert words in _letters(pages[int(label) - 1]), \
            f"page {label}: {after[:60]!r} is not on page {label} of the PDF"
        checked += 1
    return checked


@pytest.mark.slow
def test_sampler_pages_match_the_pdf(sampler):
    checked = _check_pages(sampler.outputs["epub"], sampler.outputs["pdf"])
    assert checked >= 5


@pytest.mark.slow
@pytest.mark.parametrize("openings", ["any", "right"])
def test_a_zine_with_openings_anywhere_matches_its_pdf(tmp_path, openings):
    from pamphlets import BuildOptions, build

    result = build(SEEDS / "sampler.toml", BuildOptions(
        out_dir=tmp_path, formats=("pdf", "epub"), jobs=2, styles=("zine",),
        page_size="a6", openings=openings))
    assert _check_pages(result.outputs["epub"], result.outputs["pdf"]) >= 5


@pytest.mark.slow
def test_sampler_page_list_and_metadata(sampler):
    with zipfile.ZipFile(sampler.outputs["epub"]) as z:
        nav = etree.fromstring(z.read("EPUB/text/nav.xhtml"))
        opf = etree.fromstring(z.read("EPUB/content.opf"))
        files = {n: z.read(n) for n in z.namelist() if n.endswith(".xhtml")}
    page_list = nav.xpath("//x:nav[@epub:type='page-list']", namespaces=NS)
    assert len(page_list) == 1 and page_list[0].get("role") == "doc-pagelist"
    links = page_list[0].xpath(".//x:a", namespaces=NS)
    assert [a.text for a in links] == [label for label, *_ in _markers(sampler.outputs["epub"])]
    for a in links:  # every entry leads to its marker
        name, ident = a.get("href").split("#")
        target = etree.fromstring(files[f"EPUB/text/{name}"]).xpath(
            f"//*[@id='{ident}']")
        assert target and target[0].get("aria-label") == a.text
        assert target[0].get("role") == "doc-pagebreak"
    meta = {m.get("property"): m.text for m in opf.xpath("//opf:meta[@property]",
                                                          namespaces=NS)}
    assert meta["pageBreakSource"].startswith("Paper and Persuasion, print edition (A5")
    features = opf.xpath("//opf:meta[@property='schema:accessibilityFeature']/text()",
                         namespaces=NS)
    assert {"pageBreakMarkers", "pageNavigation"} <= set(features)


@pytest.fixture(scope="module")
def notes_at_the_back(tmp_path_factory):
    """A longer book (the seeds and the shared essays, A6), its notes at the back: pages
    that begin mid-paragraph and in the notes' list."""
    out = tmp_path_factory.mktemp("pagelist")
    essays = [SEEDS / "the-copy-shop.md", SEEDS / "folding.md", SEEDS / "margins.md"]
    essays += sorted((SHARED / "seeds").glob("*.txt"))[:2]
    result = build_book(essays, out, "--title", "Pages", "--format", "pdf,epub",
                        "--page-size", "a6", "--notes", "book")
    assert result.exit_code == 0, result.output
    return out / "pages.epub", out / "pages.pdf"


@pytest.mark.slow
def test_long_book_with_book_notes_matches_the_pdf(notes_at_the_back, tmp_path):
    epub, pdf = notes_at_the_back
    assert _check_pages(epub, pdf) >= 20
    with zipfile.ZipFile(epub) as z:
        notes = z.read("EPUB/text/endnotes.xhtml").decode()
    # a page that begins in the notes is marked inside the note (a list item)
    assert re.search(r'<li id="[^"]+" epub:type="endnote">\s*<span epub:type="pagebreak"',
                     notes)
    assert_epubcheck_clean(epub)
    assert_ace_clean(epub, tmp_path / "ace")


def test_epub_alone_claims_no_page_numbers(tmp_path):
    result = build_book([SEEDS / "folding.md"], tmp_path, "--format", "epub")
    assert result.exit_code == 0, result.output
    epub = next(tmp_path.glob("*.epub"))
    with zipfile.ZipFile(epub) as z:
        text = b"".join(z.read(n) for n in z.namelist())
    assert b"pagebreak" not in text and b"page-list" not in text
    assert b"pageBreakSource" not in text and b"pageNavigation" not in text


class _Doc:
    def __init__(self, name, content):
        self.name, self.content = name, content


def test_pages_where_nothing_starts_share_the_next_place():
    docs = [_Doc("a.xhtml", '<section id="e1"><p id="e1-b1">One</p><p id="e1-b2">Two</p>'
                            '</section>'),
            _Doc("b.xhtml", '<ol><li id="e1-n1"><p>Note</p></li></ol>')]
    pages = PrintPages({"e1": "5", "e1-b1": "5", "e1-b2": "8", "e1-n1": "9"},
                       ("5", "6", "7", "8", "9"), "print")
    listed = mark_pages(docs, pages)
    assert [p["label"] for p in listed] == ["5", "6", "7", "8", "9"]
    assert [p["href"] for p in listed][-1] == "b.xhtml#page-9"
    first = docs[0].content
    assert first.index('id="page-5"') < first.index('id="e1"')
    assert first.index('id="page-6"') < first.index('id="page-7"') < first.index('id="page-8"') \
        < first.index('id="e1-b2"')
    assert first.index('id="e1-b1"') < first.index('id="page-6"')
    # inside the list item, not between the list's items
    assert docs[1].content.startswith('<ol><li id="e1-n1"><span epub:type="pagebreak"')


def test_the_last_pages_where_nothing_starts_are_marked_at_the_end():
    docs = [_Doc("a.xhtml", '<section id="e1"><p id="e1-b1">A paragraph that runs on '
                            'over two more pages</p></section>')]
    listed = mark_pages(docs, PrintPages({"e1": "5", "e1-b1": "5"}, ("5", "6", "7"), "print"))
    assert [p["label"] for p in listed] == ["5", "6", "7"]
    content = docs[0].content
    assert content.index("</section>") < content.index('id="page-6"') < content.index(
        'id="page-7"')


@pytest.mark.slow
def test_chapter_parts_give_blocks_the_ids_the_epub_has(tmp_path):
    """A long essay's chapters are PDF parts of their own: their blocks keep the ids they
    have in the whole essay, which are the EPUB's."""
    from test_chapters import long_essay

    from pamphlets import BuildOptions, assemble
    from pamphlets.writers.pdf.html import BookHTML

    source = tmp_path / "long.md"
    source.write_text(long_essay(), encoding="utf-8")
    assembled = assemble([source], BuildOptions(out_dir=tmp_path / "out"))
    book_html = BookHTML(assembled.booklet, assembled.context)
    parts = [p for p in book_html.parts() if p.name.startswith("e1")]
    assert len(parts) == 4  # the essay is cut into chapters

    def block_ids(text: str) -> list[str]:
        return re.findall(r'\sid="(e1-b\d+)"', text)

    in_parts = [i for p in parts for i in block_ids(p.html)]
    assert in_parts == block_ids(book_html.document())
    assert len(in_parts) == len(set(in_parts)) == len(assembled.booklet.essays[0].blocks) - 4
    result = build_book([source], tmp_path / "epub", "--format", "epub")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "epub" / "a-long-essay.epub") as z:
        assert block_ids(z.read("EPUB/text/essay-01.xhtml").decode()) == in_parts
