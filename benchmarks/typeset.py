"""Measure the typesetting of real books: hyphenation, spacing and the measure.

    python benchmarks/typeset.py                          # the corpus books and the seeds
    python benchmarks/typeset.py --extra bartleby=page.html --sizes a6,a5,a4,letter
    python benchmarks/typeset.py --pdf some.pdf           # judge a PDF already made

Each book is built to PDF with the real CLI (in a subprocess), then its text lines are
read back with pypdfium2 (``tests/pdflines.py``). Only body lines count: running heads,
folios, headings and the contents' leaders are left out. Columns:

* lines: body lines; hyph %: share of them ending in a hyphen;
* run: longest run of consecutive hyphenated lines; runs≥3: how many runs of three or more;
* frag: lines holding a single word fragment (``rela-`` alone, or the tail of a broken word
  alone);
* names / urls: hyphens inside a capitalised word mid-sentence, or inside a web address;
* chars: mean characters per full (justified) line, the measure;
* loose %: share of full lines with a word space wider than 0.45 em (rivers).

Books: Plechanov and Zenker from ``../shared/corpus``, the Macedonian Muse text there, the
five seed essays from ``../shared/seeds`` as one anthology, and any ``--extra name=path``.
``--sizes`` builds the seeds anthology at each page size too. The Markdown table goes to
stdout, progress to stderr.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "tests"))

from pdflines import body_lines, measure, pdf_lines  # noqa: E402


def corpus_books() -> dict[str, list[str]]:
    """name -> the CLI's inputs and options for each book found beside the repository."""
    corpus, seeds = SHARED / "corpus", SHARED / "seeds"
    books: dict[str, list[str]] = {}
    for name, pattern in (("plechanov", "gutenberg-txt_plechanoff_*.txt"),
                          ("zenker", "gutenberg-html_zenker_*.htm"),
                          ("khayati-mk", "muse_*khayati*.muse")):
        found = sorted(corpus.glob(pattern))
        if found:
            books[name] = [str(found[0])]
    essays = sorted(seeds.glob("*.txt"))
    if essays:
        books["five-seeds"] = [*map(str, essays), "--title", "Five Essays"]
    return books


def build(args: list[str], out: Path, jobs: int) -> Path:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    cmd = [sys.executable, "-m", "pamphlets", "build", *args, "--out-dir", str(out),
           "--format", "pdf", "--jobs", str(jobs), "--no-cache", "-q"]
    # run from the output folder: ``-m`` puts the working folder first on the path, and a
    # checkout there would be measured instead of the interpreter's installed pamphlets
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=out)
    if done.returncode:
        raise SystemExit(f"build failed: {' '.join(args)}\n{done.stdout}{done.stderr}")
    return next(out.glob("*.pdf"))


def row(name: str, pdf: Path, detail: bool) -> str:
    m = measure(body_lines(pdf_lines(pdf)))
    if detail:
        for kind, items in (("name", m.names), ("url", m.urls), ("fragment", m.fragments),
                            ("ladder", m.ladders)):
            for item in items[:10]:
                print(f"  {name}: {kind}: {item}", file=sys.stderr)
    return (f"| {name} | {m.lines} | {100 * m.hyphen_share:.1f} | {m.longest_run} | {m.runs3} "
            f"| {m.fragment_lines} | {len(m.names)} | {len(m.urls)} | {m.chars_per_line:.0f} "
            f"| {100 * m.loose_share:.1f} |")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--extra", action="append", default=[], metavar="NAME=PATH",
                    help="another book to build and measure")
    ap.add_argument("--sizes", default="", help="comma list of page sizes for the seeds")
    ap.add_argument("--only", default="", help="comma list of book names")
    ap.add_argument("--pdf", action="append", default=[], help="measure this PDF as it is")
    ap.add_argument("--style", action="append", default=[],
                    help="pass --style to every build (to try a style sheet)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--detail", action="store_true", help="list the broken names and URLs, fragments and ladders")
    opts = ap.parse_args(argv)

    books = corpus_books()
    for extra in opts.extra:
        name, _, path = extra.partition("=")
        books[name] = [str(Path(a).resolve()) if Path(a).exists() else a
                       for a in shlex.split(path)]
    if opts.only:
        books = {k: v for k, v in books.items() if k in opts.only.split(",")}
    styles = [a for style in opts.style for a in ("--style", style)]
    jobs = [(name, args + styles) for name, args in books.items()]
    if opts.sizes and "five-seeds" in corpus_books():
        for size in opts.sizes.split(","):
            jobs.append((f"five-seeds {size}",
                         [*corpus_books()["five-seeds"], "--page-size", size, *styles]))

    print("| book | lines | hyph % | run | runs≥3 | frag | names | urls | chars | loose % |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for pdf in opts.pdf:
        print(row(Path(pdf).stem, Path(pdf), opts.detail), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, args) in enumerate(jobs):
            print(f"building {name}", file=sys.stderr)
            pdf = build(args, Path(tmp) / str(i), opts.jobs)
            print(row(name, pdf, opts.detail), flush=True)


if __name__ == "__main__":
    main()
