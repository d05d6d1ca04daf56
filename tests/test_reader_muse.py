"""The Emacs Muse / Text::Amuse reader, on a small fixture and on the real corpus file."""

from __future__ import annotations

from pathlib import Path

import pytest

from pamphlets.transforms.walk import note_refs
from hypothesis import given, settings, strategies as st

from pamphlets.errors import PamphletError
from pamphlets.loading import read_essay
from pamphlets.model import (BlockQuote, Code, CodeBlock, Emph, Figure, Heading, LineBreak,
                             Link, ListBlock, Note, Para, ReadResult, Rule, SmallCaps,
                             Strong, Superscript, Text, Verse, block_text, essay_text,
                             plain_text)
from pamphlets.readers.muse import read

FIXTURE = Path(__file__).parent / "fixtures" / "muse" / "orchard.muse"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
KHAYATI = CORPUS / "muse_abiblio-mk_khayati-poverty-of-student-life.muse"


@pytest.fixture(scope="module")
def orchard():
    return read(FIXTURE.read_text(encoding="utf-8"), path=str(FIXTURE))


def _refs(nodes) -> list[str]:
    """Note ids referenced in some blocks, or in some notes' blocks, in order."""
    blocks = tuple(b for n in nodes for b in n.blocks) if nodes and isinstance(nodes[0], Note) \
        else tuple(nodes)
    return note_refs(blocks)


def _first(blocks, kind):
    return next(b for b in blocks if isinstance(b, kind))


def test_directives_with_markup_empty_and_unknown(orchard):
    meta = orchard.essay.meta
    assert meta.title == "The Orchard Commons"
    assert meta.subtitle == "Notes from a shared garden"
    assert meta.authors == ("Wren Holloway",)
    assert (meta.date, meta.lang, meta.description) == ("2019", "en", "Fixture text.")
    assert meta.source == ("Written for the pamphlets tests, see the orchard page "
                           "(https://example.org/orchard)")
    assert "LISTtitle" not in essay_text(orchard.essay)


def test_heading_levels_relative_to_the_highest(orchard):
    heads = [(b.level, plain_text(b.inlines)) for b in orchard.essay.blocks
             if isinstance(b, Heading)]
    assert heads == [(1, "Part One"), (2, "Planting"), (3, "Tools")]


def test_comment_lines_dropped(orchard):
    assert "comment line" not in essay_text(orchard.essay)


def test_inline_markup(orchard):
    para = orchard.essay.blocks[2].inlines
    for node in (Emph((Text("winter"),)), Strong((Text("pruned"),)),
                 Strong((Emph((Text("early"),)),)), Code("ladder"), Emph((Text("carefully"),)),
                 Strong((Text("always"),)), Emph((Text("never"),)), Strong((Text("alone"),)),
                 Superscript((Text("th"),)), SmallCaps((Text("March"),)), LineBreak()):
        assert node in para, node


def test_links(orchard):
    links = [n for n in orchard.essay.blocks[3].inlines if isinstance(n, Link)]
    assert links == [Link("https://example.org/pruning", (Text("the pruning guide"),)),
                     Link("https://example.org", (Text("https://example.org"),))]


def test_image_paragraph_is_a_figure(orchard):
    assert _first(orchard.essay.blocks, Figure) == Figure(
        "tree.jpg", (Text("An old apple tree"),), "An old apple tree")


def test_quote_verse_and_literal_example(orchard):
    blocks = orchard.essay.blocks
    assert block_text(_first(blocks, BlockQuote)) == "Share the fruit, share the work."
    verse = _first(blocks, Verse)
    assert [plain_text(line) for line in verse.lines] == [
        "Blossom, leaf,", "and apple round;", "", "windfall resting", "on the ground."]
    assert _first(blocks, CodeBlock).text == "keep [1] as it is\n  and *this* too"


def test_lists_nested_and_ordered(orchard):
    lists = [b for b in orchard.essay.blocks if isinstance(b, ListBlock)]
    assert [lst.ordered for lst in lists] == [False, True]
    assert [block_text(item[0]) for item in lists[0].items] == ["spade", "rake", "basket"]
    assert isinstance(lists[0].items[1][1], ListBlock)
    assert len(lists[1].items) == 3


def test_center_right_and_rule(orchard):
    texts = [block_text(b) for b in orchard.essay.blocks if isinstance(b, Para)]
    assert "Centred line." in texts and "Right line." in texts
    assert any(isinstance(b, Rule) for b in orchard.essay.blocks)


def test_footnotes_secondary_notes_and_multi_paragraph(orchard):
    essay = orchard.essay
    assert {n.id for n in essay.notes} == {"1", "2", "s1"}
    # as in Text::Amuse, a primary note cannot mark another primary note: "[2]" in note 1
    # stays text, and note 2, with no mark, is kept and reported
    assert set(_refs(essay.blocks) + _refs(essay.notes)) == {"1", "s1"}
    one = next(n for n in essay.notes if n.id == "1")
    assert block_text(one.blocks[0]).endswith("[2]")
    assert any("[2] has no mark" in n.reason for n in orchard.notices)
    two = next(n for n in essay.notes if n.id == "2")
    assert len(two.blocks) == 2
    assert "[1]" not in essay_text(essay).replace("keep [1]", "")


# --------------------------------------------------------------------------- corpus


@pytest.fixture(scope="module")
def khayati():
    if not CORPUS.is_dir():
        pytest.skip("development corpus not present")
    return read_essay(KHAYATI)


def test_corpus_metadata(khayati):
    meta = khayati.essay.meta
    assert meta.title == "Бедата на студентскиот живот"
    assert meta.authors == ("Ситуационистичка интернационала",)
    assert (meta.date, meta.lang) == ("1966", "mk")
    assert meta.subtitle.startswith("разгледана во нејзините")
    assert "bopsecrets.org" in meta.source and "*" not in meta.source
    assert "De la misère en milieu étudiant" in meta.description


def test_corpus_headings(khayati):
    heads = [b for b in khayati.essay.blocks if isinstance(b, Heading)]
    assert [h.level for h in heads] == [1, 1, 1]
    assert [plain_text(h.inlines)[:2] for h in heads] == ["1.", "2.", "3."]


def test_corpus_notes(khayati):
    essay = khayati.essay
    assert [n.id for n in essay.notes] == [str(k) for k in range(1, 20)]
    refs = _refs(essay.blocks)
    assert sorted(refs, key=int) == [str(k) for k in range(1, 20)]
    text = essay_text(essay)
    assert "[1]" not in text and "<em>" not in text and "#title" not in text
    assert "студентот" in text


# --------------------------------------------------------------------------- robustness

_PIECES = st.sampled_from([
    "#title T", "#author", "#lang mk", "", "", "* H", "*** H", "***** H", "[1]", "[1] def",
    "{1}", "{1} sec", "<quote>", "</quote>", "<verse>", "</verse>", "<example>", "</example>",
    " - item", " 1. item", "   - deep", "----", "; c", "*a*", "**b**", "***", "=c=", "<em>",
    "</em>", "<br>", "[[u][t]]", "[[x.png]]", "[[", "]]", "<center>", "</right>", "{{{", "}}}",
    "  quoted", "> verse", "~~", "<sup>", "</b>", "Текст"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=15)), max_size=40),
       st.sampled_from(["\n", " ", ""]))
def test_random_input_reads_or_raises_a_tool_error(pieces, sep):
    try:
        result = read(sep.join(pieces) if sep else "\n".join(pieces), path="random.muse")
    except PamphletError:
        return
    assert isinstance(result, ReadResult)
    essay = result.essay
    refs = set(_refs(essay.blocks) + _refs(essay.notes))
    assert refs <= {n.id for n in essay.notes}
    unmarked = {n.id for n in essay.notes} - refs
    assert len(unmarked) <= sum("has no mark" in n.reason for n in result.notices)


# --------------------------------------------------------------------------- real-world shapes

NAMES = Path(__file__).parent / "fixtures" / "muse" / "muse-notes-and-names.muse"


@pytest.fixture(scope="module")
def names():
    return read(NAMES.read_text(encoding="utf-8"), path=str(NAMES))


def test_header_as_amusewiki_reads_it(names):
    meta = names.essay.meta
    assert meta.authors == ("Ana Ruiz", "Ben Ode")
    assert (meta.lang, meta.date) == ("es", "2021-03-04")


@pytest.mark.parametrize("header, authors", [
    ("#author Kropotkin, Peter", ("Kropotkin, Peter",)),
    ("#author Peter Kropotkin, Emma Goldman and Errico Malatesta",
     ("Peter Kropotkin", "Emma Goldman", "Errico Malatesta")),
    ("#author A. One; B. Two", ("A. One", "B. Two")),
    ("#author Kevin A. Carson\n#SORTauthors Kevin Carson", ("Kevin A. Carson",)),
    ("#author\n#SORTauthors Brand; Enrico Arrigoni;", ("Brand", "Enrico Arrigoni")),
    ("#SORTauthors pinkić palinić, kajo šempronijo", ("pinkić palinić", "kajo šempronijo")),
    ("#author -\n#authors x", ("x",)),
    ("#author José Ortega y Gasset", ("José Ortega y Gasset",)),
    ("#author Karl Marx und Friedrich Engels", ("Karl Marx", "Friedrich Engels")),
])
def test_author_lists(header, authors):
    assert read(f"#title T\n{header}\n\nBody.\n").essay.meta.authors == authors


@pytest.mark.parametrize("value, lang", [("ru Перев. с французского", "ru"), ("en_US", "en-US"),
                                          ("Перев. с французского", ""), ("", "")])
def test_lang_is_a_code_or_nothing(value, lang):
    assert read(f"#title T\n#lang {value}\n\nBody.\n").essay.meta.lang == lang


def test_notes_marks_and_columns(names):
    essay = names.essay
    assert _refs(essay.blocks) == ["1", "s1"]
    one = next(n for n in essay.notes if n.id == "1")
    assert [block_text(b) for b in one.blocks] == [
        "First note, with a secondary mark and a [3] that stays text.",
        "Its second paragraph, at the note's text column."]
    assert _refs(one.blocks) == ["s2"]
    assert [n.id for n in essay.notes] == ["1", "s1", "s2", "3"]
    assert any(isinstance(b, BlockQuote) and "indented less" in block_text(b)
               for b in essay.blocks)
    assert "[9]" in essay_text(essay)
    reasons = [n.reason for n in names.notices]
    assert "note mark [9] has no note; kept as text" in reasons
    assert any(r.startswith("note [3] has no mark") for r in reasons)


def test_comments_are_dropped_with_their_words(names):
    drops = [n for n in names.notices if n.kind == "dropped"]
    assert [(n.reason, n.words) for n in drops] == [("Muse comment", 13)]
    assert "editor's comment" not in essay_text(names.essay)
