"""Reproducible builds: the same inputs and SOURCE_DATE_EPOCH give the same bytes.

The sampler is built twice into separate folders with ``--no-cache`` and a different
number of worker processes, so nothing is shared between the two builds.
"""

from __future__ import annotations

import zipfile

import pytest

from conftest import SEEDS, build_book

EPOCH = "1700000000"


@pytest.fixture(scope="module")
def twice(tmp_path_factory):
    """The sampler built twice as PDF and EPUB: two folders."""
    formats = "pdf,epub"
    root = tmp_path_factory.mktemp("repro")
    outs = []
    for jobs in ("1", "2"):
        out = root / f"jobs{jobs}"
        result = build_book([SEEDS / "sampler.toml"], out, "--format", formats, "--no-cache",
                            "--jobs", jobs, epoch=EPOCH)
        assert result.exit_code == 0, result.output
        outs.append(out)
    return outs


@pytest.mark.slow
def test_pdf_is_byte_identical(twice):
    first, second = (out / "paper-and-persuasion.pdf" for out in twice)
    data = first.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000
    assert data == second.read_bytes()


@pytest.mark.slow
def test_pdf_dates_come_from_source_date_epoch(twice):
    from pypdf import PdfReader

    for out in twice:
        info = PdfReader(out / "paper-and-persuasion.pdf").metadata
        assert info["/CreationDate"].startswith("D:20231114"), info
        assert info["/ModDate"] == info["/CreationDate"]


@pytest.mark.slow
def test_epub_is_byte_identical(twice):
    first, second = (out / "paper-and-persuasion.epub" for out in twice)
    data = first.read_bytes()
    assert data.startswith(b"PK\x03\x04") and b"mimetypeapplication/epub+zip" in data[:100]
    assert data == second.read_bytes()


def test_another_epoch_gives_other_bytes(tmp_path):
    """The comparisons above can fail: the build date does reach the files."""
    essay = SEEDS / "folding.md"
    epubs = []
    for epoch in ("1700000000", "1800000000"):
        out = tmp_path / epoch
        result = build_book([essay], out, "--format", "epub", epoch=epoch)
        assert result.exit_code == 0, result.output
        (epub,) = out.glob("*.epub")
        epubs.append(epub.read_bytes())
        with zipfile.ZipFile(epub) as z:
            opf = z.read("EPUB/content.opf").decode("utf-8")
        stamp = "2023-11-14T22:13:20Z" if epoch == "1700000000" else "2027-01-15T08:00:00Z"
        assert f">{stamp}<" in opf  # the time the pipeline resolved, once
    assert epubs[0] != epubs[1]
