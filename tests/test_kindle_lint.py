"""Each check of tests/kindle_lint.py finds the fault it is named after (in a broken copy
of the sample EPUB), so that a clean lint means something."""

from __future__ import annotations

import re
import zipfile

import pytest

import kindle_lint
from kindle_lint import kindle_problems

OPF, CSS = "EPUB/content.opf", "EPUB/styles/epub.css"
TITLE, ESSAY, NAV = "EPUB/text/titlepage.xhtml", "EPUB/text/essay-01.xhtml", "EPUB/text/nav.xhtml"


def _sub(pattern: str, replacement: str, count: int = 1):
    return lambda text: re.sub(pattern, replacement, text, count=count, flags=re.S)


def _swap_first_essays(text: str) -> str:
    return (text.replace('idref="essay-01"', 'idref="@"').replace('idref="essay-02"', 'idref="essay-01"')
            .replace('idref="@"', 'idref="essay-02"'))


def breakage(check: str, changes: dict, name: str = ""):
    """A broken copy of the EPUB (``changes``: file -> edit) that ``check`` must catch."""
    return pytest.param(check, changes, id=name or check)


BREAKAGES = [
    breakage("language", {OPF: _sub(r"<dc:language>en</dc:language>",
                                     "<dc:language>mk</dc:language>")}),
    breakage("language", {OPF: _sub(r"<dc:language>en</dc:language>", "")}, "no-language"),
    breakage("encoding_declaration", {TITLE: _sub(r"^<\?xml[^>]*\?>\s*", "")}),
    breakage("body_id_links", {ESSAY: _sub(r"<body", '<body id="top"'),
                               NAV: _sub(r'href="essay-01.xhtml"',
                                         'href="essay-01.xhtml#top"')}),
    breakage("img_src", {"EPUB/text/cover.xhtml": _sub(r' src="[^"]*"', "")}),
    breakage("spine_matches_ncx", {OPF: _swap_first_essays}),
    breakage("css_custom_properties", {CSS: lambda css: css + "\n:root { --ink: #111; }\n"}),
    breakage("css_comment_dashes", {CSS: lambda css: css + "\n/* a note -- with dashes */\n"}),
    breakage("cover_meta", {OPF: _sub(r'<meta name="cover"[^>]*>(</meta>)?', "")}),
]


def _broken(source, out, changes) -> None:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename in changes:
                data = changes[info.filename](data.decode("utf-8")).encode("utf-8")
            dst.writestr(info, data)


@pytest.mark.parametrize("check, changes", BREAKAGES)
def test_each_check_finds_its_fault(sampler, tmp_path, check, changes):
    out = tmp_path / "broken.epub"
    _broken(sampler.outputs["epub"], out, changes)
    problems = kindle_problems(out)
    assert problems and all(p.startswith(check + ":") for p in problems), problems


def test_size_check(sampler, monkeypatch):
    monkeypatch.setattr(kindle_lint, "MAX_BYTES", 1000)
    assert any(p.startswith("size:") for p in kindle_problems(sampler.outputs["epub"]))


def test_every_check_has_a_fault_to_find():
    covered = {param.values[0] for param in BREAKAGES} | {"size"}
    assert covered == {check.__name__.removeprefix("check_") for check in kindle_lint.CHECKS}
