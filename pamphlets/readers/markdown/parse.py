"""Turning Markdown text into tokens, for the Markdown reader.

``parser()`` is the shared markdown-it parser: CommonMark with front matter, footnotes
(definitions left where they are), ``::: verse`` and ``::: div`` containers, ``{...}``
attributes, Hugo shortcodes as ``shortcode`` tokens (``_shortcode_rule``), URLs kept as
written and ``javascript:``/``vbscript:`` links refused. Also here: a small HTML fragment
tokenizer (``html_events``), the shortcode argument splitter (``parse_shortcode``) and
``groups``, which pairs the open and close tokens of a flat token list.
"""

from __future__ import annotations

import functools
import shlex
from html.parser import HTMLParser

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin


def _shortcode_rule(state, silent: bool) -> bool:
    """Inline rule: ``{{< name args >}}`` / ``{{% name %}}`` becomes one ``shortcode`` token."""
    src, pos = state.src, state.pos
    if not src.startswith("{{", pos) or pos + 2 >= state.posMax or src[pos + 2] not in "<%":
        return False
    end = src.find((">" if src[pos + 2] == "<" else "%") + "}}", pos + 3)
    if end < 0 or end + 3 > state.posMax:
        return False
    if not silent:
        token = state.push("shortcode", "", 0)
        token.content = src[pos + 3:end].strip()
    state.pos = end + 3
    return True


def _valid_link(url: str) -> bool:
    return not url.strip().lower().startswith(("javascript:", "vbscript:"))


@functools.cache
def parser() -> MarkdownIt:
    """The configured markdown-it parser (shared; parsing keeps its state in ``env``)."""
    md = (MarkdownIt("commonmark")
          .use(front_matter_plugin)
          .use(footnote_plugin, always_match_refs=True)
          .use(container_plugin, name="verse")
          .use(container_plugin, name="div", validate=lambda *args: True)
          .use(attrs_plugin)
          .use(attrs_block_plugin))
    # Footnote definitions stay where they are (we collect them ourselves, referenced or
    # not) and escaped characters stay separate tokens (so an escaped ``{`` is text).
    md.disable(["footnote_tail", "text_join"])
    md.inline.ruler.before("escape", "shortcode", _shortcode_rule)
    md.normalizeLink = lambda url: url  # keep URLs exactly as written
    md.validateLink = _valid_link
    return md


class _TagParser(HTMLParser):
    """Splits one tag (or a short HTML fragment) into (kind, name, attrs) events."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.events.append(("empty", tag, dict(attrs)))

    def handle_endtag(self, tag):
        self.events.append(("end", tag, {}))

    def handle_data(self, data):
        self.events.append(("data", data, {}))

    def handle_comment(self, data):
        self.events.append(("comment", data, {}))


def html_events(fragment: str) -> list[tuple[str, str, dict]]:
    """The (kind, name, attrs) events of an HTML fragment; text comes as ("data", text, {})."""
    parser_ = _TagParser()
    parser_.feed(fragment)
    parser_.close()
    return parser_.events


def parse_shortcode(content: str) -> tuple[str, bool, dict]:
    """``/name`` or ``name key="v" ...`` -> (name, closing, attributes)."""
    try:
        words = shlex.split(content)
    except ValueError:
        words = content.split()
    if not words:
        return "", False, {}
    name, closing = words[0], False
    if name.startswith("/"):
        name, closing = name[1:] or (words[1] if len(words) > 1 else ""), True
    attrs = {}
    for i, word in enumerate(words[1:]):
        key, sep, value = word.partition("=")
        attrs[key if sep else str(i)] = value if sep else key
    return name, closing, attrs


def groups(tokens: list[Token]):
    """Yield (open, inner tokens, close) for nested pairs and (token, [], None) for leaves."""
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.nesting != 1:
            yield tok, [], None
            i += 1
            continue
        depth, j = 1, i + 1
        while j < len(tokens) and depth:
            depth += tokens[j].nesting
            j += 1
        yield tok, tokens[i + 1:j - 1], tokens[j - 1]
        i = j
