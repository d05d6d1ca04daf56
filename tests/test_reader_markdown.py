"""The Markdown reader: front matter, footnotes, headings, HTML, shortcodes, wiki leftovers."""

from __future__ import annotations

from pathlib import Path

import pytest

from pamphlets.errors import ReadError
from pamphlets.model import (
    BlockQuote, Code, CodeBlock, Emph, Figure, Heading, LineBreak, Link, ListBlock, NoteRef,
    Para, Rule, SmallCaps, Strong, Subscript, Superscript, Text, Verse, block_text, plain_text,
)
from pamphlets.readers.markdown import read

FIXTURES = Path(__file__).parent / "fixtures" / "markdown"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SEIRDY = CORPUS / "markdown-footnotes_seirdy-one_keeping-platforms-open.md"


def fixture(name: str):
    path = FIXTURES / name
    return read(path.read_text(encoding="utf-8"), path=str(path))


def kinds(notices, kind):
    return [n for n in notices if n.kind == kind]


# --------------------------------------------------------------------------- front matter


def test_front_matter_fields():
    meta = fixture("footnotes.md").essay.meta
    assert meta.title == "On Lamps: A Study"
    assert meta.subtitle == "Light and its keepers"
    assert meta.authors == ("Ada Quill", "Bram Otter")
    assert meta.date == "1911-05-04"
    assert meta.source == "https://example.org/lamps"
    assert meta.lang == "en-GB"
    assert meta.licence == "CC BY-SA 4.0"
    assert meta.translator == "Cleo Marsh"
    assert meta.description == "Why lamps matter."


def test_single_author_string_and_datetime_date():
    text = '---\ntitle: T\nauthor: Ada Quill\ndate: "2021-02-23T11:54:00-08:00"\n---\nBody.\n'
    meta = read(text).essay.meta
    assert meta.authors == ("Ada Quill",)
    assert meta.date == "2021-02-23"


def test_yaml_error_has_path_line_and_hint():
    path = FIXTURES / "bad-yaml.md"
    with pytest.raises(ReadError) as info:
        read(path.read_text(encoding="utf-8"), path=str(path))
    err = info.value
    assert err.path == str(path)
    assert err.line == 4  # the line after the unclosed list, counted in the whole file
    assert err.hint and "---" in err.hint


def test_front_matter_that_is_not_a_mapping():
    with pytest.raises(ReadError, match="front matter"):
        read("---\n- a\n- b\n---\nText\n", path="x.md")


def test_title_from_first_heading_and_levels_normalised():
    result = read("# The Title\n\nIntro.\n\n## Part\n\n### Sub\n")
    essay = result.essay
    assert essay.meta.title == "The Title"
    assert [(b.level, plain_text(b.inlines)) for b in essay.blocks if isinstance(b, Heading)] \
        == [(1, "Part"), (2, "Sub")]
    assert not any(isinstance(b, Heading) and b.level == 0 for b in essay.blocks)


def test_heading_repeating_the_front_matter_title_is_dropped():
    result = read("---\ntitle: Same\n---\n# Same\n\nText.\n")
    assert result.essay.blocks == (Para((Text("Text."),)),)
    assert kinds(result.notices, "duplicate")


def test_no_title_is_left_for_the_default_title_transform():
    result = read("Just text.\n", path="notes/my-first_essay.md")
    assert result.essay.meta.title == ""


# --------------------------------------------------------------------------- footnotes


def test_footnotes_named_labels_multi_paragraph_and_repeated():
    result = fixture("footnotes.md")
    essay = result.essay
    first = essay.blocks[0]
    refs = [n for n in first.inlines if isinstance(n, NoteRef)]
    assert [r.note_id for r in refs] == ["trim", "oil-price", "trim"]
    assert [n.id for n in essay.notes] == ["trim", "oil-price"]
    trim = essay.notes[0]
    assert len(trim.blocks) == 2
    assert block_text(trim.blocks[1]) == "A second paragraph, indented four spaces, runs on to this line."
    ledger = essay.notes[1].blocks[0].inlines[1]
    assert ledger == Link("https://example.org/ledger", (Text("the ledger"),), "Ledger")


def test_unreferenced_note_is_reported_and_kept_only_with_keep_all():
    result = fixture("footnotes.md")
    warnings = [n for n in result.notices if "orphan" in n.reason]
    assert warnings and warnings[0].kind == "warning"
    assert "never cited" in warnings[0].text
    kept = read((FIXTURES / "footnotes.md").read_text(encoding="utf-8"), keep_all=True)
    assert "orphan" in [n.id for n in kept.essay.notes]


def test_reference_without_definition_is_kept_as_text_with_warning():
    result = read("---\ntitle: T\n---\nSee this.[^ghost]\n")
    assert result.essay.blocks == (Para((Text("See this.[^ghost]"),)),)
    assert result.essay.notes == ()
    assert any("ghost" in n.reason and n.kind == "warning" for n in result.notices)


# --------------------------------------------------------------------------- blocks and inlines


def test_inline_markup():
    essay = fixture("footnotes.md").essay
    para = essay.blocks[0].inlines
    assert Emph((Text("glass"),)) in para and Strong((Text("clean"),)) in para
    wick = essay.blocks[2].inlines
    assert LineBreak() in wick and Code("code") in wick
    assert wick[0] == Text("Nothing here but a line")


def test_block_kinds():
    text = """---
title: T
---
> A quote.
>
> — Ann Author

![A *small* map](maps/harbour.png "harbour map")

7. seven
8. eight
   - inner

* * *

```python
print("hi")
```

::: verse
The first line\\
the second

New stanza
:::
"""
    blocks = read(text).essay.blocks
    assert blocks[0] == BlockQuote((Para((Text("A quote."),)),), (Text("Ann Author"),))
    assert blocks[1] == Figure("maps/harbour.png", (Text("A "), Emph((Text("small"),)), Text(" map")),
                               "harbour map")
    lst = blocks[2]
    assert isinstance(lst, ListBlock) and lst.ordered and lst.start == 7
    assert lst.items[1][1] == ListBlock(False, ((Para((Text("inner"),)),),))
    assert blocks[3] == Rule()
    assert blocks[4] == CodeBlock('print("hi")')
    assert blocks[5] == Verse(((Text("The first line"),), (Text("the second"),), (),
                               (Text("New stanza"),)))


def test_inline_html_kept_as_text_or_mapped():
    text = ("---\ntitle: T\n---\nAn <abbr title='x'>ABC</abbr>, a <dfn>term</dfn>, "
            "H<sub>2</sub>O, x<sup>2</sup>, <em>it</em>, <span class=\"smallcaps\">Sc</span>.\n")
    inlines = read(text).essay.blocks[0].inlines
    assert plain_text(inlines) == "An ABC, a term, H2O, x2, it, Sc."
    assert Subscript((Text("2"),)) in inlines and Superscript((Text("2"),)) in inlines
    assert Emph((Text("it"),)) in inlines and SmallCaps((Text("Sc"),)) in inlines


def test_image_inside_text_becomes_its_description():
    result = read("---\ntitle: T\n---\nA ![tiny icon](i.png) inline.\n")
    assert result.essay.blocks == (Para((Text("A tiny icon inline."),)),)
    assert kinds(result.notices, "warning")


def test_escaped_characters_stay_text():
    text = "---\ntitle: T\n---\n\\*not emphasis\\* and \\{{\\<x>}} and \\[^1\\]\n"
    para = read(text).essay.blocks[0]
    assert para.inlines == (Text("*not emphasis* and {{<x>}} and [^1]"),)


# --------------------------------------------------------------------------- site leftovers


def test_hugo_page():
    result = fixture("hugo.md")
    essay = result.essay
    heads = [b for b in essay.blocks if isinstance(b, Heading)]
    assert [(h.level, plain_text(h.inlines), h.id) for h in heads] == [
        (1, "Preamble", "preamble"), (1, "Second part", ""), (2, "Detail", "detail")]
    assert plain_text(essay.blocks[0].inlines) == "A lead paragraph with an AKA and a term."
    quotes = [b for b in essay.blocks if isinstance(b, BlockQuote)]
    assert len(quotes) == 1
    assert quotes[0].blocks == (Para((Text("Ships are safe in harbour, but that is not what ships are for."),)),)
    assert quotes[0].attribution == (Text("Grace Tide, "), Emph((Text("Sea Sayings"),)))
    closing = [b for b in essay.blocks if isinstance(b, Para) and "closing" in block_text(b)][0]
    assert block_text(closing) == "A closing line with a gadget."
    assert any(n.kind == "dropped" and "mastodon-embed" in n.text for n in result.notices)
    assert not any("{{" in block_text(b) for b in essay.blocks)


def test_wiki_leftovers_removed_with_notices():
    result = fixture("wiki.md")
    essay = result.essay
    assert essay.meta.title == "Mill Ponds"
    text = "\n".join(block_text(b) for b in essay.blocks)
    assert "Category" not in text
    assert "reservoir" in text
    assert not any(isinstance(n, Link) for b in essay.blocks if isinstance(b, Para) for n in b.inlines)
    reasons = " ".join(n.reason for n in result.notices if n.kind == "dropped")
    assert "category" in reasons and "references" in reasons and "wiki link" in reasons
    assert [n.id for n in essay.notes] == ["inline-1"]


# --------------------------------------------------------------------------- the corpus essay


@pytest.mark.skipif(not CORPUS.is_dir(), reason="development corpus not available")
def test_corpus_essay():
    result = read(SEIRDY.read_text(encoding="utf-8"), path=str(SEIRDY))
    essay = result.essay
    assert essay.meta.title == "Keeping platforms open"
    assert essay.meta.date == "2021-02-23"
    assert essay.meta.authors == ()
    assert [n.id for n in essay.notes] == ["1", "2", "3", "4", "5", "6"]
    heads = [b for b in essay.blocks if isinstance(b, Heading)]
    assert (heads[0].level, plain_text(heads[0].inlines), heads[0].id) == (1, "Introduction", "introduction")
    assert plain_text(heads[-1].inlines) == "Acknowledgements"
    assert min(h.level for h in heads) == 1 and max(h.level for h in heads) == 3
    assert all("\u00ad" not in plain_text(h.inlines) and "{#" not in plain_text(h.inlines) for h in heads)
    lists = [b for b in essay.blocks if isinstance(b, ListBlock)]
    assert sum(len(b.items) for b in lists) == 6  # the other 5 of the 11 are in the YAML
    quotes = [b for b in essay.blocks if isinstance(b, BlockQuote)]
    assert len(quotes) == 2 and all(q.attribution for q in quotes)
    body = "\n".join(block_text(b) for b in essay.blocks)
    assert "{{" not in body and "<" not in body
    assert "Denver Gingerich helped me" in body
    assert not [n for n in result.notices if n.kind == "warning"]


@pytest.mark.parametrize("source", [">#", "> ## Quoted\n\n## Section\n", "- ### In a list\n"])
def test_headings_in_quotations_and_lists_keep_their_level_on_a_second_import(source):
    """Found by the import property test: "> ##" came back as "> ###" each time."""
    from pamphlets.writers.markdown import write_markdown

    first = write_markdown(read(source).essay)
    assert write_markdown(read(first).essay) == first


def test_nested_headings_move_with_the_essay_headings():
    from pamphlets.model import normalise_heading_levels

    quoted = BlockQuote((Heading(2, (Text("q"),)),))
    blocks = normalise_heading_levels((Heading(3, (Text("a"),)), quoted))
    assert blocks == (Heading(1, (Text("a"),)), BlockQuote((Heading(1, (Text("q"),)),)))
    alone = normalise_heading_levels((BlockQuote((Heading(3, (Text("q"),)),)),))
    assert alone == (BlockQuote((Heading(1, (Text("q"),)),)),)


@pytest.mark.parametrize("text", ["[![a map](i.png)](https://example.org/u)\n",
                                  "See <a href='https://example.org/u'>![a map](i.png)</a>.\n"])
def test_a_linked_image_keeps_the_link_and_reports_the_image(text):
    result = read(text)
    links = [n for n in result.essay.blocks[0].inlines if isinstance(n, Link)]
    assert [plain_text(link.children) for link in links] == ["a map"]
    assert [n.reason for n in result.notices] == \
        ["image inside a line of text kept as its description"]
