"""Parsing TEI safely, and the small helpers over lxml elements the TEI reader uses.

``_parse`` runs lxml with entity expansion, network access, DTD loading and huge-tree mode
off (a file that is not well-formed is a ``ReadError`` with the line number). ``_name`` is
an element's local name (no namespace; ``""`` for entities), ``_child`` its first child of
a name, ``_find`` the first descendant along a path of names, ``_flat`` its text with
whitespace collapsed, ``_xml_id`` its identifier (P5 ``xml:id`` or P4 ``id``), ``_lang`` its
language (``xml:lang`` or P4 ``lang``), and ``_has_blocks`` says whether it holds block
content.
"""

from __future__ import annotations

import re

from lxml import etree

from ...errors import ReadError

_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_BLOCKISH = {"lg", "list", "listBibl", "table", "figure", "sp", "floatingText", "p", "ab"}


def _parse(text: str, path: str):
    text = text.lstrip("\ufeff")
    text = re.sub(r"^\s*<\?xml[^>]*\?>", lambda m: "\n" * m.group(0).count("\n"), text)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(text, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else None)
        message = (getattr(exc, "msg", "") or str(exc)).split(", line ")[0]
        raise ReadError(f"not well-formed XML: {message}", path=path, line=line,
                        hint="fix the markup at that line") from None
    except ValueError as exc:
        raise ReadError(f"cannot be parsed as XML: {exc}", path=path) from None


def _name(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(el, name: str):
    if el is None:
        return None
    return next((c for c in el if _name(c) == name), None)


def _find(el, *names: str):
    """The first descendant along a path of local names, or None."""
    for name in names:
        if el is None:
            return None
        el = next((d for d in el.iter() if d is not el and _name(d) == name), None)
    return el


def _flat(el) -> str:
    if el is None:
        return ""
    parts = [t for t in el.itertext()]
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _has_blocks(el) -> bool:
    """Whether an element holds block content (paragraphs, verse...) rather than a run."""
    for child in el:
        name = _name(child)
        if name in _BLOCKISH or name in ("l", "head"):
            return True
        if name in ("quote", "cit", "q") and _has_blocks(child):
            return True
    return False


def _xml_id(el) -> str:
    """An element's identifier: ``xml:id`` (P5) or ``id`` (P4); ``""`` when it has none."""
    return (el.get(_XML_ID) or el.get("id") or "").strip()


def _lang(el) -> str:
    """The language an element declares: ``xml:lang`` (P5) or ``lang`` (P4)."""
    if el is None:
        return ""
    return (el.get(_XML_LANG) or el.get("lang") or "").strip()
