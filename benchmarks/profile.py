"""Where the time of one build goes: pyinstrument over the parent and over one worker.

    pip install -e '.[bench]'
    python benchmarks/profile.py [--book book-250]

1. the parent: ``pamphlets build ... --format pdf`` run in this process over the
   generated book (the render workers are other processes; the parent's profile shows
   them as time spent waiting for results);
2. one worker render, in this process: the book's HTML parts are made exactly as the PDF
   writer makes them, and ``pamphlets.writers.pdf.render.render_job`` runs on the longest one,
   so layout (``HTML.render``) and drawing (``Document.write_pdf``) show separately.

Both profiles are printed as pyinstrument text trees.
"""

from __future__ import annotations

import argparse
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
    """The whole ``build`` command, in this process; each ``Renderer.run`` call is also
    timed with the names of the parts it was given."""
    from pyinstrument import Profiler

    from pamphlets.cli import main as cli_main
    from pamphlets.writers import pdf

    calls: list[tuple[str, float]] = []
    original = pdf.Renderer.run

    def timed_run(self, jobs):
        names: list[str] = []

        def named(jobs):  # jobs may be a generator: name them as they are taken
            for job in jobs:
                names.append(job.name)
                yield job

        started = time.perf_counter()
        try:
            return original(self, named(jobs))
        finally:
            label = names[0] if len(names) == 1 else f"{len(names)} parts"
            calls.append((label, time.perf_counter() - started))

    argv = ["build", *map(str, paths), "--title", spec.title, "--format", "pdf",
            "--out-dir", str(scratch / "out"), "--quiet"]
    pdf.Renderer.run = timed_run
    profiler = Profiler()
    started = time.perf_counter()
    try:
        with profiler:
            try:
                cli_main(argv)
            except SystemExit as exit_:
                if exit_.code:
                    raise
    finally:
        pdf.Renderer.run = original
    took = time.perf_counter() - started
    lines = [f"parent process: whole build {took:.1f} s wall, "
             f"{profiler.last_session.cpu_time:.1f} s CPU in this process",
             "Renderer.run calls: " + ", ".join(f"{n} {t:.1f} s" for n, t in calls),
             "", "by phase (self time of each frame, given to its innermost phase):",
             phase_table(profiler, PARENT_PHASES), "",
             profiler.output_text(unicode=True, color=False)]
    return "\n".join(lines)


def longest_part_job(spec: textgen.BookSpec, paths: list[Path]):
    """The render job of the book's longest part, built as ``write_pdf`` builds it."""
    from pamphlets import BuildOptions, assemble
    from pamphlets.writers.anchors import essay_key
    from pamphlets.writers.pdf import PLACEHOLDER_PAGE, _essay_dirs
    from pamphlets.writers.pdf.html import BookHTML
    from pamphlets.writers.pdf.render import RenderJob

    options = BuildOptions(title=spec.title, formats=("pdf",))
    assembled = assemble(paths, options)
    booklet = assembled.booklet
    book_html = BookHTML(booklet, assembled.context)
    placeholder = {essay_key(i): PLACEHOLDER_PAGE for i in range(len(booklet.essays))}
    part = max(book_html.parts(placeholder), key=lambda p: len(p.html))
    return RenderJob(part.name, part.html, _essay_dirs(booklet), (), False,
                     book_html.font_css, part.css)


def profile_worker(spec: textgen.BookSpec, paths: list[Path]) -> str:
    """``render_job`` on the longest part, twice: as the first document a fresh worker
    renders (WeasyPrint already imported, as in the forked workers) and once more."""
    import weasyprint  # noqa: F401  (the parent has imported it before the pool forks)
    from pyinstrument import Profiler

    from pamphlets.writers.pdf.render import render_job

    job = longest_part_job(spec, paths)
    out = []
    for attempt in ("first render in this process", "second render of the same part"):
        profiler = Profiler()
        started = time.perf_counter()
        with profiler:
            rendered = render_job(job)
        took = time.perf_counter() - started
        out += [f"one worker, {attempt}: render_job on part {job.name!r} "
                f"({len(job.html):,} characters of HTML, {rendered.pages} pages, "
                f"{len(rendered.pdf):,} bytes of PDF) in {took:.2f} s wall, "
                f"{profiler.last_session.cpu_time:.2f} s CPU",
                phase_table(profiler, WORKER_PHASES), ""]
    out.append(profiler.output_text(unicode=True, color=False))
    return "\n".join(out)


#: (phase, test on a frame's function name or file); the innermost matching frame wins
WORKER_PHASES = [
    ("imports", lambda f, path: f == "<module>"),
    ("HTML parse", lambda f, path: f == "HTML.__init__"),
    ("CSS parse", lambda f, path: f == "CSS.__init__"),
    ("fonts: @font-face, fontconfig", lambda f, path: "add_font_face" in f
     or f.startswith("FontConfiguration")),
    ("url fetcher", lambda f, path: "fetcher" in path),
    ("style cascade", lambda f, path: f == "get_all_computed_styles"),
    ("box tree", lambda f, path: f == "build_formatting_structure"),
    ("layout", lambda f, path: f == "layout_document"),
    ("hyphenation (pyphen, in layout)", lambda f, path: "pyphen" in path),
    ("PDF: draw and write", lambda f, path: f == "Document.write_pdf"),
    ("PDF: fonts subset and embedded", lambda f, path: f == "build_fonts_dictionary"),
]

PARENT_PHASES = [
    ("read and transform essays", lambda f, path: f == "assemble"),
    ("HTML of the parts (BookHTML)", lambda f, path: f.startswith("BookHTML.")),
    ("cache keys and look-ups", lambda f, path: f.startswith("PartCache.")),
    ("waiting for the render workers", lambda f, path: f in ("wait", "Connection.recv")),
    ("render in the parent (single jobs without a pool)",
     lambda f, path: f == "render_job"),
    ("folio stamps: reading the two stamp renders", lambda f, path: f == "FolioStamps.read"),
    ("pikepdf join", lambda f, path: f == "join"),
    ("  of which folios redrawn from the stamps", lambda f, path: f == "FolioStamps.form"),
    ("  of which saving the PDF", lambda f, path: f == "Pdf.save"),
    ("imports", lambda f, path: f == "<module>"),
]


def phase_table(profiler, phases) -> str:
    totals: dict[str, float] = {}

    def walk(frame, phase: str) -> None:
        name, path = frame.function or "", frame.file_path or ""
        if frame.class_name:
            name = f"{frame.class_name}.{name}"
        for label, test in phases:
            if test(name, path):
                phase = label
        totals[phase] = totals.get(phase, 0.0) + frame.total_self_time
        for child in frame.children:
            if not child.is_synthetic:  # synthetic self-time frames are in total_self_time
                walk(child, phase)

    root = profiler.last_session.root_frame()
    walk(root, "other")
    whole = root.time or 1.0
    rows = sorted(totals.items(), key=lambda kv: -kv[1])
    return "\n".join(f"  {label:<52} {seconds:6.2f} s {100 * seconds / whole:5.1f} %"
                     for label, seconds in rows)


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
