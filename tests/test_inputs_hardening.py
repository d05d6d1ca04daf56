"""Hostile or broken input (issue #15, second round): no exception escapes as a traceback,
and one input policy for every reader. Each case gets one line and exit code 1, or a
warning and a book without the bad part."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pamphlets.cli import cli

ESSAY = "---\ntitle: A Short Essay\n---\n\nSome words to make a body for the essay.\n"


def run(*args, **kw):
    return CliRunner().invoke(cli, [str(a) for a in args], **kw)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


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


def test_unexpected_error_while_reading_is_one_line_naming_file_and_stage(tmp_path,
                                                                           monkeypatch):
    import pamphlets.loading

    def broken_reader(fmt):
        def read(*args, **kwargs):
            raise ValueError("a bug\nover two lines")
        return read

    monkeypatch.setattr(pamphlets.loading, "get_reader", broken_reader)
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
    import pamphlets.loading

    def broken_reader(fmt):
        def read(*args, **kwargs):
            raise ValueError("a bug")
        return read

    monkeypatch.setattr(pamphlets.loading, "get_reader", broken_reader)
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
