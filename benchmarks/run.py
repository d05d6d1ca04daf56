"""Time whole ``pamphlets`` commands against a plain WeasyPrint pass over the same HTML.

    python benchmarks/run.py                 # every book (several minutes)
    python benchmarks/run.py --quick         # the sampler and the 250-page book
    python benchmarks/run.py --only book-250 --jobs 2

Every measurement is one command in a fresh subprocess, timed from start-up to exit:

* wall time, and CPU time (user + system) of the command and every child it waited for,
  from ``wait4`` (cross-checked against the ``RUSAGE_CHILDREN`` delta of this process);
* peak RSS of the command's own process and of its largest child (the render workers),
  recorded by ``launch.py`` at exit;
* pages of the PDF, read back with pypdf, and pages per second of wall time.

Books: the sample booklet, the five seed essays (when ``../shared/seeds`` is there), a
generated ~250-page essay in chapters, a generated ~300-page anthology (also rebuilt warm
after a one-sentence edit, and with ``--no-cache``), a generated ~1,000-page anthology,
and a Project Gutenberg text (when ``../shared/corpus`` has it). Each PDF build
(``--format pdf``) sits beside the plain pass: ``pamphlets build --format html``, then
``HTML(filename=...).write_pdf(...)`` in a fresh interpreter. The Markdown table goes to
stdout, progress to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import textgen  # noqa: E402

SHARED = ROOT.parent / "shared"
GUTENBERG = SHARED / "corpus" / "gutenberg-txt_plechanoff_anarchism-and-socialism_30506.txt"
PLAIN_WEASYPRINT = ("import sys; from weasyprint import HTML; "
                    "HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])")
BOOKS = ("sampler", "five-seeds", "book-250", "anthology-300", "gutenberg", "book-1000")
QUICK = ("sampler", "book-250")


# ---------------------------------------------------------------------- one command


@dataclass
class Run:
    """What one finished command cost."""

    wall: float
    cpu: float
    rss_self_mb: float | None
    rss_child_mb: float | None
    returncode: int
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def _mb(kilobytes: int) -> float:
    return kilobytes / 1024


def run_command(argv: list[str], python: bool = True) -> Run:
    """Run ``argv`` (Python arguments such as ``-m pamphlets ...``, or a whole command
    when ``python`` is false) and measure it with wait4."""
    with tempfile.TemporaryDirectory(prefix="bench-run-") as scratch:
        stats = Path(scratch) / "stats.json"
        command = ([sys.executable, str(HERE / "launch.py"), str(stats), *argv] if python
                   else argv)
        err_path = Path(scratch) / "stderr"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        with open(err_path, "wb") as err:
            started = time.perf_counter()
            proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
            _pid, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = usage.ru_utime + usage.ru_stime
        delta = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if abs(delta - cpu) > 0.05:
            print(f"  note: wait4 CPU {cpu:.2f} s, RUSAGE_CHILDREN delta {delta:.2f} s",
                  file=sys.stderr)
        rss_self, rss_child = _mb(usage.ru_maxrss), None
        if stats.exists():
            recorded = json.loads(stats.read_text(encoding="utf-8"))
            rss_self = _mb(recorded["self_kb"])
            rss_child = _mb(recorded["children_kb"]) if recorded["children_kb"] else None
        return Run(wall, cpu, rss_self, rss_child, proc.returncode,
                   err_path.read_text(encoding="utf-8", errors="replace"))


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def only_file(folder: Path, suffix: str) -> Path:
    found = [p for p in folder.glob(f"*{suffix}") if not p.stem.endswith("-print")]
    if len(found) != 1:
        raise RuntimeError(f"expected one {suffix} in the output folder, found {len(found)}")
    return found[0]


# ---------------------------------------------------------------------- the table


@dataclass
class Row:
    label: str
    run: Run | None = None
    pages: int | None = None
    ratio: float | None = None
    goal: str = ""
    met: bool | None = None
    notes: list[str] = field(default_factory=list)
    load: float = field(default_factory=lambda: os.getloadavg()[0])


def _num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def markdown_table(rows: list[Row]) -> str:
    head = ("| measurement | wall s | CPU s | RSS parent MB | RSS largest child MB | pages "
            "| pages/s | ratio | goal | load | notes |")
    lines = [head, "|" + " --- |" * 11]
    for row in rows:
        r = row.run
        speed = row.pages / r.wall if (r and row.pages and r.ok) else None
        goal = row.goal
        if row.met is not None:
            goal += " met" if row.met else " **not met**"
        cells = [row.label, _num(r and r.wall), _num(r and r.cpu),
                 _num(r and r.rss_self_mb, 0), _num(r and r.rss_child_mb, 0),
                 "–" if row.pages is None else str(row.pages), _num(speed, 1),
                 _num(row.ratio), goal or "–", _num(row.load, 1),
                 "; ".join(row.notes) or ""]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# ---------------------------------------------------------------------- measurements


class Bench:
    def __init__(self, workdir: Path, jobs: int | None):
        self.workdir = workdir
        self.jobs = jobs
        self.rows: list[Row] = []
        self._dirs = 0

    def fresh_dir(self, name: str) -> Path:
        self._dirs += 1
        folder = self.workdir / f"out-{self._dirs:02d}-{name}"
        folder.mkdir(parents=True)
        return folder

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        r = row.run
        summary = f"{r.wall:.2f} s wall, {r.cpu:.2f} s CPU" if r else "skipped"
        print(f"  {row.label}: {summary} {'; '.join(row.notes)}", file=sys.stderr)
        return row

    def _failed(self, row: Row, run: Run) -> bool:
        if run.ok:
            return False
        last = run.stderr.strip().splitlines()[-1:] or ["no message"]
        row.notes.append(f"exit {run.returncode}: {last[0][:120]}")
        return True

    def build(self, label: str, inputs: list[Path], out_dir: Path, *extra: str,
              fmt: str = "pdf") -> Row:
        """One ``pamphlets build`` into ``out_dir``; pages counted when it wrote a PDF."""
        argv = ["-m", "pamphlets", "build", *map(str, inputs), "--format", fmt,
                "--out-dir", str(out_dir), "--quiet", *extra]
        if self.jobs is not None and fmt == "pdf":
            argv += ["--jobs", str(self.jobs)]
        run = run_command(argv)
        row = Row(label, run)
        if not self._failed(row, run) and fmt == "pdf":
            row.pages = pdf_pages(only_file(out_dir, ".pdf"))
        return self.add(row)

    def plain_weasyprint(self, label: str, inputs: list[Path], *extra: str) -> Row:
        """``--format html`` (a row of its own), then WeasyPrint alone on that HTML."""
        html_dir = self.fresh_dir("html")
        html_row = self.build(f"{label}: HTML only (--format html)", inputs, html_dir, *extra,
                              fmt="html")
        if not html_row.run.ok:
            return html_row
        target = html_dir / "plain.pdf"
        run = run_command(["-c", PLAIN_WEASYPRINT, str(only_file(html_dir, ".html")),
                           str(target)])
        row = Row(f"{label}: plain WeasyPrint on that HTML", run)
        if not self._failed(row, run):
            row.pages = pdf_pages(target)
        return self.add(row)

    def build_vs_plain(self, name: str, inputs: list[Path], *extra: str,
                       goal: float | None = None) -> tuple[Row, Path]:
        """The cold PDF build beside the plain pass; the ratio and page check go on the
        build's row. Returns the build row and its output folder."""
        out_dir = self.fresh_dir(name)
        built = self.build(f"{name}: build --format pdf (cold)", inputs, out_dir, *extra)
        plain = self.plain_weasyprint(name, inputs, *extra)
        if built.run.ok and plain.run.ok and plain.pages is not None:
            built.ratio = built.run.wall / plain.run.wall
            if built.pages == plain.pages:
                built.notes.append(f"same pages as plain ({plain.pages})")
            else:
                built.notes.append(f"**pages differ**: plain has {plain.pages}")
            if goal is not None:
                built.goal = f"≤ {goal} × plain"
                built.met = built.ratio <= goal
        return built, out_dir

    # ------------------------------------------------------------------ books

    def sampler(self) -> None:
        self.build_vs_plain("sampler", [ROOT / "seeds" / "sampler.toml"])

    def five_seeds(self) -> None:
        seeds = sorted((SHARED / "seeds").glob("*.txt"))
        if len(seeds) != 5:
            self.add(Row("five-seeds", notes=[f"skipped: {len(seeds)} seed essays found, "
                                               "not 5 (../shared/seeds/*.txt)"]))
            return
        self.build_vs_plain("five-seeds", seeds, "--title", "Five essays")

    def generated(self, spec: textgen.BookSpec) -> list[Path]:
        paths = textgen.write_book(spec, self.workdir / f"src-{spec.name}")
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
        print(f"  generated {spec.name}: {len(paths)} essays, {words:,} words",
              file=sys.stderr)
        return paths

    def book_250(self) -> None:
        spec = textgen.BOOK_250
        paths = self.generated(spec)
        self.build_vs_plain(spec.name, paths, "--title", spec.title, goal=0.6)
        self.epub_only(spec, paths)
        self.pandoc_epub(spec, paths)

    def book_1000(self) -> None:
        spec = textgen.BOOK_1000
        self.build_vs_plain(spec.name, self.generated(spec), "--title", spec.title)

    def anthology_300(self) -> None:
        spec = textgen.ANTHOLOGY_300
        paths = self.generated(spec)
        cold, out_dir = self.build_vs_plain(spec.name, paths, "--title", spec.title)
        if cold.run.ok:
            self.warm_rebuild(spec, paths, out_dir, cold)
            self.no_cache_rebuild(spec, paths, out_dir, cold)

    def gutenberg(self) -> None:
        if not GUTENBERG.exists():
            self.add(Row("gutenberg", notes=["skipped: the Gutenberg text is not in "
                                              "../shared/corpus"]))
            return
        self.gutenberg_import()
        self.build_vs_plain("gutenberg", [GUTENBERG])

    # ------------------------------------------------------------------ single rows

    def warm_rebuild(self, spec: textgen.BookSpec, paths: list[Path], out_dir: Path,
                     cold: Row) -> None:
        """Append a sentence to the last (short) essay and build into the same folder."""
        short = paths[-1]
        with open(short, "a", encoding="utf-8") as f:
            f.write("\nOne more sentence, added before the warm rebuild.\n")
        row = self.build(f"{spec.name}: warm rebuild, one short essay edited", paths,
                         out_dir, "--title", spec.title)
        self._versus_cold(row, cold, goal=0.35)

    def no_cache_rebuild(self, spec: textgen.BookSpec, paths: list[Path], out_dir: Path,
                         cold: Row) -> None:
        row = self.build(f"{spec.name}: rebuild --no-cache", paths, out_dir,
                         "--title", spec.title, "--no-cache")
        self._versus_cold(row, cold, goal=None)

    def _versus_cold(self, row: Row, cold: Row, goal: float | None) -> None:
        if not row.run.ok:
            return
        row.ratio = row.run.wall / cold.run.wall
        row.notes.append("ratio is × the cold build")
        if goal is not None:
            row.goal = f"≤ {goal} × cold"
            row.met = row.ratio <= goal

    def epub_only(self, spec: textgen.BookSpec, paths: list[Path]) -> None:
        out_dir = self.fresh_dir(f"{spec.name}-epub")
        row = self.build(f"{spec.name}: build --format epub", paths, out_dir,
                         "--title", spec.title, fmt="epub")
        if row.run.ok:
            row.goal, row.met = "≤ 2 s", row.run.wall <= 2.0

    def pandoc_epub(self, spec: textgen.BookSpec, paths: list[Path]) -> None:
        pandoc = find_pandoc()
        label = f"{spec.name}: pandoc EPUB of the same Markdown"
        if pandoc is None:
            self.add(Row(label, notes=["skipped: no pandoc on PATH or in pypandoc"]))
            return
        out = self.fresh_dir(f"{spec.name}-pandoc") / "book.epub"
        run = run_command([pandoc, *map(str, paths), "--metadata", f"title={spec.title}",
                           "-o", str(out)], python=False)
        row = Row(label, run)
        if not self._failed(row, run):
            row.notes.append("pandoc binary (no Python)")
        self.add(row)

    def gutenberg_import(self) -> None:
        out = self.fresh_dir("gutenberg-import") / "out.md"
        run = run_command(["-m", "pamphlets", "import", str(GUTENBERG), "-o", str(out)])
        row = Row("gutenberg: import to Markdown", run)
        if run.returncode == 2 and "No such command" in run.stderr:
            row.notes.append("`pamphlets import` does not exist yet (usage error)")
        elif not self._failed(row, run):
            row.goal, row.met = "≤ 1 s", run.wall <= 1.0
        self.add(row)


def find_pandoc() -> str | None:
    found = shutil.which("pandoc")
    if found:
        return found
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return None


# ---------------------------------------------------------------------- main


def machine() -> str:
    import platform

    import weasyprint

    with open("/proc/meminfo", encoding="ascii") as f:
        total_kb = int(f.readline().split()[1])
    return (f"{os.cpu_count()} cores, {total_kb / 1024 / 1024:.0f} GiB RAM, "
            f"Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="only the sampler and the 250-page book")
    parser.add_argument("--only", action="append", choices=BOOKS, metavar="NAME",
                        help=f"run only this book (repeatable): {', '.join(BOOKS)}")
    parser.add_argument("--jobs", type=int, help="pass --jobs N to every PDF build")
    parser.add_argument("--keep", action="store_true",
                        help="keep the generated essays and outputs (printed at the end)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    names = args.only or (QUICK if args.quick else BOOKS)
    workdir = Path(tempfile.mkdtemp(prefix="pamphlets-bench-"))
    bench = Bench(workdir, args.jobs)
    try:
        for name in BOOKS:
            if name in names:
                print(f"{name}", file=sys.stderr)
                getattr(bench, name.replace("-", "_"))()
    finally:
        if args.keep:
            print(f"kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"Machine: {machine()}; --jobs {args.jobs or 'default (one per core)'}\n")
    print(markdown_table(bench.rows))


if __name__ == "__main__":
    main()
