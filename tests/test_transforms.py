"""Each transform alone, on hand-made model values."""

from __future__ import annotations

import pytest

from pamphlets.model import (BlockQuote, Code, Emph, Essay, EssayMeta, Heading, Note, NoteRef,
                             Para, ReadResult, Text)
from pamphlets.transforms import PIPELINE, apply
from pamphlets.transforms.cleanup import merge_text, remove_invalid_chars, trim_space
from pamphlets.transforms.ids import heading_ids
from pamphlets.transforms.notes import number_notes
from pamphlets.transforms.typography import smarten_run, typography


def essay(*blocks, notes=()):
    return ReadResult(Essay(EssayMeta("T"), tuple(blocks), tuple(notes), origin="x.md"))


def text_of(run):
    return "".join(getattr(n, "text", "") if not hasattr(n, "children") else text_of(n.children)
                   for n in run)


def test_apply_runs_the_pipeline_in_order_and_skips_by_name(monkeypatch):
    import pamphlets.transforms as transforms

    ran = []

    def step(name):
        def run(result):
            ran.append(name)
            return result
        return run

    monkeypatch.setattr(transforms, "PIPELINE", tuple((n, step(n)) for n in ("a", "b", "c")))
    transforms.apply(essay_result := ReadResult(Essay(EssayMeta("T"), ())), skip=("b",))
    assert ran == ["a", "c"]
    monkeypatch.undo()
    # and the real pipeline: typography is skipped by name, and runs otherwise
    quoted = ReadResult(Essay(EssayMeta("T"), (Para((Text('"Hi" she said.'),)),)))
    assert apply(quoted, skip=("typography",)).essay.blocks[0].inlines == (Text('"Hi" she said.'),)
    assert apply(quoted).essay.blocks[0].inlines == (Text("\u201cHi\u201d she said."),)
    assert essay_result.essay.blocks == ()


def test_quotes_across_emphasis_and_apostrophes():
    run = (Text('He said "'), Emph((Text("don't"),)), Text('" in the \'90s -- twice...')),
    out = smarten_run(run[0])
    assert text_of(out) == "He said “don’t” in the ’90s — twice…"


def test_single_quotes_and_ranges():
    out = smarten_run((Text("It's 'quoted' in 1914--1918 (and 'this')"),))
    assert text_of(out) == "It’s ‘quoted’ in 1914–1918 (and ‘this’)"


def test_code_is_left_alone():
    r = typography(essay(Para((Text('say "'), Code('"x" -- y'), Text('"')))))
    para = r.essay.blocks[0]
    assert para.inlines[1] == Code('"x" -- y')
    assert para.inlines[0].text == "say “" and para.inlines[2].text == "”"


def test_notes_renumbered_in_reading_order_and_problems_reported():
    r = number_notes(essay(
        Para((Text("a"), NoteRef("zeta"), Text("b"), NoteRef("alpha"), NoteRef("ghost"))),
        Para((Text("c"), NoteRef("zeta"))),
        notes=[Note("alpha", (Para((Text("A"),)),)), Note("zeta", (Para((Text("Z"),)),)),
               Note("lonely", (Para((Text("L"),)),))]))
    refs = [n.note_id for n in r.essay.blocks[0].inlines if isinstance(n, NoteRef)]
    assert refs == ["1", "2"]
    assert [(n.id, text_of(n.blocks[0].inlines)) for n in r.essay.notes] == \
        [("1", "Z"), ("2", "A"), ("3", "L")]
    reasons = " ".join(n.reason for n in r.notices)
    assert "[ghost] has no note" in reasons and "[lonely] is never referenced" in reasons


def test_invalid_characters_removed_with_warning():
    r = remove_invalid_chars(essay(Para((Text("a\x01b\x0bc\ud800"),))))
    assert r.essay.blocks[0].inlines[0].text == "abc"
    assert r.notices and "3" in r.notices[0].reason


def test_whitespace_and_empty_paragraphs():
    r = trim_space(merge_text(essay(Para((Text("  a \n  b"), Text("  c "))), Para((Text(" "),)),
                                    BlockQuote((Para((Text("q\u00a0 q"),)),)))))
    assert r.essay.blocks[0] == Para((Text("a b c"),))
    assert len(r.essay.blocks) == 2
    assert r.essay.blocks[1].blocks[0].inlines[0].text == "q\u00a0q"


def test_heading_ids_unique_and_readable():
    r = heading_ids(essay(Heading(1, (Text("Why? Because"),)), Heading(1, (Text("Why? Because"),)),
                          Heading(1, (Text("Бедата"),)), Heading(1, (Text("1917"),))))
    assert [b.id for b in r.essay.blocks] == ["why-because", "why-because-2", "s3", "s-1917"]


def test_apply_runs_everything():
    r = apply(essay(Para((Text('"x"'), NoteRef("n"))), notes=[Note("n", (Para((Text("n"),)),))]))
    assert r.essay.blocks[0].inlines == (Text("“x”"), NoteRef("1"))


def test_long_words_get_break_points():
    from pamphlets.transforms.cleanup import break_long_words

    word = "x" * 200
    r = break_long_words(essay(Para((Text(f"a {word} b"),))))
    text = r.essay.blocks[0].inlines[0].text
    assert text.replace("\u200b", "") == f"a {word} b"
    assert max(len(w) for w in text.replace("\u200b", " ").split()) <= 30
    assert r.notices and "longer than" in r.notices[0].reason


def test_c1_controls_removed():
    r = remove_invalid_chars(essay(Para((Text("a\x7fb\x85c\u00a0d"),))))
    assert r.essay.blocks[0].inlines[0].text == "abc\u00a0d"


def test_label_headings_merge_with_their_titles():
    from pamphlets.model import plain_text
    from pamphlets.transforms.headings import merge_label_headings

    r = merge_label_headings(essay(
        Heading(1, (Text("PART I"),), "part-i"), Heading(2, (Text("EARLY ANARCHISM"),)),
        Heading(2, (Text("CHAPTER I"),)), Heading(3, (Emph((Text("Precursors"),)),)),
        Para((Text("Text."),)), Heading(2, (Text("Chapter 2"),)), Para((Text("No title."),)),
        Heading(1, (Text("Part III"),)), Heading(1, (Text("Part IV"),))))
    texts = [(b.level, text_of(b.inlines)) for b in r.essay.blocks if isinstance(b, Heading)]
    assert texts == [(1, "PART I. EARLY ANARCHISM"), (2, "CHAPTER I. Precursors"),
                     (2, "Chapter 2"), (1, "Part III"), (1, "Part IV")]
    assert r.essay.blocks[0].id == "part-i"


def test_a_note_marked_inside_another_note_is_referenced():
    from pamphlets.model import Essay, EssayMeta, Note, NoteRef, Para, ReadResult, Text
    from pamphlets.transforms.notes import number_notes

    essay = Essay(EssayMeta(title="T"), (Para((Text("Body"), NoteRef("a"))),),
                  (Note("b", (Para((Text("Secondary"),)),)),
                   Note("a", (Para((Text("Primary"), NoteRef("b"))),))))
    result = number_notes(ReadResult(essay))
    assert [n.id for n in result.essay.notes] == ["1", "2"]
    assert result.essay.notes[0].blocks[0].inlines[-1] == NoteRef("2")
    assert not [n for n in result.notices if n.kind == "warning"]


def test_an_act_label_is_not_joined_to_a_scene_label():
    from pamphlets.model import plain_text
    from pamphlets.transforms.headings import merge_label_headings

    blocks = (Heading(1, (Text("ACT I"),)), Heading(2, (Text("SCENE I"),)),
              Heading(3, (Text("A ship at sea"),)))
    out = merge_label_headings(ReadResult(Essay(EssayMeta(title="T"), blocks))).essay.blocks
    assert [plain_text(b.inlines) for b in out] == ["ACT I", "SCENE I. A ship at sea"]


@pytest.mark.parametrize("fmt, text", [
    ("md", "Just text, no heading.\n"),
    ("muse", "Just text, no title directive.\n"),
    ("tei", '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt/>'
            "</fileDesc></teiHeader><text><body><p>Just text.</p></body></text></TEI>"),
])
def test_an_untitled_essay_is_named_after_its_file_the_same_way_in_every_format(fmt, text):
    from pamphlets.readers import get_reader

    result = apply(get_reader(fmt)(text, path=f"notes/my-first_essay.{fmt}"))
    assert result.essay.meta.title == "My first essay"
    assert any(n.reason == "no title found; using the file name" for n in result.notices)


def test_an_untitled_essay_from_no_file_is_untitled():
    from pamphlets.readers import get_reader

    result = apply(get_reader("md")("Just text.\n", path=""))
    assert result.essay.meta.title == "Untitled"
