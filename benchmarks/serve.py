"""What a person waits for in ``pamphlets serve``, measured in a real browser.

    python benchmarks/serve.py [--runs 3] [--skip-big]

1. The sampler (seeds/): the time from the click on Build to the download link "PDF"
   showing on the page, a cold build (no part cache) then warm rebuilds.
2. A 300-page anthology (benchmarks/textgen.py's ANTHOLOGY_300): while it renders, how
   often the page's progress line changed, and how long the page and the server took to
   answer meanwhile (a script run in the page; a fetch of the library page).

Prints a table. Needs Playwright and Debian's chromium-headless-shell (the test setup).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

import textgen  # noqa: E402
from serving import running_server  # noqa: E402


def _browser(playwright):
    from conftest import chromium_path

    path = chromium_path()
    if path is None:
        sys.exit("no headless Chromium: run scripts/test-deps.sh")
    return playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])


def click_to_link(page, address: str, book: str, timeout: float) -> float:
    page.goto(f"{address}books/{book}")
    started = time.perf_counter()
    page.get_by_role("button", name="Build", exact=True).click()
    page.wait_for_url(f"**/books/{book}#build")
    # a rebuild shows the last build's links at once: wait for this build's own result
    page.locator('#build-status[data-state="done"]').wait_for(timeout=timeout * 1000)
    page.get_by_role("link", name="PDF", exact=True).wait_for()
    return time.perf_counter() - started


def watch_big_build(page, address: str, book: str) -> dict:
    """Build ``book`` and sample the page every 0.25 s until its PDF link shows."""
    page.goto(f"{address}books/{book}")
    started = time.perf_counter()
    page.get_by_role("button", name="Build", exact=True).click()
    page.wait_for_url(f"**/books/{book}#build")
    lines, script_ms, fetch_ms = [], [], []
    finished = page.locator('#build-status[data-state="done"], #build-status[data-state="failed"]')
    while not finished.count():
        t0 = time.perf_counter()
        text = page.evaluate("() => document.getElementById('build-status').textContent")
        script_ms.append((time.perf_counter() - t0) * 1000)
        fetch_ms.append(page.evaluate("""async () => {
            const t = performance.now(); await fetch('/'); return performance.now() - t; }"""))
        text = " ".join((text or "").split())
        if not lines or lines[-1][1] != text:
            lines.append((time.perf_counter() - started, text))
        time.sleep(0.25)
        if time.perf_counter() - started > 900:
            raise SystemExit("the 300-page build took over 15 minutes")
    return {"seconds": time.perf_counter() - started, "lines": lines,
            "script_ms": script_ms, "fetch_ms": fetch_ms,
            "status": page.locator("#build-status").text_content().strip()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="sampler builds (first is cold)")
    parser.add_argument("--skip-big", action="store_true", help="only the sampler")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        browser = _browser(playwright)
        page = browser.new_page()
        with running_server(Path(scratch) / "seeds") as address:
            times = [click_to_link(page, address, "sampler", 300) for _ in range(args.runs)]
        rows.append(("sampler: click on Build → PDF link, cold", f"{times[0]:.1f} s"))
        if len(times) > 1:
            rows.append(("sampler: the same, warm (median of rebuilds)",
                         f"{statistics.median(times[1:]):.1f} s"))
        if not args.skip_big:
            big = Path(scratch) / "big"
            paths = textgen.write_book(textgen.ANTHOLOGY_300, big)
            essays = "\n".join(f'[[essays]]\npath = "{p.name}"\n' for p in paths)
            (big / "big.toml").write_text(f'title = "Ten essays"\n\n{essays}',
                                          encoding="utf-8")
            with running_server(big, seeds=False) as address:
                seen = watch_big_build(page, address, "big")
            progress = [text for _, text in seen["lines"] if "parts" in text]
            first = next((t for t, text in seen["lines"] if "parts" in text), None)
            rows += [
                ("300 pages: click on Build → PDF link", f"{seen['seconds']:.1f} s"),
                ("300 pages: the result line", seen["status"][:60]),
                ("300 pages: progress lines the page showed", str(len(progress))),
                ("300 pages: first progress line after", f"{first:.1f} s" if first else "-"),
                ("300 pages: a script in the page, median / max",
                 f"{statistics.median(seen['script_ms']):.0f} / "
                 f"{max(seen['script_ms']):.0f} ms"),
                ("300 pages: fetch of the library page, median / max",
                 f"{statistics.median(seen['fetch_ms']):.0f} / {max(seen['fetch_ms']):.0f} ms"),
            ]
        browser.close()
    width = max(len(name) for name, _ in rows)
    print(f"{'measure'.ljust(width)}  value")
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")


if __name__ == "__main__":
    main()
