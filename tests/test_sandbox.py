"""Issue #15, rule 2: the sandbox is as strict as its loosest key.

What an essay may read stays inside the essay's own folder whatever the manifest says;
the manifest's folders (``styles``) serve the style sheet only; a cover image allows that
file, never its folder; user templates render in Jinja's sandbox and fail in one line.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image

from pamphlets.cli import cli
from pamphlets.writers.images import local_image
from pamphlets.writers.pdf.fetcher import RefusedURL, SafeFetcher, style_sheet_images

#: the outside picture's size: no other image of a build has it
OUTSIDE_SIZE = (13, 7)


def _png(size: tuple[int, int], colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def _svg(href: str) -> str:
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60">'
            f'<image href="{href}" width="120" height="60"/></svg>')


@pytest.fixture
def layout(tmp_path: Path) -> dict[str, Path]:
    """``x/y.png`` outside everything; an essay whose SVG drawing points at it; a book
    folder for the manifest."""
    outside = tmp_path / "x"
    outside.mkdir()
    (outside / "y.png").write_bytes(_png(OUTSIDE_SIZE))
    essays = tmp_path / "essays"
    essays.mkdir()
    (essays / "drawing.svg").write_text(_svg((outside / "y.png").as_uri()), encoding="utf-8")
    (essays / "essay.md").write_text(
        "---\ntitle: A Drawing\n---\n\nSome words before the drawing.\n\n"
        "![drawing](drawing.svg)\n", encoding="utf-8")
    book = tmp_path / "book"
    book.mkdir()
    return {"root": tmp_path, "outside": outside, "essays": essays, "book": book}


def _manifest(folder: Path, extra: str = "", essay: str = "../essays/essay.md") -> Path:
    path = folder / "book.toml"
    path.write_text(f'title = "Sandbox"\nessays = ["{essay}"]\n{extra}', encoding="utf-8")
    return path


def _build(*args):
    """The real CLI in-process; exceptions stay inside the result, as for a user."""
    return CliRunner().invoke(cli, ["build", *map(str, args)],
                              env={"SOURCE_DATE_EPOCH": "1700000000"})


def _one_error_line(result, *needles: str) -> str:
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert result.exc_info is None or result.exc_info[0] is SystemExit, result.exc_info
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def _image_sizes(pdf_path: Path) -> list[tuple[int, int]]:
    """The (width, height) of every raster image the PDF holds."""
    with pikepdf.open(pdf_path) as pdf:
        return [(int(obj.get("/Width", 0)), int(obj.get("/Height", 0))) for obj in pdf.objects
                if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"]


def _outside_images(pdf_path: Path) -> int:
    """How many raster images of the outside picture's size the PDF holds."""
    return _image_sizes(pdf_path).count(OUTSIDE_SIZE)


def _build_pdf(manifest: Path, out: Path):
    result = _build(manifest, "--out-dir", out, "--format", "pdf", "--jobs", "1")
    assert result.exit_code == 0, result.output
    return result, out / "sandbox.pdf"


# ------------------------------------------------------------------ the checks have teeth


@pytest.mark.slow
def test_control_an_svg_may_use_an_image_of_its_own_folder(layout, tmp_path):
    """The same drawing pointing inside the essay's folder does embed its picture, so the
    image count below would see a leak."""
    (layout["essays"] / "mine.png").write_bytes(_png(OUTSIDE_SIZE))
    (layout["essays"] / "drawing.svg").write_text(_svg("mine.png"), encoding="utf-8")
    _, pdf = _build_pdf(_manifest(layout["book"]), tmp_path / "out")
    assert _outside_images(pdf) == 1


@pytest.mark.slow
def test_plain_book_does_not_reach_outside(layout, tmp_path):
    result, pdf = _build_pdf(_manifest(layout["book"]), tmp_path / "out")
    assert _outside_images(pdf) == 0
    assert "refused a file outside the allowed folders" in result.output


# ------------------------------------------------------------------ row 4: the cover's folder


@pytest.mark.slow
def test_cover_image_does_not_open_its_folder(layout, tmp_path):
    manifest = _manifest(layout["book"], 'cover_image = "../x/none.png"\n')
    result, pdf = _build_pdf(manifest, tmp_path / "out")
    assert _outside_images(pdf) == 0
    assert "refused a file outside the allowed folders" in result.output


@pytest.mark.slow
def test_cover_image_itself_is_still_used(layout, tmp_path):
    (layout["outside"] / "cover.png").write_bytes(_png((17, 11), (20, 90, 160)))
    manifest = _manifest(layout["book"], 'cover_image = "../x/cover.png"\n')
    _, pdf = _build_pdf(manifest, tmp_path / "out")
    sizes = _image_sizes(pdf)
    assert (17, 11) in sizes and OUTSIDE_SIZE not in sizes


# ------------------------------------------------------------------ row 5: the styles folder


@pytest.mark.slow
@pytest.mark.parametrize("styles", ["/", ".."])
def test_styles_folder_is_not_open_to_essays(layout, tmp_path, styles):
    manifest = _manifest(layout["book"], f'styles = "{styles}"\n')
    result, pdf = _build_pdf(manifest, tmp_path / "out")
    assert _outside_images(pdf) == 0
    assert "refused a file outside the allowed folders" in result.output


@pytest.mark.slow
def test_style_folder_serves_the_style_sheet(layout, tmp_path):
    """A user style sheet still gets the picture it names in its own folder."""
    styles = layout["book"] / "my-styles"
    styles.mkdir()
    (styles / "bg.png").write_bytes(_png((19, 5), (10, 160, 40)))
    (styles / "look.css").write_text(
        f'.book-title {{ background: url("{(styles / "bg.png").as_uri()}"); }}\n',
        encoding="utf-8")
    manifest = _manifest(layout["book"], 'styles = "my-styles"\nstyle = "look.css"\n')
    result, pdf = _build_pdf(manifest, tmp_path / "out")
    assert (19, 5) in _image_sizes(pdf), result.output


# ------------------------------------------------------------------ rows 3 and 10: templates


def _user_template(book: Path, body: str) -> Path:
    folder = book / "my-templates" / "pdf"
    folder.mkdir(parents=True)
    path = folder / "titlepage.html.j2"
    path.write_text(body, encoding="utf-8")
    return path


def test_user_template_cannot_run_commands(layout, tmp_path):
    marker = tmp_path / "pwned"
    _user_template(layout["book"], '<section class="titlepage">\n'
                   "{{ cycler.__init__.__globals__.os.popen('echo x > "
                   f"{marker}').read() }}}}\n</section>\n")
    manifest = _manifest(layout["book"], 'templates = "my-templates"\n')
    result = _build(manifest, "--out-dir", tmp_path / "out", "--format", "html")
    assert not marker.exists()
    _one_error_line(result, "titlepage.html.j2:2:", "unsafe")


@pytest.mark.parametrize("body, line, needle", [
    ("<section>\n<h1>{{ book.title }}</h1>\n{% if %}\n</section>\n", 3, "titlepage"),
    ("<section>\n{{ book.nope }}\n</section>\n", 2, "nope"),
    ("<section>\n{% for x in book.title %}\n", 2, "endfor"),
    ("<section>{{ 1 // 0 }}</section>\n", 1, "division"),
    ("<section>{% include 'not-there.j2' %}</section>\n", 1, "not-there.j2"),
])
def test_user_template_error_is_one_line(layout, tmp_path, body, line, needle):
    template = _user_template(layout["book"], body)
    manifest = _manifest(layout["book"], 'templates = "my-templates"\n')
    result = _build(manifest, "--out-dir", tmp_path / "out", "--format", "html")
    text = _one_error_line(result, f"{template.name}:{line}: ", needle)
    assert "; " in text  # a hint on how to fix it


def test_user_template_that_is_fine_still_renders(layout, tmp_path):
    _user_template(layout["book"], '<section class="titlepage">'
                   "<h1>{{ book.title | upper }}</h1>"
                   "{% for w in ['own', 'page'] %}<i>{{ w }}</i>{% endfor %}</section>\n")
    manifest = _manifest(layout["book"], 'templates = "my-templates"\n')
    result = _build(manifest, "--out-dir", tmp_path / "out", "--format", "html")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / "sandbox.html").read_text(encoding="utf-8")
    assert "<h1>SANDBOX</h1><i>own</i><i>page</i>" in html


# ------------------------------------------------------------------ row 21: hard links


@pytest.fixture
def hard_link(layout) -> Path:
    link = layout["essays"] / "linked.png"
    try:
        os.link(layout["outside"] / "y.png", link)
    except OSError as exc:  # a file system without hard links
        pytest.skip(f"no hard links here: {exc}")
    return link


@pytest.mark.slow
def test_hard_link_out_of_the_essay_folder_is_refused(layout, hard_link, tmp_path):
    (layout["essays"] / "essay.md").write_text(
        "---\ntitle: A Link\n---\n\nWords.\n\n![linked](linked.png)\n", encoding="utf-8")
    (layout["essays"] / "drawing.svg").write_text(_svg("linked.png"), encoding="utf-8")
    (layout["essays"] / "other.md").write_text(
        "---\ntitle: A Drawing\n---\n\nWords.\n\n![drawing](drawing.svg)\n", encoding="utf-8")
    path = layout["book"] / "book.toml"
    path.write_text('title = "Sandbox"\nessays = ["../essays/essay.md", '
                    '"../essays/other.md"]\n', encoding="utf-8")
    out = tmp_path / "out"
    result = _build(path, "--out-dir", out, "--format", "pdf,epub", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert _outside_images(out / "sandbox.pdf") == 0
    with zipfile.ZipFile(out / "sandbox.epub") as z:
        images = [n for n in z.namelist() if "/images/" in n and "cover" not in n]
    assert images == [] or all(n.endswith(".svg") for n in images)
    assert "hard link" in result.output


def test_local_image_refuses_a_hard_link(layout, hard_link):
    path, reason = local_image("linked.png", str(layout["essays"] / "essay.md"))
    assert path is None and "hard link" in reason


def test_fetcher_refuses_a_hard_link_in_the_essay_folder(layout, hard_link):
    fetcher = SafeFetcher(essay_dirs=[layout["essays"]], builtin=[])
    with pytest.raises(RefusedURL):
        fetcher.fetch(hard_link.as_uri())
    assert "hard link" in fetcher.refused[0].reason


# ------------------------------------------------------------------ the fetcher's rules


def test_fetcher_serves_an_exact_file_not_its_folder(layout):
    cover = layout["outside"] / "cover.png"
    cover.write_bytes(_png((3, 3)))
    fetcher = SafeFetcher(files=[cover], builtin=[])
    assert fetcher.fetch(cover.as_uri()).read() == cover.read_bytes()
    with pytest.raises(RefusedURL):
        fetcher.fetch((layout["outside"] / "y.png").as_uri())


def test_style_roots_serve_only_style_files(layout):
    styles = layout["root"]
    (styles / "notes.txt").write_text("private", encoding="utf-8")
    (styles / "look.css").write_text("p { color: red; }", encoding="utf-8")
    fetcher = SafeFetcher(extra_roots=[styles], builtin=[])
    assert fetcher.fetch((styles / "look.css").as_uri()).read() == b"p { color: red; }"
    with pytest.raises(RefusedURL):
        fetcher.fetch((styles / "notes.txt").as_uri())


def test_style_sheet_images_are_those_it_names(tmp_path):
    styles = tmp_path / "styles"
    styles.mkdir()
    for name in ("named.png", "imported.png", "other.png"):
        (styles / name).write_bytes(_png((2, 2)))
    (styles / "more.css").write_text('p { background: url("imported.png"); }',
                                     encoding="utf-8")
    (styles / "notes.txt").write_text("private", encoding="utf-8")
    css = (f'@import url("{(styles / "more.css").as_uri()}");\n'
           f'h1 {{ background: url({(styles / "named.png").as_uri()}); }}\n'
           f'h2 {{ background: url("{(styles / "notes.txt").as_uri()}"); }}\n')
    fetcher = SafeFetcher(extra_roots=[styles], builtin=[])
    fetcher.fetch((styles / "more.css").as_uri())  # as WeasyPrint does for the @import
    named = style_sheet_images(css, None, fetcher)
    assert sorted(Path(p).name for p in named) == ["imported.png", "named.png"]


@pytest.mark.slow
def test_an_essay_does_not_reach_another_essays_folder(layout, tmp_path):
    """Each essay's part may use its own folder only."""
    private = tmp_path / "private"
    private.mkdir()
    (private / "diary.md").write_text("---\ntitle: Diary\n---\n\nDear diary.\n",
                                      encoding="utf-8")
    (private / "scan.png").write_bytes(_png(OUTSIDE_SIZE))
    (layout["essays"] / "drawing.svg").write_text(_svg((private / "scan.png").as_uri()),
                                                  encoding="utf-8")
    path = layout["book"] / "book.toml"
    path.write_text('title = "Sandbox"\nessays = ["../essays/essay.md", '
                    '"../private/diary.md"]\n', encoding="utf-8")
    result, pdf = _build_pdf(path, tmp_path / "out")
    assert _outside_images(pdf) == 0
    assert "refused a file outside the allowed folders" in result.output
