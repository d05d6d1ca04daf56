"""Chinese, Arabic and Russian essays render with real glyphs, alone and mixed."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_book, pdf_pages_text

FIXTURES = Path(__file__).parent / "fixtures" / "scripts"
SAMPLES = {
    "zh": "我们在夜里印刷小册子",
    "ar": "نطبع الكتيبات في الليل",
    "ru": "Мы печатаем брошюры ночью",
}


def _font_names(pdf_path: Path) -> set[str]:
    import pikepdf

    names = set()
    with pikepdf.open(pdf_path) as pdf:
        for page in pdf.pages:
            for font in page.obj.Resources.get("/Font", {}).values():
                names.add(str(font.get("/BaseFont", "")))
    return names


@pytest.mark.slow
def test_mixed_scripts_anthology(tmp_path):
    essays = [FIXTURES / f"{lang}.md" for lang in SAMPLES]
    result = build_book(essays, tmp_path, "--title", "Night Printing", "--format", "pdf,html")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output.lower()  # no missing glyphs, no .notdef
    pdf = tmp_path / "night-printing.pdf"
    text = "\n".join(pdf_pages_text(pdf))
    for lang, sample in SAMPLES.items():
        if lang == "ar":
            # Arabic comes back in visual or logical order depending on the extractor;
            # check its words are there
            assert all(word in text for word in ("الكتيبات", "الليل"))
        else:
            assert sample in text.replace("\n", "")
    fonts = " ".join(_font_names(pdf))
    assert "NotoSerifCJKsc" in fonts.replace("-", "") or "CJK" in fonts
    assert "Naskh" in fonts
    html = (tmp_path / "night-printing.html").read_text(encoding="utf-8")
    assert 'lang="ar" dir="rtl"' in html and 'lang="zh-Hans" dir="ltr"' in html


@pytest.mark.slow  # a render per script; the quick loop keeps the Cyrillic and missing-glyph tests
@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_each_script_alone_has_no_glyph_warnings(tmp_path, lang):
    result = build_book([FIXTURES / f"{lang}.md"], tmp_path, "--format", "pdf")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output.lower(), result.output


@pytest.mark.slow
def test_missing_glyphs_are_reported(tmp_path):
    essay = tmp_path / "pua.md"
    essay.write_text("---\ntitle: Private\n---\n\nA private-use character: \ue123.\n",
                     encoding="utf-8")
    result = build_book([essay], tmp_path / "out", "--format", "pdf")
    assert result.exit_code == 0, result.output
    assert ".notdef" in result.output


@pytest.mark.slow
def test_cyrillic_roman_italic_and_bold_all_come_from_the_book_face(tmp_path):
    result = build_book([FIXTURES / "ru.md"], tmp_path, "--format", "pdf")
    assert result.exit_code == 0, result.output
    fonts = _font_names(tmp_path / "ru.pdf")
    assert fonts, "no fonts found"
    assert all("Garamond" in name for name in fonts), fonts  # no fallback face needed
    assert any("Italic" in name for name in fonts)
