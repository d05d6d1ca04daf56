"""The five real seed essays (copied from web pages) build into one clean anthology."""

from __future__ import annotations

import re
import zipfile

import pytest

from conftest import (SHARED, assert_ace_clean, assert_epubcheck_clean, build_book,
                      pdf_pages_text)
from kindle_lint import assert_kindle_safe

SEEDS = SHARED / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repo")


@pytest.fixture(scope="module")
def anthology(tmp_path_factory):
    out = tmp_path_factory.mktemp("anthology")
    essays = sorted(SEEDS.glob("*.txt"))
    result = build_book(essays, out, "--title", "Five Essays", "--format", "pdf,epub")
    assert result.exit_code == 0, result.output
    assert_kindle_safe(out / "five-essays.epub")
    return out, result


@pytest.mark.slow  # the fixture renders a whole book of five real essays
def test_builds_without_warnings(anthology):
    _, result = anthology
    assert "warning" not in result.output.lower(), result.output


@pytest.mark.slow
def test_contents_and_notes_in_pdf(anthology):
    out, _ = anthology
    pages = pdf_pages_text(out / "five-essays.pdf")
    contents = next(p for p in pages if p.startswith("Contents"))
    numbers = [int(m) for m in re.findall(r"(?m)(\d+)$", contents)]
    assert len(numbers) == 5 and numbers == sorted(numbers)
    assert all(n % 2 == 1 for n in numbers)
    assert "The Problem with Vanguards" in "\n".join(pages[numbers[4] - 1:numbers[4] + 1])
    text = "\n".join(pages)
    assert "↩" not in text and "Click to Donate" not in text


@pytest.mark.slow
def test_epub_is_clean(anthology):
    out, _ = anthology
    with zipfile.ZipFile(out / "five-essays.epub") as z:
        body = b"".join(z.read(n) for n in z.namelist() if n.endswith(".xhtml"))
    assert body.count(b'epub:type="noteref"') == 5
    assert_epubcheck_clean(out / "five-essays.epub")


@pytest.mark.slow
def test_epub_passes_ace(anthology, tmp_path):
    out, _ = anthology
    assert_ace_clean(out / "five-essays.epub", tmp_path / "ace")


CORPUS = SHARED / "corpus"


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repo")
def test_corpus_in_every_format_builds_one_clean_book(tmp_path):
    """Gutenberg text and HTML, a Macedonian Muse file, a wiki page and Markdown with notes:
    one book, a clean EPUB, a PDF whose contents match its pages."""
    sources = sorted(p for p in CORPUS.iterdir() if p.name != "README.md")
    result = build_book(sources, tmp_path, "--title", "Corpus", "--format", "pdf,epub")
    assert result.exit_code == 0, result.output
    assert "WeasyPrint" not in result.output  # no layout warnings (missing images are said)
    pages = pdf_pages_text(tmp_path / "corpus.pdf")
    at = next(i for i, p in enumerate(pages) if p.startswith("Contents"))
    # the contents run until the first essay opens (the page of their first entry)
    first = int(re.search(r"(?m)(\d+)$", pages[at]).group(1))
    contents = "\n".join(pages[at:first - 1])
    numbers = [int(m) for m in re.findall(r"(?m)\.\s*(\d+)$", contents)]
    # each essay, and the parts and chapters of the two long ones, in page order
    assert len(numbers) > len(sources) and numbers == sorted(numbers)
    assert all(n % 2 == 1 for n in numbers if n == first)
    assert "Бедата на студентскиот живот" in "\n".join(pages)
    assert_epubcheck_clean(tmp_path / "corpus.epub")
