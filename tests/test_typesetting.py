"""Typesetting of the print: hyphenation, ragged text without a dictionary, the measure of
each page size, and the printer's details (ranges, no-break spaces, dashes, code, notes).

The PDF tests read the lines back with pypdfium2 (``pdflines``), as the benchmark does.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import SEEDS, SHARED, build_book
from pamphlets.model import Code, Emph, Essay, EssayMeta, Para, ReadResult, Text
from pamphlets.pages import PAGE_SIZES
from pamphlets.transforms import PIPELINE
from pamphlets.transforms.details import (dashes_in, nbsp_in, no_break_spaces, number_ranges,
                                          ranges_in, spaced_dashes)
from pamphlets.writers import breaks
from pdflines import body_lines, full_lines, measure, pdf_lines

NBSP = "\u00a0"


# ---------------------------------------------------------------- point 1: hyphenation

def test_german_nouns_are_no_names_and_stay_hyphenable():
    text = "Die Arbeiterbewegung und die Gewerkschaften stritten mit Kropotkin."
    assert "nohy" not in str(breaks.guard(text, at_start=True, lang="de-AT"))
    assert str(breaks.guard(text, at_start=True, lang="en")).count("nohy") == 3


def test_english_is_hyphenated_with_the_american_patterns():
    # pyphen's plain "en" is the British patterns: milit-ary, reas-onable
    assert breaks.hyphenation("en") == "en-US"
    assert breaks.hyphenation("en-GB") == "en-US"
    assert breaks.hyphenation("de") == "de"
    assert ':lang(en) { -weasy-lang: "en-US"; }' in breaks.language_css(["en", "de"])


def test_names_mid_sentence_are_kept_from_hyphenation():
    html = str(breaks.guard("He met Kropotkin and Bakunin. Nevertheless the Anarchists won."))
    # the space before a name goes inside its span (a WeasyPrint fault, breaks' docstring)
    assert 'met<span class="nohy"> Kropotkin</span>' in html
    assert 'and<span class="nohy"> Bakunin</span>' in html
    assert 'the<span class="nohy"> Anarchists</span>' in html
    assert ". Nevertheless the" in html  # a sentence's first word is no name
    assert "Nevertheless" in html and html.count("nohy") == 3


def test_addresses_break_only_after_their_punctuation_and_never_take_a_hyphen():
    html = str(breaks.guard("see https://example.org/some-long/path.html, or mail a.b@example.org."))
    assert ('see<span class="url"> https://<wbr/>example.<wbr/>org/<wbr/>some-<wbr/>long/<wbr/>'
            'path.<wbr/>html</span>,') in html
    assert 'mail<span class="url"> a.<wbr/>b@example.<wbr/>org</span>.' in html
    assert "\u00ad" not in html and "\u2010" not in html


def test_a_paragraphs_last_word_is_not_hyphenated():
    html = str(breaks.guard("they reached their conclusions.", closing=True))
    assert html.endswith('their<span class="nohy"> conclusions.</span>')
    assert str(breaks.guard("a cat.", closing=True)) == "a cat."


def _names_essay(tmp_path: Path) -> Path:
    names = ["Proudhon", "Kropotkin", "Bakunin", "Stirner", "Plechanoff", "Netschajew",
             "Lassalle", "Malatesta", "Reclus", "Godwin", "Tolstoy", "Weitling"]
    templates = ["In those years {a} wrote to {b} about the work, and the letters are "
                 "still read today.",
                 "Some of it was said in anger, and {a} did not take it back.",
                 "When the two met at last, {b} found {a} older than he had thought.",
                 "The argument went on for a long time, over dinner and into the night.",
                 "Nobody who heard {a} speak forgot it, though few agreed with {b}.",
                 "A friend kept the papers in a box under the stairs for many years."]
    sentences = []
    for i in range(260):
        a, b = names[i % len(names)], names[(i * 5 + 3) % len(names)]
        sentences.append(templates[i % len(templates)].format(a=a, b=b))
        if i % 30 == 7:
            sentences.append("The letters are kept at https://archive.example.org/"
                             "correspondence/anarchists/collected-letters.html today.")
    paras = [" ".join(sentences[k:k + 9]) for k in range(0, len(sentences), 9)]
    path = tmp_path / "names.md"
    path.write_text("---\ntitle: Letters\nlang: en\n---\n\n" + "\n\n".join(paras) + "\n",
                    encoding="utf-8")
    return path


@pytest.mark.slow  # renders a 10-page A6 essay
def test_print_has_few_hyphens_no_ladders_and_no_broken_names_or_addresses(tmp_path):
    result = build_book([_names_essay(tmp_path)], tmp_path / "out", "--format", "pdf",
                        "--page-size", "a6")
    assert result.exit_code == 0, result.output
    m = measure(body_lines(pdf_lines(tmp_path / "out" / "letters.pdf")))
    assert m.lines > 300
    assert m.hyphen_share <= 0.10, m
    assert m.longest_run <= 2, m.ladders
    assert m.names == [] and m.urls == [], (m.names, m.urls)
    assert m.fragment_lines == 0, m.fragments


@pytest.mark.slow  # renders the five seed essays
@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds is not there")
def test_the_seed_anthology_meets_the_typographers_limits(tmp_path):
    essays = sorted((SHARED / "seeds").glob("*.txt"))
    result = build_book(essays, tmp_path, "--title", "Five Essays", "--format", "pdf")
    assert result.exit_code == 0, result.output
    m = measure(body_lines(pdf_lines(tmp_path / "five-essays.pdf")))
    assert m.hyphen_share <= 0.10 and m.runs3 == 0, m
    assert m.names == [] and m.urls == [], (m.names, m.urls)


# ------------------------------------------------- point 5: no dictionary, ragged-right

def test_a_language_without_a_dictionary_is_set_ragged():
    assert breaks.hyphenation("mk") is None
    css = breaks.language_css(["mk"])
    assert ":lang(mk) { hyphens: manual; }" in css and "text-align: start" in css
    # scripts that are never hyphenated keep their setting and raise no notice
    assert breaks.hyphenation("ja") == "ja" and breaks.language_css(["ja"]) == ""
    [notice] = breaks.ragged_notices([("mk", "Бедата"), ("en", "Other"), ("mk", "Второ")])
    assert notice.kind == "typesetting" and "'mk'" in notice.reason
    assert notice.text == "Бедата; Второ"


@pytest.mark.slow  # renders a short Macedonian essay
def test_macedonian_prints_ragged_right_and_the_build_says_so(tmp_path):
    para = ("Студентот е најпочитуваното суштество во современото општество, "
            "кое неговото сиромаштво го прикажува како привремена состојба и "
            "ветува дека еден ден ќе биде слободен и задоволен во својата работа. ") * 4
    essay = tmp_path / "mk.md"
    essay.write_text("---\ntitle: Бедата\nlang: mk\n---\n\n" + "\n\n".join([para] * 6),
                     encoding="utf-8")
    result = build_book([essay], tmp_path / "out", "--format", "pdf")
    assert result.exit_code == 0, result.output
    assert "note: no hyphenation dictionary for language 'mk': set ragged-right: Бедата" \
        in result.output
    lines = body_lines(pdf_lines(next((tmp_path / "out").glob("*.pdf"))))
    lines = [ln for ln in lines if ln.page < lines[-1].page]  # not the back cover's
    assert len(lines) > 40 and not any(ln.hyphenated for ln in lines)
    rights = sorted(round(ln.right) for ln in lines)
    assert rights[len(rights) // 2] < rights[-1] - 5  # ragged: most lines stop short
    assert all(g < 0.4 for ln in lines for g in ln.gaps_em())  # no stretched spaces


# ---------------------------------------------------- point 7: a measure per page size

@pytest.mark.slow  # renders the sample essays at every page size
@pytest.mark.parametrize("size", sorted(PAGE_SIZES))
def test_every_page_size_sets_45_to_75_characters_a_line(tmp_path, size):
    result = build_book([SEEDS / "folding.md", SEEDS / "margins.md"], tmp_path,
                        "--title", "Two", "--format", "pdf", "--page-size", size)
    assert result.exit_code == 0, result.output
    full = full_lines(body_lines(pdf_lines(tmp_path / "two.pdf")))
    mean = sum(len(ln.text) for ln in full) / len(full)
    assert 55 <= mean <= 75, (size, mean)


def test_each_page_size_has_its_own_type_and_leading():
    from pamphlets.pages import page_css
    sizes = {p.base_size_pt for p in PAGE_SIZES.values()}
    assert len(sizes) >= 3
    assert PAGE_SIZES["letter"].base_size_pt > PAGE_SIZES["a5"].base_size_pt
    assert "--leading: 1.36" in page_css(PAGE_SIZES["a4"])


# ------------------------------------------------------------ point 8: the details

def test_number_ranges_take_an_en_dash_only_where_pages_or_years_are_meant():
    assert ranges_in("see pp. 250-251 and p. 12-14") == "see pp. 250–251 and p. 12–14"
    assert ranges_in("the war of 1914-1918") == "the war of 1914–1918"
    assert ranges_in("S. 3-5, chapters 2-4") == "S. 3–5, chapters 2–4"
    for kept in ("ISBN 978-3-16-148410-0", "call 555-1234", "on 2024-05-01",
                 "3-4 people", "1918-1914", "pp. 12-14-16", "v1-2.0", "ISSN 1941-2002",
                 "see https://example.org/wiki/War#1914-1918 now",
                 "at www.example.org/r?years=1914-1918&x=1"):
        assert ranges_in(kept) == kept


def test_no_break_spaces_after_abbreviations_and_between_initials():
    assert nbsp_in("see pp. 250 and St. Paul, Dr. Who") == \
        f"see pp.{NBSP}250 and St.{NBSP}Paul, Dr.{NBSP}Who"
    assert nbsp_in("J. R. R. Tolkien wrote") == f"J.{NBSP}R.{NBSP}R.{NBSP}Tolkien wrote"
    assert nbsp_in("the end. Then a new one") == "the end. Then a new one"


def test_spaced_hyphens_become_the_languages_dash():
    assert dashes_in("yes - and no", "en") == "yes \u2013 and no"
    assert dashes_in("да - и не", "mk") == "да \u2014 и не"
    assert dashes_in("да - и не", "ru-RU") == "да \u2014 и не"
    assert dashes_in("well-known - x-ray", "en") == "well-known \u2013 x-ray"
    assert dashes_in("- a list item", "en") == "- a list item"
    # between numbers an en dash, in every language: times, scores
    assert dashes_in("с 10:00 - 11:00, 3 - 1", "ru") == "с 10:00 – 11:00, 3 – 1"
    assert dashes_in("ano - a ne", "cs") == "ano – a ne"  # Czech sets the en dash


def test_a_name_after_a_no_break_space_or_opening_quote_is_still_a_name():
    from pamphlets.transforms.details import nbsp_in

    html = str(breaks.guard(nbsp_in("He met Prof. Kropotkin and J. Bakunin there."),
                            at_start=True))
    assert html.count("nohy") == 2, html
    html = str(breaks.guard("It ended. “Nevertheless they said. (Meanwhile it rained.)",
                            at_start=True))
    assert "nohy" not in html, html  # a sentence's first word, after its opening quote
    assert "nohy" not in str(breaks.guard("THE SOFTWARE IS PROVIDED WITHOUT WARRANTY",
                                          at_start=True))


def test_the_details_are_named_transforms_that_leave_code_alone():
    names = [name for name, _ in PIPELINE]
    assert names.index("typography") < names.index("number-ranges")
    assert {"number-ranges", "no-break-spaces", "spaced-dashes"} <= set(names)
    essay = Essay(EssayMeta(title="T", lang="mk"), (
        Para((Text("стр. 10-12 - "), Emph((Text("Dr. X"),)), Code("a - b pp. 1-2"))),))
    result = ReadResult(essay, ())
    for step in (number_ranges, no_break_spaces, spaced_dashes):
        result = step(result)
    [para] = result.essay.blocks
    assert para.inlines[0] == Text(f"стр.{NBSP}10–12 - ")  # the dash needs a word after it
    assert para.inlines[1] == Emph((Text(f"Dr.{NBSP}X"),))
    assert para.inlines[2] == Code("a - b pp. 1-2")


def _code_and_notes_essay(tmp_path: Path) -> Path:
    path = tmp_path / "details.md"
    body = ("Type `pamphlets build` in a shell, as the manual says on pp. 250-251, and "
            "watch the pages come out one after another.[^1]\n\n") * 3
    note = ("[^1]: The command `pamphlets build` takes a manifest or essays, and writes "
            "its outputs beside each other in the output folder, ready for printing.\n\n"
            "    A second paragraph of the same note carries on the thought at some "
            "length, so that it runs to a second line and shows its indent clearly.\n")
    path.write_text("---\ntitle: Details\nlang: en\n---\n\n" + body + note, encoding="utf-8")
    return path


@pytest.mark.slow  # renders a short essay with code and a two-paragraph note
def test_inline_code_is_no_larger_than_its_text_and_notes_hang(tmp_path):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    result = build_book([_code_and_notes_essay(tmp_path)], tmp_path / "out", "--format", "pdf")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "details.pdf"
    lines = pdf_lines(pdf)
    text = "\n".join(ln.text for ln in lines)
    assert "pp.\u00a0250–251" in text or "pp. 250–251" in text

    # code sizes, in the body and in the note: smaller than the text around it
    doc = pdfium.PdfDocument(str(pdf))
    sizes: dict[str, list[float]] = {}
    for page in doc:
        tp = page.get_textpage()
        for i in range(tp.count_chars()):
            font = ctypes_font(raw, tp, i)
            sizes.setdefault("mono" if "Mono" in font else "text", []).append(
                round(raw.FPDFText_GetFontSize(tp.raw, i), 2))
    doc.close()
    assert max(sizes["mono"]) < max(set(sizes["text"]), key=sizes["text"].count)

    # the note: its number hangs; both paragraphs and every line stand right of it
    start = next(i for i, ln in enumerate(lines) if ln.text.startswith("1. The command"))
    number_x = lines[start].words[0][1]
    text_x = lines[start].words[1][1]
    second = next(i for i, ln in enumerate(lines) if ln.text.startswith("A second paragraph"))
    assert text_x > number_x + 5
    assert all(lines[k].left >= text_x - 0.5 for k in range(start + 1, second + 2))
    assert lines[second].left > text_x + 5            # the continuation is indented
    assert abs(lines[second + 1].left - text_x) < 0.5  # and its next line is not


def ctypes_font(raw, tp, i) -> str:
    import ctypes

    buf = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    raw.FPDFText_GetFontInfo(tp.raw, i, buf, 128, flags)
    return buf.value.decode("utf-8", "replace")


def test_headings_in_capitals_are_marked_for_a_roman_tracked_setting():
    from pamphlets.model import Heading
    from pamphlets.writers import markup

    assert breaks.in_capitals("PRECURSORS AND EARLY HISTORY")
    assert not breaks.in_capitals("Precursors and Early History") and not breaks.in_capitals("I")
    t = markup.Targets(key="e1", note_href=str, ref_href=str, for_print=True)
    html = str(markup.blocks((Heading(2, (Text("EARLY HISTORY"),), "h"),
                              Heading(2, (Text("Early History"),), "i")), t))
    assert '<h3 id="e1-h-h" class="caps">EARLY' in html  # level 2 is the essay's h3 here
    assert '<h3 id="e1-h-i">Early' in html
    epub = markup.Targets(key="e1", note_href=str, ref_href=str)
    assert "caps" not in str(markup.blocks((Heading(2, (Text("EARLY HISTORY"),), "h"),), epub))
    css = (Path(__file__).parents[1] / "styles" / "base.css").read_text(encoding="utf-8")
    assert "h3.caps" in css and "font-style: normal" in css


def test_a_link_printed_as_its_text_keeps_the_space_before_it():
    from pamphlets.model import Emph, Link, Text
    from pamphlets.writers import markup

    t = markup.Targets(key="e1", note_href=str, ref_href=str, image_url=str, for_print=True)
    nodes = (Text("see "), Link("chapter2.html", (Text("the "), Emph((Text("docs"),)))),
             Text(" and read "), Link("notes.html", (Text("about London"),)),
             Text(" or "), Link("https://example.org/", (Text("this"),)))
    html = str(markup.inlines(nodes, t, at_start=True))
    text = re.sub(r"<[^>]+>", "", html)
    assert text == "see the docs and read about London or this", html
    assert '<a href="https://example.org/"> this</a>' in html  # a real link takes its space
