"""The Project Gutenberg plain-text reader, on small fixtures and on the real corpus file."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from pamphlets.errors import PamphletError
from pamphlets.loading import read_essay
from pamphlets.model import (BlockQuote, Emph, Heading, NoteRef, Para, ReadResult, Text,
                             Verse, block_text, essay_text, plain_text)
from pamphlets.readers.gutenberg import read

FIXTURES = Path(__file__).parent / "fixtures" / "gutenberg"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
PLECHANOFF = CORPUS / "gutenberg-txt_plechanoff_anarchism-and-socialism_30506.txt"


def _fixture(name: str, crlf: bool = False):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return read(text.replace("\n", "\r\n") if crlf else text, path=name)


def _refs(blocks) -> list[str]:
    found: list[str] = []

    def walk(node):
        if isinstance(node, NoteRef):
            found.append(node.note_id)
        elif isinstance(node, tuple):
            for child in node:
                walk(child)
        elif hasattr(node, "__dataclass_fields__"):
            for name in node.__dataclass_fields__:
                walk(getattr(node, name))

    walk(tuple(blocks))
    return found


def _headings(essay) -> list[tuple[int, str]]:
    return [(b.level, plain_text(b.inlines)) for b in essay.blocks if isinstance(b, Heading)]


def _reasons(result) -> set[str]:
    return {n.reason for n in result.notices}


def test_header_metadata_from_title_author_and_banner():
    meta = _fixture("lantern.txt").essay.meta
    assert meta.title == "The Lantern Keepers"
    assert meta.subtitle == "Notes on a Quiet Trade"
    assert meta.authors == ("Mara Vell",)
    assert meta.translator == "Otto Brisk"
    assert meta.source == "Project Gutenberg eBook #99901"


def test_header_footer_and_licence_removed():
    result = _fixture("lantern.txt")
    text = essay_text(result.essay)
    assert "Project Gutenberg" not in text and "licence" not in text.lower()
    assert "Project Gutenberg header" in _reasons(result)
    assert "Project Gutenberg footer and licence" in _reasons(result)


def test_start_marker_without_space_and_end_of_line_variant():
    result = _fixture("restart.txt")
    assert _headings(result.essay)[0] == (1, "CHAPTER 1. MIDNIGHT")
    assert "End of the Project" not in essay_text(result.essay)
    assert result.essay.meta.lang == "fr"


def test_crlf_gives_the_same_essay():
    assert _fixture("lantern.txt", crlf=True).essay == _fixture("lantern.txt").essay


def test_hard_wrapped_lines_joined_and_italics_and_dashes():
    para = next(b for b in _fixture("lantern.txt").essay.blocks
                if isinstance(b, Para) and "lantern wants" in block_text(b))
    assert Emph((Text("clean oil"),)) in para.inlines
    assert "wick--nothing more, said the old keepers." in block_text(para)
    assert "\n" not in block_text(para)


def test_chapter_headings_caps_headings_and_roman_subsections():
    assert _headings(_fixture("lantern.txt").essay) == [
        (1, "PREFACE."), (1, "CHAPTER I. THE OIL AND THE WICK"), (2, "I."), (2, "II."),
        (1, "CHAPTER II--CONCLUSION. WHAT REMAINS")]


def test_footnotes_per_chapter_numbered_across_the_book():
    essay = _fixture("lantern.txt").essay
    assert [n.id for n in essay.notes] == ["1", "2", "3", "4"]
    assert _refs(essay.blocks) == ["1", "2", "3", "4"]
    two = essay.notes[1]
    assert [block_text(b) for b in two.blocks] == [
        "The smile is recorded in several letters.", "It is also mentioned in the harbour log."]


def test_footnotes_restarting_per_chapter_get_unique_ids():
    essay = _fixture("restart.txt").essay
    assert _refs(essay.blocks) == ["c1-1", "c1-2", "c2-1"]
    assert block_text(essay.notes[2].blocks[0]).startswith("A different kettle")


def test_footnotes_all_at_the_end_with_restarting_numbers():
    essay = _fixture("endnotes.txt").essay
    assert _refs(essay.blocks) == ["c1-1", "c1-2", "c2-1"]
    assert block_text(essay.notes[2].blocks[0]) == "The river was high."


def test_bracketed_footnote_blocks():
    essay = _fixture("bracketed.txt").essay
    refs = _refs(essay.blocks)
    assert len(set(refs)) == 3 and {n.id for n in essay.notes} == set(refs)
    assert block_text(essay.notes[0].blocks[0]) == "Dust from the quarry, carried by the wind."


def test_illustrations_dropped_with_a_caption_notice():
    result = _fixture("lantern.txt")
    assert "Illustration" not in essay_text(result.essay)
    assert any(n.kind == "caption" and n.text == "A lantern on a hook" for n in result.notices)


def test_front_matter_transcriber_ads_and_the_end_dropped():
    result = _fixture("lantern.txt")
    text = essay_text(result.essay)
    for gone in ("Produced by", "Northtown", "CONTENTS", "printer's errors", "Tide Tables",
                 "BOOKS FROM", "THE END", "MARA VELL"):
        assert gone not in text
    assert {"producer credit", "title page", "table of contents", "transcriber's note",
            "publisher's advertisements", "end-of-book line"} <= _reasons(result)
    assert all(n.kind in ("dropped", "caption") for n in result.notices)


def test_keep_all_keeps_the_front_matter():
    text = (FIXTURES / "lantern.txt").read_text(encoding="utf-8")
    kept = essay_text(read(text, keep_all=True).essay)
    assert "Northtown" in kept and "must not appear" not in kept


def test_indented_verse_and_prose_quotation():
    blocks = _fixture("lantern.txt").essay.blocks
    verse = next(b for b in blocks if isinstance(b, Verse))
    assert len(verse.lines) == 4 and plain_text(verse.lines[1]) == "The gulls have gone to bed;"
    quote = next(b for b in blocks if isinstance(b, BlockQuote))
    assert block_text(quote.blocks[0]).startswith("We owe the keepers more")
    assert plain_text(quote.attribution) == "The Harbour Master"


# --------------------------------------------------------------------------- corpus


@pytest.fixture(scope="module")
def plechanoff():
    if not PLECHANOFF.exists():
        pytest.skip("development corpus not present")
    return read_essay(PLECHANOFF)


def test_corpus_metadata_and_decoding(plechanoff):
    meta = plechanoff.essay.meta
    assert (meta.title, meta.authors, meta.translator) == (
        "Anarchism and Socialism", ("George Plechanoff",), "Eleanor Marx Aveling")
    assert "Vorwärts" in essay_text(plechanoff.essay)


def test_corpus_headings(plechanoff):
    heads = _headings(plechanoff.essay)
    assert heads[:3] == [(1, "PUBLISHERS' NOTE"), (1, "PREFACE."),
                         (1, "CHAPTER I. THE POINT OF VIEW OF THE UTOPIAN SOCIALISTS")]
    assert (1, "CHAPTER IX--CONCLUSION. THE BOURGEOISIE, ANARCHISM, AND SOCIALISM") in heads
    assert (2, "MAX STIRNER") in heads
    assert sum(1 for _, t in heads if t.startswith("CHAPTER")) == 9
    assert len(heads) == 13


def test_corpus_notes(plechanoff):
    essay = plechanoff.essay
    refs = _refs(essay.blocks)
    assert len(essay.notes) == 81
    assert [n.id for n in essay.notes] == [str(k) for k in range(1, 82)]
    assert set(refs) == {n.id for n in essay.notes} and len(refs) == 81
    assert all(n.blocks for n in essay.notes)


def test_corpus_no_boilerplate_left(plechanoff):
    text = essay_text(plechanoff.essay)
    notes = "\n".join(block_text(b) for n in plechanoff.essay.notes for b in n.blocks)
    for gone in ("Project Gutenberg", "gutenberg.org", "FOOTNOTES", "CONTENTS",
                 "E-text prepared", "Charles H. Kerr", "*** ", "[1]", "[81]"):
        assert gone not in text, gone
    assert "FOOTNOTES" not in notes and "CHAPTER" not in notes


def test_corpus_reads_fast():
    if not PLECHANOFF.exists():
        pytest.skip("development corpus not present")
    from pamphlets.sources import load

    text = load(PLECHANOFF).text
    started = time.perf_counter()
    read(text, path=str(PLECHANOFF))
    assert time.perf_counter() - started < 0.5


# --------------------------------------------------------------------------- robustness

_PIECES = st.sampled_from([
    "*** START OF THE PROJECT GUTENBERG EBOOK X ***", "***END OF THIS PROJECT GUTENBERG EBOOK***",
    "Title: A", "Author: B", "CHAPTER I", "CHAPTER IX--END", "FOOTNOTES:", "[1] note", "[1]",
    "[Illustration: x", "]", "[Footnote 1: y]", "    indented verse", "    --Someone", "I.",
    "PREFACE.", "CONTENTS.", "_it_", "_", "--", "", "", "text words here", "\r", "ADVERTISEMENTS",
    "[Transcriber's Note:", "Note: z", "THE END", "[0]", "[99999]", "NOTES"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=40))
def test_random_input_reads_or_raises_a_tool_error(pieces):
    try:
        result = read("\n".join(pieces), path="random.txt")
    except PamphletError:
        return
    assert isinstance(result, ReadResult)
    assert set(_refs(result.essay.blocks)) == {n.id for n in result.essay.notes}
