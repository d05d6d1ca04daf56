"""Time `pamphlets library` on 50 texts against a shell loop of `pamphlets build` (#17).

    python benchmarks/library.py                 # the whole table
    python benchmarks/library.py --sample 10     # the loop timed on 10 texts, scaled up

The 50 texts are made here: the seeds' manifest copied under several names, the shared
corpus texts (when ../shared/corpus is there) each copied under a few names, and
generated essays of varied length (1 to 40 A5 pages, seeded). Measured, each as one
fresh command, start-up included:

* the library cold (empty output folder), one generated essay edited, nothing changed;
* the shell loop: one `pamphlets build TEXT --format pdf,epub --impose booklet` per
  text, which makes the same files (the library's A5 PDF, print PDF and EPUB);
* the peak resident memory (VmHWM) of each library worker, polled from /proc.

Same options for both: A5 only (`--page-size a5`), formats pdf, epub, print.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import textgen  # noqa: E402

TEXTS = 50
CORPUS = ROOT.parent / "shared" / "corpus"
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": str(ROOT)}
CLI = [sys.executable, "-m", "pamphlets"]


def make_library(folder: Path, corpus_copies: int) -> list[Path]:
    """The 50 texts; returns the sources the shell loop builds one by one."""
    folder.mkdir(parents=True)
    sources: list[Path] = []
    for n in range(3):  # the sampler and its essays, three times: four texts each
        target = folder / f"seeds-{n + 1}"
        shutil.copytree(ROOT / "seeds", target)
        sources.append(target / "sampler.toml")
        sources += sorted(target.glob("*.md"))
    if CORPUS.is_dir():
        for path in sorted(CORPUS.iterdir()):
            if path.name == "README.md":
                continue
            for n in range(corpus_copies):
                target = folder / "corpus" / f"{path.stem}-{n + 1}{path.suffix}"
                target.parent.mkdir(exist_ok=True)
                shutil.copyfile(path, target)
                target.chmod(0o644)
                sources.append(target)
    n = 0
    while len(sources) < TEXTS:
        n += 1
        pages = (1, 2, 3, 5, 8, 12, 20, 40)[n % 8]
        spec = textgen.EssaySpec(f"essay-{n}", f"Generated essay {n}",
                                 textgen._words(pages), pages >= 20)
        target = folder / "generated" / f"essay-{n:02d}.md"
        target.parent.mkdir(exist_ok=True)
        target.write_text(textgen.essay_markdown(spec, n), encoding="utf-8")
        sources.append(target)
    return sources


class PeakMemory:
    """Polls /proc for the children of one process; keeps each one's VmHWM (peak RSS)."""

    def __init__(self, pid: int):
        self.pid = pid
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while not self._stop.is_set():
            for entry in os.listdir("/proc"):
                if not entry.isdigit():
                    continue
                try:
                    status = Path(f"/proc/{entry}/status").read_text()
                except OSError:
                    continue
                fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
                if fields.get("PPid", "").strip() != str(self.pid):
                    continue
                kb = int(fields.get("VmHWM", "0 kB").split()[0])
                self.peaks[int(entry)] = max(kb, self.peaks.get(int(entry), 0))
            time.sleep(0.2)

    def stop(self) -> list[float]:
        self._stop.set()
        self._thread.join()
        return sorted((kb / 1024 for kb in self.peaks.values()), reverse=True)


def timed(args: list[str], watch: bool = False) -> tuple[float, str, list[float]]:
    started = time.perf_counter()
    process = subprocess.Popen(args, env=ENV, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    memory = PeakMemory(process.pid) if watch else None
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    peaks = memory.stop() if memory else []
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(args)}\n{output}")
    return seconds, output.strip().splitlines()[-1] if output.strip() else "", peaks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, default=0,
                        help="time the shell loop on this many texts (spread over the "
                             "list) and scale to all of them")
    parser.add_argument("--corpus-copies", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pamphlets-library-bench-"))
    try:
        src, out = work / "src", work / "site"
        sources = make_library(src, args.corpus_copies)
        options = ["--page-size", "a5", "--formats", "pdf,epub,print"]
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        library = [*CLI, "library", str(src), str(out), *options, *jobs, "--quiet"]
        rows = []
        cold, _, peaks = timed(library, watch=True)
        workers = peaks
        edited = src / "generated" / "essay-03.md"
        edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more line.\n",
                          encoding="utf-8")
        one_edit, _, _ = timed(library)
        nothing, _, _ = timed(library)

        picked = sources if not args.sample else \
            [sources[i * len(sources) // args.sample] for i in range(args.sample)]
        started = time.perf_counter()
        for n, source in enumerate(picked):
            timed([*CLI, "build", str(source), "--format", "pdf,epub", "--impose", "booklet",
                   "--page-size", "a5", "--out-dir", str(work / "loop" / str(n)), "-q"])
        loop = (time.perf_counter() - started) * len(sources) / len(picked)
        loop_note = "" if not args.sample else \
            f"estimated from {len(picked)} of {len(sources)} texts"

        pages = sum(1 for _ in out.glob("*/*-a5.pdf"))
        assert pages == len(sources), (pages, len(sources))  # the loop builds the same texts
        per_minute = len(sources) / cold * 60
        rows = [
            ("shell loop of `pamphlets build`", loop, len(sources) / loop * 60, "–", "–",
             loop_note),
            ("library, cold", cold, per_minute, f"{cold / loop:.2f} × loop",
             "≤ 0.6 × loop " + ("met" if cold <= 0.6 * loop else "NOT met"),
             f"{pages} texts built"),
            ("library, one essay edited", one_edit, "–", f"{one_edit / cold:.1%} of cold",
             "≤ 5 % " + ("met" if one_edit <= 0.05 * cold else "NOT met"), ""),
            ("library, nothing changed", nothing, "–", "–",
             "≤ 2 s " + ("met" if nothing <= 2 else "NOT met"), ""),
        ]
        print("| measurement | wall s | texts/min | ratio | goal | notes |")
        print("| --- | --- | --- | --- | --- | --- |")
        for name, seconds, rate, ratio, goal, note in rows:
            rate = f"{rate:.1f}" if isinstance(rate, float) else rate
            print(f"| {name} | {seconds:.2f} | {rate} | {ratio} | {goal} | {note} |")
        peak = max(workers or [0.0])
        print(f"\nPeak RSS (VmHWM) of the library's worker processes, MB, largest first: "
              f"{', '.join(f'{p:.0f}' for p in workers)}; largest worker {peak:.0f} MB "
              f"(goal ≤ 400: {'met' if peak <= 400 else 'NOT met'})")
        print(f"Load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
