"""Take the screenshots of ``pamphlets serve`` in docs/ (run again after changing the page).

    python scripts/serve-screenshots.py

Serves a copy of the seeds, builds the sampler through the page in headless Chromium,
and writes docs/serve-book.png (a desktop browser) and docs/serve-phone.png (320 px
wide); then builds a generated 300-page book (benchmarks/textgen.py) for
docs/serve-progress.png, its build panel while it renders. Small palette PNGs.
"""

from __future__ import annotations

import io
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "benchmarks")]

from conftest import chromium_path  # noqa: E402
from serving import running_server  # noqa: E402
import textgen  # noqa: E402


def save(png: bytes, name: str) -> None:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=64)
    target = ROOT / "docs" / name
    image.save(target, optimize=True)
    print(f"wrote {target.relative_to(ROOT)} ({target.stat().st_size // 1024} KB)")


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright, \
            running_server(Path(scratch) / "seeds", shown_path="seeds") as address:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1100, "height": 1000})
        page.goto(address + "books/sampler")
        page.get_by_label("Imposition", exact=True).select_option("booklet")
        page.get_by_role("button", name="Build", exact=True).click()
        page.locator('#build-status[data-state="done"]').wait_for(timeout=300_000)
        page.locator("img.proof").wait_for()
        page.evaluate("window.scrollTo(0, 0)")
        save(page.screenshot(), "serve-book.png")

        phone = browser.new_page(viewport={"width": 320, "height": 900})
        phone.goto(address)
        for title in ("Notes in the Margin", "The Copy Shop at Midnight"):
            phone.get_by_label(title, exact=True).check()
        phone.get_by_label("Title", exact=True).fill("Two for the meeting")
        phone.locator("#essays li").nth(1).get_by_role("button", name="Move up").focus()
        save(phone.screenshot(), "serve-phone.png")

        big = Path(scratch) / "big"
        paths = textgen.write_book(textgen.ANTHOLOGY_300, big)
        essays = "\n".join(f'[[essays]]\npath = "{p.name}"\n' for p in paths)
        (big / "ten-essays.toml").write_text(f'title = "Ten essays"\n\n{essays}',
                                             encoding="utf-8")
        with running_server(big, seeds=False, shown_path="essays") as big_address:
            page.goto(big_address + "books/ten-essays")
            page.get_by_role("button", name="Build", exact=True).click()
            page.locator("#build-status p").filter(
                has_text=re.compile(r"(?:[4-9]|\d\d+) of \d+ parts")).wait_for(timeout=300_000)
            save(page.locator("#build").screenshot(), "serve-progress.png")
            page.locator('#build-status[data-state="done"]').wait_for(timeout=600_000)
        browser.close()


if __name__ == "__main__":
    main()
