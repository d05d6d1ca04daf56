"""Imposition: page order on every sheet side, sheet geometry, scale, vector output, CLI."""

from __future__ import annotations

import re

import pikepdf
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from pamphlets.cli import cli
from pamphlets.errors import ConfigError, ReadError
from pamphlets.writers.print.impose import booklet_order, impose, minizine_order

A4 = (595.28, 841.89)
A5 = (419.53, 595.28)
A6 = (297.64, 419.53)
HALF_LETTER = (396.0, 612.0)


def numbered_pdf(path, count, size=A5):
    """A PDF whose page n shows the text 'Pn' (Helvetica, no images)."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
    w, h = size
    for n in range(1, count + 1):
        page = pdf.add_blank_page(page_size=size)
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        text = f"BT /F1 20 Tf {w * 0.3:.2f} {h * 0.5:.2f} Td (P{n}) Tj ET"
        frame = f"0.5 w 1 1 {w - 2:.2f} {h - 2:.2f} re S"
        page.Contents = pdf.make_stream(f"{frame}\n{text}".encode())
    pdf.save(path)
    return path


def read_cells(path, columns=2, rows=1):
    """Per sheet side, the page numbers in each cell (row by row, top row first; 0 = blank)."""
    doc = pdfium.PdfDocument(str(path))
    sides = []
    for page in doc:
        w, h = page.get_size()
        text = page.get_textpage()
        cells = []
        for r in range(rows):
            for c in range(columns):
                top = h - r * h / rows
                found = text.get_text_bounded(c * w / columns, top - h / rows,
                                              (c + 1) * w / columns, top)
                numbers = re.findall(r"P(\d+)", found)
                cells.append(int(numbers[0]) if numbers else 0)
        sides.append(cells)
    doc.close()
    return sides


def placements(path):
    """Per sheet side, (form name, cm matrix) for each placed page."""
    out = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            side, matrix = [], None
            for operands, op in pikepdf.parse_content_stream(page):
                if str(op) == "cm":
                    matrix = [float(v) for v in operands]
                elif str(op) == "Do":
                    side.append((str(operands[0]), matrix))
            out.append(side)
    return out


@pytest.fixture
def make(tmp_path):
    def _make(count, size=A5, name="in.pdf"):
        return numbered_pdf(tmp_path / name, count, size)
    return _make


def test_four_pages_one_sheet(make, tmp_path):
    report = impose(make(4), tmp_path / "out.pdf")
    assert read_cells(tmp_path / "out.pdf") == [[4, 1], [2, 3]]
    assert (report.sheets, report.sides, report.blanks, report.scale) == (1, 2, 0, 1.0)
    assert report.sheet == "a4" and "flip on short edge" in report.instructions


def test_eight_pages_nest(make, tmp_path):
    impose(make(8), tmp_path / "out.pdf")
    assert read_cells(tmp_path / "out.pdf") == [[8, 1], [2, 7], [6, 3], [4, 5]]


def test_ten_pages_padded_back_cover_last(make, tmp_path):
    report = impose(make(10), tmp_path / "out.pdf")
    sides = read_cells(tmp_path / "out.pdf")
    # 12 slots: 1..9, blank, blank, 10 -> the back cover (10) is the outside of sheet 1
    assert sides == [[10, 1], [2, 0], [0, 3], [4, 9], [8, 5], [6, 7]]
    assert report.blanks == 2 and report.sheets == 3


def test_signature_groups_in_order(make, tmp_path):
    report = impose(make(40), tmp_path / "out.pdf", signature=16)
    assert report.signatures == [16, 16, 8] and report.sheets == 10
    sides = read_cells(tmp_path / "out.pdf")
    expected = []
    for start, size in ((0, 16), (16, 16), (32, 8)):
        for s in range(size // 4):
            expected.append([start + size - 2 * s, start + 2 * s + 1])
            expected.append([start + 2 * s + 2, start + size - 1 - 2 * s])
    assert sides == expected
    assert sides[0] == [16, 1] and sides[8] == [32, 17] and sides[16] == [40, 33]


def test_order_covers_every_page_once():
    for count in range(1, 70):
        for signature in (None, 4, 8, 16, 20):
            slots = [p for side in booklet_order(count, signature) for p in side]
            assert sorted(p for p in slots if p is not None) == list(range(count))
            assert len(slots) % 4 == 0


def test_back_of_each_sheet_is_upright(make, tmp_path):
    """Short-edge flip: the back side is drawn upright, page 2 behind page 1."""
    impose(make(8), tmp_path / "out.pdf")
    for side in placements(tmp_path / "out.pdf"):
        for _name, m in side:
            assert m[0] > 0 and m[3] > 0 and m[1] == m[2] == 0


@pytest.mark.parametrize("sheet, size", [("a4", (842, 595)), ("letter", (792, 612))])
def test_sheet_size_landscape(make, tmp_path, sheet, size):
    impose(make(4), tmp_path / "out.pdf", sheet=sheet)
    with pikepdf.open(tmp_path / "out.pdf") as pdf:
        for page in pdf.pages:
            box = [float(v) for v in page.mediabox]
            assert box[2] == pytest.approx(size[0], abs=0.5)
            assert box[3] == pytest.approx(size[1], abs=0.5)


def test_a5_on_a4_at_full_size(make, tmp_path):
    impose(make(4), tmp_path / "out.pdf")
    left, right = placements(tmp_path / "out.pdf")[0]
    assert left[1][0] == 1.0 and right[1][0] == 1.0
    assert left[1][4] == pytest.approx((841.89 / 2 - A5[0]) / 2, abs=0.01)
    assert right[1][4] == pytest.approx(841.89 / 2 + (841.89 / 2 - A5[0]) / 2, abs=0.01)


LETTER = (612.0, 792.0)
SHEET_POINTS = {"a5": (595.28, 419.53), "a4": (841.89, 595.28), "a3": (1190.55, 841.89),
                "letter": (792, 612), "tabloid": (1224, 792)}


@pytest.mark.parametrize("size, sheet", [(A6, "a5"), (A5, "a4"), (A4, "a3"),
                                         (HALF_LETTER, "letter"), (LETTER, "tabloid")])
def test_default_sheet_takes_the_pages_at_true_size(make, tmp_path, size, sheet):
    report = impose(make(8, size), tmp_path / "out.pdf")
    assert report.sheet == sheet and report.scale == 1.0
    with pikepdf.open(tmp_path / "out.pdf") as pdf:
        box = [float(v) for v in pdf.pages[0].mediabox]
    assert box[2:] == pytest.approx(SHEET_POINTS[sheet], abs=0.5)
    for side in placements(tmp_path / "out.pdf"):
        assert all(m[0] == 1.0 and m[3] == 1.0 for _name, m in side)
    assert report.instructions.startswith("1. ")  # no scale note at 100 %
    assert "100 %" in report.instructions


def test_creep_moves_inner_sheets_towards_the_fold(make, tmp_path):
    thickness = 0.1 * 72 / 25.4  # 0.1 mm
    plain = placements(impose(make(16), tmp_path / "a.pdf") and tmp_path / "a.pdf")
    report = impose(make(16, name="src.pdf"), tmp_path / "b.pdf", creep=thickness)
    crept = placements(tmp_path / "b.pdf")
    assert len(crept) == 8  # 4 sheets, two sides each
    for n, (before, after) in enumerate(zip(plain, crept)):
        depth = n // 2  # sheets outside this one
        (_, left0), (_, right0) = before
        (_, left1), (_, right1) = after
        assert left1[4] - left0[4] == pytest.approx(depth * thickness, abs=1e-3)
        assert right1[4] - right0[4] == pytest.approx(-depth * thickness, abs=1e-3)
    assert report.creep_shift == pytest.approx(3 * thickness)
    assert "0.30 mm closer to the fold" in report.instructions


def test_creep_restarts_in_each_signature(make, tmp_path):
    thickness = 1.0
    plain = placements(impose(make(16), tmp_path / "a.pdf", signature=8) and tmp_path / "a.pdf")
    impose(make(16, name="src.pdf"), tmp_path / "b.pdf", signature=8, creep=thickness)
    shifts = [after[0][1][4] - before[0][1][4]
              for before, after in zip(plain, placements(tmp_path / "b.pdf"))]
    assert shifts == pytest.approx([0, 0, 1, 1, 0, 0, 1, 1], abs=1e-3)


@pytest.mark.parametrize("value, points", [("0.1mm", 0.1 * 72 / 25.4), ("0.004in", 0.288),
                                           ("0.01 cm", 0.1 * 72 / 25.4), (None, 0.0)])
def test_creep_values(value, points):
    from pamphlets.pages import creep_points

    assert creep_points(value) == pytest.approx(points)


@pytest.mark.parametrize("value", ["-0.1mm", "0.1", "thick", "2mm", "0.1 furlong"])
def test_bad_creep_is_one_clear_error(tmp_path, value):
    result = CliRunner().invoke(cli, ["impose", str(numbered_pdf(tmp_path / "in.pdf", 8)),
                                       "--creep", value])
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "creep" in lines[0] and "0.1mm" in lines[0]


def test_half_letter_defaults_to_letter_at_full_size(make, tmp_path):
    report = impose(make(4, HALF_LETTER), tmp_path / "out.pdf")
    assert report.sheet == "letter" and report.scale == 1.0


@pytest.mark.parametrize("size, scale", [(A6, 2 ** 0.5), (A4, 2 ** -0.5)])
def test_a_forced_sheet_scales_and_centres_and_says_so(make, tmp_path, size, scale):
    report = impose(make(4, size), tmp_path / "out.pdf", sheet="a4")
    assert report.sheet == "a4" and report.scale == pytest.approx(scale, rel=0.01)
    note = report.instructions.splitlines()[0]
    assert f"{scale * 100:.0f} %" in note and ("A5" if size == A6 else "A3") in note
    assert "100 % (actual size" not in note
    (_, m), _ = placements(tmp_path / "out.pdf")[0]
    assert m[0] == pytest.approx(scale, rel=0.01)
    placed_w, placed_h = size[0] * m[0], size[1] * m[3]
    assert m[4] == pytest.approx((841.89 / 2 - placed_w) / 2, abs=0.5)
    assert m[5] == pytest.approx((595.28 - placed_h) / 2, abs=0.5)


def test_letter_pages_on_a4_are_centred(make, tmp_path):
    impose(make(4, (612, 792)), tmp_path / "out.pdf", sheet="a4")
    (_, m), _ = placements(tmp_path / "out.pdf")[0]
    assert m[4] == pytest.approx(0, abs=0.5)  # fills the width
    assert m[5] > 10  # centred vertically


def test_rotated_pages_placed_as_displayed(tmp_path):
    src = numbered_pdf(tmp_path / "rot.pdf", 4, (A5[1], A5[0]))
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            page.Rotate = 90  # landscape media shown portrait, like an A5 page
        pdf.save(src)
    report = impose(src, tmp_path / "out.pdf")
    assert report.sheet == "a4" and report.scale == 1.0
    assert read_cells(tmp_path / "out.pdf") == [[4, 1], [2, 3]]


def test_minizine_layout_and_upside_down_top_row(make, tmp_path):
    report = impose(make(8, (209.8, 297.6)), tmp_path / "zine.pdf", layout="minizine")
    assert report.sides == 1 and report.scale == pytest.approx(1.0, abs=0.01)
    assert read_cells(tmp_path / "zine.pdf", columns=4, rows=2) == [[5, 4, 3, 2, 6, 7, 8, 1]]
    doc = pdfium.PdfDocument(str(tmp_path / "zine.pdf"))
    text = doc[0].get_textpage()
    heights = {}
    for i in range(text.count_chars()):
        char = text.get_text_range(i, 1)
        if char == "P":
            left, bottom, right, top = text.get_charbox(i)
            nxt = text.get_charbox(i + 1)
            heights[bottom > 595.28 / 2] = nxt[0] < left  # next char to the left = rotated
    doc.close()
    assert heights == {True: True, False: False}


def test_minizine_pads_and_keeps_back_cover(make, tmp_path):
    report = impose(make(5, A6), tmp_path / "zine.pdf", layout="minizine")
    assert report.blanks == 3
    assert read_cells(tmp_path / "zine.pdf", columns=4, rows=2) == [[0, 4, 3, 2, 0, 0, 5, 1]]
    assert minizine_order(8) == [4, 3, 2, 1, 5, 6, 7, 0]


def test_minizine_too_many_pages(make, tmp_path):
    with pytest.raises(ConfigError, match="booklet"):
        impose(make(9), tmp_path / "zine.pdf", layout="minizine")


def _has_image(obj, seen):
    if isinstance(obj, pikepdf.Stream):
        if obj.get("/Subtype") == "/Image":
            return True
        obj = obj.stream_dict
    if isinstance(obj, (pikepdf.Dictionary, pikepdf.Array)):
        key = obj.objgen if obj.is_indirect else None
        if key in seen:
            return False
        if key:
            seen.add(key)
        values = obj.values() if isinstance(obj, pikepdf.Dictionary) else list(obj)
        return any(_has_image(v, seen) for v in values if not isinstance(v, pikepdf.Name))
    return False


@pytest.mark.slow
def test_vector_output_and_small_growth(make, tmp_path):
    src = make(120)
    impose(src, tmp_path / "out.pdf", signature=20)
    with pikepdf.open(tmp_path / "out.pdf") as pdf:
        assert not any(_has_image(page.obj, set()) for page in pdf.pages)
        forms = pdf.pages[0].Resources.XObject
        assert all(forms[k].Subtype == "/Form" for k in forms.keys())
    growth = (tmp_path / "out.pdf").stat().st_size - src.stat().st_size
    assert growth / 120 < 300  # bytes per page, whatever the book


@pytest.mark.parametrize("kwargs, key", [
    ({"signature": 6}, "signature"), ({"signature": 0}, "signature"),
    ({"sheet": "a2"}, "sheet"), ({"layout": "poster"}, "layout"),
    ({"layout": "minizine", "signature": 8}, "signature"),
])
def test_bad_options(make, tmp_path, kwargs, key):
    with pytest.raises(ConfigError) as info:
        impose(make(4), tmp_path / "out.pdf", **kwargs)
    assert info.value.key == key and info.value.hint and info.value.path


def test_unreadable_inputs(tmp_path):
    with pytest.raises(ReadError, match="no such"):
        impose(tmp_path / "missing.pdf", tmp_path / "out.pdf")
    (tmp_path / "text.pdf").write_text("not a pdf at all")
    with pytest.raises(ReadError, match="not a readable PDF"):
        impose(tmp_path / "text.pdf", tmp_path / "out.pdf")


def test_encrypted_input(make, tmp_path):
    with pikepdf.open(make(4)) as pdf:
        pdf.save(tmp_path / "locked.pdf", encryption=pikepdf.Encryption(user="u", owner="o"))
    with pytest.raises(ReadError, match="encrypted") as info:
        impose(tmp_path / "locked.pdf", tmp_path / "out.pdf")
    assert "locked.pdf" in str(info.value) and info.value.hint


# --- CLI ---------------------------------------------------------------------------------

def test_cli_booklet(make, tmp_path):
    result = CliRunner().invoke(cli, ["impose", str(make(10)), "-o", str(tmp_path / "o.pdf")])
    assert result.exit_code == 0, result.output
    assert "10 pages -> 3 a4 sheet(s)" in result.output
    assert "flip on short edge" in result.output
    assert read_cells(tmp_path / "o.pdf")[0] == [10, 1]


def test_cli_minizine_and_default_output(make, tmp_path):
    src = make(8, A6, name="zine.pdf")
    result = CliRunner().invoke(cli, ["impose", str(src), "--layout", "minizine"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "zine-minizine.pdf").exists()


def test_cli_help_has_example():
    result = CliRunner().invoke(cli, ["impose", "--help"])
    assert result.exit_code == 0 and "pamphlets impose" in result.output
    assert "--signature" in result.output


@pytest.mark.parametrize("case", ["missing", "encrypted", "text", "badsig", "toomany"])
def test_cli_errors_one_line_exit_1_and_output_kept(make, tmp_path, case):
    out = tmp_path / "out.pdf"
    out.write_bytes(b"previous output")
    args = ["impose", str(tmp_path / "missing.pdf"), "-o", str(out)]
    if case == "encrypted":
        with pikepdf.open(make(4)) as pdf:
            pdf.save(tmp_path / "locked.pdf", encryption=pikepdf.Encryption(user="u", owner="o"))
        args[1] = str(tmp_path / "locked.pdf")
    elif case == "text":
        (tmp_path / "t.pdf").write_text("hello")
        args[1] = str(tmp_path / "t.pdf")
    elif case == "badsig":
        args[1:2] = [str(make(8)), "--signature", "10"]
    elif case == "toomany":
        args[1:2] = [str(make(12)), "--layout", "minizine"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and ".pdf" in lines[0]
    assert out.read_bytes() == b"previous output"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
