"""Footnotes in HTML: pairing reference marks with note bodies.

Linked notes are found by following ``href="#id"`` links from the article to their
targets, whatever the id scheme (pandoc/GFM ``#fn1``, PG ``#Footnote_1_N``/``_2_N``,
MediaWiki ``#cite_note-name-5``, Word ``#_ftn1``). A link is a note mark when it carries a
footnote class or role, or when its text looks like a label (``[3]``, ``3``, ``*``) and
its target sits in a footnote container. Several marks may share a note (MediaWiki named
references). Each mark is replaced by a ``<pamphlets-noteref>`` placeholder, each note body
is taken out of the page and cleaned of back-links and its own label.

Unlinked notes (``[1]`` in the text and ``[1] ...`` paragraphs after the essay) are paired
after conversion, on the model, by ``link_plain_notes``.
"""

from __future__ import annotations

import re

from ..model import CONTAINER_INLINES, NoteRef, Para, Heading, Text
from ._html_meta import clean
from ._html_parse import remove

PLACEHOLDER = "pamphlets-noteref"

_LABEL = re.compile(r"^\s*[\[(]?\s*(?:\d{1,4}[a-z]?|[*\u2020\u2021\u00a7\u00b6]{1,3}|[a-z]|[ivxlc]{1,6})"
                    r"\s*[\])]?\s*$", re.I)
_BACKLINK_TEXT = re.compile(r"^\s*(?:[\u21a9\u21ba\u2191^\ufe0e]+|back|return)\s*$", re.I)
_REF_CLASSES = {"fnanchor", "footnote-ref", "footnoteref", "noteref", "footnote-link",
                "footnote-reference", "fn-ref", "sdfootnoteanc", "sdendnoteanc"}
_BACK_CLASSES = {"footnote-back", "footnote-backref", "data-footnote-backref",
                 "reversefootnote", "mw-cite-backlink", "fn-back"}
_NOTE_CLASSES = {"footnote", "endnote", "note", "fn", "footnote-item", "sdfootnote",
                 "sdendnote"}
_CONTAINER_CLASSES = {"footnotes", "references", "endnotes", "reflist", "notes",
                      "footnote-list"}
_NOTE_ROLES = {"doc-footnote", "doc-endnote", "footnote", "endnote", "rearnote"}
_CONTAINER_ROLES = {"doc-endnotes", "footnotes", "endnotes", "rearnotes"}
_HREF_HINT = re.compile(r"^(?:fn|footnote|cite_note|note|endnote|_ftn|_edn|ftn|edn|sdfootnote"
                        r"|sdendnote|user-content-fn)", re.I)
_NOTES_HEADING = re.compile(r"^(?:foot|end)?notes?\.?$|^references$|^notes and references$"
                            r"|^footnotes\.?:?$", re.I)
_LEAD_LABEL = re.compile(r"^\s*(?:\[\s*(\w{1,4})\s*\]|(\w{1,4})[.)])\s*")


def _classes(el) -> set[str]:
    return set((el.get("class") or "").lower().split())


def _role(el) -> str:
    return (el.get("role") or el.get("epub:type") or "").lower()


def _is_container(el) -> bool:
    return bool(_classes(el) & _CONTAINER_CLASSES) or _role(el) in _CONTAINER_ROLES


def _in_container(el) -> bool:
    return any(_is_container(anc) for anc in el.iterancestors())


def _note_element(target):
    """The element holding the whole note that ``target`` (an id) belongs to."""
    if target.tag in ("li", "aside", "dd") or _classes(target) & _NOTE_CLASSES \
            or _role(target) in _NOTE_ROLES:
        return target
    nearest_block = None
    for depth, anc in enumerate(target.iterancestors()):
        if anc.tag in ("body", "html") or _is_container(anc):
            break
        if anc.tag in ("li", "aside") or _classes(anc) & _NOTE_CLASSES or _role(anc) in _NOTE_ROLES:
            return anc
        if nearest_block is None and anc.tag in ("p", "div", "dd", "section"):
            nearest_block = anc
        if depth >= 5:
            break
    if target.tag in ("p", "div", "section"):
        return target
    return nearest_block


def _is_mark(link, target, note) -> bool:
    classes = _classes(link)
    parent = link.getparent()
    explicit = bool(classes & _REF_CLASSES) or _role(link) == "doc-noteref" or (
        parent is not None and parent.tag == "sup" and "reference" in _classes(parent))
    if explicit:
        return True
    text = link.text_content()
    if not _LABEL.match(text or ""):
        return False
    in_sup = parent is not None and parent.tag == "sup"
    hinted = bool(_HREF_HINT.match(link.get("href", "")[1:]))
    return in_sup or hinted or _in_container(note) or _is_container(note)


def _marker(link):
    """What the placeholder replaces: the link, or its ``sup`` if that holds nothing else."""
    parent = link.getparent()
    if parent is not None and parent.tag == "sup" and clean(parent.text_content()) == \
            clean(link.text_content()):
        return parent
    return link


def extract_linked(root, container) -> tuple[list[tuple[str, object, str]], list[str]]:
    """Find marks and notes: ``(note_id, note element, label)`` in first-mark order, and
    the texts of notes dropped because nothing in the text refers to them.

    Marks become placeholders in place; note elements are detached from the tree.
    """
    ids: dict[str, object] = {}
    for el in root.iter():
        if isinstance(el.tag, str):
            for key in (el.get("id"), el.get("name")):
                if key and key not in ids:
                    ids[key] = el
    chosen: dict[object, str] = {}
    order: list[tuple[str, object, str]] = []
    marks: list[tuple[object, str]] = []
    for link in container.iter("a"):
        href = link.get("href") or ""
        if not href.startswith("#") or len(href) < 2:
            continue
        if _classes(link) & _BACK_CLASSES or _role(link) == "doc-backlink" or _in_container(link):
            continue
        if any(anc in chosen for anc in link.iterancestors()):
            continue
        target = ids.get(href[1:])
        if target is None or target is link:
            continue
        back = target.get("href") or ""
        if back.startswith("#") and ids.get(back[1:]) is not None and \
                _contains(ids[back[1:]], link):
            continue
        note = _note_element(target)
        if note is None or note.tag in ("h1", "h2", "h3", "h4", "h5", "h6") or \
                _contains(note, link) or not _is_mark(link, target, note):
            continue
        if note not in chosen:
            chosen[note] = str(len(chosen) + 1)
            order.append((chosen[note], note, _label(link)))
        marks.append((link, chosen[note]))
    for link, note_id in marks:
        marker = _marker(link)
        placeholder = marker.makeelement(PLACEHOLDER, {"note": note_id})
        placeholder.tail = marker.tail
        parent = marker.getparent()
        if parent is not None:
            parent.replace(marker, placeholder)
    containers: list = []
    for _, note, label in order:
        parent = note.getparent()
        if parent is not None:
            if parent not in containers:
                containers.append(parent)
            remove(note)
            note.tail = None
        _clean_note(note, label)
    orphans = _drop_orphans(containers)
    for parent in containers:
        _prune_empty(parent)
    return order, orphans


def _drop_orphans(containers: list) -> list[str]:
    """Notes left in a notes list with no mark in the text (their mark was chrome)."""
    texts = []
    for parent in containers:
        if parent.getparent() is None or not (_is_container(parent) or parent.tag == "ol"
                                              or any(_is_container(a) for a in parent.iterancestors())):
            continue
        for child in list(parent):
            if isinstance(child.tag, str) and (child.get("id") or child.tag == "li"):
                texts.append(clean(child.text_content())[:80])
                remove(child)
    return texts


def _contains(outer, inner) -> bool:
    return outer is inner or any(anc is outer for anc in inner.iterancestors())


def _label(link) -> str:
    return clean(link.text_content()).strip("[]() ")


def _clean_note(note, label: str) -> None:
    """Remove back-links (↩, ^, lettered, ``[N]``) and the note's own leading label."""
    doomed = []
    for el in note.iter():
        if not isinstance(el.tag, str):
            continue
        if _classes(el) & _BACK_CLASSES or _role(el) == "doc-backlink":
            doomed.append(el)
        elif el.tag == "a" and (el.get("href") or "").startswith("#"):
            text = el.text_content()
            if _LABEL.match(text) or _BACKLINK_TEXT.match(text) or not text.strip():
                doomed.append(el)
    for el in doomed:
        if el is not note and el.getparent() is not None:
            remove(el)
    first = note
    while first is not None and not (first.text or "").strip() and len(first):
        first = first[0]
    if first is not None and first.text:
        match = _LEAD_LABEL.match(first.text)
        if match and (match.group(1) or match.group(2)) == label:
            first.text = first.text[match.end():]
        else:
            first.text = re.sub(r"^\s*[\^\u2191\u21a9]\s*", "", first.text)


def _prune_empty(el) -> None:
    """Remove note containers emptied by extraction, with a notes heading just before."""
    while el is not None and el.tag not in ("body", "html") and not clean(el.text_content()) \
            and el.find(".//img") is None:
        parent = el.getparent()
        prev = el.getprevious()
        if prev is not None and prev.tag in ("h2", "h3", "h4", "h5", "h6") and \
                _NOTES_HEADING.match(clean(prev.text_content())):
            remove(prev)
        remove(el)
        el = parent
    if el is not None:
        for head in list(el.iter("h2", "h3", "h4", "h5", "h6")):
            if _NOTES_HEADING.match(clean(head.text_content())) and head.getparent() is el \
                    and _empty_after(head):
                remove(head)


def _empty_after(head) -> bool:
    node = head.getnext()
    while node is not None and node.tag not in ("h1", "h2", "h3", "h4", "h5", "h6"):
        if clean(node.text_content()):
            return False
        node = node.getnext()
    return True


def drop_empty_note_headings(blocks: list) -> list:
    """A "Notes"/"References" heading left with nothing under it is removed."""
    out = []
    for i, block in enumerate(blocks):
        if isinstance(block, Heading) and _NOTES_HEADING.match(_plain(block.inlines).strip()):
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if nxt is None or (isinstance(nxt, Heading) and nxt.level <= block.level):
                continue
        out.append(block)
    return out


def _plain(inlines) -> str:
    return "".join(n.text if isinstance(n, Text) else
                   _plain(n.children) if isinstance(n, CONTAINER_INLINES) else ""
                   for n in inlines)


# --------------------------------------------------------------------------- unlinked

_PLAIN_DEF = re.compile(r"^\s*\[(\d{1,4})\]\s*")
_PLAIN_MARK = re.compile(r"\[(\d{1,4})\]")


def link_plain_notes(blocks: list) -> tuple[list, list[tuple[str, list]]]:
    """``[N]`` marks in the text paired with ``[N] ...`` paragraphs after the essay.

    Returns the body blocks (marks replaced by ``NoteRef``) and ``(label, blocks)`` notes.
    """
    start = None
    for i in range(len(blocks) - 1, -1, -1):
        block = blocks[i]
        if not isinstance(block, Para):
            break
        if _PLAIN_DEF.match(_plain(block.inlines)):
            start = i
    if start is None:
        return blocks, []
    notes: list[tuple[str, list]] = []
    for block in blocks[start:]:
        match = _PLAIN_DEF.match(_plain(block.inlines))
        if match:
            notes.append((match.group(1), [Para(_strip_lead(block.inlines, match.end()))]))
        elif notes:
            notes[-1][1].append(block)
    labels = {label for label, _ in notes}
    body = blocks[:start]
    linked = [_link_block(b, labels) for b in body]
    if linked == body:
        return blocks, []
    if body and isinstance(body[-1], Heading) and _NOTES_HEADING.match(_plain(body[-1].inlines)):
        linked = linked[:-1]
    return linked, notes


def _strip_lead(inlines, count: int) -> tuple:
    out = list(inlines)
    while out and count > 0 and isinstance(out[0], Text):
        text = out.pop(0).text
        if len(text) > count:
            out.insert(0, Text(text[count:]))
        count -= len(text)
    return tuple(out)


def _link_block(block, labels: set):
    if isinstance(block, Para):
        return Para(_link_inlines(block.inlines, labels))
    return block


def _link_inlines(inlines, labels: set) -> tuple:
    out: list = []
    for node in inlines:
        if isinstance(node, Text):
            pos = 0
            for match in _PLAIN_MARK.finditer(node.text):
                if match.group(1) in labels:
                    if match.start() > pos:
                        out.append(Text(node.text[pos:match.start()]))
                    out.append(NoteRef(match.group(1)))
                    pos = match.end()
            if pos < len(node.text):
                out.append(Text(node.text[pos:]))
        elif isinstance(node, CONTAINER_INLINES) and not isinstance(node, NoteRef):
            out.append(type(node)(**{**node.__dict__, "children": _link_inlines(node.children, labels)}))
        else:
            out.append(node)
    return tuple(out)
