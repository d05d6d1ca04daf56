"""Very large or deeply nested input (issue #15, rule 4): linear in the size of the input.

Deep nesting is flattened below a cap, with a warning and every word kept; note numbering
and very long paragraphs take time that grows with the input, not its square. The tests
check structure (no RecursionError, the warning, the words, the HTML handed to WeasyPrint);
the few that guard against a slow path run under a generous time-box (``time_box``), far
above what they take. Timings are in ``benchmarks/scale.py``.
"""

from __future__ import annotations

import re
import signal
import zipfile
from contextlib import contextmanager

import pytest
from click.testing import CliRunner

from pamphlets.accounting import account, source_words
from pamphlets.cli import cli
from pamphlets.model import (MAX_NESTING, BlockQuote, Emph, Essay, EssayMeta, Link, ListBlock,
                             Note, NoteRef, Para, ReadResult, Text, block_text, cap_nesting,
                             count_words, iter_block_inlines, iter_blocks, nesting_depth,
                             plain_text)
from pamphlets.readers import get_reader
from pamphlets.transforms import apply
from pamphlets.transforms.notes import number_notes
from pamphlets.writers import markup


class TooSlow(Exception):
    pass


@contextmanager
def time_box(seconds: float):
    """Fail the test if the block runs longer than ``seconds`` (a slow path, not a limit)."""
    def expired(*_):
        raise TooSlow(f"took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def build(tmp_path, name: str, text: str, formats: str = "html,epub"):
    essay = tmp_path / name
    essay.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(essay), "--out-dir", str(out), "--format",
                                      formats, "--jobs", "1"],
                                env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert "RecursionError" not in result.output, result.output[-2000:]
    assert result.exit_code == 0, result.output[-2000:]
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    return out, warnings


def read(fmt: str, text: str) -> ReadResult:
    """Read and transform, and check that the words still balance."""
    result = apply(get_reader(fmt)(text, path=f"deep.{fmt}"))
    words = account(source_words(text, fmt), result)
    # (an HTML page's source words are counted on its text run together, so may be fewer)
    assert words.unaccounted == 0 and words.kept >= words.source > 0, words.summary()
    return result


def warned(result: ReadResult, needle: str) -> str:
    found = [n.reason for n in result.notices if n.kind == "warning" and needle in n.reason]
    assert found, [n.reason for n in result.notices]
    return found[0]


def tei(body: str) -> str:
    return ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
            '<title>Deep</title></titleStmt></fileDesc></teiHeader><text><body>'
            f'<p>Top.</p>{body}</body></text></TEI>')


# ------------------------------------------------------------------ row 14: nested quotes


@pytest.mark.slow
def test_tei_quote_nested_200_deep_builds_with_a_warning(tmp_path):
    out, warnings = build(tmp_path, "deep.xml",
                          tei("<quote>" * 200 + "<p>Deep down.</p>" + "</quote>" * 200),
                          "html,epub,pdf")
    assert any("flattened" in w for w in warnings), warnings
    html = (out / "deep.html").read_text(encoding="utf-8")
    assert "Top." in html and "Deep down." in html
    assert html.count("<blockquote") == MAX_NESTING
    assert (out / "deep.pdf").read_bytes().startswith(b"%PDF")


def test_muse_quote_nested_200_deep_builds_with_a_warning(tmp_path):
    text = "#title Deep\n\nTop.\n\n" + "<quote>\n" * 200 + "Deep down.\n" + "</quote>\n" * 200
    out, warnings = build(tmp_path, "deep.muse", text)
    assert any("<quote>" in w and "ignored" in w for w in warnings), warnings
    html = (out / "deep.html").read_text(encoding="utf-8")
    assert "Deep down." in html and "</quote>" not in html
    with zipfile.ZipFile(out / "deep.epub") as epub:
        assert any(b"Deep down." in epub.read(n) for n in epub.namelist())


@pytest.mark.parametrize("depth", [100, 250])
def test_tei_nested_as_deep_as_xml_allows(depth):
    result = read("tei", tei("<quote>" * depth + "<p>Deep <hi rend='italic'>down</hi>.</p>"
                             + "</quote>" * depth))
    warned(result, "elements deep")
    assert nesting_depth(result.essay.blocks) <= MAX_NESTING
    assert "Deep down." in "".join(block_text(b) for b in result.essay.blocks)


def test_tei_nested_deeper_than_xml_allows_is_one_clear_error(tmp_path):
    essay = tmp_path / "deeper.xml"
    essay.write_text(tei("<quote>" * 300 + "<p>x</p>" + "</quote>" * 300), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(essay), "--out-dir", str(tmp_path / "o"),
                                      "--format", "html"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    assert "nested 256 or more levels deep" in line and "flatten" in line, line


def test_tei_inline_nested_250_deep():
    result = read("tei", tei("<p>Start " + "<hi rend='italic'>" * 250 + "inside"
                             + "</hi>" * 250 + " end.</p>"))
    warned(result, "elements deep")
    assert "Start inside end." in plain_text(result.essay.blocks[-1].inlines)


@pytest.mark.slow
@pytest.mark.parametrize("depth", [2000, 50_000])
def test_muse_quote_nested_thousands_deep(depth):
    text = "#title Deep\n\nTop.\n\n" + "<quote>\n" * depth + "Deep down.\n" + "</quote>\n" * depth
    with time_box(30):
        result = read("muse", text)
    reason = warned(result, "<quote>")
    assert f"{depth - MAX_NESTING:,} <quote>" in reason
    assert nesting_depth(result.essay.blocks) == MAX_NESTING


@pytest.mark.parametrize("tag", ["em", "strong", "sup"])
def test_muse_inline_tags_nested_5000_deep(tag):
    text = f"#title Deep\n\nTop <{tag}>" * 1 + f"<{tag}>" * 4999 + "deep" + f"</{tag}>" * 5000 \
        + " end.\n"
    with time_box(30):
        result = read("muse", text)
    warned(result, f"<{tag}>")
    assert plain_text(result.essay.blocks[0].inlines) == "Top deep end."
    assert nesting_depth(result.essay.blocks) <= MAX_NESTING


def test_muse_skipped_closing_tags_never_reach_the_text():
    inner = "<quote>\nA\n</quote>\n" * 3
    text = "#title Deep\n\n" + "<quote>\n" * 40 + inner + "</quote>\n" * 40 + "\nAfter.\n"
    result = read("muse", text)
    words = [block_text(b) for b in iter_blocks(result.essay.blocks)]
    assert not any("quote>" in w for w in words)
    assert plain_text(result.essay.blocks[-1].inlines) == "After."


def test_markdown_emphasis_nested_hundreds_deep(tmp_path):
    # capped in the model, before any transform or writer recurses into it
    text = "---\ntitle: Deep\n---\n\nTop. " + "*a _b " * 300 + "Deep" + "_ b* a" * 300 + "\n"
    out, warnings = build(tmp_path, "deep.md", text)
    assert any("flattened" in w and "emphases" in w for w in warnings), warnings
    assert "Deep" in (out / "deep.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------ the model's walkers


def _deep_model(depth: int) -> tuple:
    """A quotation in a list in a quotation... ``depth`` deep, emphasis as deep inside."""
    inline: object = Text("core")
    for i in range(depth):
        inline = Link("https://example.org", (inline,)) if i % 2 else Emph((inline,))
    block: object = Para((Text("Deep "), inline, Text(" end.")))
    for i in range(depth):
        block = ListBlock(False, ((block,), (Para((Text(f"item {i}"),)),))) if i % 2 \
            else BlockQuote((block,), (Text(f"by {i}"),))
    return (Para((Text("Top."),)), block)


@pytest.mark.slow
def test_model_walkers_take_any_depth():
    blocks = _deep_model(5000)
    assert sum(1 for _ in iter_blocks(blocks)) == 5000 * 2 + 2 - 2500
    assert sum(1 for _ in iter_block_inlines(blocks)) > 10_000
    assert nesting_depth(blocks) == 10_000
    assert count_words(block_text(blocks[1])) == count_words("Deep core end.") + 2500 * 4


def test_block_text_is_unchanged_for_ordinary_trees():
    blocks = (BlockQuote((Para((Text("a"),)), BlockQuote(()), ListBlock(True, ((), (Para(
        (Emph((Text("b"),)),)),)))), (Text("c"),)),)
    assert block_text(blocks[0]) == "a\n\nb\nc"


def test_cap_nesting_keeps_every_word_and_the_order():
    blocks = _deep_model(300)
    capped, flattened = cap_nesting(blocks)
    assert nesting_depth(capped) == MAX_NESTING
    paras = [block_text(b) for b in iter_blocks(capped) if isinstance(b, Para)]
    # flattened attributions follow their quotation's blocks; the outer levels are kept
    assert paras[:4] == ["Top.", "Deep core end.", "by 0", "item 1"]
    assert paras[-1] == "item 299" and len(paras) == 2 + 300 - MAX_NESTING // 2
    before = sum(count_words(block_text(b)) for b in blocks)
    assert sum(count_words(block_text(b)) for b in capped) == before
    assert sum(flattened.values()) == 600 - MAX_NESTING
    assert set(flattened) == {"quotations", "lists", "emphases", "links"}


def test_cap_nesting_leaves_ordinary_trees_alone():
    blocks = _deep_model(10)
    capped, flattened = cap_nesting(blocks)
    assert flattened == {} and capped == blocks and capped[1] is blocks[1]


def test_transforms_flatten_a_deep_essay_with_one_warning():
    blocks = _deep_model(2000)
    note = Note("n1", _deep_model(100))
    essay = Essay(EssayMeta("Deep"), blocks[:1] + (Para((Text("x"), NoteRef("n1"))),)
                  + blocks[1:], (note,), origin="deep.md")
    result = apply(ReadResult(essay))
    (reason,) = [n.reason for n in result.notices if "flattened" in n.reason]
    assert f"more than {MAX_NESTING} levels" in reason and "quotations" in reason
    assert nesting_depth(result.essay.blocks) <= MAX_NESTING
    assert nesting_depth(result.essay.notes[0].blocks) <= MAX_NESTING


# ------------------------------------------------------------------ row 15: many notes


@pytest.mark.slow
def test_one_hundred_thousand_notes_are_numbered_in_linear_time():
    count = 100_000
    blocks = tuple(Para(tuple(x for i in range(j, j + 10)
                              for x in (Text(f"Claim {i}."), NoteRef(f"n{i}"))))
                   for j in range(0, count, 10))
    notes = tuple(Note(f"n{i}", (Para((Text(f"Note {i}."),)),)) for i in reversed(range(count)))
    with time_box(60):  # about 3 s; the quadratic way took 8 s for 10,000
        result = number_notes(ReadResult(Essay(EssayMeta("Notes"), blocks, notes)))
    assert [n.id for n in result.essay.notes[:3]] == ["1", "2", "3"]
    assert result.essay.notes[-1] == Note(str(count), (Para((Text(f"Note {count - 1}."),)),))
    assert result.notices == ()


@pytest.mark.slow
def test_muse_with_thousands_of_notes():
    count = 9999  # Muse note marks have at most four digits
    body = "".join(f"Claim {i}.[{i}] " + ("\n\n" if i % 10 == 0 else "") for i in range(1, count + 1))
    defs = "".join(f"[{i}] Note {i}.\n\n" for i in range(1, count + 1))
    with time_box(60):
        result = read("muse", f"#title Notes\n\n{body}\n\n{defs}[10000] Never marked.\n")
    assert len(result.essay.notes) == count
    assert sum(1 for n in iter_block_inlines(result.essay.blocks) if isinstance(n, NoteRef)) \
        == count


# ------------------------------------------------------------------ row 17: deep HTML


@pytest.mark.slow
def test_html_nested_50000_deep(tmp_path):
    depth = 50_000
    body = ("<div>" * depth + "<p>Deep <em>down</em> <a href='https://example.org'>here</a>."
            "<img src='x.png' alt='x'></p>" + "</div>" * depth)
    text = f"<html><head><title>Deep</title></head><body><p>Top.</p>{body}<p>After.</p></body></html>"
    with time_box(60):  # a few seconds; it took minutes
        result = read("html", text)
    reason = warned(result, "elements deep")
    assert f"{depth - 255 + 3:,} elements" in reason  # divs below html, body and 254 divs; p, em, a
    texts = [block_text(b) for b in iter_blocks(result.essay.blocks)]
    assert "Top." in texts and "After." in texts and "Deep down here." in texts


def test_html_nested_2000_deep_divs_and_quotes(tmp_path):
    body = "<div><blockquote>" * 1000 + "<p>One.</p><p>Two.</p>" + "</blockquote></div>" * 1000
    out, warnings = build(tmp_path, "deep.html",
                          f"<html><head><title>Deep</title></head><body><p>Top.</p>{body}</body></html>")
    assert any("elements deep" in w for w in warnings), warnings
    html = (out / "deep.html").read_text(encoding="utf-8")
    assert "One." in html and "Two." in html


# ------------------------------------------------------------------ row 24: a long paragraph


def _targets(short_runs: bool = True) -> markup.Targets:
    return markup.Targets("e1", lambda n: f"#n{n}", lambda n: f"#r{n}", short_runs=short_runs)


def test_a_500_kb_paragraph_reaches_weasyprint_in_short_runs():
    sentence = "The committee’s printer — patient, careful — folds another sheet. "
    text = sentence * (500_000 // len(sentence))
    html = str(markup.blocks((Para((Text(text), Emph((Text("end"),)))),), _targets()))
    runs = re.split(r"<[^>]+>", html)
    assert max(len(r) for r in runs) <= markup.LAYOUT_RUN
    assert re.sub(r"</?span>", "", html) == f"<p>{text}<em>end</em></p>"


def test_ordinary_paragraphs_and_other_outputs_are_left_alone():
    text = "word " * 1999
    assert str(markup.blocks((Para((Text(text),)),), _targets())) == f"<p>{text}</p>"
    long = "word " * 5000
    assert str(markup.blocks((Para((Text(long),)),), _targets(False))) == f"<p>{long}</p>"


def test_only_the_parts_weasyprint_renders_have_short_runs(tmp_path):
    from pamphlets import BuildOptions, assemble
    from pamphlets.writers.pdf.html import BookHTML

    text = "A sentence that runs on, as essays do. " * 2000
    essay = tmp_path / "long.md"
    essay.write_text(f"---\ntitle: Long\n---\n\n{text}\n", encoding="utf-8")
    assembled = assemble([essay], BuildOptions(out_dir=tmp_path / "out"))
    book = BookHTML(assembled.booklet, assembled.context)
    (part,) = [p for p in book.parts() if p.kind == "essay"]
    assert part.html.count("<span>") > 30
    assert max(len(run) for run in re.split(r"<[^>]+>", part.html)) <= markup.LAYOUT_RUN
    assert "<span>" not in book.document() and text.strip() in book.document()


def test_a_long_run_without_spaces_is_still_cut():
    text = "x" * 25_000
    html = str(markup.blocks((Para((Text(text),)),), _targets()))
    assert html.count("<span>") == 13 and re.sub(r"</?span>", "", html) == f"<p>{text}</p>"
