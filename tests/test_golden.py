"""Golden tests: small inputs beside the outputs they must give, reviewed as diffs.

* every reader: ``tests/golden/in/<name>`` imported → ``tests/golden/out/<name>.md``;
* the HTML writer: a booklet of those essays as the single HTML document WeasyPrint is
  given (``--format html``) → ``tests/golden/out/book.html``, each of the project's
  style sheets standing there as its name;
* the EPUB writer: each XHTML file, the package document and the NCX of the same booklet
  → ``tests/golden/out/epub/…``.

The build time is fixed (``SOURCE_DATE_EPOCH``) and the paths of this checkout are
replaced by ``<ROOT>``, so the outputs do not depend on the machine. After a change that
is meant to alter an output, run ``PAMPHLETS_UPDATE_GOLDEN=1 python -m pytest
tests/test_golden.py`` and review the diff in git before committing it.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT

from kindle_lint import assert_kindle_safe
from pamphlets.cli import cli
from pamphlets.importing import import_file

GOLDEN = Path(__file__).parent / "golden"
INPUTS = sorted(p for p in (GOLDEN / "in").iterdir() if p.is_file())
UPDATE = bool(os.environ.get("PAMPHLETS_UPDATE_GOLDEN"))


def _normalise(text: str, tmp: Path | None = None) -> str:
    # local files (the fonts' cache) live in a different folder on every machine
    text = re.sub(r"file://[^\"')\s]*/", "file://<LOCAL>/", text)
    text = text.replace(str(ROOT), "<ROOT>")
    if tmp is not None:
        text = text.replace(str(tmp), "<TMP>")
    return text


def _check(name: str, actual: str) -> None:
    expected_file = GOLDEN / "out" / name
    if UPDATE:
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert expected_file.exists(), f"no golden file {name}: run with PAMPHLETS_UPDATE_GOLDEN=1"
    expected = expected_file.read_text(encoding="utf-8")
    assert actual == expected, f"{name} changed; review it and update the golden files if meant"


@pytest.mark.parametrize("source", INPUTS, ids=lambda p: p.name)
def test_reader_golden(source):
    _check(source.name + ".md", import_file(source).markdown)


@pytest.fixture(scope="module")
def golden_book(tmp_path_factory):
    out = tmp_path_factory.mktemp("golden")
    runner = CliRunner()
    sources = [GOLDEN / "in" / n for n in ("essay.md", "zine.muse", "letter.xml")]
    result = runner.invoke(cli, ["build", *map(str, sources), "--title", "Golden Pamphlet",
                                 "--format", "html,epub", "--out-dir", str(out)],
                           env={"SOURCE_DATE_EPOCH": "1700000000"}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def _stylesheets_named(html: str) -> str:
    """Each of the project's own style sheets, found whole in ``html``, stands as its name:
    the golden file keeps which sheets come in which order and every rule the writer
    makes itself (fonts, page size), without a second copy of ``styles/``."""
    from pamphlets.resources import styles_dir

    for sheet in sorted(styles_dir().glob("*.css")):
        text = sheet.read_text(encoding="utf-8")
        if text.strip():
            html = html.replace(text, f"/* styles/{sheet.name}, as it is */\n")
    return html


def test_html_writer_golden(golden_book):
    html = (golden_book / "golden-pamphlet.html").read_text(encoding="utf-8")
    named = _stylesheets_named(html)
    assert named.count("/* styles/") == 3, "base.css, folios.css and classic.css, whole"
    _check("book.html", _normalise(named, golden_book))


def test_epub_writer_golden(golden_book):
    assert_kindle_safe(golden_book / "golden-pamphlet.epub")
    with zipfile.ZipFile(golden_book / "golden-pamphlet.epub") as z:
        names = sorted(n for n in z.namelist() if n.endswith((".xhtml", ".opf", ".ncx")))
        assert names
        for name in names:
            _check("epub/" + name.replace("/", "__"),
                   _normalise(z.read(name).decode("utf-8"), golden_book))


def test_golden_files_have_no_orphans():
    """Every golden output belongs to an input or a writer check (none left behind)."""
    outs = {p.relative_to(GOLDEN / "out").as_posix() for p in (GOLDEN / "out").rglob("*")
            if p.is_file()}
    readers = {p.name + ".md" for p in INPUTS}
    assert readers <= outs
    assert not {o for o in outs if not (o in readers or o == "book.html" or o.startswith("epub/"))}
