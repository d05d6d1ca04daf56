"""Time each reader on real texts: the corpus beside the project (``../shared/corpus``)
and the seed essays. Prints a Markdown table: file, format, size, words read, notes, and
the best of three reads in milliseconds.

    python benchmarks/readers.py
    python benchmarks/readers.py MORE_FILES...

Reading speed was once checked by timed unit tests; it is measured here instead, so the
test suite never fails on a slow machine and a slow reader still shows.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pamphlets.loading import read_essay  # noqa: E402
from pamphlets.sources import load  # noqa: E402
from pamphlets.readers import detect_format  # noqa: E402
from pamphlets.model import word_count  # noqa: E402


def files(extra: list[str]) -> list[Path]:
    found = sorted((ROOT.parent / "shared" / "corpus").glob("*.*"))
    found += sorted(p for p in (ROOT / "seeds").iterdir() if p.suffix != ".toml")
    found += [Path(p) for p in extra]
    return [p for p in found if p.is_file() and p.name != "README.md"]


def main(argv: list[str]) -> int:
    print("| file | format | KB | words | notes | best of 3 (ms) |")
    print("|---|---|---:|---:|---:|---:|")
    for path in files(argv):
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            result = read_essay(path)
            best = min(best, time.perf_counter() - started)
        essay = result.essay
        print(f"| {path.name[:48]} | {detect_format(path, load(path).text)} "
              f"| {path.stat().st_size // 1024} | {word_count(essay)} | {len(essay.notes)} | {best * 1000:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
