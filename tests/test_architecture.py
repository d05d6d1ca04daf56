"""The shape the next engineer relies on: one table per kind of plug-in, options documented
once, and each build decision taken in one module."""

from __future__ import annotations

import re
from dataclasses import FrozenInstanceError, fields
from pathlib import Path

import click
import pytest

import pamphlets
from pamphlets.cli.build import command as build_command
from pamphlets.manifest import BOOK_KEYS
from pamphlets.model import Booklet, plain_text
from pamphlets.options import OPTIONS, BuildOptions, help_for, manifest_keys
from pamphlets.writers import WRITERS, Report, Writer

from conftest import ROOT

PACKAGE = ROOT / "pamphlets"


def write_titles(booklet: Booklet, out: Path, context, runtime) -> Report:
    """A toy output format: the essay titles, one per line, and the notes mode."""
    lines = [e.meta.title for e in booklet.essays] + [f"notes: {context.notes}"]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Report()


def test_an_output_format_is_one_entry_in_writers(tmp_path, monkeypatch):
    monkeypatch.setitem(WRITERS, "titles", Writer(".txt", "test_architecture:write_titles"))
    essay = tmp_path / "a.md"
    essay.write_text("# First essay\n\nSome words here, enough of them to keep.\n",
                     encoding="utf-8")
    result = pamphlets.build([essay], BuildOptions(out_dir=tmp_path / "out",
                                                   formats=("titles",), notes="book"))
    assert result.outputs == {"titles": tmp_path / "out" / "first-essay.txt"}
    assert result.outputs["titles"].read_text(encoding="utf-8") == "First essay\nnotes: book\n"


def test_an_unknown_output_format_is_refused_before_reading(tmp_path):
    with pytest.raises(pamphlets.PamphletError, match="unknown output format 'mobi'"):
        pamphlets.build([tmp_path / "missing.md"], BuildOptions(formats=("mobi",)))


def test_the_api_builds_from_an_assembled_book(tmp_path, monkeypatch):
    """``assemble`` then ``build``: the same booklet and context, written without reading
    the essays again."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    essay = tmp_path / "a.md"
    essay.write_text("# An essay\n\nText with a note.[^1]\n\n[^1]: The note.\n",
                     encoding="utf-8")
    options = BuildOptions(out_dir=tmp_path / "out", formats=("html",), page_size="a6",
                           notes="book")
    assembled = pamphlets.assemble(essay, options)
    assert (assembled.context.page.name, assembled.context.notes) == ("a6", "book")
    assert assembled.context.build_date == "2023-11-14"
    essay.unlink()  # not read again
    result = pamphlets.build(assembled, options)
    html = result.outputs["html"].read_text(encoding="utf-8")
    assert "size: 105mm 148mm" in html and 'id="e1-n1"' in html and "2023-11-14" in html
    assert plain_text(result.booklet.essays[0].blocks[0].inlines).startswith("Text with")


def _cli_options() -> dict[str, click.Option]:
    return {p.name: p for p in build_command.params if isinstance(p, click.Option)}


def test_every_build_option_is_a_cli_option_with_the_same_help():
    cli = _cli_options()
    for name in OPTIONS:
        assert name in cli, f"BuildOptions.{name} has no CLI option"
        assert cli[name].help == help_for(name), name
    # and the CLI has nothing of its own but how it prints
    assert set(cli) - set(OPTIONS) == {"quiet"}


def test_cli_defaults_are_the_options_defaults():
    cli = _cli_options()
    defaults = BuildOptions()
    for name in ("out_dir", "jobs", "cover", "use_cache"):
        assert cli[name].default == getattr(defaults, name), name
    assert tuple(cli["formats"].default.split(",")) == defaults.formats


def test_manifest_keys_for_options_exist_and_say_the_same_choices():
    for option, key in manifest_keys().items():
        assert key in BOOK_KEYS, f"BuildOptions.{option} names the manifest key {key!r}"
    # the page sizes and notes modes the manifest documents are the options' own
    assert "a5" in BOOK_KEYS["page_size"][1] and "a5" in help_for("page_size")
    for mode in ("essay", "book"):
        assert mode in BOOK_KEYS["notes"][1] and mode in help_for("notes")


def test_build_options_are_frozen_and_hold_no_callbacks():
    for f in fields(BuildOptions):
        assert not f.name.startswith("progress")
        assert not callable(getattr(BuildOptions(), f.name)), f.name
    with pytest.raises(FrozenInstanceError):
        BuildOptions().jobs = 3  # type: ignore[misc]


def _sources() -> dict[str, str]:
    return {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8")
            for p in PACKAGE.rglob("*.py")}


def _where(pattern: str) -> set[str]:
    rx = re.compile(pattern)
    return {name for name, text in _sources().items() if rx.search(text)}


def test_build_time_is_read_in_one_place():
    assert _where(r"SOURCE_DATE_EPOCH[\"']\s*[,)]|environ.*SOURCE_DATE_EPOCH") == \
        {"pamphlets/context.py"}


def test_notes_mode_is_decided_in_one_place():
    """Only the context compares the notes mode; writers ask ``notes_with_essays``."""
    assert _where(r"notes\s*[!=]=\s*[\"'](book|essay)[\"']") == {"pamphlets/context.py"}
    templates = {p.name for p in (ROOT / "templates").rglob("*.j2")
                 if re.search(r"book_notes|notes\s*==", p.read_text(encoding="utf-8"))}
    assert templates == set()


def test_openings_are_decided_in_one_place():
    """Only the context compares the openings; the PDF writer asks ``openings_right``."""
    assert _where(r"openings\s*[!=]=\s*[\"'](any|right)[\"']") == {"pamphlets/context.py"}
    assert _where(r"\bopenings_mode\(") == {"pamphlets/context.py"}


def test_page_size_is_looked_up_in_one_place():
    """The page size is resolved by the context (``pamphlets list`` estimates with the
    same table); nothing else reads the table by name."""
    assert _where(r"\bpage_size\(") <= {"pamphlets/context.py", "pamphlets/pages.py",
                                        "pamphlets/cli/list_.py"}
    assert _where(r"PAGE_SIZES\[") == {"pamphlets/pages.py"}


def test_anchor_ids_are_spelled_in_one_module():
    spelled = _where(r"f[\"']\{key\}-[nrh]|f[\"']e\{|[\"']-h-|f[\"']notes-\{")
    assert spelled == {"pamphlets/writers/anchors.py"}


def test_every_sheet_has_its_paper_name_and_family_in_the_one_table():
    from pamphlets.pages import SHEET_PAPER, SHEETS
    from pamphlets.writers.print import impose

    assert SHEET_PAPER.keys() == SHEETS.keys()
    assert set(impose._ISO_SHEETS + impose._US_SHEETS) == set(SHEETS)
    source = Path(impose.__file__).read_text(encoding="utf-8")
    assert '"US Letter"' not in source and '"A4"' not in source  # no paper name typed again


def test_no_merge_conflict_markers_are_left_in_the_tree():
    markers = re.compile(r"^(?:<{7} |>{7} |={7}$)", re.M)
    root = Path(__file__).resolve().parent.parent
    left = [str(path.relative_to(root)) for folder in ("pamphlets", "templates", "styles",
                                                        "docs", "tests", "benchmarks", "scripts")
            for path in (root / folder).rglob("*")
            if path.is_file() and path.suffix in (".py", ".md", ".j2", ".css", ".js", ".sh",
                                                  ".toml", ".rng")
            and markers.search(path.read_text(encoding="utf-8", errors="replace"))]
    left += [name for name in ("README.md", "pyproject.toml", "Makefile")
             if markers.search((root / name).read_text(encoding="utf-8"))]
    assert left == []
