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


# --------------------------------------------------------------------------- input policy


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_essay_that_links_to_a_device(tmp_path):
    # row 7: read to the end, /dev/zero never ends
    (tmp_path / "essay.md").symlink_to("/dev/zero")
    guarded_one_line_error(run_guarded("build", tmp_path / "essay.md", "--format", "html",
                                       "--out-dir", tmp_path / "out"),
                           "essay.md: is a device, not a regular file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_essay_that_is_a_fifo(tmp_path):
    # row 7: opening a FIFO waits for a writer that never comes
    os.mkfifo(tmp_path / "essay.md")
    guarded_one_line_error(run_guarded("build", tmp_path / "essay.md", "--format", "html",
                                       "--out-dir", tmp_path / "out"),
                           "essay.md: is a FIFO (named pipe), not a regular file")


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
