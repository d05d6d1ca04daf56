"""The Markdown reader: CommonMark plus pandoc-style footnotes and YAML front matter.

The package offers ``read(text, *, path="", keep_all=False) -> ReadResult``. The text is
parsed by markdown-it-py (with mdit-py-plugins) and the token stream is walked into the
document model. Besides plain Markdown it copes with what essays copied from static sites
and wikis carry: raw HTML wrappers (dropped, their content kept), inline HTML such as
``<abbr>`` (its text kept), Hugo shortcodes (``quotation`` becomes a block quote, the rest
are dropped or reduced to a name) and wiki leftovers (dropped). Everything dropped is
reported as a ``Notice``.

Each step is a set of plain functions over one ``State`` (``state``), which holds
everything a reading keeps (path, notices, current line, notes, ...):

1. ``parse``: the configured markdown-it parser turns the text into tokens;
2. ``meta.front_matter``: the YAML block, if any, is loaded;
3. ``blocks``: token groups become blocks, footnote definitions are stored, HTML
   wrappers and block shortcodes are nested into block quotes;
4. ``inlines``: inline tokens, inline HTML, shortcodes and note references become
   inlines, tidied by ``pamphlets.markdown_dialect.tidy``;
5. ``meta.essay_meta``: title (from the front matter, the first heading or the file
   name), authors, date and the other fields; heading levels start at 1;
6. ``notes``: the notes in reference order.

What the Markdown writer must spell the same way (``SHY``, ``ATTRIBUTION_PREFIX``,
``tidy``) is in ``pamphlets.markdown_dialect``.
"""

from __future__ import annotations

from ...model import Essay, ReadResult
from .blocks import read_blocks
from .meta import essay_meta, front_matter
from .notes import collect_notes
from .parse import parser
from .state import State

__all__ = ["read"]


def read(text: str, *, path: str = "", keep_all: bool = False) -> ReadResult:
    """Read a Markdown essay; ``keep_all`` keeps wiki leftovers, shortcodes and unused notes."""
    state = State(path=path, keep_all=keep_all)
    tokens = parser().parse(text, state.env)
    fields: dict = {}
    if tokens and tokens[0].type == "front_matter":
        fields = front_matter(state, tokens[0])
        tokens = tokens[1:]
    state.defined = {t.meta["label"] for t in tokens if t.type == "footnote_reference_open"}
    blocks = read_blocks(state, tokens)
    meta, blocks = essay_meta(state, fields, blocks)
    essay = Essay(meta, tuple(blocks), collect_notes(state), origin=path)
    return ReadResult(essay, tuple(state.notices))
