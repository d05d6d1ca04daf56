"""Word accounting: every word of a source is kept, dropped with a reason, or unaccounted.

An import (and every essay a build reads) is checked against its source: how many words
the source holds (``source_words``: one counter per format, in ``SOURCE_COUNTERS``), how
many the essay keeps (body, notes and the metadata taken from the text), and how many the
reader and the transforms dropped, summed per reason from their notices
(``Notice.words``). What is left over is *unaccounted*: words that went missing without a
reason. ``WordAccount.problem`` turns that into a verdict the front ends act on:

* ``"empty"``: the essay has no body text at all (an error for ``import`` and ``build``);
* ``"lost"``: the essay keeps less than half of its source's words and most of the
  missing words have no listed reason (a warning for ``import``, an error for ``build``
  unless ``--keep-going``).

Pure functions: the source text comes in as a string. ``docs/import-report.md`` documents
the JSON form and ``docs/errors.md`` how each format's words are counted.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable

from .model import Essay, ReadResult, block_text, count_words, iter_blocks

#: how much of the source must be kept, or explained, before an import is suspicious
KEEP_AT_LEAST = 0.5


@dataclass(frozen=True)
class WordAccount:
    """Where the words of one source went."""

    source: int
    kept: int
    #: (reason, words) for every reason that dropped words, largest first
    dropped: tuple[tuple[str, int], ...] = ()
    #: the essay has body text (a heading, a paragraph, a list...)
    has_body: bool = True

    @property
    def dropped_total(self) -> int:
        return sum(words for _, words in self.dropped)

    @property
    def unaccounted(self) -> int:
        return max(0, self.source - self.kept - self.dropped_total)

    @property
    def problem(self) -> str | None:
        """``"empty"``, ``"lost"`` or ``None``; see the module docstring."""
        if not self.has_body:
            return "empty"
        missing = self.source - self.kept
        if self.source and self.kept < KEEP_AT_LEAST * self.source \
                and self.unaccounted >= 0.5 * missing:
            return "lost"
        return None

    def summary(self) -> str:
        """One line for the report: ``1,234 source words: 1,000 kept, 200 dropped, 34 unaccounted``."""
        return (f"{self.source:,} source words: {self.kept:,} kept, "
                f"{self.dropped_total:,} dropped, {self.unaccounted:,} unaccounted")

    def as_json(self) -> dict:
        return {"source": self.source, "kept": self.kept,
                "dropped": {reason: words for reason, words in self.dropped},
                "dropped_total": self.dropped_total, "unaccounted": self.unaccounted,
                "kept_share": round(self.kept / self.source, 3) if self.source else 1.0}


def account(source_words: int, result: ReadResult) -> WordAccount:
    """The account of one read (and transformed) essay against its source's word count."""
    essay = result.essay
    dropped: dict[str, int] = {}
    for notice in result.notices:
        if notice.words > 0:
            dropped[notice.reason] = dropped.get(notice.reason, 0) + notice.words
    order = sorted(dropped.items(), key=lambda item: (-item[1], item[0]))
    return WordAccount(source_words, kept_words(essay), tuple(order), has_body(essay))


def kept_words(essay: Essay) -> int:
    """Words the essay keeps: its body and notes, and the metadata read from the text."""
    meta = essay.meta
    body = sum(count_words(block_text(b)) for b in essay.blocks)
    notes = sum(count_words(block_text(b)) for n in essay.notes for b in n.blocks)
    fields = " ".join((meta.title, meta.subtitle, " ".join(meta.authors), meta.translator))
    return body + notes + count_words(fields)


def has_body(essay: Essay) -> bool:
    return any(count_words(block_text(b)) for b in iter_blocks(essay.blocks)) or \
        any(getattr(b, "src", "") for b in essay.blocks)


# --------------------------------------------------------------------------- source words

_TAG = re.compile(r"<[^>]*>")
_MD_FRONT = re.compile(r"\A(?:---|\+\+\+)[ \t]*\n.*?\n(?:---|\+\+\+|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_MD_LINK_TARGET = re.compile(r"\]\((?:<[^>]*>|[^()\s]*(?:\([^()]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\)")
_MD_REF_DEF = re.compile(r"(?m)^\s{0,3}\[[^\]^]+\]:\s*\S+.*$")
_MD_NOTE_LABEL = re.compile(r"\[\^[^\]]*\]")
_MD_ATTRS = re.compile(r"\{[#.][^}]*\}")
_SHORTCODE = re.compile(r"\{\{[<%].*?[%>]\}\}", re.S)
_MUSE_LINK = re.compile(r"\[\[([^\]]*)\](?:\[([^\]]*)\])?\]")
_MUSE_DIRECTIVE = re.compile(r"(?m)^#([A-Za-z]+)[ \t]*(.*)$")
_MUSE_KEEP = {"title", "subtitle", "author", "translator"}
_XML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TEI_HEADER = re.compile(r"<(?:\w+:)?teiHeader\b.*?</(?:\w+:)?teiHeader>", re.S | re.I)
_XML_PROLOG = re.compile(r"<\?.*?\?>|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>", re.S | re.I)


def _plain(text: str) -> int:
    return count_words(text)


def _markdown(text: str) -> int:
    front = _MD_FRONT.match(text)
    words = 0
    if front:
        for line in front.group(0).splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip() in ("title", "subtitle", "author", "authors", "translator"):
                words += count_words(value)
        text = text[front.end():]
    text = _SHORTCODE.sub(" ", text)
    text = _MD_REF_DEF.sub(" ", text)
    text = _MD_LINK_TARGET.sub("] ", text)
    text = _MD_NOTE_LABEL.sub(" ", text)
    text = _MD_ATTRS.sub(" ", text)
    text = html.unescape(_TAG.sub(" ", _XML_COMMENT.sub(" ", text)))
    return words + count_words(text)


_MUSE_MARK = re.compile(r"\[\d{1,4}\]|\{\d{1,4}\}")
_TEI_JOIN = re.compile(r"(?:[\u00ac-]\s*<(?:\w+:)?lb\b[^>]*/>|<(?:\w+:)?lb\b[^>]*break=[\"']no[\"'][^>]*/>)\s*")


def _muse(text: str) -> int:
    words = 0

    def directive(match: re.Match) -> str:
        nonlocal words
        if match.group(1).lower() in _MUSE_KEEP:
            words += count_words(_MUSE_LINK.sub(lambda m: m.group(2) or m.group(1), match.group(2)))
        return ""

    text = _MUSE_DIRECTIVE.sub(directive, text)
    text = _MUSE_MARK.sub(" ", text)  # note marks and labels are numbers, not words
    text = _MUSE_LINK.sub(lambda m: " " + (m.group(2) or m.group(1)) + " ", text)
    text = html.unescape(_TAG.sub(" ", text))
    return words + count_words(text)


def _tei(text: str) -> int:
    text = _XML_PROLOG.sub(" ", _XML_COMMENT.sub(" ", text))
    text = _TEI_JOIN.sub("", text)  # a word broken over a line end is one word
    header = _TEI_HEADER.search(text)
    words = 0
    if header:
        # the header's titles and authors become the essay's metadata: count those
        for tag in ("title", "author"):
            for found in re.finditer(rf"<(?:\w+:)?{tag}\b[^>]*>(.*?)</(?:\w+:)?{tag}>",
                                     header.group(0), re.S):
                words += count_words(html.unescape(_TAG.sub(" ", found.group(1))))
                break
        text = text[:header.start()] + text[header.end():]
    return words + count_words(html.unescape(_TAG.sub(" ", text)))


def _html(text: str) -> int:
    # imported lazily: lxml is only needed when an HTML page is counted
    from .readers.html.parse import visible_text

    try:
        return count_words(visible_text(text))
    except ValueError:
        return 0


#: format -> how its source words are counted (see docs/errors.md)
SOURCE_COUNTERS: dict[str, Callable[[str], int]] = {
    "txt": _plain,
    "gutenberg": _plain,
    "md": _markdown,
    "muse": _muse,
    "tei": _tei,
    "html": _html,
}


def source_words(text: str, fmt: str) -> int:
    """How many words ``text`` holds as a source of format ``fmt`` (0 when not counted)."""
    counter = SOURCE_COUNTERS.get(fmt)
    return counter(text) if counter and text else 0


# --------------------------------------------------------------------------- verdicts


def check(words: WordAccount, path: str, *, strict: bool, command: str = "import"):
    """Act on ``words.problem``: an essay with no body is always an error; one that lost
    most of its words without a reason is an error when ``strict`` (``build`` without
    ``--keep-going``), else a warning notice, returned for the report."""
    from .errors import ReadError
    from .model import Notice

    problem = words.problem
    if problem == "empty":
        raise ReadError(f"no text found in the essay ({_found(words)})", path=path or None,
                        hint=_empty_hint(command))
    if problem == "lost":
        what = (f"only {words.kept:,} of {words.source:,} source words kept; "
                f"{words.unaccounted:,} went missing with no reason")
        if strict:
            raise ReadError(what, path=path or None,
                            hint="see 'pamphlets import FILE' for what was dropped, "
                                 "name the format with --from or a 'format' key, "
                                 "or build anyway with --keep-going")
        return (Notice("warning", what + "; check the output, or try --from FORMAT or --keep-all"),)
    return ()


def _found(words: WordAccount) -> str:
    parts = [f"{words.source:,} source words"]
    if words.dropped:
        parts.append("dropped: " + ", ".join(f"{reason} {n:,}" for reason, n in words.dropped[:3]))
    if words.unaccounted:
        parts.append(f"{words.unaccounted:,} unaccounted")
    return "; ".join(parts)


def _empty_hint(command: str) -> str:
    if command == "build":
        return ("run 'pamphlets import FILE --keep-all' to see what was dropped, "
                "or name its format with a 'format' key")
    return "name the format with --from (html, txt, md...) or keep everything with --keep-all"
