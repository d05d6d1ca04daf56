"""Proof sheets: PNG size, spreads layout, imposed sheets, CLI."""

from __future__ import annotations

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image

from pamphlets.cli import cli
from pamphlets.errors import ReadError
from pamphlets.writers.print.impose import impose
from pamphlets.writers.print.proof import BACKGROUND, GAP, LABEL, proof, spread_slots

A5 = (419.53, 595.28)


def numbered_pdf(path, count, size=A5):
    """A PDF whose page n shows a big 'Pn' (Helvetica)."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
    for n in range(1, count + 1):
        page = pdf.add_blank_page(page_size=size)
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.Contents = pdf.make_stream(f"BT /F1 90 Tf 60 300 Td (P{n}) Tj ET".encode())
    pdf.save(path)
    return path


def dark_pixels(image, box):
    return sum(image.crop(box).convert("L").histogram()[:100])


def test_spread_slots():
    assert spread_slots(4, True) == [[None, 0], [1, 2], [3, None]]
    assert spread_slots(5, True) == [[None, 0], [1, 2], [3, 4]]
    assert spread_slots(3, False) == [[0], [1], [2]]


def test_proof_size_and_spreads(tmp_path):
    src = numbered_pdf(tmp_path / "book.pdf", 4)
    report = proof(src, tmp_path / "p.png", page_width_px=100)
    image = Image.open(tmp_path / "p.png")
    assert image.size == (report.width, report.height)
    assert report.spreads and report.pages == 4
    cell_h = round(100 * A5[1] / A5[0]) + 1
    # 8 slots a row = 4 spreads of 200 px; one row of 3 spreads
    assert image.width == GAP + 4 * (200 + GAP)
    assert abs(image.height - (GAP + cell_h + LABEL + GAP)) <= 1
    rgb = image.convert("RGB")
    middle = GAP + cell_h // 2
    assert rgb.getpixel((GAP + 50, middle)) == BACKGROUND  # nothing left of page 1
    assert rgb.getpixel((GAP + 150, middle)) != BACKGROUND  # page 1 on the right
    assert rgb.getpixel((GAP + 2 * (200 + GAP) + 150, middle)) == BACKGROUND  # after page 4
    assert dark_pixels(rgb, (GAP + 100, GAP, GAP + 200, GAP + cell_h)) > 50  # not blank


def test_columns_make_rows(tmp_path):
    src = numbered_pdf(tmp_path / "book.pdf", 6)
    report = proof(src, tmp_path / "p.png", columns=2, page_width_px=60)
    assert report.columns == 2 and report.width == GAP + 120 + GAP
    cell_h = round(60 * A5[1] / A5[0]) + 1
    assert abs(report.height - (GAP + 4 * (cell_h + LABEL + GAP))) <= 4  # 4 spreads


def test_proof_of_imposed_sheets(tmp_path):
    src = numbered_pdf(tmp_path / "book.pdf", 8)
    impose(src, tmp_path / "sheets.pdf")
    report = proof(tmp_path / "sheets.pdf", tmp_path / "p.png", page_width_px=120)
    assert not report.spreads and report.pages == 4 and report.columns == 4
    image = Image.open(tmp_path / "p.png").convert("RGB")
    assert image.size == (GAP + 4 * (120 + GAP), report.height)
    assert dark_pixels(image, (0, 0, image.width, image.height)) > 100


def test_proof_errors(tmp_path):
    with pytest.raises(ReadError, match="no such"):
        proof(tmp_path / "nope.pdf", tmp_path / "p.png")
    (tmp_path / "t.pdf").write_text("text")
    with pytest.raises(ReadError):
        proof(tmp_path / "t.pdf", tmp_path / "p.png")
    assert not (tmp_path / "p.png").exists()


def test_cli_proof(tmp_path):
    src = numbered_pdf(tmp_path / "book.pdf", 3)
    result = CliRunner().invoke(cli, ["proof", str(src), "-o", str(tmp_path / "p.png"),
                                      "--columns", "4"])
    assert result.exit_code == 0, result.output
    assert "3 pages as spreads" in result.output
    assert Image.open(tmp_path / "p.png").format == "PNG"


def test_cli_proof_help():
    result = CliRunner().invoke(cli, ["proof", "--help"])
    assert result.exit_code == 0 and "pamphlets proof" in result.output


@pytest.mark.parametrize("case", ["missing", "encrypted", "text"])
def test_cli_proof_errors(tmp_path, case):
    src = tmp_path / "in.pdf"
    if case == "encrypted":
        with pikepdf.open(numbered_pdf(tmp_path / "b.pdf", 2)) as pdf:
            pdf.save(src, encryption=pikepdf.Encryption(user="u", owner="o"))
    elif case == "text":
        src.write_text("hello")
    out = tmp_path / "p.png"
    out.write_bytes(b"old")
    result = CliRunner().invoke(cli, ["proof", str(src), "-o", str(out)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "in.pdf" in lines[0]
    assert out.read_bytes() == b"old"
