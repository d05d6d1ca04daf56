"""The TEI reader's rules one at a time: each is a plain function of a state and an element."""

from __future__ import annotations

from pamphlets.model import Emph, ListBlock, Note, NoteRef, Para, Strong, Text, Verse
from pamphlets.readers.tei import blocks, inlines, notes
from pamphlets.readers.tei.state import TeiState, drop, drop_notices, new_state
from pamphlets.readers.tei.xml import parse


def element(xml: str):
    return parse(xml, "rule.xml")


def test_hi_by_its_rend():
    state = TeiState([])
    assert inlines.hi(state, element('<hi rend="italic">so</hi>'), False) == [Emph((Text("so"),))]


def test_choice_takes_the_correction_and_counts_the_rest():
    state = TeiState([])
    el = element("<choice><sic>teh</sic><corr>the</corr></choice>")
    assert inlines.choice(state, el, False) == [Text("the")]
    assert state.drops["the other reading of a choice (sic, orig, abbr)"][:2] == [1, 1]


def test_a_line_break_joins_a_word_broken_with_a_hyphen():
    state = TeiState([])
    assert inlines.run(state, element("<p>broad-<lb/>cast</p>")) == (Text("broadcast"),)


def test_a_list_label_leads_its_item():
    state = TeiState([])
    out: list = []
    blocks.list_block(state, element("<list><label>A.</label><item>first</item></list>"), 0, out)
    assert out == [ListBlock(False, ((Para((Strong((Text("A."),)), Text(" "), Text("first"))),),))]


def test_lines_standing_without_lg_are_one_poem():
    state = TeiState([])
    div = element("<div><l>one</l><pb/><l>two</l></div>")
    out: list = []
    for line in div:
        blocks.block(state, line, 1, out)
    assert out == [Verse(((Text("one"),), (Text("two"),)))]


def test_a_note_without_n_is_numbered_and_stored():
    state = TeiState([])
    ref = notes.note_ref(state, element("<note>A gloss.</note>"))
    assert ref == NoteRef("1")
    assert state.auto == 1
    assert notes.finished_notes(state) == [Note("1", (Para((Text("A gloss."),)),))]


def test_new_state_indexes_the_notes_pointers_point_at():
    tei = element('<TEI><text><body><p>See<ref target="#n1">1</ref>.</p></body>'
                  '<back><div><note xml:id="n1">Linked.</note><note n="2">By number.</note>'
                  '</div></back></text></TEI>')
    state = new_state(tei, [], False)
    assert set(state.linked) == {"n1"} and "n1" in state.ids
    assert list(state.by_n) == ["2"]


def test_drops_are_counted_by_reason():
    state = TeiState([])
    drop(state, "running head", "THE ESSAY", 3)
    drop(state, "running head", "THE ESSAY", 9)
    [notice] = drop_notices(state)
    assert (notice.kind, notice.reason, notice.line, notice.words) == (
        "dropped", "running head", 3, 4)
