"""Print production from build: imposition, bleed and crop marks, a separate cover."""

from __future__ import annotations

import pikepdf
import pytest

from conftest import SEEDS, build_book, pdf_pages_text

from pamphlets.pages import PAGE_SIZES


def _boxes(path):
    with pikepdf.open(path) as pdf:
        return [[float(v) for v in page.mediabox] for page in pdf.pages]


@pytest.mark.slow  # the whole sampler, rendered and imposed
def test_build_impose_writes_print_pdf(tmp_path):
    result = build_book([SEEDS / "sampler.toml"], tmp_path, "--format", "pdf",
                        "--impose", "booklet")
    assert result.exit_code == 0, result.output
    assert "flip on short edge" in result.output and "staple" in result.output
    reading = _boxes(tmp_path / "paper-and-persuasion.pdf")
    sheets = _boxes(tmp_path / "paper-and-persuasion-print.pdf")
    assert len(sheets) == 2 * -(-len(reading) // 4)  # two sides per sheet, padded to 4
    width, height = sheets[0][2], sheets[0][3]
    assert round(width) == 842 and round(height) == 595  # A4 landscape
    # the back cover stays on the outside: first side holds the last and first pages
    first_side = pdf_pages_text(tmp_path / "paper-and-persuasion-print.pdf")[0]
    assert "Paper and Persuasion" in first_side and "Sources" in first_side


@pytest.mark.slow
def test_bleed_and_marks_grow_the_page(tmp_path):
    result = build_book([SEEDS / "margins.md"], tmp_path, "--format", "pdf",
                        "--bleed", "3mm", "--marks")
    assert result.exit_code == 0, result.output
    a5 = PAGE_SIZES["a5"]
    bleed = 3 * 72 / 25.4
    for box in _boxes(tmp_path / "notes-in-the-margin.pdf"):
        assert abs(box[2] - box[0] - (a5.width_pt + 2 * bleed)) < 1.5
        assert abs(box[3] - box[1] - (a5.height_pt + 2 * bleed)) < 1.5


def test_bad_bleed_is_one_line(tmp_path):
    result = build_book([SEEDS / "margins.md"], tmp_path, "--bleed", "lots")
    assert result.exit_code == 1 and "bleed" in result.output and "3mm" in result.output


@pytest.mark.slow  # the whole sampler
def test_separate_cover(tmp_path):
    result = build_book([SEEDS / "sampler.toml"], tmp_path, "--format", "pdf",
                        "--cover", "separate")
    assert result.exit_code == 0, result.output
    cover = pdf_pages_text(tmp_path / "paper-and-persuasion-cover.pdf")
    book = pdf_pages_text(tmp_path / "paper-and-persuasion.pdf")
    assert len(cover) == 2
    assert cover[0] == book[0] and cover[1] == book[-1]
    assert "Sources" in cover[1] and len(book) % 2 == 0


def test_progress_line(capsys):
    from pamphlets.cli.build import _progress_line

    _progress_line(3, 6, 42, "e2")
    err = capsys.readouterr().err
    assert "3/6 parts" in err and "42 pages" in err and "##########----------" in err


@pytest.mark.parametrize("given, css", [("3mm", "3mm"), (" .125IN", "0.125in"),
                                        ("3 mm", "3mm"), ("0.5cm", "0.5cm")])
def test_bleed_and_creep_read_lengths_one_way(given, css):
    from pamphlets.pages import creep_points, length, print_css

    assert f"bleed: {css};" in print_css(given, False)
    points, _ = length(given, key="bleed", what="a length", example="3mm")
    if points <= 72 / 25.4:  # a paper thickness is under 1 mm
        assert creep_points(given) == pytest.approx(points)


@pytest.mark.parametrize("option", [["--sheet", "a4"], ["--signature", "16"], ["--creep", "0.1mm"]])
def test_an_imposition_setting_without_impose_is_one_line_before_rendering(tmp_path, option):
    result = build_book([SEEDS / "margins.md"], tmp_path, *option)
    name = option[0].lstrip("-")
    assert result.exit_code == 1
    assert f"{option[0]} applies only to an imposed book (key '{name}')" in result.output
    assert not list(tmp_path.glob("*.pdf"))  # refused before anything was rendered
