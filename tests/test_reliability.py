"""Reliability: bad input gets one clear line (never a traceback), awkward input still
builds with a warning, and a failed or interrupted build leaves earlier outputs alone.

The plain "file not found / usage error" basics live in ``test_cli_errors.py``; here every
case checks the whole message (what, where, how to fix it) and where it is printed.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SEEDS

from pamphlets.cli import cli

EPOCH = "1700000000"
ESSAY = "---\ntitle: A Short Essay\n---\n\nSome plain text for the essay.\n"


def run(*args, env=None):
    """The real CLI in-process; exceptions stay inside the result (as for a user)."""
    return CliRunner().invoke(cli, [str(a) for a in args],
                              env={"SOURCE_DATE_EPOCH": EPOCH, **(env or {})})


def error_line(result, *needles: str) -> str:
    """Exit code 1, one line on stderr, nothing on stdout, no traceback; the line it was."""
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert result.exc_info is None or result.exc_info[0] is SystemExit, result.exc_info
    assert "Traceback" not in result.output
    assert result.stdout == "", result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("Error: "), line
    for needle in needles:
        assert needle in line, (needle, line)
    return line


def has_hint(line: str) -> None:
    """The '; how to fix it' part that every message ends with."""
    assert "; " in line and len(line.rsplit("; ", 1)[1]) > 10, line


def leftovers(folder: Path) -> list[str]:
    """Temporary or partial files anywhere under ``folder`` (the part cache excepted)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and (".tmp" in p.name or p.name.endswith(".part"))
                  and ".cache" not in p.parts)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def book(tmp_path: Path, body: str) -> Path:
    """A manifest ``book.toml`` beside one good essay ``a.md``."""
    write(tmp_path / "a.md", ESSAY)
    return write(tmp_path / "book.toml", body)


# ------------------------------------------------------------------ bad essay files


@pytest.mark.parametrize("name, content, needles", [
    ("missing.md", None, ["missing.md: file not found", "check the path"]),
    ("folder", "dir", ["folder: is a directory", "name the files inside it"]),
    ("empty.md", b"", ["empty.md: is empty", "write the essay"]),
    ("blank.md", b"  \n\n\t\n", ["blank.md: is empty"]),
    ("binary.md", b"%PDF\x00\x01\x02binary", ["binary.md: holds NUL bytes", "export"]),
])
def test_bad_essay_file_says_what_where_and_how(tmp_path, name, content, needles):
    target = tmp_path / name
    if content == "dir":
        target.mkdir()
    elif content is not None:
        write(target, content)
    line = error_line(run("build", target, "--out-dir", tmp_path / "out"), *needles)
    has_hint(line)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_essay_path_that_is_too_long(tmp_path):
    line = error_line(run("build", tmp_path / ("x" * 300 + ".md"), "--out-dir", tmp_path),
                      "cannot be read", "File name too long")
    has_hint(line)


# ------------------------------------------------------------------ manifests


@pytest.mark.parametrize("body, needles", [
    # TOML syntax: the line of the mistake
    ('title = "T"\nessays = ["a.md"]\ndate = 2026-13-45\n',
     ["book.toml:3: TOML syntax error", "fix the TOML at that line"]),
    ('title = "T"\n\nessays = [a.md]\n', ["book.toml:3: TOML syntax error"]),
    ('title = "T"\nessays = ["a.md"]\n[essays]\n', ["book.toml:3:", "essays"]),
    # unknown keys, top level and inside an essay table
    ('title = "T"\nessays = [{ path = "a.md", colour = "red" }]\n',
     ["book.toml:", "unknown key", "known keys: author", "(key 'essays[1].colour')"]),
    ('title = "T"\nessays = ["a.md"]\n[extra]\nx = 1\n', ["unknown key", "(key 'extra')"]),
    # wrong types
    ('title = "T"\nessays = "a.md"\n', ["expected a list", "(key 'essays')"]),
    ('title = "T"\nessays = ["a.md"]\npage_size = 5\n', ["expected a string", "'page_size'"]),
    ('title = "T"\nessays = ["a.md"]\nstyle = [1, 2]\n',
     ["expected a string or a list of strings", "(key 'style')"]),
    ('title = "T"\nessays = [{ path = "a.md", author = true }]\n',
     ["expected a string or a list", "(key 'essays[1].author')"]),
    ('title = "T"\nessays = [3]\n', ["expected a path or a table", "(key 'essays[1]')"]),
    ('title = true\nessays = ["a.md"]\n', ["expected a string", "(key 'title')"]),
    # essays that are not there
    ('title = "T"\nessays = ["a.md", "gone.md"]\n',
     ["essay not found: 'gone.md'", "(key 'essays[2]')"]),
    ('title = "T"\nessays = ["."]\n', ["essay is a folder, not a file", "(key 'essays[1]')"]),
    ('title = "T"\nessays = []\n', ["the list is empty", "(key 'essays')"]),
    ('title = "T"\nessays = ["a\\u0000.md"]\n', ["essay not found: 'a\\x00.md'"]),
    (f'title = "T"\nessays = ["{"n" * 300}.md"]\n', ["File name too long", "essays[1]"]),
    # values that are not allowed
    ('title = "T"\nessays = ["a.md"]\npage_size = "b5"\n',
     ["unknown page size 'b5'; use one of a6, a5, a4, half-letter, letter",
      "(key 'page_size')"]),
    ('title = "T"\nessays = [{ path = "a.md", format = "docx" }]\n',
     ["unknown input format 'docx'", "(key 'essays[1].format')"]),
    ('title = "T"\nessays = ["a.md"]\nstyle = "nope.css"\n',
     ["book.toml:", "style not found: 'nope.css'", "(key 'style')"]),
    ('title = "T"\nessays = ["a.md"]\ntemplates = "no-such-folder"\n',
     ["folder not found: 'no-such-folder'", "(key 'templates')"]),
    # a key holding a newline must not break the one line
    ('title = "T"\nessays = ["a.md"]\n"two\\nlines" = 1\n', ["(key 'two\\nlines')"]),
    # nesting deep enough to exhaust the TOML parser's recursion
    ('title = "T"\nessays = ["a.md"]\nx = ' + "[" * 5000 + "]" * 5000 + "\n",
     ["book.toml: TOML nested too deeply", "flatten"]),
])
def test_manifest_problem_is_one_line(tmp_path, body, needles):
    path = book(tmp_path, body)
    line = error_line(run("build", path, "--out-dir", tmp_path / "out", "--format", "html"),
                      str(path), *needles)
    has_hint(line)
    assert not (tmp_path / "out").exists()


def test_manifest_that_is_not_utf8(tmp_path):
    path = write(tmp_path / "book.toml", 'title = "Caf\xe9"\n'.encode("latin-1"))
    error_line(run("build", path, "--out-dir", tmp_path / "out"),
               "book.toml: manifest is not UTF-8 text; save it as UTF-8")


@pytest.mark.parametrize("make, needles", [
    (lambda d: d / "nope.toml", ["nope.toml: manifest not found"]),
    (lambda d: (d / "dir.toml").mkdir() or d / "dir.toml",
     ["dir.toml: manifest is a folder, not a file"]),
])
def test_manifest_path_problems(tmp_path, make, needles):
    line = error_line(run("build", make(tmp_path), "--out-dir", tmp_path / "out"), *needles)
    assert "give the path of a .toml manifest" in line


def test_unknown_page_size_option_is_a_usage_error(tmp_path):
    essay = write(tmp_path / "a.md", ESSAY)
    result = run("build", essay, "--page-size", "b5", "--out-dir", tmp_path / "out")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "Invalid value for '--page-size': 'b5' is not one of" in result.stderr
    assert "'a5'" in result.stderr


def test_bad_source_date_epoch(tmp_path):
    essay = write(tmp_path / "a.md", ESSAY)
    error_line(run("build", essay, "--out-dir", tmp_path / "out", "--format", "html",
                   env={"SOURCE_DATE_EPOCH": "yesterday"}),
               "SOURCE_DATE_EPOCH is not a whole number: 'yesterday'", "unset it")


@pytest.mark.slow
def test_bad_signature_is_refused_before_anything_is_rendered(tmp_path):
    essay = write(tmp_path / "a.md", ESSAY)
    out = tmp_path / "out"
    line = error_line(run("build", essay, "--out-dir", out, "--format", "pdf", "--jobs", "1",
                          "--impose", "booklet", "--signature", "6"),
                      "bad signature 6", "(key 'signature')", "multiple of 4")
    # an option's error, checked with the other settings: no temporary file is named
    assert ".tmp" not in line and line.startswith("Error: bad signature")
    assert not out.exists()  # refused before the output folder was even made


# ------------------------------------------------------------------ the output folder


def test_output_folder_below_a_file(tmp_path):
    essay = write(tmp_path / "a.md", ESSAY)
    write(tmp_path / "blocker", "a file")
    line = error_line(run("build", essay, "--out-dir", tmp_path / "blocker" / "sub",
                          "--format", "html"),
                      "blocker/sub: cannot create the output folder", "part of its path is a file")
    has_hint(line)
    assert (tmp_path / "blocker").read_text() == "a file"


def test_output_folder_that_is_a_file_is_left_alone(tmp_path):
    essay = write(tmp_path / "a.md", ESSAY)
    blocker = write(tmp_path / "out", "precious")
    error_line(run("build", essay, "--out-dir", blocker, "--format", "html,epub"),
               "out: the output folder is a file", "choose another --out-dir")
    assert blocker.read_text() == "precious"


@pytest.fixture
def built(tmp_path):
    """A good HTML + EPUB build in ``out/``; returns (essay, out dir, the files' bytes)."""
    essay = write(tmp_path / "a.md", ESSAY)
    out = tmp_path / "out"
    result = run("build", essay, "--out-dir", out, "--format", "html,epub")
    assert result.exit_code == 0, result.output
    before = snapshot(out)
    assert sorted(before) == ["a-short-essay.epub", "a-short-essay.html"]
    # a second build with new text must not leave any trace if it fails
    write(essay, ESSAY.replace("plain text", "changed text"))
    return essay, out, before


def under(folder: Path, path) -> bool:
    try:
        return Path(os.fsdecode(path)).resolve().is_relative_to(folder.resolve())
    except (TypeError, ValueError):
        return False


def test_output_folder_not_writable(built, monkeypatch):
    essay, out, before = built
    real_open = os.open

    def refuse(path, flags, *args, **kw):
        if under(out, path) and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        return real_open(path, flags, *args, **kw)

    monkeypatch.setattr(os, "open", refuse)
    line = error_line(run("build", essay, "--out-dir", out, "--format", "html,epub"),
                      "out/a-short-essay.", "cannot write here (permission denied or read-only)",
                      "check the folder's permissions")
    assert ".tmp" not in line
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_output_file_cannot_be_replaced(built, monkeypatch):
    essay, out, before = built

    real_replace = os.replace

    def refuse(src, dst, *args, **kw):
        if Path(dst).parent == out and not Path(dst).name.startswith("."):
            raise PermissionError(errno.EPERM, "Operation not permitted")
        return real_replace(src, dst, *args, **kw)  # the writers' own renames

    monkeypatch.setattr(os, "replace", refuse)
    error_line(run("build", essay, "--out-dir", out, "--format", "html,epub"),
               "cannot write here", "permission")
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_disk_full_while_moving_into_place(built, monkeypatch):
    essay, out, before = built

    real_replace = os.replace

    def full(src, dst, *args, **kw):
        if Path(dst).parent == out and not Path(dst).name.startswith("."):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst, *args, **kw)

    monkeypatch.setattr(os, "replace", full)
    error_line(run("build", essay, "--out-dir", out, "--format", "html,epub"),
               "out/a-short-essay.", "the disk is full", "free some disk space")
    assert snapshot(out) == before
    assert leftovers(out) == []


def half_then(exc: BaseException):
    """A stand-in writer that writes half a file into its path, then raises ``exc``."""
    def writer(*args, **kw):
        path = next(a for a in args if isinstance(a, Path))
        path.write_bytes(b"PK\x03\x04 half an archive")
        raise exc
    return writer


def test_disk_full_mid_write_keeps_every_earlier_output(built, monkeypatch):
    """The HTML is finished before the EPUB fails; it must not be moved in alone."""
    essay, out, before = built
    import pamphlets.writers.epub as epub

    monkeypatch.setattr(epub, "write", half_then(OSError(errno.ENOSPC, "No space left")))
    error_line(run("build", essay, "--out-dir", out, "--format", "html,epub"),
               "a-short-essay.epub: the disk is full")
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_writer_oserror_about_another_file_names_that_file(built, monkeypatch):
    essay, out, before = built
    import pamphlets.writers.epub as epub

    gone = str(essay.parent / "images" / "missing.png")
    monkeypatch.setattr(epub, "write",
                        half_then(PermissionError(errno.EACCES, "Permission denied", gone)))
    error_line(run("build", essay, "--out-dir", out, "--format", "html,epub"),
               f"{gone}: cannot use this file: Permission denied", "can be read")
    assert snapshot(out) == before
    assert leftovers(out) == []


@pytest.mark.slow
def test_failed_pdf_keeps_earlier_outputs(tmp_path, monkeypatch):
    essay = write(tmp_path / "a.md", ESSAY)
    out = tmp_path / "out"
    first = run("build", essay, "--out-dir", out, "--format", "html,pdf", "--jobs", "1")
    assert first.exit_code == 0, first.output
    before = snapshot(out)
    assert before["a-short-essay.pdf"].startswith(b"%PDF")
    write(essay, ESSAY.replace("plain text", "changed text"))
    import pamphlets.writers.pdf as pdf

    monkeypatch.setattr(pdf, "write", half_then(OSError(errno.ENOSPC, "No space left")))
    error_line(run("build", essay, "--out-dir", out, "--format", "html,pdf"),
               "a-short-essay.pdf: the disk is full")
    assert snapshot(out) == before
    assert leftovers(out) == []


def test_interrupt_in_process_is_one_line(built, monkeypatch):
    essay, out, before = built
    import pamphlets.writers.epub as epub

    monkeypatch.setattr(epub, "write", half_then(KeyboardInterrupt()))
    result = run("build", essay, "--out-dir", out, "--format", "html,epub")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: interrupted; earlier outputs are left as they were"]
    assert snapshot(out) == before
    assert leftovers(out) == []


@pytest.mark.slow
def test_ctrl_c_mid_render(tmp_path):
    """A real SIGINT, sent as a terminal sends it (to the whole process group)."""
    seeds = shutil.copytree(SEEDS, tmp_path / "seeds")
    out = tmp_path / "out"
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    cmd = [sys.executable, "-m", "pamphlets", "build", str(seeds / "sampler.toml"),
           "--out-dir", str(out), "--no-cache", "--jobs", "2"]
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=120)
    before = snapshot(out)
    assert sorted(before) == ["paper-and-persuasion.epub", "paper-and-persuasion.pdf"]
    margins = seeds / "margins.md"
    margins.write_text(margins.read_text(encoding="utf-8") + "\nOne more line.\n",
                       encoding="utf-8")

    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        # the PDF's temporary file appears when rendering starts
        deadline = time.monotonic() + 60
        while not list(out.glob(".paper-and-persuasion.pdf.*.tmp")):
            assert proc.poll() is None, "the build finished before it could be interrupted"
            assert time.monotonic() < deadline
            time.sleep(0.005)
        os.killpg(proc.pid, signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode in (1, 130), (proc.returncode, stderr)
    assert "Traceback" not in stderr
    assert stderr.splitlines() == ["error: interrupted; earlier outputs are left as they were"]
    assert stdout == ""
    assert snapshot(out) == before
    assert leftovers(out) == []


# ------------------------------------------------------------------ awkward but valid


def build_ok(tmp_path: Path, essay: Path, fmt: str = "html") -> tuple[str, list[str]]:
    """Build one essay; return the output's text and the warning lines."""
    out = tmp_path / "out"
    result = run("build", essay, "--out-dir", out, "--format", fmt, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    (html,) = out.glob("*.html") if fmt == "html" else (None,)
    return (html.read_text(encoding="utf-8") if html else ""), warnings


def test_dangling_note_reference(tmp_path):
    essay = write(tmp_path / "d.md", "---\ntitle: D\n---\n\nA claim.[^gone] Then more.\n\n"
                                     "Second[^1] note.\n\n[^1]: A real note.\n")
    html, warnings = build_ok(tmp_path, essay)
    assert any("[^gone]" in w and "no definition" in w for w in warnings), warnings
    assert "A claim." in html and "Then more." in html and "A real note." in html


@pytest.mark.parametrize("name", ["latin.txt", "latin.md"])
def test_latin1_bytes(tmp_path, name):
    text = "Café crème\n\nUn naïve résumé, déjà vu à Noël: ça coûte cher.\n"
    essay = write(tmp_path / name, text.encode("latin-1"))
    html, warnings = build_ok(tmp_path, essay)
    assert any("not valid UTF-8; decoded as cp1252" in w and name in w for w in warnings), \
        warnings
    assert "naïve résumé, déjà vu à Noël" in html


@pytest.mark.slow  # a 20,000-character word through every writer, the PDF included
def test_twenty_thousand_character_word(tmp_path):
    # WeasyPrint hyphenates a long word in time that grows with the square of its length,
    # so the break-long-words transform gives it break points (and says so).
    word = "pneumono" * 2500
    essay = write(tmp_path / "w.md", f"---\ntitle: W\n---\n\nBefore {word} after.\n")
    out = tmp_path / "out"
    result = run("build", essay, "--out-dir", out, "--format", "html,epub,pdf")
    assert result.exit_code == 0, result.output
    assert "longer than 60 characters" in result.output
    html = (out / "w.html").read_text(encoding="utf-8")
    assert f"Before {word} after." in html.replace("\u200b", "")
    import zipfile

    with zipfile.ZipFile(out / "w.epub") as epub:
        assert any(word in epub.read(name).decode("utf-8", "replace").replace("\u200b", "")
                   for name in epub.namelist() if name.endswith(".xhtml"))
    assert (out / "w.pdf").read_bytes().startswith(b"%PDF")


def test_control_characters_are_removed_with_a_warning(tmp_path):
    essay = write(tmp_path / "c.md",
                  "---\ntitle: C\n---\n\nBell\x07 escape\x1b[0m feed\x0c start\x01 end.\n")
    html, warnings = build_ok(tmp_path, essay)
    assert any("removed 4 control or invalid character(s)" in w for w in warnings), warnings
    assert "Bell escape[0m feed start end." in html
    assert not any(c in html for c in "\x07\x1b\x0c\x01")


def test_html_nested_three_thousand_deep(tmp_path):
    body = "<div><blockquote>" * 1500 + "<p>Deep down.</p>" + "</blockquote></div>" * 1500
    essay = write(tmp_path / "deep.html",
                  f"<html><head><title>Deep</title></head><body><p>Top.</p>{body}</body></html>")
    out = tmp_path / "out"
    result = run("build", essay, "--out-dir", out, "--format", "html,epub")
    assert result.exit_code == 0, result.output
    assert "RecursionError" not in result.output
    html = (out / "deep.html").read_text(encoding="utf-8")
    assert "Top." in html and "Deep down." in html
    assert (out / "deep.epub").read_bytes().startswith(b"PK")


@pytest.mark.slow
def test_ten_megabyte_essay(tmp_path):
    para = "A sentence that runs on, as essays do, with some commas and words. " * 12
    count = 10_000_000 // (len(para) + 2) + 1
    text = "---\ntitle: Long\n---\n\n" + "".join(
        f"{para}Paragraph {i}.\n\n" for i in range(count))
    assert len(text) > 10_000_000
    essay = write(tmp_path / "long.md", text)
    html, _ = build_ok(tmp_path, essay)
    assert f"Paragraph {count - 1}." in html
    assert html.count("<p") >= count
