"""Bad input: one clear line, exit code 1; usage errors exit 2; good outputs never clobbered."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SEEDS

from pamphlets.cli import cli


def run(*args, **kw):
    return CliRunner().invoke(cli, [str(a) for a in args], **kw)


def manifest(tmp_path: Path, text: str) -> Path:
    (tmp_path / "a.md").write_text("---\ntitle: A\n---\n\nSome text.\n", encoding="utf-8")
    path = tmp_path / "book.toml"
    path.write_text(text, encoding="utf-8")
    return path


def one_line_error(result, *needles):
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("body, needles", [
    ('title = "T"\nessays = ["a.md"]\ncolour = "red"\n', ["book.toml", "colour", "unknown key"]),
    ('title = 3\nessays = ["a.md"]\n', ["book.toml", "'title'", "expected a string"]),
    ('title = "T"\nessays = ["a.md", "gone.md"]\n', ["book.toml", "essays[2]", "gone.md"]),
    ('title = "T"\nessays = ["a.md"]\npage_size = "b5"\n', ["page_size", "a5"]),
    ('title = "T"\nessays = ["a.md"]\nnotes = "side"\n', ["notes", "essay"]),
    ('title = "T\nessays = ["a.md"]\n', ["book.toml:1", "TOML syntax error"]),
    ('essays = ["a.md"]\n', ["title", "missing"]),
])
def test_manifest_problems_are_one_line(tmp_path, body, needles):
    path = manifest(tmp_path, body)
    one_line_error(run("build", path, "--out-dir", tmp_path / "out"), *needles)


def test_all_manifest_problems_reported_together(tmp_path):
    path = manifest(tmp_path, 'title = 1\nessays = ["nope.md"]\nfoo = 2\n')
    line = one_line_error(run("build", path, "--out-dir", tmp_path / "out"))
    assert "title" in line and "nope.md" in line and "foo" in line


@pytest.mark.parametrize("make, needle", [
    (lambda d: d / "missing.md", "file not found"),
    (lambda d: d, "directory"),
    (lambda d: (d / "empty.md").write_text("") and d / "empty.md" or d / "empty.md", "empty"),
    (lambda d: (d / "bin.md").write_bytes(b"ab\x00cd") and d / "bin.md", "NUL"),
])
def test_bad_essay_files(tmp_path, make, needle):
    target = make(tmp_path)
    one_line_error(run("build", target, "--out-dir", tmp_path / "out"), needle)


def test_usage_errors_exit_2(tmp_path):
    assert run("build").exit_code == 2
    assert run("build", SEEDS / "folding.md", "--no-such-option").exit_code == 2
    assert run("build", SEEDS / "folding.md", "--page-size", "b5").exit_code == 2


def test_output_dir_that_is_a_file(tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    one_line_error(run("build", SEEDS / "margins.md", "--out-dir", blocker, "--format", "html"),
                   "out")


def test_debug_shows_traceback(tmp_path):
    result = run("--debug", "build", tmp_path / "missing.md")
    assert result.exit_code != 0
    assert result.exc_info is not None


def test_failed_build_keeps_earlier_output(tmp_path):
    out = tmp_path / "out"
    good = run("build", SEEDS / "margins.md", "--out-dir", out, "--format", "html")
    assert good.exit_code == 0, good.output
    html = out / "notes-in-the-margin.html"
    before = html.read_bytes()
    bad = run("build", SEEDS / "margins.md", "--out-dir", out, "--format", "html",
              "--style", tmp_path / "nope.css")
    assert bad.exit_code == 1
    assert html.read_bytes() == before
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [html.name]


def test_one_essay_book_takes_its_title_and_author(tmp_path):
    result = run("build", SEEDS / "folding.md", "--out-dir", tmp_path, "--format", "html")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "on-folding-a-short-guide-to-the-saddle-stitched-pamphlet.html").read_text()
    assert "<title>On Folding" in html and "Ada Quire" in html


def test_title_option_and_styles(tmp_path):
    css = tmp_path / "mine.css"
    css.write_text(".essay-title { color: rgb(200, 0, 0); }")
    result = run("build", SEEDS / "folding.md", SEEDS / "margins.md", "--title", "Two Essays",
                 "--style", "zine", "--style", css, "--out-dir", tmp_path, "--format", "html")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "two-essays.html").read_text()
    assert "DejaVu Sans" in html and "rgb(200, 0, 0)" in html
    assert 'html { font-family: "Pamphlets EB Garamond"' not in html  # classic not loaded


def test_template_syntax_in_essays_prints_literally(tmp_path):
    essay = tmp_path / "t.md"
    essay.write_text("---\ntitle: '{{ 7*7 }}'\n---\n\nText {{ 7*7 }} and <script>x</script>.\n")
    result = run("build", essay, "--out-dir", tmp_path, "--format", "html")
    assert result.exit_code == 0, result.output
    html = next(tmp_path.glob("*.html")).read_text()
    assert "{{ 7*7 }}" in html and "49" not in html and "<script>x" not in html


def test_list_command(tmp_path):
    result = run("list", SEEDS)
    assert result.exit_code == 0, result.output
    assert "On Folding" in result.output and "Ada Quire" in result.output
    row = next(line for line in result.output.splitlines() if line.startswith("folding.md"))
    assert row.split()[-2] == "3"  # three notes


def test_help_has_examples():
    for args in (["--help"], ["build", "--help"], ["list", "--help"], ["import", "--help"],
                 ["impose", "--help"], ["proof", "--help"]):
        result = run(*args)
        assert result.exit_code == 0 and "Example" in result.output


def test_a_page_size_added_to_the_table_works_everywhere(tmp_path, monkeypatch):
    """Adding a page size is one entry in pages.PAGE_SIZES: build and list accept it."""
    from click.testing import CliRunner

    from pamphlets import pages
    from pamphlets.cli import cli

    b6 = pages.PageSize("b6", 125, 176, (14, 18, 16, 12), 10, 0.7)
    monkeypatch.setitem(pages.PAGE_SIZES, "b6", b6)
    essay = tmp_path / "e.md"
    essay.write_text("---\ntitle: Small\n---\n\n" + "Words on a page. " * 400, encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(cli, ["build", str(essay), "--page-size", "b6", "--format", "html",
                              "--out-dir", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    html = (tmp_path / "out" / "small.html").read_text(encoding="utf-8")
    assert "size: 125mm 176mm" in html
    res = runner.invoke(cli, ["list", str(tmp_path), "--page-size", "b6"])
    assert res.exit_code == 0, res.output
    pages = int(res.output.splitlines()[-1].split()[-1])
    assert pages == round(1600 / b6.words_per_page + 0.5) == 8  # the table's estimate
