"""Folios redrawn from stamp pages print exactly what the full overlay prints.

Each build here is made twice: as the writer makes it (stamps, when it can) and with the
stamps refused, so that every page's folio comes from the WeasyPrint overlay. The two
PDFs are rendered with pypdfium2 and compared pixel by pixel and as text."""

from __future__ import annotations

import pikepdf
import pytest

from conftest import SEEDS, assert_same_pixels, build_book, pdf_pages_text
from pamphlets.writers.pdf import folios


@pytest.fixture
def stamp_log(monkeypatch):
    """Records whether each build drew its folios from stamps (True) or not (False)."""
    log: list[bool] = []
    read = folios.FolioStamps.read.__func__

    def recording(cls, *args):
        stamps = read(cls, *args)
        log.append(stamps is not None)
        return stamps

    monkeypatch.setattr(folios.FolioStamps, "read", classmethod(recording))
    return log


def refuse_stamps(monkeypatch):
    monkeypatch.setattr(folios.FolioStamps, "read", classmethod(lambda cls, *args: None))


def folio_text(path, index: int) -> str:
    """The text in the bottom margin of one page (where these styles print the folio)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        page = doc[index]
        width, height = page.get_size()
        text = page.get_textpage().get_text_bounded(0, 0, width, height * 0.08)
        return " ".join(text.split())
    finally:
        doc.close()


def build_both(tmp_path, monkeypatch, stamp_log, *extra: str):
    """(stamped PDF, overlay PDF) of the sampler built with ``extra`` options."""
    stamped = tmp_path / "stamped"
    result = build_book([SEEDS / "sampler.toml"], stamped, "--format", "pdf", "--jobs", "2",
                        *extra)
    assert result.exit_code == 0, result.output
    with monkeypatch.context() as patch:
        refuse_stamps(patch)
        result = build_book([SEEDS / "sampler.toml"], tmp_path / "overlay", "--format", "pdf",
                            "--jobs", "2", *extra)
    assert result.exit_code == 0, result.output
    return next(stamped.glob("*.pdf")), next((tmp_path / "overlay").glob("*.pdf"))


def assert_same_pages(a, b):
    assert pdf_pages_text(a) == pdf_pages_text(b)
    assert_same_pixels(a, b)


@pytest.mark.slow
def test_stamped_folios_equal_the_overlay(tmp_path, monkeypatch, stamp_log):
    stamped, overlay = build_both(tmp_path, monkeypatch, stamp_log)
    assert stamp_log == [True]
    assert_same_pages(stamped, overlay)


FOLIO_PAGES = "essay:left, essay:right, backnotes:left, backnotes:right, back:left"


def folio_css(tmp_path, rule: str):
    """A style moving every folio to the bottom centre, printed by ``rule``."""
    css = tmp_path / "folio.css"
    css.write_text(f"""
@page {FOLIO_PAGES} {{
  @bottom-left {{ content: none; }} @bottom-right {{ content: none; }}
  @bottom-center {{ {rule} }}
}}
""", encoding="utf-8")
    return str(css)


@pytest.mark.slow
def test_centred_folios_are_measured_not_assumed(tmp_path, monkeypatch, stamp_log):
    css = folio_css(tmp_path, "content: counter(page); font-size: 1.3em;")
    stamped, overlay = build_both(tmp_path, monkeypatch, stamp_log, "--style", "classic",
                                  "--style", css)
    assert stamp_log == [True]
    assert_same_pages(stamped, overlay)
    # the opening page of an essay takes the look's folio too (it is an essay page)
    assert folio_text(stamped, 4) == "5"


@pytest.mark.slow
@pytest.mark.parametrize("rule, expect", [
    ("content: counter(page, lower-roman);", "v"),
    ('content: "page " counter(page) " of " counter(pages);', "page 5 of {pages}"),
    ("content: counter(page); letter-spacing: 0.4em;", "5"),  # figures spaced apart
    ("content: counter(page, decimal-leading-zero);", "05"),  # differs only below 10
])
def test_folios_the_stamps_cannot_redraw_come_from_the_overlay(tmp_path, monkeypatch,
                                                               stamp_log, rule, expect):
    import pamphlets.writers.pdf as pdf_writer

    # overlay documents of 4 pages: the page count must still be the book's
    monkeypatch.setattr(pdf_writer, "OVERLAY_PAGES", 4)
    out = tmp_path / "out"
    result = build_book([SEEDS / "sampler.toml"], out, "--format", "pdf", "--jobs", "2",
                        "--style", "classic", "--style", folio_css(tmp_path, rule))
    assert result.exit_code == 0, result.output
    assert stamp_log in ([False], [])  # refused on reading, or not even tried
    pdf = next(out.glob("*.pdf"))
    assert folio_text(pdf, 4) == expect.format(pages=len(pdf_pages_text(pdf)))


@pytest.mark.slow
def test_a_number_too_wide_for_its_box_is_not_misplaced(tmp_path, monkeypatch, stamp_log):
    """The long probe overflows a narrow box (and so is placed differently): the check at
    real page numbers refuses the stamps, or they print where the overlay prints."""
    css = tmp_path / "narrow.css"
    css.write_text("@page essay:right, essay:left { @bottom-right { width: 8mm; "
                   "font-size: 12pt; } @bottom-left { width: 8mm; font-size: 12pt; } }\n",
                   encoding="utf-8")
    stamped, overlay = build_both(tmp_path, monkeypatch, stamp_log, "--style", "classic",
                                  "--style", str(css))
    assert_same_pages(stamped, overlay)


def test_widths_read_both_forms_of_the_w_array():
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(
        DW=500, W=pikepdf.Array([3, pikepdf.Array([600, 610]), 10, 12, 700])))
    widths, default = folios._widths(font)
    assert default == 500
    assert widths == {3: 600, 4: 610, 10: 700, 11: 700, 12: 700}


def test_to_unicode_reads_bfchar_sections():
    cmap = (b"2 beginbfchar\n<08ce> <0031>\n<0001> <0041>\nendbfchar\n"
            b"1 beginbfchar\n<0002> <00e9>\nendbfchar\n")
    assert folios._to_unicode(cmap) == {b"\x08\xce": "1", b"\x00\x01": "A", b"\x00\x02": "é"}


def test_stamp_sheets_put_each_stamp_on_its_side():
    essay, notes = ("An Essay", "A Book"), ("Notes", "Notes")
    keys = [folios.StampKey("opening", True, essay, ("", "")),
            folios.StampKey("body", True, None, essay),
            folios.StampKey("body", False, None, essay),
            folios.StampKey("notes", False, None, notes)]
    sheets, where = folios.stamp_sheets(keys)
    assert [w % 2 == 0 for w in where] == [k.right for k in keys]
    assert [sheets[w]["kind"] for w in where] == ["opening", "body", "body", "notes"]
    assert [sheets[w]["rh"] for w in where] == [essay, None, None, None]
    # the sheet before each stamp sets the head in effect there
    assert [sheets[w - 1] for w in where] == [{"kind": "blank", "rh": k.head} for k in keys]
    assert all(s["kind"] == "blank" for i, s in enumerate(sheets) if i not in where)


@pytest.mark.slow
@pytest.mark.parametrize("folios_from", ["stamps", "overlay"])
def test_a_look_with_its_own_running_heads_prints_as_the_single_document(
        tmp_path, monkeypatch, stamp_log, folios_from):
    """The head on an essay's opening page (no first-except), and head and title together
    on versos: the sheets set the heads where the single document does."""
    from weasyprint import HTML

    import pamphlets.writers.pdf as pdf_writer

    css = tmp_path / "heads.css"
    css.write_text("@page essay:right { @top-right { content: string(rh); } }\n"
                   '@page essay:left { @top-left { content: string(rh) " / " string(book); } }\n',
                   encoding="utf-8")
    if folios_from == "overlay":
        refuse_stamps(monkeypatch)
        monkeypatch.setattr(pdf_writer, "OVERLAY_PAGES", 4)
    out = tmp_path / "out"
    result = build_book([SEEDS / "sampler.toml"], out, "--format", "pdf,html", "--jobs", "2",
                        "--style", "classic", "--style", str(css))
    assert result.exit_code == 0, result.output
    if folios_from == "stamps":
        assert stamp_log == [True]
    HTML(filename=str(out / "paper-and-persuasion.html")).write_pdf(tmp_path / "single.pdf")
    assert_same_pages(out / "paper-and-persuasion.pdf", tmp_path / "single.pdf")
    opening = pdf_pages_text(tmp_path / "single.pdf")[4]
    assert "On Folding" in opening.splitlines()[0]  # the look shows it on the opening page
