"""Parsing TEI safely, and the small helpers over lxml elements the TEI reader uses.

``parse`` runs lxml with entity expansion, network access, DTD loading and huge-tree mode
off (a file that is not well-formed is a ``ReadError`` with the line number).
``local_name`` is an element's name without its namespace (``""`` for entities),
``first_child`` its first child of a name, ``find`` the first descendant along a path of
names, ``flat`` its text with whitespace collapsed, ``xml_id`` its identifier (P5
``xml:id`` or P4 ``id``), ``declared_lang`` its language (``xml:lang`` or P4 ``lang``).
``has_blocks`` says whether it holds block content, ``is_notes_div`` whether it is a
division of notes.
"""

from __future__ import annotations

import re

from lxml import etree

from ...errors import ReadError

_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: elements left out everywhere, by the block and the inline rules alike
SKIP = {"fw", "figDesc", "del", "interp", "interpGrp", "index", "link", "linkGrp",
        "join", "teiHeader", "facsimile", "surplus", "metamark", "span",
        "standOff", "witDetail", "certainty", "respons", "precision"}
#: page and column breaks and the like: they vanish, in blocks and in runs
MILESTONES = {"pb", "cb", "milestone", "gb"}
#: elements that are blocks: a paragraph holding one is split around it
BLOCKISH = {"lg", "list", "listBibl", "table", "figure", "sp", "floatingText", "p", "ab"}


def parse(text: str, path: str):
    text = text.lstrip("\ufeff")
    text = re.sub(r"^\s*<\?xml[^>]*\?>", lambda m: "\n" * m.group(0).count("\n"), text)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(text, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else None)
        message = (getattr(exc, "msg", "") or str(exc)).split(", line ")[0]
        if "excessive depth" in message.lower():
            raise ReadError("elements nested 256 or more levels deep, more than XML "
                            "reading allows", path=path, line=line,
                            hint="flatten the nested elements") from None
        raise ReadError(f"not well-formed XML: {message}", path=path, line=line,
                        hint="fix the markup at that line") from None
    except ValueError as exc:
        raise ReadError(f"cannot be parsed as XML: {exc}", path=path) from None


#: how many elements deep a document may nest before the reader flattens it: the rules
#: recurse a few calls per level (libxml2 itself refuses 256 levels)
MAX_DEPTH = 64

#: elements that end a paragraph when a document is flattened (the others are inline)
_FLAT_BLOCKS = BLOCKISH | {
    "TEI", "TEI.2", "text", "front", "body", "back", "group", "div", "div1", "div2", "div3",
    "div4", "div5", "div6", "div7", "head", "quote", "cit", "epigraph", "l", "item", "label",
    "row", "cell", "argument", "opener", "closer", "trailer", "byline", "dateline",
    "salute", "signed", "docTitle", "titlePage", "note", "bibl", "listNote", "speaker"}


def flatten_deep(root) -> int:
    """Flatten what is nested more than ``MAX_DEPTH`` elements deep into paragraphs of its
    text (line and page breaks kept); return how many elements went (0 for a document of
    ordinary depth, which is left untouched)."""
    from .._deep import flatten_below

    blocks = {name.lower() for name in _FLAT_BLOCKS}
    return flatten_below(root, MAX_DEPTH, is_block=lambda name: name in blocks,
                         keep=lambda name: name in ("lb", "pb", "cb", "milestone"),
                         paragraph="p")


def local_name(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def first_child(el, name: str):
    if el is None:
        return None
    return next((c for c in el if local_name(c) == name), None)


def find(el, *names: str):
    """The first descendant along a path of local names, or None."""
    for name in names:
        if el is None:
            return None
        el = next((d for d in el.iter() if d is not el and local_name(d) == name), None)
    return el


def flat(el) -> str:
    if el is None:
        return ""
    parts = [t for t in el.itertext()]
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def has_blocks(el) -> bool:
    """Whether an element holds block content (paragraphs, verse...) rather than a run."""
    for child in el:
        name = local_name(child)
        if name in BLOCKISH or name in ("l", "head"):
            return True
        if name in ("quote", "cit", "q") and has_blocks(child):
            return True
    return False


def xml_id(el) -> str:
    """An element's identifier: ``xml:id`` (P5) or ``id`` (P4); ``""`` when it has none."""
    return (el.get(_XML_ID) or el.get("id") or "").strip()


def declared_lang(el) -> str:
    """The language an element declares: ``xml:lang`` (P5) or ``lang`` (P4)."""
    if el is None:
        return ""
    return (el.get(_XML_LANG) or el.get("lang") or "").strip()


#: elements a division of notes may hold besides the notes themselves
_NOTE_DIV_EXTRA = {"head", "pb", "cb", "lb", "milestone", "fw", "anchor", ""}


def is_notes_div(el) -> bool:
    """A division (or ``listNote``) that holds notes and nothing else but headings and
    page furniture: the notes of a chapter or of the book, kept at the end."""
    kids = [c for c in el if isinstance(c.tag, str)]
    notes = [c for c in kids if local_name(c) == "note"]
    if not notes:
        return False
    if local_name(el) == "listNote":
        return True
    return all(local_name(c) == "note" or local_name(c) in _NOTE_DIV_EXTRA for c in kids)
