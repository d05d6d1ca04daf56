"""Time very large and deeply nested inputs (issue #15, rule 4), for any checkout.

    python benchmarks/scale.py                       # this checkout
    python benchmarks/scale.py --checkout ../other   # another one, to compare
    python benchmarks/scale.py --only notes --timeout 300

Every case is one fresh subprocess with the checkout first on ``sys.path``, stopped after
``--timeout`` seconds (reported as ``> N s``). The inputs are made here, deterministically:

* ``tei-quote-200``, ``muse-quote-200``: ``<quote>`` nested 200 deep, built as HTML, EPUB
  and PDF;
* ``muse-quote-50000``: the same 50,000 deep, read and transformed;
* ``notes-N``: an essay of N notes (ten references a paragraph) numbered by the
  ``number-notes`` transform alone, and ``tei-notes-N`` the same notes in a TEI file
  built as HTML and EPUB;
* ``html-deep-50000``: ``<div>`` nested 50,000 deep, built as HTML and EPUB;
* ``paragraph-500k`` / ``paragraphs-500k``: 500 KB of prose (curly apostrophes and dashes,
  as the typography transform makes them) as one paragraph, and the same text in
  paragraphs of eight sentences, built as PDF with one worker and no cache.

The Markdown table goes to stdout: case, status (ok, or the last line of the error),
wall seconds, and what the build printed as its warning about the input.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import textgen  # noqa: E402

TEI = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
       '<title>{title}</title></titleStmt></fileDesc></teiHeader><text><body>{body}'
       '</body></text></TEI>')

BUILD = """
import sys
from pamphlets.cli import cli
sys.argv = ["pamphlets", "build", *sys.argv[1:]]
cli()
"""

NUMBER_NOTES = """
import sys, time
from pamphlets.model import Essay, EssayMeta, Note, NoteRef, Para, ReadResult, Text
from pamphlets.transforms.notes import number_notes
count = int(sys.argv[1])
blocks = tuple(Para(tuple(x for i in range(j, j + 10)
                          for x in (Text(f"Claim {i}."), NoteRef(f"n{i}"))))
               for j in range(0, count, 10))
notes = tuple(Note(f"n{i}", (Para((Text(f"Note {i}."),)),)) for i in range(count))
start = time.perf_counter()
number_notes(ReadResult(Essay(EssayMeta("Notes"), blocks, notes)))
print(f"number-notes {time.perf_counter() - start:.2f} s", file=sys.stderr)
"""

READ = """
import sys
from pathlib import Path
from pamphlets.loading import load_essay
from pamphlets.transforms import apply
result = apply(load_essay(Path(sys.argv[1])).result)
for notice in result.notices:
    if notice.kind == "warning":
        print("warning: " + notice.reason, file=sys.stderr)
"""


def sentences(chars: int, seed: int = 1) -> list[str]:
    rnd = random.Random(seed)
    words = list(textgen.WORDS)
    out: list[str] = []
    size = 0
    while size < chars:
        words_here = [rnd.choice(words) for _ in range(rnd.randint(8, 24))]
        words_here[1] += "’s"
        text = " ".join(words_here)
        out.append(text[0].upper() + text[1:] + " — so it goes.")
        size += len(out[-1]) + 1
    return out


def make_inputs(folder: Path) -> dict[str, tuple[str, list[str]]]:
    """name -> (script, arguments) for every case."""
    cases: dict[str, tuple[str, list[str]]] = {}

    def write(name: str, text: str) -> str:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    def build(path: str, formats: str, *extra: str) -> tuple[str, list[str]]:
        return BUILD, [path, "--out-dir", str(folder / "out"), "--format", formats, *extra]

    quote = write("quote.xml", TEI.format(title="Deep", body="<p>Top.</p>" + "<quote>" * 200
                                          + "<p>Deep down.</p>" + "</quote>" * 200))
    cases["tei-quote-200"] = build(quote, "html,epub,pdf", "--jobs", "1")
    muse = write("quote.muse", "#title Deep\n\nTop.\n\n" + "<quote>\n" * 200 + "Deep down.\n"
                 + "</quote>\n" * 200)
    cases["muse-quote-200"] = build(muse, "html,epub,pdf", "--jobs", "1")
    deep_muse = write("deeper.muse", "#title Deep\n\nTop.\n\n" + "<quote>\n" * 50_000
                      + "Deep down.\n" + "</quote>\n" * 50_000)
    cases["muse-quote-50000"] = (READ, [deep_muse])
    for count in (10_000, 20_000, 100_000):
        cases[f"notes-{count // 1000}k"] = (NUMBER_NOTES, [str(count)])
    for count in (20_000, 100_000):
        body = "".join("<p>" + "".join(f'Claim {i}.<note n="{i + 1}">Note {i}.</note> '
                                       for i in range(j, j + 10)) + "</p>"
                       for j in range(0, count, 10))
        notes = write(f"notes{count // 1000}k.xml", TEI.format(title="Notes", body=body))
        cases[f"tei-notes-{count // 1000}k"] = build(notes, "html,epub")
    md_notes = write("notes20k.md", "---\ntitle: Notes\n---\n\n" + "".join(
        f"Claim {i}.[^{i}] " for i in range(20_000)) + "\n\n" + "".join(
        f"[^{i}]: Note {i}.\n" for i in range(20_000)))
    cases["markdown-notes-20k"] = build(md_notes, "html")
    depth = 50_000
    page = write("deep.html", "<html><head><title>Deep</title></head><body><p>Top.</p>"
                 + "<div>" * depth + "<p>Deep down.</p>" + "</div>" * depth + "</body></html>")
    cases["html-deep-50000"] = build(page, "html,epub")
    prose = sentences(500_000)
    one = write("one.md", "---\ntitle: One\n---\n\n" + " ".join(prose) + "\n")
    split = write("split.md", "---\ntitle: Split\n---\n\n" + "\n\n".join(
        " ".join(prose[i:i + 8]) for i in range(0, len(prose), 8)) + "\n")
    cases["paragraph-500k"] = build(one, "pdf", "--jobs", "1", "--no-cache")
    cases["paragraphs-500k"] = build(split, "pdf", "--jobs", "1", "--no-cache")
    return cases


def run(checkout: Path, script: str, args: list[str], timeout: float) -> tuple[str, str, str]:
    env = {**os.environ, "PYTHONPATH": str(checkout), "SOURCE_DATE_EPOCH": "1700000000"}
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", script, *args], cwd=checkout, env=env,
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "stopped", f"> {timeout:.0f}", ""
    wall = f"{time.perf_counter() - start:.1f}"
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    warnings = [line[9:] for line in lines if line.startswith("warning: ")
                and ("deep" in line or "ignored" in line)]
    status = "ok" if done.returncode == 0 else (lines[-1] if lines else f"exit {done.returncode}")
    timing = next((line for line in lines if line.startswith("number-notes ")), "")
    if timing:
        wall += f" (transform {timing.split()[1]})"
    return status[:90], wall, "; ".join(w.split(": /")[0][:120] for w in warnings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkout", type=Path, default=HERE.parent)
    parser.add_argument("--timeout", type=float, default=180)
    parser.add_argument("--only", default="", help="run the cases whose name holds this")
    options = parser.parse_args()
    checkout = options.checkout.resolve()
    with tempfile.TemporaryDirectory(prefix="pamphlets-scale-") as tmp:
        cases = make_inputs(Path(tmp))
        print(f"checkout: {checkout.name}\n")
        print("| case | status | wall s | warning |")
        print("| --- | --- | --- | --- |")
        for name, (script, args) in cases.items():
            if options.only not in name:
                continue
            print(f"running {name}", file=sys.stderr, flush=True)
            status, wall, warning = run(checkout, script, args, options.timeout)
            print(f"| {name} | {status} | {wall} | {warning} |", flush=True)


if __name__ == "__main__":
    main()
