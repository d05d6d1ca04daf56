"""The part cache: a rebuild renders again exactly the parts whose inputs changed."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image

from conftest import SEEDS
from pamphlets import BuildOptions, build as build_book
from pamphlets.writers.pdf import render


@pytest.fixture
def rendered(monkeypatch):
    """Names of the parts each build renders (in this process: ``jobs=1``)."""
    names: list[str] = []
    real = render.render_job

    def counting(job):
        names.append(job.name)
        return real(job)

    monkeypatch.setattr(render, "render_job", counting)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return names


def build(seeds, out, **options) -> bytes:
    build_book(seeds / "sampler.toml", BuildOptions(out_dir=out, formats=("pdf",), jobs=1, **options))
    return next(out.glob("*.pdf")).read_bytes()


@pytest.fixture
def seeds(tmp_path):
    return shutil.copytree(SEEDS, tmp_path / "seeds")


def essays(names: list[str]) -> list[str]:
    return sorted(n for n in names if n.startswith("e"))


@pytest.mark.slow
def test_an_unchanged_book_renders_nothing_again(seeds, tmp_path, rendered):
    first = build(seeds, tmp_path / "out")
    assert essays(rendered) == ["e1", "e2", "e3"]
    rendered.clear()
    assert build(seeds, tmp_path / "out") == first
    assert rendered == []


@pytest.mark.slow
def test_an_edited_essay_renders_again_alone(seeds, tmp_path, rendered):
    build(seeds, tmp_path / "out")
    rendered.clear()
    margins = seeds / "margins.md"
    margins.write_text(margins.read_text(encoding="utf-8").replace("fourth note", "last note"),
                       encoding="utf-8")
    build(seeds, tmp_path / "out")
    assert essays(rendered) == ["e3"]


@pytest.mark.slow
def test_a_replaced_image_renders_its_essay_again(seeds, tmp_path, rendered):
    """The key holds the size and time of each local file a part names, not only its path."""
    first = build(seeds, tmp_path / "out")
    rendered.clear()
    Image.new("RGB", (300, 200), (200, 30, 30)).save(seeds / "images" / "fold.png")
    second = build(seeds, tmp_path / "out")
    assert essays(rendered) == ["e1"]
    assert second != first


@pytest.mark.slow
@pytest.mark.parametrize("change", [{"styles": ("zine",)}, {"page_size": "a6"},
                                    {"notes": "book"}, {"use_cache": False}])
def test_a_changed_style_or_option_renders_every_part_again(seeds, tmp_path, rendered, change):
    build(seeds, tmp_path / "out")
    rendered.clear()
    build(seeds, tmp_path / "out", **change)
    # the zine opens essays on any page: one landing on a left-hand page renders again,
    # as a document opening on the left
    assert sorted(set(essays(rendered))) == ["e1", "e2", "e3"]
