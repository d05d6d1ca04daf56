"""A long essay renders as chapter parts in parallel and joins into the same pages."""

from __future__ import annotations

import random
import re

import pikepdf
import pytest

from conftest import assert_same_pixels, build_book, pdf_pages_text

WORDS = ("the of and to in a is that for it as was with be by on not this are or from at "
         "which but have an they were there one all we their printing pamphlet argument "
         "meeting paper sheet fold reader library essay question history press").split()


def long_essay(chapters: int = 4, paras: int = 60, seed: int = 7) -> str:
    rng = random.Random(seed)
    out = ["---", "title: A Long Essay", "author: Test Writer", "---", ""]
    notes = 0
    for ch in range(1, chapters + 1):
        out.append(f"# Chapter {ch}\n")
        for k in range(paras):
            sentences = []
            for _ in range(rng.randint(4, 7)):
                words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
                sentences.append(" ".join(words).capitalize() + ".")
            para = " ".join(sentences)
            if k % 7 == 0:
                notes += 1
                para += f"[^n{notes}]"
            out.append(para + "\n")
    out += [f"[^n{i}]: Note {i} on the text.\n" for i in range(1, notes + 1)]
    return "\n".join(out)


@pytest.mark.slow
def test_long_essay_chapters_match_single_document(tmp_path):
    from weasyprint import HTML

    source = tmp_path / "long.md"
    source.write_text(long_essay(), encoding="utf-8")
    result = build_book([source], tmp_path / "out", "--format", "pdf,html", "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    pdf_path = tmp_path / "out" / "a-long-essay.pdf"
    pages = pdf_pages_text(pdf_path)
    single = HTML(filename=str(tmp_path / "out" / "a-long-essay.html")).render()
    assert len(single.pages) == len(pages)
    single.write_pdf(tmp_path / "single.pdf")
    assert_same_pixels(pdf_path, tmp_path / "single.pdf")

    # the first page showing each chapter's title is where it opens (the rectos after it
    # carry it as their running head)
    contents = next(i + 1 for i, t in enumerate(pages) if t.startswith("Contents"))
    chapter_pages = [next(i + 1 for i, text in enumerate(pages)
                          if i + 1 > contents and f"Chapter {n}" in text.splitlines())
                     for n in range(2, 5)]
    assert len(chapter_pages) == 3 and all(n % 2 == 1 for n in chapter_pages)
    # blank pages stand only where a right-hand opening needs them: after the title page
    # and the contents, before a chapter, before the back cover
    blanks = [i + 1 for i, text in enumerate(pages) if not text.strip()]
    assert all(b in (2, contents + 1) or b + 1 in chapter_pages or b + 1 == len(pages)
               for b in blanks), blanks

    with pikepdf.open(pdf_path) as pdf:
        index = {p.objgen: i for i, p in enumerate(pdf.pages)}
        dests = {k: index[v[0].objgen] for k, v in pikepdf.NameTree(pdf.Root.Names.Dests).items()}
        links = [str(a.Dest) for p in pdf.pages for a in p.obj.get("/Annots", []) if "/Dest" in a]
        with pdf.open_outline() as outline:
            top = list(outline.root)
            assert [t.title for t in top] == ["Contents", "A Long Essay"]
            assert [c.title for c in top[1].children][:4] == [f"Chapter {n}" for n in range(1, 5)]
    notes = [t for t in links if re.fullmatch(r"e1-n\d+", t)]
    backs = [t for t in links if t.startswith("e1-r")]
    assert len(notes) == len(backs) == 36
    assert all(t in dests for t in links)
    # every back-link lands on the page holding its reference
    for t in backs:
        n = t.split("-r")[1]
        assert dests[t] <= dests[f"e1-n{n}"]


@pytest.mark.slow
@pytest.mark.parametrize("folios", ["stamps", "overlay"])
def test_folios_and_running_heads_across_overlay_documents(tmp_path, monkeypatch, folios):
    import pamphlets.writers.pdf.folios as folio_stamps
    import pamphlets.writers.pdf as pdf_writer

    monkeypatch.setattr(pdf_writer, "OVERLAY_PAGES", 8)  # many overlay documents
    if folios == "overlay":  # refuse the stamps: every folio from the overlay documents
        monkeypatch.setattr(folio_stamps.FolioStamps, "read",
                            classmethod(lambda cls, *args: None))
    source = tmp_path / "long.md"
    source.write_text(long_essay(chapters=3, paras=45), encoding="utf-8")
    result = build_book([source], tmp_path / "out", "--format", "pdf", "--title", "Collected",
                        "--jobs", "2")
    assert result.exit_code == 0, result.output
    pages = pdf_pages_text(tmp_path / "out" / "collected.pdf")
    assert len(pages) > 24
    # each chapter opens where its title first shows (later rectos carry it as their head)
    contents = next((i + 1 for i, t in enumerate(pages) if t.startswith("Contents")), 0)
    opens = {n: next(i + 1 for i, t in enumerate(pages)
                     if i + 1 > contents and f"Chapter {n}" in t.splitlines())
             for n in (1, 2, 3)}
    first = opens[1]  # the essay opens with its first chapter
    if not contents:  # too short to be printed as chapters: they run on
        opens = {1: first}
    for number, text in enumerate(pages, start=1):
        lines = [line.strip() for line in text.splitlines()]
        if number < first or not text.strip() or "Sources" in lines:
            continue
        assert str(number) in lines, f"page {number} lacks its folio"
        if number in opens.values():
            assert "Collected" not in lines, f"opening {number} carries a running head"
            continue
        if number % 2 == 0:
            assert "Collected" in lines, f"verso {number} lacks the book title"
        elif not contents:
            assert "A Long Essay" in lines, f"recto {number} lacks the essay title"
        else:
            chapter = max(n for n, at in opens.items() if at <= number)
            assert f"Chapter {chapter}" in lines, f"recto {number} lacks its chapter's title"
