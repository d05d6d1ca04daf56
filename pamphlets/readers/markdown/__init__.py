"""The Markdown reader: CommonMark plus pandoc-style footnotes and YAML front matter.

The text is parsed by markdown-it-py (with mdit-py-plugins) and the token stream is
walked into the document model. Besides plain Markdown it copes with what essays copied
from static sites and wikis carry: raw HTML wrappers (dropped, their content kept), inline
HTML such as ``<abbr>`` (its text kept), Hugo shortcodes (``quotation`` becomes a block
quote, the rest are dropped or reduced to a name) and wiki leftovers (dropped). Every
thing dropped is reported as a ``Notice``.

``read(text, path=..., keep_all=...)`` runs these steps; the reader class ``_Reader`` is
put together from one part per step:

1. parse (``parse``): the configured markdown-it parser turns the text into tokens;
2. front matter (``meta``): the YAML block, if any, is loaded;
3. blocks (``blocks``): token groups become blocks, footnote definitions are stored,
   HTML wrappers and block shortcodes are nested into block quotes;
4. inlines (``inlines``): inline tokens, inline HTML and shortcodes become inlines,
   tidied by ``markdown_dialect.tidy``;
5. metadata (``meta``): title (from the front matter, the first heading or the file
   name), authors, date and the other fields; heading levels start at 1;
6. notes (``notes``): note references as they are met, then the notes in reference
   order.

``SHY``, ``ATTRIBUTION_PREFIX`` and ``tidy`` come from ``pamphlets.markdown_dialect``,
which the Markdown writer uses too.
"""

from __future__ import annotations

from ...markdown_dialect import ATTRIBUTION_PREFIX, SHY, tidy
from ...model import DROPS, Essay, Notice, ReadResult, count_words
from .blocks import BlockMixin
from .inlines import BLOCK_SHORTCODES, BLOCK_TAGS, InlineMixin
from .meta import MetaMixin
from .notes import NotesMixin
from .parse import parser

__all__ = ["ATTRIBUTION_PREFIX", "BLOCK_SHORTCODES", "BLOCK_TAGS", "SHY", "parser", "read", "tidy"]


def read(text: str, *, path: str = "", keep_all: bool = False) -> ReadResult:
    """Read a Markdown essay; ``keep_all`` keeps wiki leftovers, shortcodes and unused notes."""
    return _Reader(path, keep_all).run(text)


class _Reader(MetaMixin, BlockMixin, InlineMixin, NotesMixin):
    def __init__(self, path: str, keep_all: bool) -> None:
        self.path = path
        self.keep_all = keep_all
        self.notices: list[Notice] = []
        self.line: int | None = None
        self.defined: set[str] = set()
        self.definitions: dict[str, tuple] = {}
        self.ref_order: list[str] = []
        self.env: dict = {}

    def notice(self, kind: str, reason: str, text: str = "") -> None:
        words = count_words(text) if kind in DROPS and not self.keep_all else 0
        self.notices.append(Notice(kind, reason, text[:200], self.line, words))

    # ---- whole document

    def run(self, text: str) -> ReadResult:
        tokens = parser().parse(text, self.env)
        fields: dict = {}
        if tokens and tokens[0].type == "front_matter":
            fields = self.front_matter(tokens[0])
            tokens = tokens[1:]
        self.defined = {t.meta["label"] for t in tokens if t.type == "footnote_reference_open"}
        blocks = self.blocks(tokens)
        meta, blocks = self.meta(fields, blocks)
        essay = Essay(meta, tuple(blocks), self.notes(), origin=self.path)
        return ReadResult(essay, tuple(self.notices))
