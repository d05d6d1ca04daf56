"""The HTML reader (and the pandoc reader built on it): fixtures, real pages, properties."""

from __future__ import annotations

import builtins
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pamphlets.errors import MissingDependency, PamphletError
from pamphlets.loading import read_essay
from pamphlets.model import (CONTAINER_INLINES, BlockQuote, CodeBlock, Emph, Figure, Heading,
                             LineBreak, Link, ListBlock, NoteRef, Para, ReadResult, Rule,
                             SmallCaps, Strong, Subscript, Superscript, Verse, block_text,
                             essay_text, plain_text)
from pamphlets.readers import html as html_reader

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "html"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
ZENKER = CORPUS / "gutenberg-html_zenker_anarchism-criticism-and-history_31903.htm"
MOZILLA = CORPUS / "html-page_wikipedia_mozilla.html"


def fixture(name: str, **kw) -> ReadResult:
    return html_reader.read((FIXTURES / name).read_text(encoding="utf-8"), **kw)


def inlines_of(blocks):
    """Every inline of the blocks, nested ones included (walks the model iteratively)."""
    out, todo = [], list(blocks)
    while todo:
        block = todo.pop()
        if isinstance(block, (Para, Heading)):
            stack = list(block.inlines)
        elif isinstance(block, BlockQuote):
            todo.extend(block.blocks)
            stack = list(block.attribution)
        elif isinstance(block, ListBlock):
            todo.extend(b for item in block.items for b in item)
            continue
        elif isinstance(block, Verse):
            stack = [n for line in block.lines for n in line]
        else:
            continue
        while stack:
            node = stack.pop()
            out.append(node)
            if isinstance(node, CONTAINER_INLINES):
                stack.extend(node.children)
    return out


def note_refs(essay):
    return [n.note_id for n in inlines_of(essay.blocks) if isinstance(n, NoteRef)]


def all_text(result: ReadResult) -> str:
    notes = "\n".join(block_text(b) for n in result.essay.notes for b in n.blocks)
    return essay_text(result.essay) + "\n" + notes


# --------------------------------------------------------------------------- real pages

CHROME = ["Navigation menu", "Retrieved from", "[edit]", "Jump to", "Personal tools",
          "This page was last modified", "Main article:", "From Wikipedia, the free"]


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason="development corpus not present")
def test_wikipedia_page():
    result = read_essay(MOZILLA)
    essay = result.essay
    assert essay.meta.title == "Mozilla"
    assert essay.meta.authors == ()
    assert essay.meta.lang == "en"
    assert len(essay.notes) == 72
    refs = note_refs(essay)
    assert len(refs) == 76
    assert set(refs) == {n.id for n in essay.notes}
    text = all_text(result)
    for chrome in CHROME:
        assert chrome not in text, chrome
    assert "^" not in "".join(block_text(b) for n in essay.notes for b in n.blocks)
    heads = [plain_text(b.inlines) for b in essay.blocks if isinstance(b, Heading)]
    assert heads[0] == "History" and "References" not in heads and "Mozilla" not in heads
    assert min(b.level for b in essay.blocks if isinstance(b, Heading)) == 1


@pytest.mark.slow  # a whole book; the quick loop reads the Gutenberg HTML fixture
@pytest.mark.skipif(not CORPUS.is_dir(), reason="development corpus not present")
def test_gutenberg_page():
    result = read_essay(ZENKER)
    essay = result.essay
    assert essay.meta.title == "Anarchism"
    assert essay.meta.subtitle == "A Criticism and History of the Anarchist Theory"
    assert essay.meta.authors == ("E. V. Zenker",)
    assert len(essay.notes) == 62
    refs = note_refs(essay)
    assert len(refs) == 62 and set(refs) == {n.id for n in essay.notes}
    text = all_text(result)
    for noise in ("Pg 12", "[Pg", "Project Gutenberg", "SOUND MONEY", "FOOTNOTES",
                  "CONTENTS", "THE END", "TRANSCRIBER"):
        assert noise not in text, noise
    for rejoined in ("On the day of the bomb outrage", "Anarchy means, in its ideal sense",
                     "The man who had such", "When about a year ago"):
        assert rejoined in text
    assert "Many words, but little light" in block_text(essay.notes[0].blocks[0])
    assert any(isinstance(b, Verse) for b in essay.blocks)
    assert any(isinstance(b, BlockQuote) and b.attribution for b in essay.blocks)
    kinds = {n.reason for n in result.notices if n.kind == "dropped"}
    assert any("Gutenberg" in k for k in kinds) and "table of contents" in kinds


# --------------------------------------------------------------------------- notes


def test_pandoc_footnotes():
    result = fixture("pandoc_notes.html")
    essay = result.essay
    assert [n.id for n in essay.notes] == ["1", "2"]
    assert note_refs(essay) == ["2", "1"] or sorted(note_refs(essay)) == ["1", "2"]
    assert block_text(essay.notes[0].blocks[0]) == "Paraffin, bought from the chandler."
    assert "↩" not in all_text(result)
    assert essay.meta.authors == ("Ada Whitlock",) and essay.meta.lang == "en-GB"


def test_gfm_footnotes():
    essay = fixture("gfm_notes.html").essay
    assert len(essay.notes) == 2 and sorted(note_refs(essay)) == ["1", "2"]
    assert block_text(essay.notes[1].blocks[0]) == "Around the early twentieth century."
    assert "Footnotes" not in essay_text(essay)


def test_gutenberg_fixture():
    result = fixture("gutenberg_sample.html")
    essay = result.essay
    assert essay.meta.title == "Orchard Letters"
    assert essay.meta.subtitle == "Notes from a Hillside Farm"
    assert essay.meta.authors == ("M. Q. Fenwick",)
    text = all_text(result)
    assert "We lost the early blossom to a late frost, and the bees went hungry" in text
    assert "Half-way up the hill" in text
    assert "Pg" not in text and "THE END" not in text and "NEW BOOKS" not in text
    assert "CONTENTS" not in text and "M. Q. FENWICK" not in text
    assert [n.id for n in essay.notes] == ["1", "2"]
    assert block_text(essay.notes[0].blocks[0]) == "The night of the ninth of April."
    verse = next(b for b in essay.blocks if isinstance(b, Verse))
    assert len(verse.lines) == 5 and verse.lines[2] == ()
    quote = next(b for b in essay.blocks if isinstance(b, BlockQuote))
    assert plain_text(quote.attribution) == "Old Saying."
    assert isinstance(quote.attribution[0], SmallCaps)
    dropped = [n for n in result.notices if n.kind == "dropped"]
    assert len(dropped) >= 4


def test_gutenberg_keep_all_keeps_dropped_blocks():
    result = fixture("gutenberg_sample.html", keep_all=True)
    text = all_text(result)
    assert "NEW BOOKS" in text and "THE END" in text
    assert any(n.kind == "dropped" for n in result.notices)
    assert len(result.essay.notes) == 2


def test_mediawiki_references():
    result = fixture("mediawiki_sample.html")
    essay = result.essay
    assert essay.meta.title == "Tidewell"
    assert note_refs(essay).count("2") == 2 and len(essay.notes) == 2
    text = all_text(result)
    for chrome in CHROME + ["citation needed", "Towns of the coast", "Categories", "Founded"]:
        assert chrome not in text, chrome
    assert "^" not in text and "References" not in text


def test_unlinked_bracket_notes():
    essay = fixture("plain_notes.html").essay
    assert [n.id for n in essay.notes] == ["1", "2"]
    assert note_refs(essay) == ["2", "1"] or sorted(note_refs(essay)) == ["1", "2"]
    assert "[1]" not in essay_text(essay) and "Notes" not in essay_text(essay)
    assert block_text(essay.notes[0].blocks[0]) == "Usually on an embroidered towel."


# --------------------------------------------------------------------------- structure


def test_blog_article_structure():
    result = fixture("blog_article.html")
    essay = result.essay
    assert essay.meta.title == "On Walking Slowly"
    assert essay.meta.authors == ("Rosa Linden",)
    assert essay.meta.date == "2021-03-14" and essay.meta.lang == "en-US"
    text = essay_text(essay)
    for chrome in ("Archive", "Popular posts", "All rights reserved", "Share this", "Jump to"):
        assert chrome not in text
    assert "On Walking Slowly" not in text
    kinds = {type(n) for n in inlines_of(essay.blocks)}
    assert {Emph, Strong, SmallCaps, Subscript, Superscript, Link} <= kinds
    heads = [(b.level, plain_text(b.inlines)) for b in essay.blocks if isinstance(b, Heading)]
    assert heads == [(1, "What to carry"), (2, "Why")]
    lists = [b for b in essay.blocks if isinstance(b, ListBlock)]
    assert not lists[0].ordered and lists[1].ordered and lists[1].start == 3
    quote = next(b for b in essay.blocks if isinstance(b, BlockQuote))
    assert plain_text(quote.attribution) == "A ferryman"
    assert any(isinstance(b, CodeBlock) and "step again" in b.text for b in essay.blocks)
    assert any(isinstance(b, Rule) for b in essay.blocks)
    assert Figure("images/path.jpg", (), "A path") in essay.blocks


def test_upper_case_html4_and_entities():
    essay = fixture("upper_html4.html").essay
    assert essay.meta.title == "Le Jardin" and essay.meta.lang == "fr"
    assert essay.meta.authors == ("Jules Perrin",)
    first = essay.blocks[0]
    assert "derrière la maison & un" in plain_text(first.inlines)
    assert any(isinstance(n, LineBreak) for n in first.inlines)
    assert isinstance(essay.blocks[-1], ListBlock) and len(essay.blocks[-1].items) == 2


def test_wrongly_declared_charset(tmp_path):
    page = tmp_path / "cafe.html"
    page.write_bytes((FIXTURES / "wrong_charset.html").read_bytes())
    essay = read_essay(page).essay
    assert essay.meta.title == "Café notes"
    assert plain_text(essay.blocks[0].inlines) == "The café served crème brûlée — and naïve “hope”."


def test_hostile_content_is_gone():
    result = fixture("hostile.html")
    text = all_text(result)
    for bad in ("INJECTED", "IFRAME-TEXT", "OBJECT-TEXT", "FORM-", "SVG-TEXT", "alert"):
        assert bad not in text
    links = [n for n in inlines_of(result.essay.blocks) if isinstance(n, Link)]
    assert links == []
    assert "Click the reeds" in text and "the river keeps going" in text
    figures = [b for b in result.essay.blocks if isinstance(b, Figure)]
    assert [f.src for f in figures] == ["data:image/png;base64,iVBORw0KGgo="]
    reasons = " ".join(n.reason for n in result.notices)
    assert "file:" in reasons and "remote image" in reasons and "script" in reasons


def test_remote_images_never_become_figures():
    page = '<html><body><p>Text here.</p><img src="https://example.org/a.png"></body></html>'
    result = html_reader.read(page)
    assert not any(isinstance(b, Figure) for b in result.essay.blocks)
    assert any("remote image" in n.reason for n in result.notices)


@pytest.mark.slow  # the quick loop keeps test_reliability's deep build
def test_deep_nesting_does_not_recurse():
    depth = 3000
    page = ("<html><body>" + "<div><em>" * depth + "deep words" + "</em></div>" * depth
            + "<p>after the depths</p></body></html>")
    essay = html_reader.read(page).essay
    text = essay_text(essay)
    assert "deep words" in text and "after the depths" in text
    quotes = "<blockquote>" * depth + "quoted" + "</blockquote>" * depth
    essay = html_reader.read("<html><body>" + quotes + "</body></html>").essay
    assert "quoted" in essay_text(essay)


def test_empty_page_is_a_read_error():
    with pytest.raises(PamphletError):
        html_reader.read("   ")


# --------------------------------------------------------------------------- properties

_TAGS = ["p", "div", "em", "b", "sup", "a", "ol", "li", "blockquote", "h2", "pre", "span",
         "table", "td", "script", "svg", "br", "hr", "img", "section", "code"]
_piece = st.one_of(
    st.text(max_size=20),
    st.sampled_from(_TAGS).map(lambda t: f"<{t}>"),
    st.sampled_from(_TAGS).map(lambda t: f"</{t}>"),
    st.sampled_from(['<a href="#fn1">1</a>', '<li id="fn1">note</li>', "&amp;", "&#0;",
                     '<img src="x.png">', "<!--", "-->", "<", ">", '<p class="poem">',
                     '<span class="pagenum">[Pg 3]</span>', "<?xml ?>", "\x00", "\ud800"]),
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_piece, max_size=40).map("".join))
def test_any_markup_reads_or_fails_cleanly(page):
    try:
        result = html_reader.read(page)
    except PamphletError:
        return
    assert isinstance(result, ReadResult)


# --------------------------------------------------------------------------- pandoc


def test_pandoc_missing_dependency(monkeypatch):
    from pamphlets.readers import pandoc

    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name == "pypandoc":
            raise ImportError("no pypandoc")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(MissingDependency) as info:
        pandoc.read("", path="essay.docx")
    message = info.value.one_line()
    assert "pip install pypandoc-binary" in message and "\n" not in message


def test_pandoc_reads_rst(tmp_path):
    pytest.importorskip("pypandoc")
    source = tmp_path / "hedges.rst"
    source.write_text("Hedges\n======\n\nThe hedge keeps sheep in. [#a]_\n\n"
                      ".. [#a] Mostly hawthorn.\n", encoding="utf-8")
    try:
        result = read_essay(source)
    except MissingDependency:
        pytest.skip("pandoc binary not available")
    assert result.essay.meta.title == "Hedges"
    assert note_refs(result.essay) == ["1"]
    assert block_text(result.essay.notes[0].blocks[0]) == "Mostly hawthorn."


def test_relative_links_resolved_against_the_page_address_and_echo_titles_dropped():
    from pamphlets.model import Link
    from pamphlets.readers.html import read
    from pamphlets.transforms.walk import iter_block_inlines

    page = ('<html><head><title>T</title><link rel="canonical" href="https://example.org/a/b">'
            '</head><body><article><h1>T</h1><p>See <a href="/wiki/Paper_mill" title="Paper mill">'
            'the mill</a>, <a href="c.html" title="More about inks">inks</a> and '
            '<a href="//cdn.example.org/x">x</a>.</p></article></body></html>')
    essay = read(page, path="page.html").essay
    links = [n for n in iter_block_inlines(essay.blocks) if isinstance(n, Link)]
    assert [(n.url, n.title) for n in links] == [
        ("https://example.org/wiki/Paper_mill", ""),
        ("https://example.org/a/c.html", "More about inks"),
        ("https://cdn.example.org/x", ""),
    ]


def test_library_page_subtitle_and_author_headings_and_chrome():
    """A page from an online library: the subtitle and author printed as headings under the
    title move into the metadata; the bookbuilder button, navbar and footer go."""
    from pamphlets.model import Heading, NoteRef, block_text, plain_text
    from pamphlets.readers.html import read
    from pamphlets.transforms.walk import iter_block_inlines

    path = Path(__file__).parent / "fixtures" / "html" / "library_page.html"
    essay = read(path.read_text(encoding="utf-8"), path=str(path)).essay
    assert essay.meta.title == "On Mutual Aid Kitchens"
    assert essay.meta.subtitle == "Notes from three winters"
    assert essay.meta.authors == ("R. Vale",)
    assert [plain_text(b.inlines) for b in essay.blocks if isinstance(b, Heading)] == \
        ["Who cooks", "Money"]
    body = "\n".join(block_text(b) for b in essay.blocks)
    assert body.startswith("The first kitchen opened")
    for gone in ("bookbuilder", "Latest", "Anti-Copyright", "R. Vale"):
        assert gone not in body
    assert sum(isinstance(n, NoteRef) for n in iter_block_inlines(essay.blocks)) == 2
    assert len(essay.notes) == 2
