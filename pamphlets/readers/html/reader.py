"""Reader for saved web pages and Project Gutenberg HTML.

``read(text, path=..., keep_all=...)`` runs these steps on an lxml.html tree:

1. parse (``parse.py``): the decoded text, whatever its ``<meta charset>`` says; a page
   nested more than ``MAX_DEPTH`` elements deep is flattened below that depth, with a
   warning;
2. metadata (``meta.py``): title, authors, date, language, source;
3. sanitise: scripts, forms, embedded documents, SVG, event handlers, unsafe links go;
4. extract (``extract.py``): Project Gutenberg boilerplate, the content container,
   page chrome, page numbers, drop caps, the table of contents;
5. notes (``notes.py``): marks paired with note bodies by their link targets;
6. convert (``convert.py``): elements to model blocks, without recursion;
7. tidy: the title heading is not repeated, heading levels start at 1, unlinked ``[N]``
   notes are paired.

Remote images are never fetched. Every drop is reported as a ``Notice``.
"""

from __future__ import annotations

from collections import Counter

from ...errors import ReadError
from ...model import (normalise_heading_levels, Essay, EssayMeta, Heading, Note, Notice, Para, ReadResult, Rule,
                     plain_text)
from . import article
from . import extract
from .convert import Converter
from .meta import clean, read_meta
from .notes import drop_empty_note_headings, extract_linked, link_plain_notes, protect_notes
from .parse import MAX_DEPTH, flatten_deep, parse, remove, sanitise


def read(text: str, *, path: str = "", keep_all: bool = False) -> ReadResult:
    """Read one HTML page into an ``Essay``; see the module docstring for the steps."""
    if not text or not text.strip():
        raise ReadError("is empty", path=path or None, hint="save the page again")
    try:
        root = parse(text)
    except ValueError as exc:
        raise ReadError(f"cannot be read as HTML ({exc})", path=path or None,
                        hint="check that the file is an HTML page") from exc
    notices: list[Notice] = []
    flattened = flatten_deep(root)
    if flattened:
        notices.append(Notice("warning", f"nested more than {MAX_DEPTH} elements deep; "
                              f"{flattened:,} elements below that depth flattened into "
                              "paragraphs (text kept, its styles and links not)", path))
    meta = read_meta(root)
    removed = sanitise(root)
    counts = Counter(what for what, _ in removed)
    words: Counter = Counter()
    for what, n in removed:
        words[what] += n
    for what, count in counts.items():
        notices.append(Notice("dropped", f"removed for safety: {what}"
                              + (f" (x{count})" if count > 1 else ""), words=words[what]))
    body = root.find("body")
    if body is None:
        body = root
    is_gutenberg = meta.gutenberg_header is not None
    if is_gutenberg:
        extract.gutenberg_noise(body, meta, notices, keep_all)
    keep = extract.protected(root)
    note_places = protect_notes(root, keep)
    container = body
    if not is_gutenberg:
        # a subtitle or author printed as a heading under the title is metadata: read it
        # before the article is chosen (an extractor takes it for page furniture)
        extract.front_headings(body, meta, notices)
        chosen = article.select(text, body, keep, set(extract.note_containers(root)) | note_places)
        if chosen is None:
            container = extract.find_container(root, body)
            notices.append(Notice("info", "no article found by trafilatura; "
                                          "the page's own structure was used"))
        else:
            container = chosen.container
            notices.extend(chosen.notices)
    extract.remove_chrome(container, keep, notices)
    title_el = meta.title_element
    if title_el is not None and title_el.getparent() is not None and _same_title(
            clean(title_el.text_content()), meta.title) and _within(title_el, container):
        remove(title_el)
    extract.front_headings(container, meta, notices)
    pagenums, pagenum_words = extract.remove_pagenums(container)
    if pagenums:
        notices.append(Notice("dropped", f"page-number markers removed ({pagenums})",
                              words=pagenum_words))
    caps = extract.rejoin_drop_caps(container)
    if caps:
        notices.append(Notice("info", f"drop-cap letters rejoined to their paragraphs ({caps})"))
    linked, note_notices = extract_linked(root, container)
    notices.extend(note_notices)
    extract.contents(container, notices, keep_all)
    if is_gutenberg:
        extract.the_end(container, notices, keep_all)
        extract.back_matter(container, notices, keep_all)

    converter = Converter(meta.source)
    blocks = converter.blocks(container)
    notes = [Note(note_id, tuple(converter.blocks(el))) for note_id, el, _ in linked]
    if not notes:
        blocks, plain = link_plain_notes(blocks)
        notes = [Note(label, tuple(b)) for label, b in plain]
    blocks = list(normalise_heading_levels(_tidy_rules(drop_empty_note_headings(blocks))))
    if blocks and isinstance(blocks[0], Heading) and _same_title(
            plain_text(blocks[0].inlines), meta.title):
        blocks = blocks[1:]
    notices.extend(converter.notices)
    for note in notes:
        if not note.blocks:
            notices.append(Notice("warning", "note has no text", note.id))
    if not blocks and not notes:
        notices.append(Notice("warning", "no text found in the page"))
    essay_meta = EssayMeta(
        title=meta.title or _fallback_title(blocks),
        subtitle=meta.subtitle, authors=meta.authors, date=meta.date,
        source=meta.source, lang=meta.lang or "en", translator=meta.translator)
    essay = Essay(essay_meta, tuple(blocks), tuple(notes), origin=path)
    return ReadResult(essay, tuple(_merge(notices)))


def _same_title(heading: str, title: str) -> bool:
    a, b = clean(heading).casefold(), clean(title).casefold()
    return bool(a and b) and (a == b or a.startswith(b) or b.startswith(a))


def _within(el, container) -> bool:
    return el is container or any(anc is container for anc in el.iterancestors())


def _tidy_rules(blocks: list) -> list:
    """No rule at either end, before a heading or next to another rule."""
    out: list = []
    for i, block in enumerate(blocks):
        if isinstance(block, Rule):
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if not out or isinstance(out[-1], (Rule, Heading)) or nxt is None \
                    or isinstance(nxt, (Rule, Heading)):
                continue
        out.append(block)
    return out


def _fallback_title(blocks: list) -> str:
    for block in blocks:
        if isinstance(block, (Heading, Para)):
            text = clean(plain_text(block.inlines))
            if text:
                return text[:80]
    return ""  # none: the default-title transform names it after the file


def _merge(notices: list[Notice]) -> list[Notice]:
    """Consecutive notices with the same kind and reason become one, texts joined."""
    out: list[Notice] = []
    for notice in notices:
        if out and out[-1].kind == notice.kind and out[-1].reason == notice.reason:
            prev = out[-1]
            joined = (prev.text + " | " + notice.text) if notice.text else prev.text
            out[-1] = Notice(prev.kind, prev.reason, joined[:300], prev.line, prev.words + notice.words)
        else:
            out.append(notice)
    return out
