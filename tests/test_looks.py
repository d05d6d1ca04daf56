"""The look can be changed without touching the code: built-in styles, user CSS and
templates named in a manifest; page sizes."""

from __future__ import annotations

import pytest

from conftest import SEEDS, build_book, pdf_pages_text

from pamphlets.pages import PAGE_SIZES


def _manifest(tmp_path, extra: str) -> object:
    (tmp_path / "essay.md").write_text((SEEDS / "margins.md").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    path = tmp_path / "book.toml"
    path.write_text(f'title = "Own Look"\nessays = ["essay.md"]\n{extra}', encoding="utf-8")
    return path


@pytest.mark.slow
def test_user_templates_and_styles_folders(tmp_path):
    (tmp_path / "my-templates" / "pdf").mkdir(parents=True)
    (tmp_path / "my-templates" / "pdf" / "titlepage.html.j2").write_text(
        '<section class="titlepage" data-book="{{ book.title }}">'
        '<h1 class="book-title">{{ book.title }}</h1><p>Our own title page</p></section>')
    (tmp_path / "my-styles").mkdir()
    (tmp_path / "my-styles" / "loud.css").write_text(".book-title { color: rgb(1, 2, 3); }")
    path = _manifest(tmp_path, 'templates = "my-templates"\nstyles = "my-styles"\n'
                               'style = ["zine", "loud.css"]\n')
    result = build_book([path], tmp_path / "out", "--format", "html,pdf")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / "own-look.html").read_text(encoding="utf-8")
    assert "Our own title page" in html and "rgb(1, 2, 3)" in html and "DejaVu Sans" in html
    assert "Our own title page" in pdf_pages_text(tmp_path / "out" / "own-look.pdf")[0]


@pytest.mark.slow  # one render per size; test_print's bleed test renders a5 in the quick loop
@pytest.mark.parametrize("size", sorted(PAGE_SIZES))
def test_page_sizes(tmp_path, size):
    import pikepdf

    result = build_book([SEEDS / "margins.md"], tmp_path, "--format", "pdf", "--page-size", size)
    assert result.exit_code == 0, result.output
    with pikepdf.open(tmp_path / "notes-in-the-margin.pdf") as pdf:
        box = [float(v) for v in pdf.pages[0].mediabox]
    expected = PAGE_SIZES[size]
    assert abs(box[2] - expected.width_pt) < 1 and abs(box[3] - expected.height_pt) < 1
