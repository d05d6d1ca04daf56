"""Word accounting: every source word kept, dropped with a reason, or reported unaccounted;
an essay with no body is an error; one that lost most of its words silently is flagged."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

from pamphlets import readers
from pamphlets.accounting import WordAccount, account, check, source_words
from pamphlets.cli import cli
from pamphlets.errors import ReadError
from pamphlets.importing import import_file
from pamphlets.model import Essay, EssayMeta, Notice, Para, ReadResult, Text, count_words

PASTED = """\
Why We Read Together

By Ona Field

Reading alone is a private pleasure. Reading in company turns the same pages into an
argument that goes on after the meeting ends, and that is the point of a reading group.

Related posts

Ten reasons to start a book club today
A short history of the lending library

Share on Facebook
"""

NAV_ONLY = """<!doctype html><html><head><title>Shop</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/about">About us</a></li>
<li><a href="/contact">Contact</a></li></ul></nav>
<footer>Copyright 2024 Example Shop. All rights reserved.</footer>
</body></html>"""


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


def test_count_words_is_one_rule_for_every_script():
    assert count_words("Don't stop -- e.g. 1.5 ** [^1]:") == 5
    assert count_words("Бедата на студентскиот живот") == 4
    assert count_words("— * # ::: ***") == 0
    assert count_words("") == 0


@pytest.mark.parametrize(("fmt", "text", "words"), [
    ("txt", "one two three", 3),
    ("md", "---\ntitle: A Title\ntags: [x, y]\n---\nSee [the page](https://example.org/a-b-c) "
           "and[^1] <em>this</em>.\n\n[^1]: A note.\n", 9),
    ("muse", "#title Two Words\n#lang mk\n\nA [[https://example.org/x][link text]] here.\n", 6),
    ("tei", '<TEI><teiHeader><fileDesc><titleStmt><title>The Title</title></titleStmt>'
            '<publicationStmt><p>Published by nobody at all</p></publicationStmt></fileDesc>'
            '</teiHeader><text><body><p>Four words of text</p></body></text></TEI>', 6),
    ("html", "<html><head><title>Not counted</title><style>p{}</style></head><body>"
             "<p>Three shown words</p><script>var hidden = 1</script></body></html>", 3),
])
def test_source_words_per_format(fmt, text, words):
    assert source_words(text, fmt) == words


@pytest.mark.slow
def test_every_word_of_a_pasted_page_is_accounted_for(tmp_path):
    src = tmp_path / "pasted.txt"
    src.write_text(PASTED, encoding="utf-8")
    result = import_file(src)
    words = result.words
    assert words.source == count_words(PASTED)
    assert words.kept + words.dropped_total + words.unaccounted == words.source
    dropped = dict(words.dropped)
    # the related-posts heading and the share button went, each with its reason
    assert dropped.get("related posts") == 2 and dropped.get("share/subscribe widget") == 3
    assert words.unaccounted <= 2
    assert words.problem is None


def test_json_report_schema(tmp_path):
    src = tmp_path / "pasted.txt"
    src.write_text(PASTED, encoding="utf-8")
    out, report = tmp_path / "essay.md", tmp_path / "report.json"
    res = run("import", src, "-o", out, "--report", report)
    assert res.exit_code == 0, res.output
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["schema"] == "pamphlets-import-report" and data["version"] == 1
    (item,) = data["imports"]
    assert item["source"] == str(src) and item["output"] == str(out)
    assert item["format"] == "txt" and item["status"] == "ok"
    assert item["metadata"]["title"] == "Why We Read Together"
    assert item["metadata"]["authors"] == ["Ona Field"]
    w = item["words"]
    assert w["source"] == w["kept"] + w["dropped_total"] + w["unaccounted"]
    assert w["dropped_total"] == sum(w["dropped"].values()) > 0
    dropped_notices = [n for n in item["notices"] if n["words"]]
    assert sum(n["words"] for n in dropped_notices) == w["dropped_total"]
    # the text report names the totals too
    assert "source words:" in res.output


@pytest.mark.slow
def test_html_page_with_no_article_is_an_error_in_import_and_build(tmp_path):
    page = tmp_path / "shop.html"
    page.write_text(NAV_ONLY, encoding="utf-8")
    res = run("import", page)
    assert res.exit_code == 1
    line = res.output.strip().splitlines()[-1]
    assert "shop.html" in line and "no text found" in line and "--from" in line
    assert "Traceback" not in res.output
    res = run("build", page, "--out-dir", tmp_path / "out", "--format", "html")
    assert res.exit_code == 1
    assert "no text found" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "out" / "shop.html").exists()


def _lossy_reader(monkeypatch):
    """A reader that keeps the first paragraph of a text and says nothing of the rest."""
    module = types.ModuleType("lossy_reader_for_tests")

    def read(text, *, path="", keep_all=False):
        first = text.strip().split("\n\n")[0]
        essay = Essay(EssayMeta(title="Lossy"), (Para((Text(first),)),), origin=path)
        return ReadResult(essay, ())

    module.read = read
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setitem(readers.READERS, "txt", f"{module.__name__}:read")


def test_words_lost_without_a_reason_warn_in_import_and_stop_a_build(tmp_path, monkeypatch):
    _lossy_reader(monkeypatch)
    src = tmp_path / "long.txt"
    src.write_text("Short first paragraph here.\n\n" + "Many more words follow. " * 60,
                   encoding="utf-8")
    res = run("import", src, "-o", tmp_path / "long.md")
    assert res.exit_code == 0
    assert "went missing with no reason" in res.output
    res = run("build", src, "--out-dir", tmp_path / "out", "--format", "html")
    assert res.exit_code == 1
    assert "went missing with no reason" in res.output and "--keep-going" in res.output
    res = run("build", src, "--out-dir", tmp_path / "out", "--format", "html", "--keep-going")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "out").is_dir()


def test_problem_verdicts():
    assert WordAccount(100, 90).problem is None
    assert WordAccount(100, 0, has_body=False).problem == "empty"
    # most of the source dropped, with reasons: not a problem
    assert WordAccount(1000, 200, (("navigation", 700),)).problem is None
    # most of the source gone with no reason
    lost = WordAccount(1000, 200, (("navigation", 100),))
    assert lost.problem == "lost" and lost.unaccounted == 700
    with pytest.raises(ReadError, match="went missing"):
        check(lost, "x.html", strict=True, command="build")
    (notice,) = check(lost, "x.html", strict=False)
    assert notice.kind == "warning"


def test_account_sums_notice_words_by_reason():
    essay = Essay(EssayMeta(title="T"), (Para((Text("one two three"),)),))
    result = ReadResult(essay, (Notice("dropped", "navigation", "a b", words=2),
                                Notice("dropped", "navigation", "c", words=1),
                                Notice("info", "read as the author", "x y")))
    words = account(10, result)
    assert words.kept == 4 and dict(words.dropped) == {"navigation": 3}
    assert words.unaccounted == 3


def test_note_marks_and_broken_words_are_not_extra_source_words():
    # a Muse note mark is a number, not a word; a TEI word broken over a line end is one
    assert source_words("#title T\n\nText[1] more {2} words\n\n[1] A note\n", "muse") == 6
    tei = ('<TEI><text><body><p>wor-<lb/>shipful and Ar\u00ac<lb/>beit and x<lb break="no"/>y '
           'a<lb/>b</p></body></text></TEI>')
    assert source_words(tei, "tei") == 7


def test_a_tei_document_without_a_header_is_read_as_tei():
    from pamphlets.readers import detect_format

    fragment = '<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>x</p></body></text></TEI>'
    assert detect_format("fragment.xml", fragment) == "tei"
    assert detect_format("old.xml", "<TEI.2><text><body><p>x</p></body></text></TEI.2>") == "tei"
    assert detect_format("page.html", "<!DOCTYPE html><html><body><p>TEI</p></body></html>") == "html"
