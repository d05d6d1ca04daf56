"""``pamphlets serve`` in a real browser (Playwright on Debian's headless Chromium): a
person's way through it, then the PDF and EPUB it gave, read back."""

from __future__ import annotations

import re
import zipfile

import pytest

from conftest import assert_epubcheck_clean, pdf_pages_text
from serving import running_server

pytestmark = pytest.mark.slow

FOLDING = "On Folding: A Short Guide to the Saddle-Stitched Pamphlet"
MARGINS = "Notes in the Margin"
COPY_SHOP = "The Copy Shop at Midnight"


@pytest.fixture
def server(tmp_path):
    with running_server(tmp_path / "library") as address:
        yield address


def download(page, link: str, folder):
    """Click the download link named ``link``; the file it gave, saved in ``folder``."""
    with page.expect_download() as got:
        page.get_by_role("link", name=link, exact=True).click()
    saved = folder / got.value.suggested_filename
    got.value.save_as(saved)
    return saved


def titles(page) -> list[str]:
    return page.locator("#essays li .item-title").all_text_contents()


def test_pick_reorder_build_and_download(page, server, tmp_path):
    page.goto(server)
    for title in (FOLDING, MARGINS, COPY_SHOP):
        page.get_by_label(title, exact=True).check()
    assert titles(page) == [FOLDING, MARGINS, COPY_SHOP]

    # drag the third to the top
    items = page.locator("#essays li")
    items.nth(2).drag_to(items.nth(0))
    assert titles(page) == [COPY_SHOP, FOLDING, MARGINS]

    # and by keyboard: the third's "Move up", pressed with Enter; the focus stays on it
    third = page.locator("#essays li").nth(2)
    third.get_by_role("button", name="Move up").focus()
    page.keyboard.press("Enter")
    assert titles(page) == [COPY_SHOP, MARGINS, FOLDING]
    assert page.evaluate("document.activeElement.value") == "up:margins.md"

    page.get_by_label("Title", exact=True).fill("Three on Paper")
    page.get_by_label("Page size", exact=True).select_option("a6")
    page.get_by_label("Imposition", exact=True).select_option("booklet")
    page.locator("#estimate").filter(has_text="sheets of paper").wait_for()
    estimate = page.locator("#estimate").text_content()

    page.get_by_role("button", name="Build", exact=True).click()
    page.get_by_role("link", name="PDF", exact=True).wait_for(timeout=180_000)
    assert page.url.endswith("/books/three-on-paper#build")
    assert page.locator("#estimate").text_content() == estimate  # the saved book's own

    pdf, epub, imposed = (download(page, name, tmp_path) for name in ("PDF", "EPUB", "Print PDF"))
    manifest = download(page, "Manifest", tmp_path).read_text(encoding="utf-8")
    assert 'page_size = "a6"' in manifest and manifest.index("the-copy-shop.md") < \
        manifest.index("margins.md") < manifest.index("folding.md")

    # the PDF: as many pages as the page says, A6, the essays in the new order
    pages = pdf_pages_text(pdf)
    said = re.search(r"Built: (\d+) pages", page.locator("#build-status").text_content())
    assert said and int(said.group(1)) == len(pages)
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    width, height = doc[0].get_size()
    sheets = len(pdfium.PdfDocument(str(imposed)))
    doc.close()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (105, 148)
    assert sheets == 2 * -(-len(pages) // 4)  # two sides of each folded sheet
    contents = next(text for text in pages if "Contents" in text)
    flat = " ".join(contents.split())
    assert flat.index("The Copy Shop") < flat.index("Notes in the Margin") < \
        flat.index("On Folding")
    starts = [next(n for n, text in enumerate(pages) if text.lstrip().startswith(title[:12])
                   or f"\n{title[:12]}" in text and n > pages.index(contents))
              for title in (COPY_SHOP, MARGINS, FOLDING)]
    assert starts == sorted(starts)

    # the EPUB: the same order in its navigation, and EPUBCheck finds nothing
    with zipfile.ZipFile(epub) as book:
        nav = next(book.read(n).decode() for n in book.namelist() if n.endswith("nav.xhtml"))
    nav = " ".join(re.sub(r"<[^>]+>", " ", nav).split())
    assert nav.index("The Copy Shop") < nav.index("Notes in the Margin") < nav.index("On Folding")
    assert_epubcheck_clean(epub)

    # the proof contact sheet and the command line are shown
    assert page.get_by_role("img", name=re.compile("Contact sheet")).is_visible()
    assert "pamphlets build" in page.locator("pre code").text_content()


def test_a_saved_book_rebuilds_from_its_page(page, server, tmp_path):
    page.goto(server + "books/sampler")
    page.get_by_role("button", name="Build", exact=True).click()
    # the page after the click shows the build (queued, running), then its result
    page.wait_for_url(re.compile(r"/books/sampler#build$"))
    page.get_by_role("link", name="PDF", exact=True).wait_for(timeout=180_000)
    printed = len(pdf_pages_text(download(page, "PDF", tmp_path)))
    assert f"Built: {printed} pages" in page.locator("#build-status").text_content()


@pytest.mark.parametrize("path", ["", "books/sampler"])
def test_works_at_320_px_wide_with_every_control_labelled(browser, server, path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(server + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        unlabelled = page.evaluate("""() => Array.from(document.querySelectorAll(
            'input:not([type=hidden]), select, textarea'))
            .filter(el => !el.closest('template') && el.labels.length === 0)
            .map(el => el.outerHTML)""")
        assert unlabelled == []
        # every button and link has a name
        nameless = page.evaluate("""() => Array.from(document.querySelectorAll('button, a'))
            .filter(el => !el.closest('template') && !el.getAttribute('aria-hidden')
                    && !(el.textContent.trim() || el.getAttribute('aria-label')
                         || el.querySelector('img[alt]')))
            .map(el => el.outerHTML)""")
        assert nameless == []
    finally:
        context.close()


def test_focus_is_visible(page, server):
    page.goto(server + "books/sampler")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    for _ in range(6):
        page.keyboard.press("Tab")
        outline = page.evaluate("""() => {
            const style = getComputedStyle(document.activeElement);
            return [document.activeElement.tagName, style.outlineStyle,
                    parseFloat(style.outlineWidth)];
        }""")
        assert outline[1] != "none" and outline[2] >= 2, outline


def test_the_plain_forms_work_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server)
        page.get_by_label(MARGINS, exact=True).check()
        page.get_by_label(COPY_SHOP, exact=True).check()
        page.get_by_label("Title", exact=True).fill("Two")
        page.get_by_role("button", name="Save", exact=True).click()
        assert page.url.endswith("/books/two")
        assert titles(page) == [MARGINS, COPY_SHOP]
        page.locator("#essays li").nth(1).get_by_role("button", name="Move up").click()
        assert titles(page) == [COPY_SHOP, MARGINS]
        page.locator("#essays li").nth(0).get_by_role("button", name="Remove").click()
        assert titles(page) == [MARGINS]
        assert not page.get_by_label(COPY_SHOP, exact=True).is_checked()
        # a build: the page reloads itself (a <noscript> refresh) until the links show
        page.get_by_role("button", name="Build", exact=True).click()
        page.get_by_role("link", name="PDF", exact=True).wait_for(timeout=180_000)
        assert page.get_by_role("link", name="EPUB", exact=True).is_visible()
    finally:
        context.close()


def test_removing_keeps_the_library_and_the_focus_in_step(page, server):
    page.goto(server)
    page.get_by_label(MARGINS, exact=True).check()
    page.get_by_label(COPY_SHOP, exact=True).check()
    first = page.locator("#essays li").nth(0)
    first.get_by_role("button", name="Remove").focus()
    page.keyboard.press("Enter")
    assert titles(page) == [COPY_SHOP]
    assert not page.get_by_label(MARGINS, exact=True).is_checked()
    assert page.evaluate("document.activeElement.value") == "remove:the-copy-shop.md"
    assert "Removed Notes in the Margin" in page.locator("#moved").text_content()
    page.get_by_label(COPY_SHOP, exact=True).uncheck()
    assert titles(page) == []
    assert page.locator("#empty").is_visible()
    page.locator("#estimate").filter(has_text="No pages yet").wait_for()
