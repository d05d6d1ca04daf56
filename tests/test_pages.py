"""Pages as a printer checks them: the contents and where its entries really land, the
running heads, where essays and chapters open (``--openings``), and nothing stranded at
the foot of a page. Everything is read back from the PDF with pypdfium2."""

from __future__ import annotations

import random
import re

import pypdfium2 as pdfium
import pytest

from conftest import SEEDS, SHARED, assert_same_pixels, build_book, pdf_pages_text

WORDS = ("the of and to in a is that for it as was with be by on not this are or from at "
         "which but have an they were there one all we their printing pamphlet argument "
         "meeting paper sheet fold reader library essay question history press").split()
BOOK = "A Book in Parts"
PARTS = [("Part One", ["Chapter 1", "Chapter 2"]), ("Part Two", ["Chapter 3", "Chapter 4"]),
         ("Part Three", ["Chapter 5"])]


def _paragraph(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def book_in_parts(seed: int = 3) -> str:
    """One essay of parts (level-1 headings) and chapters (level 2), long enough to be
    printed as a book of chapters, with notes of every length."""
    rng = random.Random(seed)
    out = ["---", f"title: {BOOK}", "author: Test Writer", "---", ""]
    notes = []
    for part, chapters in PARTS:
        out.append(f"# {part}\n")
        for chapter in chapters:
            out.append(f"## {chapter}\n")
            for k in range(rng.randint(34, 44)):
                if k % 9 == 8:
                    out.append(f"### A section {k}\n")
                para = _paragraph(rng, rng.randint(2, 8))
                if k % 6 == 0:
                    notes.append(_paragraph(rng, rng.choice((1, 1, 2, 4, 12))))
                    para += f"[^n{len(notes)}]"
                out.append(para + "\n")
    out += [f"[^n{i}]: {text}\n" for i, text in enumerate(notes, start=1)]
    return "\n".join(out)


def lines_by_page(path) -> list[dict]:
    """Each page's running head (top band), folio (bottom band) and body lines."""
    doc = pdfium.PdfDocument(str(path))
    pages = []
    try:
        for page in doc:
            width, height = page.get_size()
            text = page.get_textpage()

            def band(y0, y1, text=text, width=width):
                return " ".join(text.get_text_bounded(0, y0, width, y1).split())

            body = text.get_text_bounded(0, height * 0.07, width, height * 0.93)
            pages.append({"head": band(height * 0.93, height), "folio": band(0, height * 0.07),
                          "body": [ln.strip() for ln in body.splitlines() if ln.strip()]})
    finally:
        doc.close()
    return pages


def contents_entries(pages: list[dict]) -> dict[str, int]:
    """Contents entry -> page number, from the contents page's dot leaders."""
    at = next(i for i, p in enumerate(pages) if p["body"][:1] == ["Contents"])
    entries = {}
    carried = ""  # an entry's title running over two lines
    for line in pages[at]["body"][1:]:
        match = re.fullmatch(r"(.+?)[ .]*\.\s*(\d+)", carried + line)
        if match:
            entries[match.group(1).strip(" .")] = int(match.group(2))
            carried = ""
        else:
            carried += line.rstrip("\u2010-") if line.endswith(("\u2010", "-")) else line + " "
    return entries


def first_page_with(pages: list[dict], line: str, after: int = 0) -> int:
    """The page number (from 1) whose body holds ``line`` as a whole line."""
    return next(n for n, p in enumerate(pages, start=1) if n > after and line in p["body"])


def stranded(pages: list[dict], headings: list[str]) -> list[str]:
    """Pages ending with a heading, or with a note's number alone (its text overleaf)."""
    found = []
    for n, page in enumerate(pages, start=1):
        if len(page["body"]) < 2:
            continue
        last = page["body"][-1]
        if last in headings:
            found.append(f"page {n} ends with the heading {last!r}")
        if re.fullmatch(r"\d+\.", last):
            found.append(f"page {n} ends with the note number {last!r}")
    return found


HEADINGS = [p for p, _ in PARTS] + [c for _, cs in PARTS for c in cs] + \
    [f"A section {k}" for k in range(8, 40, 9)]


@pytest.fixture(scope="module")
def parts_book(tmp_path_factory):
    """The book in parts, notes at the back, as PDF and single HTML document."""
    out = tmp_path_factory.mktemp("parts")
    source = out / "book.md"
    source.write_text(book_in_parts(), encoding="utf-8")
    result = build_book([source], out / "build", "--format", "pdf,html", "--notes", "book",
                        "--jobs", "2")
    assert result.exit_code == 0, result.output
    pdf = next((out / "build").glob("*.pdf"))
    return pdf, lines_by_page(pdf)


@pytest.mark.slow
def test_a_one_essay_book_in_parts_has_contents_whose_pages_are_right(parts_book):
    _pdf, pages = parts_book
    entries = contents_entries(pages)
    names = [p for p, _ in PARTS] + [c for _, cs in PARTS for c in cs]
    assert set(names) <= set(entries), entries
    contents_at = first_page_with(pages, "Contents")
    for name in names:
        assert entries[name] == first_page_with(pages, name, after=contents_at), name
    # the notes gathered at the back are in the contents, on the page they open
    assert entries["Notes"] == first_page_with(pages, "Notes", after=contents_at)
    assert entries["Notes"] > entries["Chapter 5"]


@pytest.mark.slow
def test_running_heads_of_a_book_in_parts(parts_book):
    _pdf, pages = parts_book
    contents_at = first_page_with(pages, "Contents")
    entries = contents_entries(pages)
    # the essay, its parts and the notes open pages; chapters within a part run on
    openings = {entries[p] for p, _ in PARTS} | {entries["Notes"],
                                                 first_page_with(pages, BOOK, after=contents_at)}
    notes_at = entries["Notes"]
    chapters = [c for _, cs in PARTS for c in cs]
    chapter_pages = {entries[c] for c in chapters} - openings
    body_pages = range(min(openings), len(pages))  # the last page is the back cover
    for n in body_pages:
        page = pages[n - 1]
        if not page["body"]:
            assert page["head"] == page["folio"] == ""  # a blank page
            continue
        assert page["folio"] == str(n)
        if n in openings:
            assert page["head"] == "", f"an opening page {n} carries {page['head']!r}"
        elif n > notes_at:
            assert page["head"] == "Notes", n
        elif n % 2 == 0:
            assert page["head"] == BOOK, n
        elif n in chapter_pages:  # a chapter opens mid-page here: no head over it
            assert page["head"] == "", n
        else:  # the part or chapter in effect
            names = [p for p, _ in PARTS] + chapters
            current = max((p for p in names if entries[p] <= n),
                          key=lambda p: (entries[p], names.index(p) >= len(PARTS)))
            assert page["head"] == current, (n, page["head"])
    back = pages[-1]
    assert back["head"] == back["folio"] == "" and back["body"]


@pytest.mark.slow
def test_no_page_ends_with_a_heading_or_a_lone_note_number(parts_book):
    _pdf, pages = parts_book
    assert stranded(pages, HEADINGS) == []


@pytest.mark.slow
def test_the_stranding_check_finds_strands(tmp_path):
    """The check above can fail: with the look's keeps undone, headings strand."""
    css = tmp_path / "loose.css"
    css.write_text("h1, h2, h3, h4 { break-after: auto !important; }\n"
                   ".notelist li { break-inside: auto !important; orphans: 1 !important; }\n",
                   encoding="utf-8")
    source = tmp_path / "book.md"
    found = []
    for seed in range(1, 9):
        source.write_text(book_in_parts(seed), encoding="utf-8")
        result = build_book([source], tmp_path / f"b{seed}", "--format", "pdf", "--style",
                            "classic", "--style", str(css), "--page-size", "a6")
        assert result.exit_code == 0, result.output
        found += stranded(lines_by_page(next((tmp_path / f"b{seed}").glob("*.pdf"))), HEADINGS)
        if found:
            break
    assert found


@pytest.mark.slow
def test_openings_any_loses_the_blank_pages_and_keeps_the_sides_right(tmp_path):
    source = tmp_path / "book.md"
    source.write_text(book_in_parts(7), encoding="utf-8")  # parts open on both sides
    results = {}
    for openings in ("right", "any"):
        out = tmp_path / openings
        result = build_book([source], out, "--format", "pdf,html", "--openings", openings,
                            "--notes", "book", "--jobs", "2")
        assert result.exit_code == 0, result.output
        results[openings] = (next(out.glob("*.pdf")), next(out.glob("*.html")))
    right, anywhere = (lines_by_page(results[k][0]) for k in ("right", "any"))
    blanks = [n for n, p in enumerate(anywhere, start=1) if not p["body"]]
    assert len(anywhere) < len(right)
    assert blanks in ([], [len(anywhere) - 1])  # at most one, before the back cover
    entries = contents_entries(anywhere)
    # a part or the notes open on a left-hand page
    assert any(entries[p] % 2 == 0 for p in [p for p, _ in PARTS] + ["Notes"])
    # the parts rendered apart and joined give the single document's pages exactly:
    # the parts that open on a left-hand page were laid out as left-hand pages
    from weasyprint import HTML

    pdf, html = results["any"]
    HTML(filename=str(html)).write_pdf(tmp_path / "single.pdf")
    assert_same_pixels(pdf, tmp_path / "single.pdf")


@pytest.mark.slow
def test_openings_any_folios_from_stamps_equal_the_overlay(tmp_path, monkeypatch):
    """The zine sampler (openings any): folios redrawn from stamps print what the full
    overlay prints, with essays opening on both sides."""
    from pamphlets.writers.pdf import folios

    built = []
    for name in ("stamps", "overlay"):
        with monkeypatch.context() as patch:
            if name == "overlay":
                patch.setattr(folios.FolioStamps, "read", classmethod(lambda cls, *a: None))
            result = build_book([SEEDS / "sampler.toml"], tmp_path / name, "--format", "pdf",
                                "--style", "zine", "--jobs", "2")
        assert result.exit_code == 0, result.output
        built.append(next((tmp_path / name).glob("*.pdf")))
    assert pdf_pages_text(built[0]) == pdf_pages_text(built[1])
    assert_same_pixels(*built)
    pages = lines_by_page(built[0])
    assert [p["folio"] for p in pages[2:-1]] == [str(n) for n in range(3, len(pages))]


def _blanks(path) -> list[int]:
    return [n for n, text in enumerate(pdf_pages_text(path), start=1) if not text.strip()]


@pytest.mark.slow
@pytest.mark.parametrize("look, default", [("classic", "right"), ("zine", "any")])
def test_openings_of_the_sampler_and_the_zine(tmp_path, look, default):
    """The sampler opens its essays on right-hand pages, after blank pages (a book); as
    a zine it opens them on the next page, without blank pages."""
    built = {}
    for name, extra in (("default", ()), ("right", ("--openings", "right")),
                        ("any", ("--openings", "any"))):
        result = build_book([SEEDS / "sampler.toml"], tmp_path / name, "--format", "pdf",
                            "--style", look, *extra)
        assert result.exit_code == 0, result.output
        built[name] = next((tmp_path / name).glob("*.pdf"))
    right, anywhere = (built[k] for k in ("right", "any"))
    pages = {k: len(pdf_pages_text(v)) for k, v in built.items()}
    assert pages["default"] == pages[default]
    assert len(_blanks(right)) >= 2
    # with openings any the blank pages go: at most one stays, before the back cover
    assert _blanks(anywhere) in ([], [pages["any"] - 1])
    assert pages["any"] <= pages["right"] - len(_blanks(right)) + 1


def test_openings_are_resolved_once_with_zines_defaulting_to_any():
    from pamphlets.context import resolve

    assert resolve().openings == "right"
    assert resolve(styles=("zine",)).openings == "any"
    assert resolve(impose="minizine").openings == "any"
    assert resolve(styles=("zine",), openings="right").openings == "right"
    assert "break-before: page" in resolve(openings="any").css.base
    assert "break-before: right" in resolve().css.base


def test_bad_openings_and_creep_are_one_line_errors(tmp_path):
    source = tmp_path / "e.md"
    source.write_text("# T\n\nText.\n", encoding="utf-8")
    result = build_book([source], tmp_path / "out", "--format", "pdf", "--openings", "left")
    assert result.exit_code == 2 and "'left' is not one of 'any', 'right'" in result.output
    for extra, words in ((["--creep", "0.1mm"], "--impose booklet"),
                         (["--impose", "booklet", "--creep", "-0.1mm"], "0.1mm")):
        result = build_book([source], tmp_path / "out", "--format", "pdf", *extra)
        assert result.exit_code != 0
        assert len(result.output.strip().splitlines()) == 1 and words in result.output, extra


def test_the_manifest_sets_openings(tmp_path):
    from pamphlets.manifest import load_manifest

    (tmp_path / "e.md").write_text("# T\n\nText.\n", encoding="utf-8")
    book = tmp_path / "book.toml"
    book.write_text('title = "B"\nopenings = "any"\nessays = ["e.md"]\n', encoding="utf-8")
    assert load_manifest(book).openings == "any"
    book.write_text('title = "B"\nopenings = "odd"\nessays = ["e.md"]\n', encoding="utf-8")
    with pytest.raises(Exception, match="openings"):
        load_manifest(book)


ZENKER = sorted((SHARED / "corpus").glob("gutenberg-html_zenker_*.htm"))


@pytest.mark.slow
@pytest.mark.skipif(not ZENKER, reason="the corpus is not beside the repo")
def test_zenker_has_contents_with_parts_chapters_and_notes(tmp_path):
    result = build_book(ZENKER, tmp_path, "--format", "pdf", "--notes", "book")
    assert result.exit_code == 0, result.output
    pages = lines_by_page(next(tmp_path.glob("*.pdf")))
    entries = contents_entries(pages)
    titles = [t for t in entries if t.startswith(("PART", "CHAPTER"))]
    assert len([t for t in titles if t.startswith("PART")]) == 3
    assert len([t for t in titles if t.startswith("CHAPTER")]) == 9
    assert "Notes" in entries
    contents_at = first_page_with(pages, "Contents")
    for title, page in entries.items():
        lines = [ln for p in pages[page - 1:page] for ln in p["body"]]
        assert any(ln.startswith(title[:25]) for ln in lines), (title, page)
        assert page > contents_at
    # no page ends with a heading (a title may run over lines: its last line counts)
    endings = {ln for title in entries for ln in (title, title.split()[-1])}
    assert stranded(pages[contents_at:], sorted(endings)) == []
