"""The Project Gutenberg plain-text reader, on small fixtures and on the real corpus file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from pamphlets.transforms.walk import note_refs
from pamphlets.errors import PamphletError
from pamphlets.loading import read_essay
from pamphlets.accounting import account, source_words
from pamphlets.model import (BlockQuote, Emph, EssayMeta, Heading, NoteRef, Para, ReadResult,
                             Strong, Text, Verse, block_text, essay_text, plain_text)
from pamphlets.readers.gutenberg import read
from pamphlets.readers.gutenberg.chunks import _Chunk
from pamphlets.readers.gutenberg.headings import heading, heading_like
from pamphlets.readers.gutenberg.notes import notes_heading, notes_section
from pamphlets.readers.gutenberg.reader import section_break
from pamphlets.readers.gutenberg.state import State

FIXTURES = Path(__file__).parent / "fixtures" / "gutenberg"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
PLECHANOFF = CORPUS / "gutenberg-txt_plechanoff_anarchism-and-socialism_30506.txt"


def _fixture(name: str, crlf: bool = False):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return read(text.replace("\n", "\r\n") if crlf else text, path=name)


def _refs(blocks) -> list[str]:
    return note_refs(tuple(blocks))


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
    assert all(n.kind in ("dropped", "caption", "info") for n in result.notices)


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


# --------------------------------------------------------------------------- German, French, marks

_HEAD = ("The Project Gutenberg EBook of {title}\n\nTitle: {title}\n\nAuthor: {author}\n\n"
         "Language: {lang}\n\n*** START OF THIS PROJECT GUTENBERG EBOOK X ***\n\n\n")
_FOOT = "\n\n*** END OF THIS PROJECT GUTENBERG EBOOK X ***\n"


def _text(body: str, title="A Book", author="Ann Author", lang="English"):
    return read(_HEAD.format(title=title, author=author, lang=lang) + body + _FOOT, path="x.txt")


def _inlines_of(essay):
    return [node for b in essay.blocks if isinstance(b, Para) for node in b.inlines]


def test_german_metadata_from_header_and_title_page():
    meta = _fixture("gutenberg-de-leuchtturm.txt").essay.meta
    assert meta.lang == "de"
    assert (meta.title, meta.subtitle) == ("Vom Leuchtturm", "Eine Erzählung")  # no full stop
    assert meta.authors == ("Hanna Wiesel",)  # the title page's spelling over "Wiesel, Johanna"
    assert meta.date == "1892"  # MDCCCXCII on the title page


def test_gesperrt_bold_and_italics():
    inlines = _inlines_of(_fixture("gutenberg-de-leuchtturm.txt").essay)
    assert Emph((Text("hundert Stufen"),)) in inlines
    assert Strong((Text("blank"),)) in inlines
    assert Emph((Text("alten Freund"),)) in inlines
    plain = _text("Two=three and 2+2+2 and a = b + c, x+y+z.\n").essay
    assert essay_text(plain) == "Two=three and 2+2+2 and a = b + c, x+y+z."


def test_page_markers_removed_and_counted():
    result = _fixture("gutenberg-de-leuchtturm.txt")
    text = essay_text(result.essay)
    assert "[S." not in text and "{6}" not in text and "ihrem ruhigen Licht" in text
    notice = next(n for n in result.notices if n.reason == "page numbers of the printed edition")
    assert notice.text.startswith("3 markers") and notice.words == 5  # S 5, 6, S 17
    for marker in ("[pg 007]", "[Pg 7]", "{7}", "[S. 12]", "[p. 7]"):
        assert essay_text(_text(f"Some words {marker} more words.\n").essay) == "Some words more words."


def test_indented_notes_right_after_the_paragraph():
    essay = _fixture("gutenberg-de-leuchtturm.txt").essay
    assert _refs(essay.blocks) == ["1", "2", "3"]
    assert block_text(essay.notes[0].blocks[0]) == \
        "Die Stufen sind heute noch zu zählen; es sind einhundertundzwei."
    assert "einhundertundzwei" not in essay_text(essay)


def test_german_transcriber_note_title_page_contents_errata_and_ads_dropped():
    result = _fixture("gutenberg-de-leuchtturm.txt")
    text = essay_text(result.essay)
    for gone in ("Anmerkungen", "Kranich", "Inhalt", "........", "Verbesserungen", "Stuffen",
                 "Im gleichen Verlag", "Geheftet"):
        assert gone not in text, gone
    assert _headings(result.essay) == [(1, "Erstes Kapitel. Die Lampe"), (1, "Zweites Kapitel. Der Sturm")]
    assert {"transcriber's note", "title page", "table of contents", "errata list",
            "publisher's advertisements"} <= _reasons(result)


def test_french_letter_and_star_notes_contents_at_the_end_and_errata():
    result = _fixture("gutenberg-fr-phare.txt")
    essay = result.essay
    assert (essay.meta.lang, essay.meta.date) == ("fr", "1870")
    assert _headings(essay) == [(1, "CHAPITRE PREMIER. L'ÎLE"), (1, "CHAPITRE II. LA TEMPÊTE")]
    assert len(essay.notes) == 3 and len(set(_refs(essay.blocks))) == 3
    assert block_text(essay.notes[2].blocks[0]).startswith("Ce détail")
    text = essay_text(essay)
    for gone in ("TRANSCRIPTEUR", "LIBRAIRIE", "M DCCC", "TABLE DES", "ERRATA", "brune", "[p."):
        assert gone not in text, gone


def test_a_mark_without_a_note_and_a_note_without_a_mark_are_reported_not_lost():
    result = _fixture("gutenberg-en-marks.txt")
    warnings = [n.reason for n in result.notices if n.kind == "warning"]
    assert any("[3]" in w and "no footnote" in w for w in warnings)
    assert any("[9]" in w and "never referenced" in w for w in warnings)
    text = essay_text(result.essay)
    assert "paid by the cask.[3]" in text and "[9] A note that nothing" in text


def test_contents_without_heading_and_title_page_furniture_dropped():
    result = _fixture("gutenberg-en-marks.txt")
    assert _headings(result.essay) == [(1, "I. THE CUSTOM HOUSE"), (1, "II. THE LANTERN ROOM")]
    text = essay_text(result.essay)
    assert "PRINTED IN" not in text and "LAND QUESTION" not in text and "AMOS REED" not in text
    assert "table of contents" in _reasons(result)


@pytest.mark.parametrize("name", ["lantern.txt", "restart.txt", "endnotes.txt", "bracketed.txt",
                                  "gutenberg-de-leuchtturm.txt", "gutenberg-fr-phare.txt",
                                  "gutenberg-en-marks.txt"])
def test_every_drop_says_how_many_words_it_removed(name):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    result = read(text, path=name)
    drops = [n for n in result.notices if n.kind in ("dropped", "caption")]
    assert drops and all(n.words > 0 for n in drops)
    words = account(source_words(text, "gutenberg"), result)
    assert words.unaccounted <= 0.02 * words.source  # every word is kept or dropped with a reason


def test_keep_all_counts_no_word_twice():
    text = (FIXTURES / "gutenberg-de-leuchtturm.txt").read_text(encoding="utf-8")
    words = account(source_words(text, "gutenberg"), read(text, keep_all=True))
    assert "Verbesserungen" in essay_text(read(text, keep_all=True).essay)
    # kept words count the title and author too, which the dropped header also held
    assert words.kept + words.dropped_total <= words.source + 8


def test_title_full_stop_catalogue_author_and_language_names():
    meta = _text("Text.\n", title="The Lamp.", author="Kropotkin, Peter, 1842-1921", lang="Deutsch").essay.meta
    assert (meta.title, meta.authors, meta.lang) == ("The Lamp", ("Peter Kropotkin",), "de")
    assert _text("Text.\n", title="Letters, Vol.").essay.meta.title == "Letters, Vol."
    assert _text("Text.\n", lang="German, Latin").essay.meta.lang == "de"
    assert _text("Text.\n", lang="French").essay.meta.lang == "fr"


def test_a_span_of_years_on_the_title_page_is_no_date():
    body = "A BOOK\n\n(1790-1826.)\n\nBOSTON:\nTHE PRESS.\n\n\n\nPREFACE\n\n" + \
        "This is the preface, which runs on for long enough to be a paragraph of prose text.\n" * 3
    essay = _text(body).essay
    assert essay.meta.date == "" and _headings(essay) == [(1, "PREFACE")]
    assert "BOSTON" not in essay_text(essay)


def test_a_signature_is_not_a_roman_numbered_heading():
    body = ("I. THE FIRST\n\nThe first section has some words in it, a sentence or two.\n\n"
            "L. VAN BEETHOVEN,\n\n  The best of friends.\n\n\n"
            "II. THE SECOND\n\nThe second section is short.\n")
    assert [t for _, t in _headings(_text(body).essay)] == ["I. THE FIRST", "II. THE SECOND"]


def test_the_small_print_of_the_1990s_ends_the_header():
    text = ("Project Gutenberg Etext of A Book, by Ann Author\n\nTitle: A Book\n\nAuthor: Ann Author\n\n"
            "***START**THE SMALL PRINT!**FOR PUBLIC DOMAIN ETEXTS**START***\nLawyers.\n"
            "*END THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.12.12.00*END*\n\n\nThe text.\n")
    result = read(text)
    assert essay_text(result.essay) == "The text."
    assert next(n for n in result.notices if n.reason == "Project Gutenberg header").words > 10


def test_a_heading_over_nothing_but_notes_goes():
    body = ("CHAPTER I\n\nA line with a note.[1]\nAnd another.[2]\n\n\n\nNOTES.\n\n\n"
            "[Footnote 1: The first.]\n\n[Footnote 2: The second.]\n\nFIN DES NOTES.\n")
    result = _text(body)
    assert [t for _, t in _headings(result.essay)] == ["CHAPTER I"]
    assert len(result.essay.notes) == 2 and "FIN" not in essay_text(result.essay)
    assert "heading of the notes section" in _reasons(result)


def test_contents_with_part_heads_between_entries():
    body = ("CONTENTS OF VOLUME II.\n\n\nSECOND PART.\n\nLIFE'S MISSION.\n1815-1822.\n\n\n"
            "216. To Steiner & Co.\n217. To the Same\n218. To Tobias Haslinger\n\n\n\n"
            "THIRD PART.\n\n\n315. To Zelter\n316. To F. Ries, London\n317. To Schindler\n\n\n\n"
            "LETTERS.\n\nThe first letter is here, and it goes on for a while, as letters do, "
            "and on and on.\nMore of the letter follows on this line, and on the next one too.\n"
            "And a third line of it.\n")
    essay = _text(body).essay
    text = essay_text(essay)
    assert "Haslinger" not in text and "THIRD PART" not in text and "Zelter" not in text
    assert "The first letter is here" in text


def test_a_footnote_set_inside_a_paragraph_and_a_row_of_stars():
    body = ("The paragraph starts here and cites a note.[1]\n[Footnote 1: The note,\nover two lines.]\n"
            "The paragraph goes on after it.\n\n       *       *       *       *       *\n\n"
            "After the break.\n")
    essay = _text(body).essay
    assert [type(b).__name__ for b in essay.blocks] == ["Para", "Rule", "Para"]
    assert block_text(essay.blocks[0]).endswith("cites a note. The paragraph goes on after it.")
    assert block_text(essay.notes[0].blocks[0]) == "The note, over two lines."


def test_numbered_sections_over_their_titles():
    body = ("\n\n216.\n\nTO STEINER & CO.\n\nThe Adjutant's innocence is admitted, and there is an end\n"
            "of it, as it was bound to be.\n\nL. VAN BEETHOVEN,\n\n\n219.\n\nTO THE HIGH-BORN HERR HASLINGER,\n"
            "HONORARY MEMBER.\n\nBe kinder than kind, and throw off a hundred impressions of the\n"
            "accompanying small plate.\n")
    assert [t for _, t in _headings(_text(body).essay)] == [
        "216. TO STEINER & CO.", "219. TO THE HIGH-BORN HERR HASLINGER, HONORARY MEMBER."]


def test_a_note_on_the_transcription_under_its_own_heading_and_a_half_title_over_three_lines():
    body = ("  Au lecteur\n\n  L'orthographe et la typographie sont conformes à l'édition papier.\n"
            "  Seules les erreurs manifestes d'imprimerie ont été corrigées.\n\n\n\n"
            "  LE PHARE\n  DES GLÉNANS\n\n  PARIS\n  LIBRAIRIE DU LITTORAL\n  RUE DU PORT, 45\n\n\n\n"
            "PRÉFACE\n\nLe gardien arriva à l'île par un matin de brume, avec sa malle et son chat,\n"
            "et il ne la quitta plus de toute sa vie, qui fut longue.\n\n\n\nLE PHARE\n\nDES GLÉNANS\n\n\n\n"
            "PREMIÈRE PARTIE\n\nLIVRE PREMIER--CHAPITRE PREMIER\n\nQUI TRAITE DU GARDIEN\n\n\n"
            "Le phare n'avait pas de nom; les pêcheurs l'appelaient la lampe, et\nc'était assez.\n")
    result = _text(body, title="Le phare des Glénans", lang="French")
    assert _headings(result.essay) == [(2, "PRÉFACE"), (1, "PREMIÈRE PARTIE"),
                                       (2, "LIVRE PREMIER--CHAPITRE PREMIER. QUI TRAITE DU GARDIEN")]
    text = essay_text(result.essay)
    assert "orthographe" not in text and "LIBRAIRIE" not in text and "DES GLÉNANS" not in text
    assert {"transcriber's note", "title page", "half-title repeating the book's title"} <= _reasons(result)


def test_a_mixed_case_contents_list_and_mixed_case_headings_set_apart():
    body = ("Contents.\n\n\nOn Voices.\n\nBiographical Sketch\nPreface\n\n\nPart First.\n\nVoice.\n\n\n"
            "Chapter I.\n\n    Preliminary Ideas--Criterion of the Oratorical Art.\n\n"
            "Chapter II. Of The Voice.\n\n    Organic Apparatus of the Voice--The Voice in Relation to\n"
            "    Compass--The Voice in Relation to Vowels--Practical Conclusions\n\n\n\n\n"
            "Preface.\n\n\n\nOrators, you are called to the ministry of speech. You have fixed your\n"
            "choice upon the pulpit, the bar, the tribune or the stage, and you will go far.\n")
    result = _text(body)
    assert _headings(result.essay) == [(1, "Preface.")]
    assert essay_text(result.essay).startswith("Preface.\nOrators, you are called")


def test_an_italic_chapter_number_and_no_date_from_a_sentence_on_the_title_page():
    body = ("A BOOK\n\nAnn Author\n\n\n_From the Manuscript discovered in 1877 by Messrs. Tonnison and\n"
            "Berreggnog in the Ruins that lie to the South of the Village._\n\n\n\n"
            "_I_\n\nTHE FINDING\n\nRight away in the west of Ireland lies a tiny hamlet called Kraighten.\n"
            "It is situated, alone, at the base of a low hill, and nobody goes there.\n")
    essay = _text(body).essay
    assert essay.meta.date == "" and _headings(essay) == [(1, "I. THE FINDING")]


# --------------------------------------------------------------------------- corpus


@pytest.fixture(scope="module")
def plechanoff():
    if not CORPUS.is_dir():
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


# --------------------------------------------------------------------------- rules, one at a time


def _state(title: str = "A Book", keep_all: bool = False) -> State:
    return State(EssayMeta(title=title), [], keep_all)


def test_a_rule_takes_its_chunk_or_leaves_it():
    chunks = [_Chunk(["*     *     *"], 1, 2, 2), _Chunk(["Some words."], 3, 2, 9)]
    state = _state()
    assert section_break(state, chunks, 0) == 1 and state.items == [("rule",)]
    assert section_break(state, chunks, 1) == 1 and state.items == [("rule",)]


def test_the_notes_rules_keep_their_place_in_the_state():
    chunks = [_Chunk(["FOOTNOTES:"], 1, 2, 1), _Chunk(["[1] A note."], 3, 1, 1),
              _Chunk(["It goes on."], 5, 1, 3), _Chunk(["CHAPTER II"], 9, 3, 2)]
    state = _state()
    assert notes_heading(state, chunks, 0) == 1 and state.in_notes and state.run_no == 1
    assert notes_section(state, chunks, 1) == 2 and state.note is state.defs[0]
    assert notes_section(state, chunks, 2) == 3
    assert state.note.items == [("p", "A note."), ("p", "It goes on.")]
    assert notes_section(state, chunks, 3) == 3 and not state.in_notes and state.note is None
    assert heading(state, chunks, 3) == 4 and state.items[-1] == ("h", 1, "CHAPTER II")
    assert [n.reason for n in state.notices] == ["heading of the notes section"]


def test_a_signature_under_a_letter_is_no_heading():
    chunks = [_Chunk(["Yours ever, with many thanks for all your kindness, and so on."], 1, 2, 1),
              _Chunk(["L. VAN BEETHOVEN,"], 3, 1, 3)]
    state = _state()
    state.front = False
    assert not heading_like(state, chunks, 1)
    assert heading(state, chunks, 1) == 1 and state.items == []


# --------------------------------------------------------------------------- robustness

_PIECES = st.sampled_from([
    "*** START OF THE PROJECT GUTENBERG EBOOK X ***", "***END OF THIS PROJECT GUTENBERG EBOOK***",
    "Title: A", "Author: B", "CHAPTER I", "CHAPTER IX--END", "FOOTNOTES:", "[1] note", "[1]",
    "[Illustration: x", "]", "[Footnote 1: y]", "    indented verse", "    --Someone", "I.",
    "PREFACE.", "CONTENTS.", "_it_", "_", "--", "", "", "text words here", "\r", "ADVERTISEMENTS",
    "[Transcriber's Note:", "Note: z", "THE END", "[0]", "[99999]", "NOTES", "=x y=", "+b+",
    "[Pg 7]", "{7}", "[S. 12]", "[Footnote A: a]", "[A]", "[*]", "[Footnote *: s]", "    [1] n",
    "INHALT", "Verbesserungen.", "ERRATA", "Erstes Kapitel", "CHAPITRE PREMIER", "MDCCCXCII", "I",
    "IV. THE LAND QUESTION 87", "L. VAN X,", "TABLE DES MATIÈRES", "BY", "[ Anmerkungen zur Transkription:",
    "Title: T.", "Language: German", "Author: Last, First"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=40))
def test_random_input_reads_or_raises_a_tool_error(pieces):
    try:
        result = read("\n".join(pieces), path="random.txt")
    except PamphletError:
        return
    assert isinstance(result, ReadResult)
    assert set(_refs(result.essay.blocks)) == {n.id for n in result.essay.notes}
