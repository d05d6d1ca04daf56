"""Footnotes in HTML pages of many shapes: Gutenberg of several vintages, CMS plugins.

Each fixture imitates one shape met on real pages (written here, text invented). A note is
found by structure: a mark links to it (by id, by name, by this page's own address or by
``aria-describedby``) and it links back, or it sits where a set of marks points.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pamphlets.model import NoteRef, Superscript, block_text, count_words, essay_text
from pamphlets.readers import html as html_reader

from test_reader_html import inlines_of, note_refs

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "html"


def read(name: str):
    return html_reader.read((FIXTURES / name).read_text(encoding="utf-8"), path=name)


def note_texts(essay) -> list[str]:
    return [" ".join(block_text(b) for b in note.blocks) for note in essay.notes]


def check_paired(essay, count: int) -> None:
    """``count`` notes, each referred to, and every mark pointing at one of them."""
    ids = [n.id for n in essay.notes]
    assert len(ids) == count
    refs = note_refs(essay)
    assert set(refs) == set(ids)


# --------------------------------------------------------------------------- Gutenberg


def test_gutenberg_notes_after_each_chapter_with_numbering_restarting():
    result = read("html-notes-gutenberg-chapters.html")
    essay = result.essay
    check_paired(essay, 3)
    texts = note_texts(essay)
    assert texts == ["Some parishes laid theirs every fifth winter.",
                     "Hazel splits cleanly when green.",
                     "Usually the week after Candlemas."]
    # the second chapter's [1] goes to the second chapter's note, not the first's
    body = essay_text(essay)
    assert "Candlemas" not in body and "[1]" not in body and "[2]" not in body
    refs = note_refs(essay)
    ditch = next(b for b in essay.blocks if "ditch was cleared" in block_text(b))
    ditch_refs = [n.note_id for n in inlines_of([ditch]) if isinstance(n, NoteRef)]
    assert ditch_refs == [essay.notes[2].id] and len(refs) == 3


def test_name_only_targets_and_notes_in_a_definition_list():
    essay = read("html-notes-old-targets.html").essay
    check_paired(essay, 2)
    assert note_texts(essay) == ["The diary of the miller gives the eleventh.",
                                 "A loaded cart, that is; the diary is precise on this."]
    body = essay_text(essay)
    assert "diary of the miller" not in body and "Notes" not in body


def test_notes_as_table_rows():
    essay = read("html-notes-table-rows.html").essay
    check_paired(essay, 2)
    assert note_texts(essay) == ["Counted in the survey of the estate.",
                                 "Perhaps an Egremont, perhaps not."]
    assert "Egremont" not in essay_text(essay)


def test_unlinked_superscripts_pair_with_the_next_note_of_that_number():
    essay = read("html-notes-sup-unlinked.html").essay
    check_paired(essay, 3)
    assert note_texts(essay) == ["The earliest date in twenty years of these notes.",
                                 "Spring barley, for the maltster.", "Nine wet days in June."]
    body = essay_text(essay)
    assert "Nine wet days" not in body and "maltster" not in body
    # a superscript with no note after it is a superscript (square metres), not a mark
    sups = [n for n in inlines_of(essay.blocks) if isinstance(n, Superscript)]
    assert [block_text_of(s) for s in sups] == ["2"]


def block_text_of(node) -> str:
    return "".join(getattr(c, "text", "") for c in node.children)


def test_note_after_its_paragraph_is_a_note_not_a_quotation():
    essay = read("html-notes-after-paragraph.html").essay
    check_paired(essay, 1)
    assert note_texts(essay) == ["The comet of 1858, which the old people still spoke of."]
    assert "comet of 1858" not in essay_text(essay)


# --------------------------------------------------------------------------- CMS plugins


@pytest.mark.parametrize("name", ["html-notes-wp-block.html", "html-notes-substack.html"])
def test_linked_notes_of_cms_plugins(name):
    essay = read(name).essay
    check_paired(essay, 2)
    first, second = note_texts(essay)
    assert first == "The water fell on the top of the wheel."
    assert second.startswith("The leat is still there")
    body = essay_text(essay)
    assert "fell on the top" not in body and "\u21a9" not in " ".join(note_texts(essay))


def test_substack_note_keeps_its_paragraphs():
    essay = read("html-notes-substack.html").essay
    assert len(essay.notes[1].blocks) == 2
    assert block_text(essay.notes[1].blocks[1]) == "It has been dry since 1962."


def test_full_address_of_this_page_is_a_mark_another_site_is_not():
    essay = read("html-notes-wp-absolute.html").essay
    check_paired(essay, 1)
    assert note_texts(essay) == ["The water fell on the top of the wheel."]
    assert "on another site" in essay_text(essay)


def test_popup_notes_and_their_copies_beside_the_mark():
    result = read("html-notes-popup.html")
    essay = result.essay
    check_paired(essay, 2)
    assert note_texts(essay) == ["The water fell on the top of the wheel.",
                                 "By the tenants, in turn."]
    body = essay_text(essay)
    assert "fell on the" not in body and "tenants" not in body and "\u2191" not in body
    copies = [n for n in result.notices if n.kind == "duplicate" and "pop-up" in n.reason]
    assert copies and copies[0].words == count_words("By the tenants, in turn.")


@pytest.mark.parametrize("name", ["html-notes-spip.html", "html-notes-spip-old.html"])
def test_spip_notes(name):
    essay = read(name).essay
    assert len(essay.notes) >= 1
    check_paired(essay, len(essay.notes))
    first = note_texts(essay)[0]
    assert first == "L’eau tombait sur le haut de la roue."
    body = essay_text(essay)
    assert "[1]" not in body and "[]" not in body and "haut de la roue" not in body
    assert "Notes" not in body


# --------------------------------------------------------------------------- left over


def test_shared_note_mark_without_note_and_note_without_mark_are_reported():
    result = read("html-notes-shared-and-orphans.html")
    essay = result.essay
    check_paired(essay, 1)
    assert note_refs(essay) == [essay.notes[0].id] * 2
    assert note_texts(essay) == ["Overshot wheels need a good head of water."]
    orphan = [n for n in result.notices if n.reason == "note that nothing in the text refers to"]
    text = "A note the text never calls for, about the eel traps. [Back to text]"
    assert orphan and orphan[0].kind == "dropped" and orphan[0].words == count_words(text)
    missing = [n for n in result.notices if "no note" in n.reason]
    assert missing and missing[0].text == "[9]" and missing[0].kind == "warning"
    assert "[9]" in essay_text(essay)   # the mark stays where it was, visible


def test_contents_links_and_exponents_are_not_notes():
    result = read("html-notes-not-notes.html")
    essay = result.essay
    assert essay.notes == ()
    body = essay_text(essay)
    assert "The wheel" in body and "The stones" in body and "dressed every month" in body
    sups = [n for n in inlines_of(essay.blocks) if isinstance(n, Superscript)]
    assert len(sups) == 2


def test_back_links_in_words_are_removed():
    result = read("html-notes-shared-and-orphans.html")
    notes = " ".join(note_texts(result.essay))
    assert "Back to text" not in notes and "\u21a9" not in notes


def test_every_dropped_notice_counts_its_words():
    for path in sorted(FIXTURES.glob("html-notes-*.html")):
        result = html_reader.read(path.read_text(encoding="utf-8"), path=path.name)
        for notice in result.notices:
            if notice.kind == "dropped" and notice.text and "safety" not in notice.reason:
                assert notice.words > 0, (path.name, notice)


def test_note_written_in_place_as_details():
    essay = read("html-notes-inline-details.html").essay
    check_paired(essay, 1)
    assert note_texts(essay) == ["Now in the county record office."]
    body = essay_text(essay)
    assert "record office" not in body and "A map of the valley." in body


def test_marks_labelled_in_words_sharing_one_note():
    essay = read("html-notes-wordy-labels.html").essay
    check_paired(essay, 1)
    assert len(note_refs(essay)) == 2
    assert note_texts(essay) == ["Now in the county record office."]
    assert "footnote 1" not in essay_text(essay)


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("html-notes-*.html")), ids=lambda p: p.stem)
def test_every_word_of_a_page_with_notes_is_accounted_for(path):
    from pamphlets.accounting import SOURCE_COUNTERS, account

    text = path.read_text(encoding="utf-8")
    words = account(SOURCE_COUNTERS["html"](text), html_reader.read(text, path=path.name))
    assert words.unaccounted == 0, words.summary()


def test_note_numbers_removed_are_counted():
    result = read("html-notes-gutenberg-chapters.html")
    numbers = [n for n in result.notices if n.reason.startswith("note numbers")]
    # three marks in the text and three labels in front of the notes: one word each
    assert len(numbers) == 1 and numbers[0].words == 6


def test_bracketed_numbers_in_the_text_with_notes_after_each_paragraph():
    result = read("html-notes-plain-brackets.html")
    essay = result.essay
    check_paired(essay, 3)
    assert note_texts(essay) == ["The thatcher's bill survives.",
                                 "A spark from the threshing engine.",
                                 "Patched with corrugated iron on the north side."]
    body = essay_text(essay)
    assert "[1]" not in body and "[2]" not in body and "thatcher's bill" not in body
    byre = next(b for b in essay.blocks if "byre kept" in block_text(b))
    assert [n.note_id for n in inlines_of([byre]) if isinstance(n, NoteRef)] == [essay.notes[2].id]
    # a number with no note after it stays as it was written
    assert "The list of owners [3]" in body


def test_unlinked_marks_and_a_table_of_notes():
    essay = read("html-notes-unlinked-table.html").essay
    check_paired(essay, 2)
    assert note_texts(essay) == ["The water fell on the top of the wheel.",
                                 "The leat is still there, dry."]
    assert "References" not in essay_text(essay)


def test_notes_written_out_in_brackets_where_they_fall():
    essay = read("html-notes-bracket-blocks.html").essay
    check_paired(essay, 2)
    first, second = essay.notes
    assert [block_text(b) for b in first.blocks] == [
        "It is still a right of way.", "The parish walks it every Rogation Sunday."]
    assert note_texts(essay)[1] == "Built by the turnpike trust."
    body = essay_text(essay)
    assert "Footnote" not in body and "Rogation" not in body and "[A]" not in body
    assert "bell cast in Gloucester" in body


def test_a_bracket_note_over_paragraphs_keeps_the_text_between_and_after_them():
    from lxml import html as lxml_html

    from pamphlets.readers.html.notes import _close_bracket_note

    root = lxml_html.fromstring("<div><p>[Footnote 1: one</p> between <p>two.]</p> after</div>")
    holder = _close_bracket_note(root[0])
    assert holder.tag == "div" and len(holder) == 2
    assert " between " in holder.text_content() and "two." in holder.text_content()
    assert holder.tail == " after" and "]" not in holder.text_content()
    assert root.text_content().endswith(" after")
