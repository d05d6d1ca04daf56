"""``pamphlets import`` and the importing module behind it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from pamphlets.cli import cli
from pamphlets.importing import format_report, import_file
from pamphlets.readers.markdown import read

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"
HUGO = FIXTURES / "hugo.md"
LAMPS = FIXTURES / "footnotes.md"


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


def test_import_file_and_report():
    result = import_file(LAMPS)
    assert result.format == "md" and result.encoding == "utf-8"
    assert result.markdown.startswith("---\ntitle: 'On Lamps: A Study'\n")
    assert read(result.markdown).essay.meta.authors == ("Ada Quill", "Bram Otter")
    report = format_report(result)
    assert "title: On Lamps: A Study" in report
    assert "notes: 2 (2 matched to references)" in report
    assert "Warnings: 1" in report and "orphan" in report


def test_keep_all_is_passed_to_the_reader():
    # notes are renumbered 1..n in the Markdown; the unreferenced one survives only keep_all
    assert [n.id for n in import_file(LAMPS, keep_all=True).essay.notes] == ["1", "2", "3"]
    assert [n.id for n in import_file(LAMPS).essay.notes] == ["1", "2"]


def test_one_source_to_stdout_report_to_stderr():
    result = run("import", HUGO)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("---\ntitle: Harbour notes\n")
    assert "## Preamble {#preamble}" in result.stdout
    assert "Dropped: 1" in result.stderr and "mastodon-embed" in result.stderr
    assert "Dropped" not in result.stdout


def test_output_file_and_no_overwrite_without_force(tmp_path):
    out = tmp_path / "essay.md"
    assert run("import", HUGO, "-o", out, "--quiet").exit_code == 0
    first = out.read_text(encoding="utf-8")
    assert first.startswith("---\ntitle: Harbour notes")
    out.write_text("mine", encoding="utf-8")
    refused = run("import", HUGO, "-o", out)
    assert refused.exit_code == 1
    assert "exists" in refused.output and len(refused.output.strip().splitlines()) == 1
    assert out.read_text(encoding="utf-8") == "mine"
    assert run("import", HUGO, "-o", out, "--force", "-q").exit_code == 0
    assert out.read_text(encoding="utf-8") == first
    assert [p.name for p in tmp_path.iterdir()] == ["essay.md"]  # no temporary file left


def test_several_sources_need_out_dir(tmp_path):
    refused = run("import", HUGO, LAMPS)
    assert refused.exit_code == 1 and "--out-dir" in refused.output
    report = tmp_path / "report.txt"
    done = run("import", HUGO, LAMPS, "--out-dir", tmp_path / "out", "--report", report)
    assert done.exit_code == 0, done.output
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["harbour-notes.md", "on-lamps-a-study.md"]
    text = report.read_text(encoding="utf-8")
    assert "Harbour notes" in text and "On Lamps" in text


def test_missing_file_and_unknown_format(tmp_path):
    missing = run("import", tmp_path / "nope.md")
    assert missing.exit_code == 1 and "not found" in missing.output
    bad = run("import", HUGO, "--from", "docx")
    assert bad.exit_code == 2  # a usage error from click


def test_yaml_error_is_one_line():
    result = run("import", FIXTURES / "bad-yaml.md")
    assert result.exit_code == 1
    assert "bad-yaml.md:4" in result.output and "Traceback" not in result.output


def test_help_has_an_example():
    result = run("import", "--help")
    assert result.exit_code == 0 and "pamphlets import" in result.output and "--out-dir" in result.output


@pytest.mark.parametrize("fmt,text", [
    ("txt", "A Plain Title\n\nThe first paragraph of a plain text essay.\n\nA second one.\n"),
    ("html", "<html><head><title>A Web Page</title></head><body><h1>A Web Page</h1>"
             "<p>The first paragraph of a page.</p></body></html>"),
])
def test_other_readers_when_present(tmp_path, fmt, text):
    src = tmp_path / f"in.{fmt}"
    src.write_text(text, encoding="utf-8")
    result = run("import", src, "--from", fmt, "-q")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("---\ntitle:")
    assert "first paragraph" in result.stdout
    again = read(result.stdout)
    assert "first paragraph" in " ".join(str(b) for b in again.essay.blocks)
