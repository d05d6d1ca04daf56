"""Tests for the reader of essays pasted from web pages (``pamphlets.readers.text``).

Two kinds: the seed essays beside the repository, checked against what a careful editor
made of them (EXPECTED.toml), and small made-up fixtures, one per convention.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from pamphlets.model import (
    BlockQuote,
    Heading,
    ListBlock,
    iter_blocks,
    NoteRef,
    Para,
    Rule,
    Text,
    block_text,
    plain_text,
)
from pamphlets.readers.text import read

FIXTURES = Path(__file__).parent / "fixtures" / "text"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


# --------------------------------------------------------------------------- helpers


def norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def fixture(name: str, **options):
    return read((FIXTURES / name).read_text(encoding="utf-8"), path=name, **options)


def headings(essay) -> list[str]:
    return [norm(plain_text(b.inlines)) for b in essay.blocks if isinstance(b, Heading)]


def prose(essay) -> str:
    """The body without headings, as one normalised string."""
    return norm(" ".join(block_text(b) for b in essay.blocks if not isinstance(b, Heading)))


def body_text(essay) -> str:
    return norm(" ".join(block_text(b) for b in essay.blocks))


def paragraphs(blocks):
    """Every Para in the body, nested ones included."""
    return (block for block in iter_blocks(blocks) if isinstance(block, Para))


def lists(essay) -> list[ListBlock]:
    return [b for b in essay.blocks if isinstance(b, ListBlock)]


def text_before_refs(blocks) -> list[tuple[str, str]]:
    """(note id, plain text of its paragraph up to the reference), in document order."""
    found: list[tuple[str, str]] = []

    def walk(inlines, before: str) -> str:
        for node in inlines:
            if isinstance(node, NoteRef):
                found.append((node.note_id, before))
            elif isinstance(node, Text):
                before += node.text
            elif hasattr(node, "children"):
                before = walk(node.children, before)
        return before

    for block in blocks:
        if isinstance(block, (Para, Heading)):
            walk(block.inlines, "")
        elif isinstance(block, BlockQuote):
            found.extend(text_before_refs(block.blocks))
        elif isinstance(block, ListBlock):
            for item in block.items:
                found.extend(text_before_refs(item))
    return found


def notice_texts(result, kind: str | None = None) -> str:
    return norm(" ".join(n.text for n in result.notices if kind is None or n.kind == kind))


# --------------------------------------------------------------------------- seeds


def _expected() -> dict:
    path = SEEDS / "EXPECTED.toml"
    if not path.exists():
        return {}
    return tomllib.loads(path.read_text(encoding="utf-8"))


EXPECTED = _expected()
SEED_NAMES = sorted(EXPECTED) or ["(no seeds)"]


@pytest.fixture(params=SEED_NAMES)
def seed(request):
    if not EXPECTED:
        pytest.skip("seed essays are not present beside the repository")
    name = request.param
    result = read((SEEDS / name).read_text(encoding="utf-8"), path=name)
    return name, EXPECTED[name], result


def test_seed_metadata(seed):
    name, want, result = seed
    meta = result.essay.meta
    assert norm(meta.title) == norm(want["title"])
    if "subtitle" in want:
        assert norm(meta.subtitle).startswith(norm(want["subtitle"]))
    else:
        assert meta.subtitle == ""
    if "author" in want:
        assert [norm(a) for a in meta.authors] == [norm(want["author"])]
    else:
        assert meta.authors == ()
    assert meta.date == want.get("date", "")


def test_seed_title_and_subtitle_not_in_body(seed):
    name, want, result = seed
    essay = result.essay
    texts = [norm(block_text(b)) for b in essay.blocks]
    assert norm(essay.meta.title) not in texts
    if essay.meta.subtitle:
        assert norm(essay.meta.subtitle) not in body_text(essay)


def test_seed_headings_precision_and_recall(seed):
    name, want, result = seed
    got = headings(result.essay)
    expected = [norm(h) for h in want.get("headings", [])]
    true_positives = len(set(got) & set(expected))
    precision = true_positives / len(got) if got else 1.0
    recall = true_positives / len(expected) if expected else 1.0
    print(f"{name}: heading precision {precision:.2f}, recall {recall:.2f}")
    assert (precision, recall) == (1.0, 1.0), f"got {got}"
    assert got == expected  # and in order


def test_seed_not_headings(seed):
    name, want, result = seed
    got = headings(result.essay)
    quotes = [b for b in result.essay.blocks if isinstance(b, BlockQuote)]
    attributions = [norm(plain_text(q.attribution)) for q in quotes]
    for line in want.get("not_headings", []):
        assert norm(line) not in got
        assert norm(line) in attributions  # each attributes the epigraph just above it


def test_seed_notes(seed):
    name, want, result = seed
    essay = result.essay
    assert len(essay.notes) == want["notes"]
    refs = text_before_refs(essay.blocks)
    assert len(refs) == len(want.get("note_refs_after", []))
    for (note_id, before), after in zip(refs, want.get("note_refs_after", [])):
        assert norm(before).endswith(norm(after)), (note_id, before[-60:])
    assert [r[0] for r in refs] == [n.id for n in essay.notes][: len(refs)]
    for note, start in zip(essay.notes, want.get("note_texts_start", [])):
        text = norm(" ".join(block_text(b) for b in note.blocks))
        assert text.startswith(norm(start))
        assert "↩" not in text


def test_seed_lists(seed):
    name, want, result = seed
    assert [len(b.items) for b in lists(result.essay)] == want.get("lists", [])


def test_seed_first_and_last_words(seed):
    name, want, result = seed
    text = prose(result.essay)
    assert text.startswith(norm(want["first_words"])), text[:80]
    assert text.endswith(norm(want["last_words"])), text[-80:]


def test_seed_boilerplate_dropped_and_reported(seed):
    name, want, result = seed
    text = body_text(result.essay)
    for snippet in want.get("drop", []):
        assert norm(snippet) not in text
    for notice in result.notices:
        assert notice.reason
    dropped = notice_texts(result, "dropped")
    for snippet in want.get("drop", []):
        if norm(snippet) in norm((SEEDS / name).read_text(encoding="utf-8")) and snippet != "↩︎":
            assert norm(snippet) in dropped or norm(snippet) in notice_texts(result)


def test_seed_captions(seed):
    name, want, result = seed
    paras = {norm(plain_text(p.inlines)) for p in paragraphs(result.essay.blocks)}
    captions = notice_texts(result, "caption")
    for caption in want.get("captions", []):
        assert norm(caption) not in paras
        assert norm(caption) in captions
    assert "/ Image:" not in body_text(result.essay)


def test_seed_duplicates(seed):
    name, want, result = seed
    text = body_text(result.essay)
    reported = notice_texts(result, "duplicate")
    for start in want.get("duplicate_paragraphs", []):
        assert text.count(norm(start)) == 1
        assert norm(start) in reported


def test_seed_keep_all_keeps_boilerplate(seed):
    name, want, result = seed
    kept = read((SEEDS / name).read_text(encoding="utf-8"), path=name, keep_all=True)
    text = body_text(kept.essay)
    for snippet in want.get("drop", []):
        if norm(snippet) in norm((SEEDS / name).read_text(encoding="utf-8")) and snippet != "↩︎" \
                and not snippet.startswith("by |"):
            assert norm(snippet) in text
    assert {(n.kind, n.text) for n in kept.notices} >= {
        (n.kind, n.text) for n in result.notices if n.kind in ("dropped", "caption", "duplicate")}


# --------------------------------------------------------------------------- conventions


def test_glued_note_numbers_become_note_refs():
    result = fixture("glued_notes.txt")
    essay = result.essay
    refs = text_before_refs(essay.blocks)
    assert [r[0] for r in refs] == ["1", "2", "3"]
    assert refs[0][1].endswith("then all at once.")
    assert refs[1][1].endswith("the signal flags")
    assert refs[2][1].endswith("the logbooks stopped")
    assert [n.id for n in essay.notes] == ["1", "2", "3"]
    assert block_text(essay.notes[2].blocks[0]) == "The final entry reads only “Fog, then clear.”"
    assert "↩" not in body_text(essay)
    assert "1987" in body_text(essay)  # a year is not a note number
    assert not [n for n in result.notices if n.kind == "warning"]
    assert not any(isinstance(b, Rule) for b in essay.blocks)  # no break before the notes


def test_unmatched_note_refs_and_notes_are_reported_not_dropped():
    result = fixture("orphan_notes.txt")
    essay = result.essay
    assert [r[0] for r in text_before_refs(essay.blocks)] == ["1"]
    assert "spring.2 Its absence" in body_text(essay)  # kept as text
    assert [n.id for n in essay.notes] == ["1", "3"]  # the unreferenced note stays
    warnings = [n for n in result.notices if n.kind == "warning"]
    assert any("spring.2" in n.text for n in warnings)
    assert any(n.text == "3" and "no reference" in n.reason for n in warnings)


def test_front_matter_byline_standfirst_and_captions():
    result = fixture("front_matter.txt")
    essay = result.essay
    assert essay.meta.title == "Gardens Against the Heat"
    assert essay.meta.subtitle.startswith("How allotment societies")
    assert essay.meta.authors == ("Ann Example",)
    assert essay.meta.date == "2021-03-03"
    text = body_text(essay)
    assert text.startswith("Allotment holders noticed")
    for gone in ("How allotment societies", "By Ann Example", "Volunteers at the Eastfield",
                 "/ Photo:", "Photo by Sam Placeholder"):
        assert gone not in text
    captions = notice_texts(result, "caption")
    assert "Volunteers at the Eastfield plots in August" in captions
    assert "Photo by Sam Placeholder" in captions
    assert headings(essay) == ["What the plots teach"]


@pytest.mark.parametrize("line, iso", [
    ("Sep 9, 2019", "2019-09-09"),
    ("September 9th, 2019", "2019-09-09"),
    ("9 September 2019", "2019-09-09"),
    ("Published on 2019-09-09", "2019-09-09"),
    ("by | Jun 21, 2023", "2023-06-21"),
    ("Posted 14/02/2020", "2020-02-14"),
    ("By Ann Example | 3.4.2022", "2022-04-03"),
    ("2018", "2018"),
])
def test_dates_in_any_common_form(line, iso):
    essay = read(f"A Title\n\n{line}\n\nThe first paragraph of the essay is here, long enough to be prose.\n").essay
    assert essay.meta.date == iso
    assert body_text(essay) == "The first paragraph of the essay is here, long enough to be prose."


@pytest.mark.parametrize("line, authors", [
    ("By Ann Example", ("Ann Example",)),
    ("By Ann Example and Bo Sample", ("Ann Example", "Bo Sample")),
    ("Ann Example | May 5, 2020", ("Ann Example",)),
    ("Written by A. N. Example", ("A. N. Example",)),
])
def test_byline_authors(line, authors):
    essay = read(f"A Title\n\n{line}\n\nThe first paragraph of the essay is here, long enough to be prose.\n").essay
    assert essay.meta.authors == authors
    assert line not in body_text(essay)


def test_list_with_follow_on_paragraphs_and_section_breaks():
    essay = fixture("lists_breaks.txt").essay
    kinds = [type(b).__name__ for b in essay.blocks]
    assert kinds == ["Para", "Para", "ListBlock", "Para", "Rule", "Para", "Rule", "Para"]
    (listing,) = lists(essay)
    assert listing.ordered and listing.start == 1
    assert [len(item) for item in listing.items] == [1, 3, 1]
    assert block_text(listing.items[1][2]) == "An item without an owner is a wish, not a decision."


def test_epigraph_attribution_and_introduced_quotation():
    essay = fixture("quotes.txt").essay
    assert headings(essay) == ["Why Slow Work Lasts"]
    quotes = [b for b in essay.blocks if isinstance(b, BlockQuote)]
    assert len(quotes) == 2
    assert plain_text(quotes[0].attribution) == "Hedda Example, Notes from a Seed Library"
    assert block_text(quotes[0].blocks[0]) == "“Nothing grows faster for being pulled.”"
    assert quotes[1].attribution == ()
    assert block_text(quotes[1]).startswith("“A strike that cannot last a month")
    assert body_text(essay).endswith("never plan beyond the first meeting.")


def test_boilerplate_tail_is_dropped_with_reasons_and_author_box_gives_author():
    result = fixture("boilerplate.txt")
    essay = result.essay
    assert body_text(essay).endswith("The list should be public and easy to correct.")
    assert essay.meta.authors == ("Jo Example",)
    dropped = [n for n in result.notices if n.kind == "dropped"]
    reasons = {n.text.splitlines()[0]: n.reason for n in dropped}
    assert set(reasons) >= {"Share this:", "Click to Donate", "Jo Example", "Related Reading",
                            "Who Owns the River Bank?"}
    assert reasons["Jo Example"] == "author box"
    assert any(n.text.startswith("A short history of fishing rights") for n in dropped)
    assert all(n.reason for n in result.notices)


def test_keep_all_keeps_boilerplate_as_paragraphs_but_still_reports_it():
    dropped = fixture("boilerplate.txt")
    kept = fixture("boilerplate.txt", keep_all=True)
    text = body_text(kept.essay)
    for line in ("Share this:", "Click to Donate", "Related Reading", "A short history of fishing"):
        assert line in text
    assert [(n.kind, n.text) for n in kept.notices] == [(n.kind, n.text) for n in dropped.notices]


def test_faq_question_headings_but_not_question_paragraphs():
    essay = fixture("faq.txt").essay
    assert headings(essay) == ["What is a tool library?", "Who pays for the tools?", "Can anyone join?"]
    assert "But what happens when a tool breaks?" in body_text(essay)


def test_questions_are_not_headings_outside_a_faq():
    text = ("An Essay\n\nThe opening paragraph sets the scene at some length, as essays do.\n\n"
            "Is that enough?\n\nIt is not, and the rest of the essay explains why at length.\n")
    assert headings(read(text).essay) == []


def test_duplicate_pull_quote_kept_once():
    quote = "Solidarity is a habit, and habits are learned together."
    text = (f"Pull Quotes\n\nA first paragraph of ordinary prose comes here.\n\n{quote}\n\n"
            f"A middle paragraph of ordinary prose follows it.\n\n{quote}\n\nThe end of the essay.\n")
    result = read(text)
    assert body_text(result.essay).count(quote) == 1
    assert [n.text for n in result.notices if n.kind == "duplicate"] == [quote]


def test_whitespace_normalised_but_quotes_left_alone():
    text = "Plain \"Quotes\"  \n\nA line with\u00a0no-break  spaces and \"straight quotes\".   \n"
    essay = read(text).essay
    assert essay.meta.title == 'Plain "Quotes"'
    (para,) = essay.blocks
    assert plain_text(para.inlines) == 'A line with no-break spaces and "straight quotes".'


def test_empty_text_is_an_error():
    from pamphlets.errors import ReadError

    with pytest.raises(ReadError):
        read("  \n\n \u00a0\n", path="empty.txt")


def test_reader_is_registered_for_txt():
    from pamphlets.readers import get_reader

    assert get_reader("txt") is read


@pytest.mark.parametrize("mark", ["[2]", "²"])
def test_bracketed_and_superscript_note_marks(mark):
    text = (f"Marks\n\nThe first claim is modest.[1] The second is bolder{mark}, and it needs support.\n\n"
            "  1. A modest source. ↩︎\n  2. A bolder source. ↩︎\n")
    essay = read(text).essay
    refs = text_before_refs(essay.blocks)
    assert [r[0] for r in refs] == ["1", "2"]
    assert refs[1][1].endswith("The second is bolder")
    assert "[" not in body_text(essay) and "²" not in body_text(essay)


def test_drawn_section_break_and_numbered_heading():
    text = ("Breaks\n\n1. Where we start\n\nA paragraph of prose under the first numbered heading.\n\n"
            "* * *\n\nA paragraph after a drawn break.\n")
    essay = read(text).essay
    assert headings(essay) == ["1. Where we start"]
    assert [type(b).__name__ for b in essay.blocks] == ["Heading", "Para", "Rule", "Para"]


def test_author_on_its_own_line_and_date_with_time():
    text = ("A Title\n\nAnn Example\n\nJune 21, 2023 at 10:30 am\n\n"
            "The first paragraph of the essay is here, long enough to be prose.\n")
    essay = read(text).essay
    assert essay.meta.authors == ("Ann Example",)
    assert essay.meta.date == "2023-06-21"
    assert body_text(essay) == "The first paragraph of the essay is here, long enough to be prose."


def test_author_box_with_name_and_bio_in_separate_paragraphs():
    text = ("A Title\n\nThe essay itself, in one paragraph of ordinary prose, ends here.\n\n"
            "Bo Sample\n\nBo Sample is a writer and tenant organiser in a small port town.\n")
    result = read(text)
    assert result.essay.meta.authors == ("Bo Sample",)
    assert body_text(result.essay) == "The essay itself, in one paragraph of ordinary prose, ends here."
    assert [n.reason for n in result.notices if n.kind == "dropped"] == ["author box", "author box"]


def test_stacked_byline_share_buttons_and_related_block():
    """Byline and date on consecutive lines; share buttons and a related-articles block
    printed as groups of lines rather than one line each."""
    path = Path(__file__).parent / "fixtures" / "text" / "stacked_byline.txt"
    result = read(path.read_text(encoding="utf-8"), path=str(path))
    meta = result.essay.meta
    assert meta.subtitle.startswith("A short history of rent strikes")
    assert meta.authors == ("Maria Lopez",) and meta.date == "2021-03-03"
    body = "\n".join(block_text(b) for b in result.essay.blocks)
    for gone in ("Share on Facebook", "Tweet", "Related articles", "Subscribe to our",
                 "How to start a tenants union", "Photo: City Archive"):
        assert gone not in body
    assert [plain_text(b.inlines) for b in result.essay.blocks if isinstance(b, Heading)] == \
        ["The Early Strikes", "The Lessons Today"]
    assert len(result.essay.notes) == 3
    assert body.startswith("The first recorded rent strike")


def test_newsletter_layout_name_date_counters_and_bare_number_notes():
    """A newsletter page: author name over the date and like/share counters; notes as a
    number alone on a line over the note's text; a subscribe form at the end."""
    path = Path(__file__).parent / "fixtures" / "text" / "newsletter.txt"
    result = read(path.read_text(encoding="utf-8"), path=str(path))
    meta = result.essay.meta
    assert meta.subtitle.startswith("Notes on Ostrom")
    assert meta.authors == ("Sam Okafor",) and meta.date == "2024-01-05"
    notes = result.essay.notes
    assert [n.id for n in notes] == ["1", "2", "3"]
    assert plain_text(notes[0].blocks[0].inlines).startswith("Elinor Ostrom, Governing")
    refs = [n for b in result.essay.blocks if isinstance(b, Para) for n in b.inlines
            if isinstance(n, NoteRef)]
    assert len(refs) == 3
    body = "\n".join(block_text(b) for b in result.essay.blocks)
    for gone in ("Subscribe", "Type your email", "Restacks", "Comments", "Share", "12\n"):
        assert gone not in body
    assert body.rstrip().endswith("not a law of nature.")


def test_reading_site_layout_buttons_read_time_and_author_box():
    """A blogging-platform page: name, Follow, reading time and date, Listen/Share buttons,
    a quotation with its source on the next line, "Written by" box and "More from"."""
    path = Path(__file__).parent / "fixtures" / "text" / "reading_site.txt"
    result = read(path.read_text(encoding="utf-8"), path=str(path))
    meta = result.essay.meta
    assert meta.authors == ("Jo Park",) and meta.date == "2022-02-12"
    headings = [plain_text(b.inlines) for b in result.essay.blocks if isinstance(b, Heading)]
    assert headings == ["Pick short texts", "Rotate the chair", "Eat together"]
    quotes = [b for b in result.essay.blocks if isinstance(b, BlockQuote)]
    assert len(quotes) == 1 and plain_text(quotes[0].attribution) == "a member, 2019"
    body = "\n".join(block_text(b) for b in result.essay.blocks)
    assert body.startswith("Most reading groups die")
    assert body.rstrip().endswith("stay for the argument.")
    for gone in ("Follow", "Listen", "min read", "Written by", "More from", "Organiser of"):
        assert gone not in body


def test_short_lines_without_blank_lines_are_verse_with_stanzas():
    path = Path(__file__).parent / "fixtures" / "text" / "song.txt"
    result = read(path.read_text(encoding="utf-8"), path=str(path))
    from pamphlets.model import Verse

    verses = [b for b in result.essay.blocks if isinstance(b, Verse)]
    assert len(verses) == 1
    lines = [plain_text(line) for line in verses[0].lines]
    assert lines[0] == "Bread we bake and bread we knead," and lines[4] == ""
    assert len(lines) == 9  # two stanzas of four lines and the break between them
    assert block_text(result.essay.blocks[-1]).startswith("The tune was borrowed")


def test_lists_of_short_sentences_are_not_verse():
    text = "Title\n\nIntro paragraph that is long enough to be prose in the body.\n\n" \
           "Bring food.\nBring chairs.\nBring friends.\n\nClosing words of the essay here.\n"
    from pamphlets.model import Verse

    blocks = read(text, path="x.txt").essay.blocks
    assert not any(isinstance(b, Verse) for b in blocks)
