"""Outputs survive the machine: a full disk, a damaged cache, an output that is also an
input, SIGTERM and SIGHUP, a killed build, a failed import, the file mode, reproducibility.

Each case ends in the documented way (docs/errors.md, "Outputs and interruptions"): one
line and exit code 1, or a warning and a good build, and never a temporary file left
behind or an input overwritten.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from conftest import ROOT

from pamphlets import atomic
from pamphlets.cli import cli

EPOCH = "1700000000"
ESSAY = "---\ntitle: A Short Essay\n---\n\nSome plain text for the essay.\n"
SLUG = "a-short-essay"
INTERRUPTED = "error: interrupted; earlier outputs are left as they were"


def run(*args, env=None):
    """The real CLI in-process; exceptions stay inside the result (as for a user)."""
    return CliRunner().invoke(cli, [str(a) for a in args],
                              env={"SOURCE_DATE_EPOCH": EPOCH, **(env or {})})


def process_env() -> dict[str, str]:
    """The environment of a CLI run in its own process, importing this checkout."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": path}


def cli_process(*args) -> subprocess.CompletedProcess:
    """The CLI in its own process: an abort there must not take the tests with it."""
    return subprocess.run([sys.executable, "-m", "pamphlets", *map(str, args)],
                          env=process_env(), capture_output=True, text=True, timeout=180)


def one_error_line(code: int, stdout: str, stderr: str, *needles: str) -> str:
    assert code == 1, (code, stderr)
    assert "Traceback" not in stderr and "terminate called" not in stderr, stderr
    assert stdout == "", stdout
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def error_line(result, *needles: str) -> str:
    assert result.exc_info is None or result.exc_info[0] is SystemExit, result.exc_info
    return one_error_line(result.exit_code, result.stdout, result.stderr, *needles)


def leftovers(folder: Path) -> list[str]:
    """Temporary files anywhere under ``folder``, the caches included."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and (".tmp" in p.name or "pikepdf" in p.name))


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def small_pdf(path: Path, pages: int = 4) -> Path:
    """A PDF of blank A5 pages: enough for impose and proof, made in no time."""
    with pikepdf.new() as pdf:
        for _ in range(pages):
            pdf.add_blank_page(page_size=(420, 595))
        pdf.save(path)
    return path


@pytest.fixture
def essay(tmp_path) -> Path:
    path = tmp_path / "a.md"
    path.write_text(ESSAY, encoding="utf-8")
    return path


# ------------------------------------------------------------------ row 2: a full disk


def _fill(folder: Path) -> None:
    """Write into ``folder`` until its file system has no block left."""
    try:
        with open(folder / "filler", "wb", buffering=0) as handle:
            while True:
                handle.write(b"\0" * 1024)
    except OSError as error:
        assert error.errno == errno.ENOSPC, error


@pytest.fixture
def full_disk(tmp_path):
    """A real, full file system: a 64 KB tmpfs filled to the last block (needs root)."""
    folder = tmp_path / "full"
    folder.mkdir()
    try:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs",
                                  str(folder)], capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        pytest.skip("cannot run mount")
    if mounted.returncode != 0:
        pytest.skip("mounting a tmpfs is not permitted here")
    try:
        _fill(folder)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30)


@pytest.mark.slow
def test_full_disk_build_is_the_documented_line(full_disk, essay):
    """Before: qpdf met the full disk itself and aborted the process (exit 134) with a raw
    QPDFSystemError, leaving its temporary file and ours."""
    done = cli_process("build", essay, "--out-dir", full_disk, "--format", "pdf",
                       "--jobs", "1")
    one_error_line(done.returncode, done.stdout, done.stderr,
                   f"Error: {full_disk / SLUG}.pdf: the disk is full",
                   "free some disk space and build again")
    assert leftovers(full_disk) == []
    assert not (full_disk / f"{SLUG}.pdf").exists()


def test_full_disk_impose_is_the_documented_line(full_disk, tmp_path):
    source = small_pdf(tmp_path / "book.pdf")
    done = cli_process("impose", source, "-o", full_disk / "print.pdf")
    one_error_line(done.returncode, done.stdout, done.stderr,
                   "print.pdf: the disk is full", "free some disk space")
    assert leftovers(full_disk) == [] and not (full_disk / "print.pdf").exists()


@pytest.mark.slow
@pytest.mark.parametrize("command", ["proof", "import"])
def test_full_disk_other_commands(full_disk, tmp_path, essay, command):
    if command == "proof":
        args = ["proof", small_pdf(tmp_path / "book.pdf"), "-o", full_disk / "out.png"]
    else:
        args = ["import", essay, "-o", full_disk / "out.md", "-q"]
    done = cli_process(*args)
    one_error_line(done.returncode, done.stdout, done.stderr, "out.", "the disk is full")
    assert leftovers(full_disk) == [] and not any(full_disk.glob("out.*"))


@pytest.mark.slow
@pytest.mark.parametrize("output", [f"{SLUG}.pdf", f"{SLUG}-cover.pdf", f"{SLUG}-print.pdf"])
def test_disk_full_in_any_pdf_is_one_line(essay, tmp_path, monkeypatch, output):
    """Where no file system can be mounted: ENOSPC from the write of each PDF, the cover
    and the imposed sheets included (they all go through ``atomic.save_pdf``)."""
    out = tmp_path / "out"
    real_open = open

    def full(path, mode="r", *args, **kw):
        if "w" in mode and output in os.fsdecode(path):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(path, mode, *args, **kw)

    monkeypatch.setattr(atomic, "open", full, raising=False)
    result = run("build", essay, "--out-dir", out, "--format", "pdf", "--jobs", "1",
                 "--cover", "separate", "--impose", "booklet")
    error_line(result, f"{out / output}: the disk is full", "free some disk space")
    assert files(out) == {} and leftovers(out) == []


# ------------------------------------------------------------------ row 11: the cache


def _build_pdf(essay: Path, out: Path):
    result = run("build", essay, "--out-dir", out, "--format", "pdf", "--jobs", "1")
    assert result.exit_code == 0, result.output
    return result, (out / f"{SLUG}.pdf").read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["truncate", "garble-json", "drop-pdf"])
def test_damaged_cache_entries_are_rendered_again(essay, tmp_path, damage):
    """Before: a truncated part PDF in the cache gave a pikepdf traceback on every build
    until the cache was deleted by hand."""
    out = tmp_path / "out"
    _, first = _build_pdf(essay, out)
    parts = out / ".cache" / "parts"
    entries = sorted(parts.glob("*.pdf"))
    assert entries
    for pdf in entries:
        if damage == "truncate":
            pdf.write_bytes(pdf.read_bytes()[: pdf.stat().st_size // 2])
        elif damage == "garble-json":
            pdf.with_suffix(".json").write_text("{\"pages\": ", encoding="utf-8")
        else:
            pdf.unlink()
    result, second = _build_pdf(essay, out)
    assert "Traceback" not in result.output
    warnings = [line for line in result.stderr.splitlines() if "damaged cache" in line]
    assert len(warnings) == 1, result.stderr
    assert warnings[0].startswith("warning: a damaged cache entry was rendered again: ")
    assert str(parts) in warnings[0]
    assert second == first
    # the entries are whole again: the next build uses them, quietly
    result, third = _build_pdf(essay, out)
    assert "damaged" not in result.stderr and third == first


@pytest.mark.slow
def test_cache_entry_from_a_version_without_checksum_renders_quietly(essay, tmp_path):
    import json

    out = tmp_path / "out"
    _, first = _build_pdf(essay, out)
    for meta in (out / ".cache" / "parts").glob("*.json"):
        info = json.loads(meta.read_text(encoding="utf-8"))
        del info["sha256"]
        meta.write_text(json.dumps(info), encoding="utf-8")
    result, second = _build_pdf(essay, out)
    assert "damaged" not in result.stderr and second == first


# ------------------------------------------------------------------ row 12: output = input


def test_build_refuses_to_write_over_its_essay(tmp_path):
    """Before: ``build page.html --format html --out-dir .`` overwrote the essay, exit 0."""
    page = tmp_path / "page.html"
    text = "<html><head><title>Page</title></head><body><p>Some text.</p></body></html>"
    page.write_text(text, encoding="utf-8")
    result = run("build", page, "--format", "html", "--out-dir", tmp_path)
    error_line(result, f"{page}: the output would overwrite the input",
               "(key 'out-dir')", "choose another --out-dir")
    assert page.read_text(encoding="utf-8") == text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]
    # the same file by another name (a link to the folder) is the same file
    (tmp_path / "link").symlink_to(tmp_path)
    error_line(run("build", page, "--format", "html", "--out-dir", tmp_path / "link"),
               "the output would overwrite the input")
    assert page.read_text(encoding="utf-8") == text


@pytest.mark.parametrize("command, name", [("impose", "book.pdf"), ("proof", "book.pdf")])
def test_impose_and_proof_refuse_to_write_over_their_input(tmp_path, command, name):
    source = small_pdf(tmp_path / name)
    before = source.read_bytes()
    result = run(command, source, "-o", source)
    error_line(result, f"{source}: the output would overwrite the input", "(key 'output')")
    assert source.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize("how", ["-o", "--out-dir", "--report"])
def test_import_refuses_to_write_over_its_source(tmp_path, how):
    source = tmp_path / "a-short-essay.md"
    source.write_text(ESSAY, encoding="utf-8")
    if how == "-o":
        args = ["-o", source, "--force"]
    elif how == "--out-dir":
        args = ["--out-dir", tmp_path, "--force"]
    else:
        args = ["-o", tmp_path / "new.md", "--report", source]
    error_line(run("import", source, *args), "the output would overwrite the input")
    assert source.read_text(encoding="utf-8") == ESSAY
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-short-essay.md"]


# ------------------------------------------------------------------ row 13: signals


def _long_essay(tmp_path: Path) -> Path:
    body = "\n\n".join(f"Paragraph {i}: some words for the page, enough to fill it out."
                       for i in range(150))
    path = tmp_path / "a.md"
    path.write_text(f"---\ntitle: A Short Essay\n---\n\n{body}\n", encoding="utf-8")
    return path


def _start_and_stop(tmp_path: Path, signum: int, jobs: str, group: bool):
    """Start a PDF build, send ``signum`` once its temporary file is there; returns
    (process, stdout, stderr, output folder)."""
    essay = _long_essay(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{SLUG}.pdf").write_bytes(b"%PDF the earlier build")
    proc = subprocess.Popen([sys.executable, "-m", "pamphlets", "build", str(essay),
                             "--out-dir", str(out), "--format", "pdf", "--jobs", jobs],
                            env=process_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not list(out.glob(f".{SLUG}.pdf.*.tmp")):
            assert proc.poll() is None, ("the build ended first", proc.communicate())
            assert time.monotonic() < deadline
            time.sleep(0.005)
        if group:
            os.killpg(proc.pid, signum)
        else:
            os.kill(proc.pid, signum)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return proc, stdout, stderr, out


@pytest.mark.slow
@pytest.mark.parametrize("signum, jobs, group", [
    (signal.SIGTERM, "1", False),   # kill PID
    (signal.SIGTERM, "2", True),    # timeout, CI cancellation: the whole process group
    (signal.SIGHUP, "2", True),     # the terminal closed
])
def test_sigterm_and_sighup_go_down_the_ctrl_c_path(tmp_path, signum, jobs, group):
    """Before: the process died at once, leaving ``.a-short-essay.pdf.*.tmp`` for good."""
    proc, stdout, stderr, out = _start_and_stop(tmp_path, signum, jobs, group)
    assert proc.returncode == 1, (proc.returncode, stderr)
    assert stderr.splitlines() == [INTERRUPTED], stderr
    assert stdout == ""
    assert files(out) == {f"{SLUG}.pdf": b"%PDF the earlier build"}
    assert leftovers(out) == []


@pytest.mark.slow
def test_a_killed_build_is_swept_by_the_next(tmp_path):
    """SIGKILL cannot be caught: the next build removes what it left."""
    proc, _, _, out = _start_and_stop(tmp_path, signal.SIGKILL, "1", False)
    assert proc.returncode == -signal.SIGKILL
    assert leftovers(out) != []
    result = run("build", tmp_path / "a.md", "--out-dir", out, "--format", "pdf")
    assert result.exit_code == 0, result.output
    assert leftovers(out) == []
    assert (out / f"{SLUG}.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.slow
def test_stale_temporary_files_are_swept_at_start_up(essay, tmp_path):
    out = tmp_path / "out"
    parts = out / ".cache" / "parts"
    parts.mkdir(parents=True)
    stale = [out / f".{SLUG}.html.0123abcd.tmp",
             out / f".pikepdf..{SLUG}.html.0123abcd.tmpk52elzht",
             parts / f".{'0' * 32}.4242.tmp"]
    kept = [out / ".notes.txt", out / ".other.html.0123abcd.tmp", out / f"{SLUG}.txt"]
    for path in stale + kept:
        path.write_bytes(b"x")
    result = run("build", essay, "--out-dir", out, "--format", "html,pdf", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert [p for p in stale if p.exists()] == []
    assert [p for p in kept if not p.exists()] == []


def test_the_sweep_spares_a_build_at_work(essay, tmp_path):
    """A temporary file is stale only when no other writer is at work in the folder."""
    out = tmp_path / "out"
    out.mkdir()
    with atomic.atomic_write(out / f"{SLUG}.html") as theirs:
        theirs.write_bytes(b"another build's work")
        result = run("build", essay, "--out-dir", out, "--format", "html")
        assert result.exit_code == 0, result.output
        assert theirs.read_bytes() == b"another build's work"
    assert (out / f"{SLUG}.html").read_bytes() == b"another build's work"
    assert leftovers(out) == []


# ------------------------------------------------------------------ row 23: import, modes


def test_a_failed_import_writes_nothing(tmp_path):
    """Before: the first essay was written, then the second failed."""
    first, second = tmp_path / "one.md", tmp_path / "two.md"
    first.write_text("---\ntitle: One\n---\n\nThe first essay.\n", encoding="utf-8")
    second.write_text("---\ntitle: Two\n---\n\nThe second essay.\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "two.md").write_text("mine", encoding="utf-8")
    error_line(run("import", first, second, "--out-dir", out, "-q"),
               "two.md exists; not overwritten", "--force")
    assert files(out) == {"two.md": b"mine"}
    # two sources with one title: refused before either is written
    second.write_text("---\ntitle: One\n---\n\nAnother essay.\n", encoding="utf-8")
    error_line(run("import", first, second, "--out-dir", tmp_path / "new", "-q"),
               "two sources would both be written to")
    assert not (tmp_path / "new").exists() or files(tmp_path / "new") == {}


def test_a_failed_write_in_import_writes_nothing(tmp_path, monkeypatch):
    first, second = tmp_path / "one.md", tmp_path / "two.md"
    first.write_text("---\ntitle: One\n---\n\nThe first essay.\n", encoding="utf-8")
    second.write_text("---\ntitle: Two\n---\n\nThe second essay.\n", encoding="utf-8")
    real_write = Path.write_bytes

    def full(self, data):
        if self.name.startswith(".two.md."):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", full)
    error_line(run("import", first, second, "--out-dir", tmp_path / "out", "-q"),
               "two.md: the disk is full")
    assert files(tmp_path / "out") == {}


@pytest.fixture
def umask_027():
    earlier = os.umask(0o027)
    try:
        yield 0o640
    finally:
        os.umask(earlier)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.slow
def test_outputs_get_the_users_file_mode(essay, tmp_path, umask_027):
    """Every output is made as a new file would be (0666 less the umask), never 0600."""
    out = tmp_path / "out"
    result = run("build", essay, "--out-dir", out, "--format", "pdf,epub,html", "--jobs", "1",
                 "--cover", "separate", "--impose", "booklet")
    assert result.exit_code == 0, result.output
    made = [out / f"{SLUG}{end}" for end in
            (".pdf", ".epub", ".html", "-cover.pdf", "-print.pdf")]
    assert run("impose", out / f"{SLUG}.pdf", "-o", tmp_path / "print.pdf").exit_code == 0
    assert run("proof", out / f"{SLUG}.pdf", "-o", tmp_path / "proof.png").exit_code == 0
    assert run("import", essay, "-o", tmp_path / "essay.md",
               "--report", tmp_path / "report.json").exit_code == 0
    made += [tmp_path / name for name in ("print.pdf", "proof.png", "essay.md", "report.json")]
    assert {p.name: oct(mode(p)) for p in made} == {p.name: oct(umask_027) for p in made}


def test_a_replaced_output_keeps_its_mode(tmp_path):
    source = small_pdf(tmp_path / "book.pdf")
    target = small_pdf(tmp_path / "print.pdf", pages=1)
    target.chmod(0o604)
    assert run("impose", source, "-o", target).exit_code == 0
    assert mode(target) == 0o604


# ------------------------------------------------------------------ the same bytes


@pytest.mark.slow
def test_every_output_is_byte_identical_for_the_same_inputs(essay, tmp_path):
    args = ["--format", "pdf,epub,html", "--jobs", "1", "--cover", "separate",
            "--impose", "booklet"]
    for out, extra in (("one", []), ("one", []), ("two", ["--no-cache"])):
        result = run("build", essay, "--out-dir", tmp_path / out, *args, *extra)
        assert result.exit_code == 0, result.output
        if out == "one" and not (tmp_path / "first").exists():
            (tmp_path / "first").mkdir()
            for name, data in files(tmp_path / out).items():
                (tmp_path / "first" / name).write_bytes(data)
    first = files(tmp_path / "first")
    assert sorted(first) == sorted(f"{SLUG}{end}" for end in
                                   (".pdf", ".epub", ".html", "-cover.pdf", "-print.pdf"))
    assert files(tmp_path / "one") == first  # again, from the cache
    assert files(tmp_path / "two") == first  # rendered afresh, in another folder
    book = tmp_path / "one" / f"{SLUG}.pdf"
    for n in (1, 2):
        assert run("impose", book, "-o", tmp_path / f"print{n}.pdf").exit_code == 0
        assert run("proof", book, "-o", tmp_path / f"proof{n}.png").exit_code == 0
    assert (tmp_path / "print1.pdf").read_bytes() == (tmp_path / "print2.pdf").read_bytes()
    assert (tmp_path / "print1.pdf").read_bytes() == first[f"{SLUG}-print.pdf"]
    assert (tmp_path / "proof1.png").read_bytes() == (tmp_path / "proof2.png").read_bytes()
