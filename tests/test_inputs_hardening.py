"""Hostile or broken input (issue #15, second round): no exception escapes as a traceback,
and one input policy for every reader. Each case gets one line and exit code 1, or a
warning and a book without the bad part."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from pamphlets.cli import cli

ESSAY = "---\ntitle: A Short Essay\n---\n\nSome words to make a body for the essay.\n"


def run(*args, **kw):
    return CliRunner().invoke(cli, [str(a) for a in args], **kw)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def run_guarded(*args, memory: int = 2 << 30, timeout: float = 30, env=None):
    """The CLI in a child process held to ``memory`` bytes and ``timeout`` seconds, for
    inputs that once hung or ate all memory: a regression fails instead of taking the
    machine with it."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    environment = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    return subprocess.run([sys.executable, "-m", "pamphlets", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, env=environment,
                          preexec_fn=limit, cwd=ROOT)


def guarded_one_line_error(done, *needles) -> str:
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr[-2000:]
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def one_line_error(result, *needles) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: "), lines[0]
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


# --------------------------------------------------------------------------- rule 1


def break_the_reader(monkeypatch, message: str) -> None:
    """Every reader raises ``ValueError(message)``: a bug, as the CLI meets one."""
    import pamphlets.loading

    def broken_reader(fmt):
        def read(*args, **kwargs):
            raise ValueError(message)
        return read

    monkeypatch.setattr(pamphlets.loading, "get_reader", broken_reader)


def test_unexpected_error_while_reading_is_one_line_naming_file_and_stage(tmp_path,
                                                                           monkeypatch):
    break_the_reader(monkeypatch, "a bug\nover two lines")
    essay = write(tmp_path / "essay.md", ESSAY)
    line = one_line_error(run("build", essay, "--out-dir", tmp_path / "out", "--format", "html"),
                          "essay.md", "while reading", "ValueError: a bug", "--debug")
    assert "over two lines" not in line


def test_unexpected_error_while_rendering_names_the_output(tmp_path, monkeypatch):
    import pamphlets.writers.epub

    def broken(*args, **kwargs):
        raise KeyError("cover")

    monkeypatch.setattr(pamphlets.writers.epub, "write", broken)
    essay = write(tmp_path / "essay.md", ESSAY)
    out = tmp_path / "out"
    one_line_error(run("build", essay, "--out-dir", out, "--format", "epub"),
                   str(out / "a-short-essay.epub"), "while rendering", "KeyError")
    assert not out.exists() or not list(out.glob("*.epub"))


def test_debug_keeps_the_traceback_of_an_unexpected_error(tmp_path, monkeypatch):
    break_the_reader(monkeypatch, "a bug")
    essay = write(tmp_path / "essay.md", ESSAY)
    result = run("--debug", "build", essay, "--out-dir", tmp_path / "out", "--format", "html")
    assert result.exit_code == 1
    assert isinstance(result.exception, ValueError)


def test_out_of_memory_is_one_line(tmp_path, monkeypatch):
    import pamphlets.loading

    def hungry_reader(fmt):
        def read(*args, **kwargs):
            raise MemoryError
        return read

    monkeypatch.setattr(pamphlets.loading, "get_reader", hungry_reader)
    essay = write(tmp_path / "essay.md", ESSAY)
    one_line_error(run("build", essay, "--out-dir", tmp_path / "out", "--format", "html"),
                   "essay.md: out of memory while reading")


def test_newline_in_a_file_name_stays_on_one_line(tmp_path):
    # row 21
    line = one_line_error(run("build", tmp_path / "two\nlines\x1b[31m.md",
                              "--out-dir", tmp_path / "out"), "file not found")
    assert "two\\nlines\\x1b[31m.md" in line


# --------------------------------------------------------------------------- input policy


def link_to_dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")  # read to the end, /dev/zero never ends


def make_fifo(path: Path) -> None:
    os.mkfifo(path)  # opening a FIFO waits for a writer that never comes


@pytest.mark.slow
@pytest.mark.parametrize("make, needle", [
    pytest.param(link_to_dev_zero, "essay.md: is a device, not a regular file", id="device",
                 marks=pytest.mark.skipif(not os.path.exists("/dev/zero"),
                                          reason="needs /dev/zero")),
    pytest.param(make_fifo, "essay.md: is a FIFO (named pipe), not a regular file", id="fifo",
                 marks=pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")),
])
def test_essay_that_is_no_regular_file(tmp_path, make, needle):
    # row 7
    make(tmp_path / "essay.md")
    guarded_one_line_error(run_guarded("build", tmp_path / "essay.md", "--format", "html",
                                       "--out-dir", tmp_path / "out"), needle)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_manifest_and_manifest_essay_that_are_fifos(tmp_path):
    os.mkfifo(tmp_path / "book.toml")
    guarded_one_line_error(run_guarded("build", tmp_path / "book.toml", "--format", "html",
                                       "--out-dir", tmp_path / "out"),
                           "book.toml: manifest is a FIFO (named pipe), not a file")
    os.mkfifo(tmp_path / "pipe.md")
    manifest = write(tmp_path / "other.toml", 'title = "T"\nessays = ["pipe.md"]\n')
    one_line_error(run("build", manifest, "--format", "html", "--out-dir", tmp_path / "out"),
                   "essay is a FIFO (named pipe), not a file: 'pipe.md'", "essays[1]")


def test_essay_over_the_size_cap(tmp_path):
    essay = tmp_path / "huge.md"
    with essay.open("wb") as handle:
        handle.write(b"# Huge\n\nwords and words\n")
        handle.truncate(60 * 1024 * 1024)  # sparse: nothing is written to the disk
    one_line_error(run("build", essay, "--format", "html", "--out-dir", tmp_path / "out"),
                   "huge.md: is 60 MB, over the 50 MB an input file may be")


def test_read_regular_stops_at_the_cap(tmp_path):
    from pamphlets.sources import NotReadable, read_regular

    path = tmp_path / "a.md"
    path.write_bytes(b"x" * 2000)
    assert read_regular(path, limit=2000) == b"x" * 2000
    with pytest.raises(NotReadable, match="over the"):
        read_regular(path, limit=1999)


# --------------------------------------------------------------------------- metadata


def alias_bomb(levels: int = 9) -> str:
    """Front matter in which each level repeats the one below nine times: under 600 bytes
    for nine levels, 387 million strings when expanded."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        name, below = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{below}"] * 9) + "]")
    lines.append(f"title: *{chr(ord('a') + levels - 1)}")
    return "---\n" + "\n".join(lines) + "\n---\n\nSome words for the body.\n"


@pytest.mark.slow
def test_yaml_alias_bomb_is_refused_at_once(tmp_path):
    # row 1: 98 s and 6.4 GB, then a MemoryError traceback; held here to 2 GB and 30 s
    essay = write(tmp_path / "bomb.md", alias_bomb(9))
    assert len(essay.read_bytes()) < 600
    guarded_one_line_error(run_guarded("build", essay, "--format", "html",
                                       "--out-dir", tmp_path / "out"),
                           "bomb.md:3: front matter: YAML aliases such as *a are not allowed",
                           "write the value out in full")


def test_small_alias_in_front_matter_is_refused(tmp_path):
    essay = write(tmp_path / "essay.md", "---\nname: &n Ann Smith\nauthor: *n\n---\n\nWords.\n")
    one_line_error(run("build", essay, "--format", "html", "--out-dir", tmp_path / "out"),
                   "essay.md:3: front matter: YAML aliases such as *n are not allowed")


def test_oversized_front_matter_is_refused(tmp_path):
    body = "---\ntitle: T\nnotes: " + "x" * 200_000 + "\n---\n\nWords.\n"
    essay = write(tmp_path / "essay.md", body)
    one_line_error(run("build", essay, "--format", "html", "--out-dir", tmp_path / "out"),
                   "essay.md:1: front matter is over 100,000 characters")


@pytest.mark.parametrize("date", ["2024-13-45", "2024-02-30"])
def test_front_matter_date_that_is_no_date(tmp_path, date):
    # row 8: a ValueError traceback for a typo
    essay = write(tmp_path / "essay.md", f"---\ntitle: T\ndate: {date}\n---\n\nSome words.\n")
    out = tmp_path / "out"
    result = run("build", essay, "--format", "html", "--out-dir", out)
    assert result.exit_code == 0, result.output
    assert f"warning: date is not a real date; left out: {date} in " in result.output
    assert date not in (out / "t.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("date", ["2023-02-29", "2024-00-10", "0000-01-01"])
def test_dates_that_are_no_dates_are_left_out_for_every_reader(date):
    # the metadata transform runs after every reader (HTML, TEI, Muse ...)
    from pamphlets.model import Essay, EssayMeta, ReadResult
    from pamphlets.transforms.metadata import tidy_metadata

    essay = Essay(EssayMeta(title="T", date=date), (), origin="page.html")
    result = tidy_metadata(ReadResult(essay, ()))
    assert result.essay.meta.date == ""
    assert [(n.kind, n.reason, n.text) for n in result.notices if n.kind == "warning"] == [
        ("warning", "date is not a real date; left out", f"{date} in page.html")]


def test_real_dates_are_kept():
    from pamphlets.metadata import iso_date, not_a_real_date

    assert iso_date("2024-02-30") == "" and iso_date("2024-02-29") == "2024-02-29"
    assert not not_a_real_date("2024-02-29") and not not_a_real_date("Spring 1917")
    assert not not_a_real_date("2026") and not not_a_real_date("2026-05")


@pytest.mark.parametrize("body, needles", [
    ('title = "T"\ndate = "2024-13-45"\nessays = ["a.md"]\n',
     ["not a real date: '2024-13-45'", "(key 'date')"]),
    ('title = "T"\ndate = 123456\nessays = ["a.md"]\n',
     ["expected a year from 1 to 9999", "(key 'date')"]),
    ('title = "T"\nessays = [{ path = "a.md", date = "2024-02-30" }]\n',
     ["not a real date", "(key 'essays[1].date')"]),
    ('title = "T"\nessays = [{ path = "a.md", author = ["Ann", 3] }]\n',
     ["expected a string or a list of strings", "(key 'essays[1].author')"]),
    # row 16: a 5,000-digit integer
    ('title = "T"\nessays = ["a.md"]\ndate = ' + "9" * 5000 + "\n",
     ["book.toml:3: a number too long to read"]),
])
def test_manifest_values_out_of_range(tmp_path, body, needles):
    write(tmp_path / "a.md", ESSAY)
    manifest = write(tmp_path / "book.toml", body)
    one_line_error(run("build", manifest, "--format", "html", "--out-dir", tmp_path / "out"),
                   *needles)


def epub_xml_problems(epub: Path) -> list[str]:
    import zipfile

    from lxml import etree

    problems = []
    with zipfile.ZipFile(epub) as archive:
        for name in archive.namelist():
            if name.endswith((".xhtml", ".opf", ".ncx", ".xml")):
                try:
                    etree.fromstring(archive.read(name))
                except etree.XMLSyntaxError as exc:
                    problems.append(f"{name}: {exc}")
    return problems


def test_control_characters_in_the_manifest_title(tmp_path):
    # row 9: exit 0, but four EPUB files were not well-formed XML and the title empty
    write(tmp_path / "a.md", ESSAY)
    manifest = write(tmp_path / "book.toml",
                     'title = "Bad\\u0000 Title\\u001b[31m"\neditor = "Ed\\u0007"\n'
                     'essays = ["a.md"]\n')
    out = tmp_path / "out"
    result = run("build", manifest, "--format", "epub", "--out-dir", out)
    assert result.exit_code == 0, result.output
    assert "removed 3 control or invalid character(s): the book's metadata" in result.output
    [epub] = out.glob("*.epub")
    assert epub_xml_problems(epub) == []
    import zipfile
    with zipfile.ZipFile(epub) as archive:
        assert "<dc:title id=\"title\">Bad Title[31m</dc:title>" in \
            archive.read("EPUB/content.opf").decode()


def test_control_characters_in_the_title_option(tmp_path):
    essay = write(tmp_path / "a.md", ESSAY)
    out = tmp_path / "out"
    result = run("build", essay, "--title", "Esc\x1bape\x00", "--format", "epub,html",
                 "--out-dir", out)
    assert result.exit_code == 0, result.output
    assert "removed 2 control or invalid character(s): the book's metadata (--title)" \
        in result.output
    [epub] = out.glob("*.epub")
    assert epub.name == "escape.epub"
    assert epub_xml_problems(epub) == []
    import zipfile
    with zipfile.ZipFile(epub) as archive:
        assert '<dc:title id="title">Escape</dc:title>' in \
            archive.read("EPUB/content.opf").decode()
    html = (out / "escape.html").read_text(encoding="utf-8")
    assert "<title>Escape</title>" in html and "\x1b" not in html and "\x00" not in html


@pytest.mark.parametrize("value, needle", [
    ("253402300800", "SOURCE_DATE_EPOCH is out of range: '253402300800'"),  # row 18
    ("-1", "SOURCE_DATE_EPOCH is out of range: '-1'"),
    ("9" * 5000, "SOURCE_DATE_EPOCH is not a whole number: '999"),
])
def test_source_date_epoch_out_of_range(tmp_path, value, needle):
    essay = write(tmp_path / "a.md", ESSAY)
    line = one_line_error(run("build", essay, "--format", "html", "--out-dir", tmp_path / "out",
                              env={"SOURCE_DATE_EPOCH": value}), needle)
    assert len(line) < 300


def test_source_date_epoch_at_the_end_of_9999(tmp_path):
    essay = write(tmp_path / "a.md", ESSAY)
    result = run("build", essay, "--format", "html,epub", "--out-dir", tmp_path / "out",
                 env={"SOURCE_DATE_EPOCH": "253402300799"})
    assert result.exit_code == 0, result.output


# --------------------------------------------------------------------------- images


def png(width: int, height: int, *, complete: bool = True) -> bytes:
    """A black-and-white PNG of ``width`` x ``height``: complete (a few kB for the
    largest sizes, the rows compress to nothing), or only a header claiming that size."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    if complete:
        pixels = zlib.compress(bytes((width + 7) // 8 + 1) * height, 9)
    else:
        pixels = zlib.compress(bytes(16))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + \
        chunk(b"IEND", b"")


def picture_essay(tmp_path: Path, data: bytes, name: str = "pic.png") -> Path:
    (tmp_path / name).write_bytes(data)
    return write(tmp_path / "essay.md", f"# Pictures\n\nSome words before it.\n\n"
                                        f"![a picture]({name})\n")


def epub_images(epub: Path) -> list[str]:
    import zipfile

    with zipfile.ZipFile(epub) as archive:
        return [n for n in archive.namelist() if "/images/" in n and "cover" not in n]


def test_png_claiming_ten_billion_pixels(tmp_path):
    # row 6: a DecompressionBombError traceback from the EPUB writer
    essay = picture_essay(tmp_path, png(100_000, 100_000, complete=False))
    out = tmp_path / "out"
    result = run("build", essay, "--format", "epub,html", "--out-dir", out)
    assert result.exit_code == 0, result.output
    assert "warning: image left out: over 50 megapixels; scale it down: pic.png" in result.output
    assert epub_images(out / "pictures.epub") == []
    assert "pic.png" not in (out / "pictures.html").read_text(encoding="utf-8")


def test_valid_ten_thousand_pixel_square_png(tmp_path):
    # row 23: 845 MB to render the PDF, and Pillow's own warnings
    essay = picture_essay(tmp_path, png(10_000, 10_000))
    import warnings

    from PIL import Image
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(tmp_path / "pic.png") as image:
            image.verify()  # a complete, valid picture
            assert image.size == (10_000, 10_000)
    out = tmp_path / "out"
    result = run("build", essay, "--format", "epub,html", "--out-dir", out)
    assert result.exit_code == 0, result.output
    assert ("warning: image left out: over 50 megapixels (10000 x 10000 pixels); "
            "scale it down: pic.png") in result.output
    assert "DecompressionBomb" not in result.output
    assert epub_images(out / "pictures.epub") == []


def test_big_picture_left_out_of_the_pdf(tmp_path):
    from pamphlets.writers.images import image_problem

    (tmp_path / "big.png").write_bytes(png(8000, 7000, complete=False))
    (tmp_path / "fine.png").write_bytes(png(6000, 8000, complete=False))  # 48 megapixels
    (tmp_path / "drawing.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert "over 50 megapixels (8000 x 7000 pixels)" in image_problem(tmp_path / "big.png")
    assert image_problem(tmp_path / "fine.png") == ""
    assert image_problem(tmp_path / "drawing.svg") == ""


def test_cover_image_claiming_ten_billion_pixels(tmp_path):
    write(tmp_path / "a.md", ESSAY)
    (tmp_path / "cover.png").write_bytes(png(100_000, 100_000, complete=False))
    manifest = write(tmp_path / "book.toml",
                     'title = "T"\ncover_image = "cover.png"\nessays = ["a.md"]\n')
    result = run("build", manifest, "--format", "epub", "--out-dir", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert ("warning: cover image over 50 megapixels; scale it down; a cover was generated "
            "instead") in result.output


# --------------------------------------------------------------------------- impose, proof


def raw_pdf(*objects: str) -> bytes:
    """A PDF made of ``objects`` (numbered from 1, the first the catalogue), with its
    cross-reference table: any page tree, however broken."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            "%%EOF\n").encode()
    return out


CATALOG = "<< /Type /Catalog /Pages 2 0 R >>"


def test_impose_a_page_with_a_zero_media_box(tmp_path):
    # row 19: a ZeroDivisionError traceback
    pdf = tmp_path / "zero.pdf"
    pdf.write_bytes(raw_pdf(CATALOG, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 0 0] >>"))
    one_line_error(run("impose", pdf, "-o", tmp_path / "out.pdf"),
                   "zero.pdf: page 1 has no size (its page box is empty or broken)")
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.parametrize("pages", [
    # the page tree holds itself
    ("<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
     "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 300] >>"),
    # the page tree's child holds its parent
    ("<< /Type /Pages /Kids [3 0 R] /Count 2 >>",
     "<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 4 0 R] /Count 1 >>",
     "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 200 300] >>"),
])
def test_proof_and_impose_a_page_tree_that_loops(tmp_path, pages):
    # row 20: a PdfiumError traceback from proof
    pdf = tmp_path / "loop.pdf"
    pdf.write_bytes(raw_pdf(CATALOG, *pages))
    one_line_error(run("proof", pdf, "-o", tmp_path / "proof.png"), "loop.pdf: page ",
                   "cannot be read")
    one_line_error(run("impose", pdf, "-o", tmp_path / "out.pdf"), "loop.pdf: not a readable PDF")
    assert not (tmp_path / "proof.png").exists() and not (tmp_path / "out.pdf").exists()


def test_proof_of_a_page_too_long_to_draw(tmp_path):
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(raw_pdf(CATALOG, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 2 14400] >>"))
    guarded_one_line_error(run_guarded("proof", pdf, "-o", tmp_path / "proof.png"),
                           "long.pdf: the contact sheet would be", "over 100 megapixels")


@pytest.mark.slow
def test_proof_options_are_range_checked(tmp_path):
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(raw_pdf(CATALOG, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 300] >>"))
    for option in ("--width", "--columns"):
        done = run_guarded("proof", pdf, option, "1000000")
        assert done.returncode == 2, done.stderr[-2000:]
        assert f"Invalid value for '{option}': 1000000 is not in the range" in done.stderr
        assert not list(tmp_path.glob("*.png"))


def test_cover_image_left_out_of_the_html_and_pdf_says_so(tmp_path):
    """Before: only the EPUB warned; a PDF or HTML build dropped the cover in silence."""
    write(tmp_path / "a.md", ESSAY)
    (tmp_path / "cover.png").write_bytes(png(100_000, 100_000, complete=False))
    manifest = write(tmp_path / "book.toml",
                     'title = "T"\ncover_image = "cover.png"\nessays = ["a.md"]\n')
    line = "warning: cover image over 50 megapixels; scale it down; a cover was generated instead"
    result = run("build", manifest, "--format", "html", "--out-dir", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert line in result.output
    assert 'class="cover-image"' not in (tmp_path / "out" / "t.html").read_text(encoding="utf-8")
    both = run("build", manifest, "--format", "html,epub", "--out-dir", tmp_path / "out")
    assert both.exit_code == 0, both.output
    assert both.output.count(line) == 1  # one line, whichever writers met it
