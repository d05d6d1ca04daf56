"""The sample booklet's PDF, read back: contents, page numbers, notes, links, bookmarks."""

from __future__ import annotations

import re

import pikepdf
import pytest

from conftest import SEEDS, assert_same_pixels, build_book, pdf_pages_text

from pamphlets.loading import read_essay
from pamphlets.manifest import load_manifest

TOC_LINE = re.compile(r"^(?P<title>.+?)\s*(?:\.\s*)+(?P<page>\d+)$")


def _manifest_essays():
    manifest = load_manifest(SEEDS / "sampler.toml")
    return [read_essay(e.path).essay for e in manifest.essays]


def _contents(pages: list[str]) -> dict[str, int]:
    """Title -> page number, as printed on the contents page."""
    page = next(p for p in pages if p.startswith("Contents"))
    found = {}
    for line in page.splitlines():
        m = TOC_LINE.match(line.strip())
        if m:
            found[m.group("title").strip()] = int(m.group("page"))
    return found


def _dests(pdf: pikepdf.Pdf) -> dict[str, int]:
    index = {p.objgen: i for i, p in enumerate(pdf.pages)}
    tree = pikepdf.NameTree(pdf.Root.Names.Dests)
    return {name: index[dest[0].objgen] for name, dest in tree.items()}


def _links(pdf: pikepdf.Pdf) -> list[tuple[int, str]]:
    """(page index, destination name) of every internal link."""
    out = []
    for i, page in enumerate(pdf.pages):
        for annot in page.obj.get("/Annots", []):
            if "/Dest" in annot:
                out.append((i, str(annot.Dest)))
    return out


def test_no_weasyprint_warnings_and_nothing_refused(sampler):
    assert sampler.warnings == []
    assert [n for n in sampler.notices if "refused" in n.reason] == []


def test_contents_page_numbers_are_where_essays_start(sampler):
    pages = pdf_pages_text(sampler.outputs["pdf"])
    toc = _contents(pages)
    essays = _manifest_essays()
    assert len(toc) == len(essays)
    for essay in essays:
        title = essay.meta.title.replace("'", "’")
        number = next(n for t, n in toc.items() if t.replace("-", "").startswith(title[:20].replace("-", "")))
        contents_page = next(i for i, p in enumerate(pages) if p.startswith("Contents"))
        first = next(i for i, p in enumerate(pages)
                     if i != contents_page and title[:20] in p.replace("\n", " "))
        assert first + 1 == number, (title, number)
        assert number % 2 == 1, f"{title} starts on a left-hand page {number}"


def test_folios_match_physical_pages_and_blank_pages_are_blank(sampler):
    pages = pdf_pages_text(sampler.outputs["pdf"])
    starts = sorted(sampler.start_pages[k] for k in sampler.start_pages if k.startswith("e"))
    assert len(pages) == sampler.pages
    for number, text in enumerate(pages, start=1):
        if number < starts[0]:
            assert not re.search(rf"(?m)^{number}$", text)  # front matter has no folio
            continue
        if not text.strip():
            continue  # a blank page: no running head, no number
        lines = [line.strip() for line in text.splitlines()]
        if number == len(pages):  # the back cover: neither running head nor number
            assert str(number) not in lines and "Paper and Persuasion" not in lines
            continue
        assert str(number) in lines, f"page {number} does not show its number"
    blanks = [n for n, t in enumerate(pages, start=1) if not t.strip()]
    assert blanks, "the sampler needs blank pages for right-hand openings"
    # blanks stand before right-hand openings, or before the back cover (the last verso)
    assert all(n % 2 == 0 or n == len(pages) - 1 for n in blanks)


def test_running_heads(sampler):
    pages = pdf_pages_text(sampler.outputs["pdf"])
    starts = set(sampler.start_pages.values())
    versos = [t for n, t in enumerate(pages, start=1)
              if n % 2 == 0 and t.strip() and n > min(starts) and n < len(pages)
              and "Notes" not in t.splitlines()[:2]]
    assert versos and all("Paper and Persuasion" in t.splitlines() for t in versos)


def test_every_note_is_linked_both_ways(sampler):
    essays = _manifest_essays()
    with pikepdf.open(sampler.outputs["pdf"]) as pdf:
        dests = _dests(pdf)
        links = _links(pdf)
    targets = {name for _, name in links}
    pages = pdf_pages_text(sampler.outputs["pdf"])
    for k, essay in enumerate(essays, start=1):
        for n in range(1, len(essay.notes) + 1):
            note, ref = f"e{k}-n{n}", f"e{k}-r{n}"
            assert note in dests and ref in dests
            assert note in targets, f"no link to note {note}"
            assert ref in targets, f"no back-link from note {note}"
            # the note's page shows the notes heading or list; the reference's page its number
            assert dests[note] >= dests[ref]
        assert f"e{k}-n{len(essay.notes) + 1}" not in dests
    total = sum(len(e.notes) for e in essays)
    assert sum(1 for _, t in links if re.fullmatch(r"e\d+-n\d+", t)) == total
    assert "Notes" in "\n".join(pages)


def test_contents_links_and_bookmarks_point_at_essay_starts(sampler):
    essays = _manifest_essays()
    with pikepdf.open(sampler.outputs["pdf"]) as pdf:
        dests = _dests(pdf)
        links = _links(pdf)
        with pdf.open_outline() as outline:
            marks = [(item.title, item) for item in outline.root]
            index = {p.objgen: i for i, p in enumerate(pdf.pages)}
            mark_pages = {t: index[item.destination[0].objgen] for t, item in marks}
        info = {k: str(v) for k, v in pdf.docinfo.items()}
    for k, essay in enumerate(essays, start=1):
        start = sampler.start_pages[f"e{k}"] - 1
        assert dests[f"e{k}"] == start
        assert (2, f"e{k}") in links  # from the contents page (third page)
        title = next(t for t in mark_pages if t.startswith(essay.meta.title[:15]))
        assert mark_pages[title] == start
    assert info["/Title"] == "Paper and Persuasion"
    assert "The pamphlets collective" in info["/Author"]
    assert "Ada Quire" in info["/Author"]


@pytest.mark.slow
def test_single_document_html_renders_to_the_same_pages(sampler):
    from weasyprint import HTML

    html_path = sampler.outputs["html"]
    document = HTML(filename=str(html_path)).render()
    assert len(document.pages) == sampler.pages
    pdf = html_path.with_suffix(".single.pdf")
    document.write_pdf(pdf)
    assert _contents(pdf_pages_text(pdf)) == _contents(pdf_pages_text(sampler.outputs["pdf"]))
    assert_same_pixels(sampler.outputs["pdf"], pdf)


@pytest.mark.slow
@pytest.mark.parametrize("options", [("--notes", "book", "--style", "zine", "--page-size", "a6"),
                                     ("--page-size", "letter", "--jobs", "1")])
def test_the_parallel_pdf_is_plain_weasyprint_pixel_for_pixel(tmp_path, options):
    """Parts, blank pages, contents numbers, running heads, folios and the back cover:
    the joined PDF looks exactly like WeasyPrint's render of the single document."""
    from weasyprint import HTML

    result = build_book([SEEDS / "sampler.toml"], tmp_path, "--format", "pdf,html", *options)
    assert result.exit_code == 0, result.output
    single = tmp_path / "single.pdf"
    HTML(filename=str(tmp_path / "paper-and-persuasion.html")).write_pdf(single)
    assert_same_pixels(tmp_path / "paper-and-persuasion.pdf", single)


def test_typography_in_print(sampler):
    text = "\n".join(pdf_pages_text(sampler.outputs["pdf"]))
    assert "“the fold”" in text
    assert '"' not in text.replace("\n", " ")
    assert "—" in text


@pytest.mark.slow
def test_book_notes_gather_at_the_back_with_links(tmp_path):
    result = build_book([SEEDS / "sampler.toml"], tmp_path, "--notes", "book", "--format", "pdf")
    assert result.exit_code == 0, result.output
    pdf_path = tmp_path / "paper-and-persuasion.pdf"
    pages = pdf_pages_text(pdf_path)
    notes_page = next(i for i, p in enumerate(pages) if "Notes" in p.splitlines())
    assert notes_page % 2 == 0  # a right-hand page (0-based even)
    back = "\n".join(pages[notes_page:])
    for essay in _manifest_essays():
        assert essay.meta.title[:15] in back
    with pikepdf.open(pdf_path) as pdf:
        dests = _dests(pdf)
        links = _links(pdf)
    note_links = [(page, t) for page, t in links if re.fullmatch(r"e\d+-n\d+", t)]
    assert note_links and all(dests[t] >= notes_page for _, t in note_links)
    assert all(page < notes_page for page, _ in note_links)
    back_links = [(page, t) for page, t in links if re.fullmatch(r"e\d+-r\d+", t)]
    assert len(back_links) == len(note_links)
    assert all(page >= notes_page and dests[t] < notes_page for page, t in back_links)
    assert "warning" not in result.output
