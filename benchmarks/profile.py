"""Where the time of one build goes: pyinstrument over the parent and over one worker.

    pip install -e '.[bench]'
    python benchmarks/profile.py [--book book-250] [--depth 14]

1. the parent: ``python -m pyinstrument -m pamphlets build ... --format pdf`` over the
   generated book (the render workers are other processes; the parent's profile shows
   them as time spent waiting for results);
2. one worker render, in this process: the book's HTML parts are made exactly as the PDF
   writer makes them, and ``pamphlets.writers.pdf.render_job`` runs on the longest one,
   so layout (``HTML.render``) and drawing (``Document.write_pdf``) show separately.

Both profiles are printed as pyinstrument text trees.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import textgen  # noqa: E402

SPECS = {spec.name: spec for spec in (textgen.BOOK_250, textgen.ANTHOLOGY_300,
                                      textgen.BOOK_1000)}


def profile_parent(spec: textgen.BookSpec, paths: list[Path], scratch: Path) -> str:
    report = scratch / "parent.txt"
    command = [sys.executable, "-m", "pyinstrument", "--renderer", "text",
               "--outfile", str(report), "-m", "pamphlets", "build", *map(str, paths),
               "--title", spec.title, "--format", "pdf", "--out-dir", str(scratch / "out"),
               "--quiet"]
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=HERE.parent)
    took = time.perf_counter() - started
    return f"parent process (whole command {took:.1f} s wall)\n" + report.read_text()


def longest_part_job(spec: textgen.BookSpec, paths: list[Path]):
    """The render job of the book's longest part, built as ``write_pdf`` builds it."""
    from pamphlets.pipeline import BuildOptions, assemble
    from pamphlets.writers.html import BookHTML, RenderSettings
    from pamphlets.writers.pdf import PLACEHOLDER_PAGE, RenderJob, _essay_dirs

    options = BuildOptions(title=spec.title, formats=("pdf",))
    assembled = assemble(paths, options)
    booklet = assembled.booklet
    book_html = BookHTML(booklet, RenderSettings(styles=assembled.styles))
    placeholder = {f"e{i + 1}": PLACEHOLDER_PAGE for i in range(len(booklet.essays))}
    part = max(book_html.parts(placeholder), key=lambda p: len(p.html))
    return RenderJob(part.name, part.html, _essay_dirs(booklet), (), False)


def profile_worker(spec: textgen.BookSpec, paths: list[Path]) -> str:
    from pyinstrument import Profiler

    from pamphlets.writers.pdf import render_job

    job = longest_part_job(spec, paths)
    profiler = Profiler()
    started = time.perf_counter()
    with profiler:
        rendered = render_job(job)
    took = time.perf_counter() - started
    head = (f"one worker: render_job on part {job.name!r} ({len(job.html):,} characters of "
            f"HTML, {rendered.pages} pages) in {took:.1f} s\n")
    return head + profiler.output_text(unicode=True, color=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--book", choices=sorted(SPECS), default="book-250")
    args = parser.parse_args()
    spec = SPECS[args.book]
    with tempfile.TemporaryDirectory(prefix="pamphlets-profile-") as tmp:
        scratch = Path(tmp)
        paths = textgen.write_book(spec, scratch / "src")
        print(profile_parent(spec, paths, scratch))
        print(profile_worker(spec, paths))


if __name__ == "__main__":
    main()
