"""The Markdown reader's rules one at a time, each over its own ``State``."""

from __future__ import annotations

from pamphlets.markdown_dialect import ATTRIBUTION_PREFIX, SHY, strip_shy, tidy
from pamphlets.model import BlockQuote, Emph, Heading, LineBreak, Note, Para, SmallCaps, Text
from pamphlets.readers.markdown.blocks import nest, quote
from pamphlets.readers.markdown.inlines import Mark, html_inline, shortcode
from pamphlets.readers.markdown.meta import essay_meta
from pamphlets.readers.markdown.notes import collect_notes
from pamphlets.readers.markdown.parse import parse_shortcode, parser
from pamphlets.readers.markdown.state import State, notice


def root():
    return [["root", None, []]]


def test_notice_has_the_current_line_and_counts_dropped_words_unless_kept():
    state = State(line=7)
    notice(state, "dropped", "HTML comment", "two words")
    kept = State(keep_all=True)
    notice(kept, "dropped", "HTML comment", "two words")
    assert (state.notices[0].line, state.notices[0].words) == (7, 2)
    assert kept.notices[0].words == 0


def test_shortcode_with_a_name_becomes_the_name():
    state, stack = State(), root()
    shortcode(state, stack, 'cited-work name="The Book"', at_block=False)
    assert stack[0][2] == [Emph((Text("The Book"),))]
    assert [n.kind for n in state.notices] == ["info"]


def test_block_shortcode_is_a_mark_only_at_paragraph_level():
    state, inside, top = State(), root(), root()
    shortcode(state, inside, "quotation", at_block=False)
    shortcode(state, top, "/quotation", at_block=True)
    assert inside[0][2] == [] and top[0][2] == [Mark("quotation", True)]
    assert parse_shortcode('quotation by="A. Writer"') == ("quotation", False, {"by": "A. Writer"})


def test_html_span_small_caps_opens_a_frame():
    state, stack = State(), root()
    html_inline(state, stack, '<span class="smallcaps">', at_block=False)
    assert stack[-1][0] == "html:smallcaps"
    stack[-1][2].append(Text("ussr"))
    html_inline(state, stack, "</span>", at_block=False)
    assert stack == [["root", None, [SmallCaps((Text("ussr"),))]]]


def test_nest_makes_a_block_quote_with_its_caption():
    items = [Mark("quotation", False), Para((Text("Words."),)), Mark("quotecaption", False),
             Para((Text("Author"),)), Mark("quotecaption", True), Mark("quotation", True)]
    assert nest(items) == [BlockQuote((Para((Text("Words."),)),), (Text("Author"),))]


def test_quote_takes_its_attribution_from_the_last_paragraph():
    tokens = parser().parse(f"> Words.\n>\n> {ATTRIBUTION_PREFIX}Author\n", {})
    assert quote(State(), tokens[1:-1]) == BlockQuote((Para((Text("Words."),)),), (Text("Author"),))


def test_unreferenced_notes_are_left_out_or_kept():
    for keep_all, expected in ((False, ()), (True, (Note("b", (Para((Text("B"),)),)),))):
        state = State(keep_all=keep_all, definitions={"b": (Para((Text("B"),)),)})
        assert collect_notes(state) == expected
        assert [n.kind for n in state.notices] == ["warning"]


def test_title_from_the_first_heading():
    state = State(line=3)
    meta, blocks = essay_meta(state, {}, [Heading(1, (Text("Title"),)), Para((Text("x"),))])
    assert meta.title == "Title" and blocks == [Para((Text("x"),))]
    assert state.line is None and state.notices[0].reason == "title taken from the first heading"


def test_dialect_tidy_and_strip_shy():
    assert tidy([Text(" a "), Text(" b"), LineBreak(), Text(" c ")]) == \
        (Text("a b"), LineBreak(), Text("c"))
    assert strip_shy([Text(f"soft{SHY}ly")]) == (Text("softly"),)
