"""From TEI elements to model inlines, for the TEI reader.

``InlineMixin`` is part of the converter class (``tei._Converter``) and uses its note
methods (``_tei_notes``) and ``linked`` notes. ``inlines`` converts an element's content:
``hi`` by its ``rend`` (``_rendered``), emphasis and quoted elements, ``ref``/``ptr`` links
(or note references), ``choice``, ``gap``, ``code``; milestones and ``lb`` vanish or become
a space or line break, and ``break="no"`` joins the words around it (``_joined``). The
element names skipped everywhere (``_SKIP``) and the milestones are shared with the block
conversion.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Code, Emph, LineBreak, Link, SmallCaps, Strong, Subscript, Superscript, Text
from ._inline import merge, tidy
from ._tei_xml import _name

_JOIN = "\ufffe"  # cannot occur in XML text: marks a break="no"
_JOIN_RE = re.compile(r"[-\u00ad\u00ac\u2010]?\s*\ufffe\s*")
_SKIP = {"fw", "figDesc", "del", "interp", "interpGrp", "index", "link", "linkGrp",
         "join", "anchor", "teiHeader", "facsimile", "surplus", "metamark", "span",
         "standOff", "witDetail", "certainty", "respons", "precision"}
_MILESTONES = {"pb", "cb", "milestone", "gb"}
_EMPH = {"emph", "foreign", "title", "term", "mentioned", "gloss"}
_QUOTED = {"q", "said", "soCalled", "quote"}
_REND = [(re.compile(r"ital|\bi\b|\bit\b|font-style:\s*italic|underline|\bu\b|slant"), Emph),
         (re.compile(r"bold|\bb\b|strong|font-weight:\s*bold"), Strong),
         (re.compile(r"small-?caps|\bsc\b|font-variant:\s*small-caps"), SmallCaps),
         (re.compile(r"sup|vertical-align:\s*super"), Superscript),
         (re.compile(r"\bsub(script)?\b|vertical-align:\s*sub"), Subscript)]


class InlineMixin:
    """Inline conversion (a part of ``tei._Converter``)."""

    def inlines(self, el, lines: bool = False) -> tuple:
        parts: list = [Text(el.text)] if el.text else []
        for child in el:
            parts.extend(self._inline(child, lines))
            if child.tail:
                parts.append(Text(child.tail))
        return self._finish(parts)

    def _children(self, el, lines: bool) -> list:
        parts: list = [Text(el.text)] if el.text else []
        for child in el:
            parts.extend(self._inline(child, lines))
            if child.tail:
                parts.append(Text(child.tail))
        return merge(parts)

    def _inline(self, el, lines: bool) -> list:
        name = _name(el)
        if not name:
            self._entity(el)
            return []
        if name in _MILESTONES or name == "lb":
            if (el.get("break") or "").lower() in ("no", "false", "0"):
                return [Text(_JOIN)]
            if name == "lb":
                return [LineBreak()] if lines else [Text(" ")]
            return []
        if name in _SKIP:
            return []
        if name == "note":
            ref = self._note_ref(el)
            return [ref] if ref else []
        if name == "choice":
            kids = {_name(c): c for c in el}
            pick = next((kids[k] for k in ("corr", "reg", "expan") if k in kids), None)
            if pick is None:
                pick = next(iter(el), None)
            return self._inline(pick, lines) if pick is not None else []
        if name == "gap":
            return [Text("[\u2026]")]
        if name == "space":
            return [Text(" ")]
        if name in ("ref", "ptr"):
            return self._link(el, name, lines)
        if name == "code":
            return [Code("".join(el.itertext()))]
        kids = self._children(el, lines)
        if name == "hi":
            return _rendered(el.get("rend") or el.get("style") or "", kids)
        if name in _EMPH:
            return [Emph(kids)] if not (name == "title" and el.get("level") == "a") \
                else [Text('"'), *kids, Text('"')]
        if name in _QUOTED:
            return [Text('"'), *kids, Text('"')]
        if name == "l":
            return [*kids, LineBreak()]
        return list(kids)

    def _link(self, el, name: str, lines: bool) -> list:
        target = (el.get("target") or "").split()
        url = target[0] if target else ""
        if url.startswith("#") and url[1:] in self.linked:
            ref = self._note_ref(self.linked[url[1:]], placed=True)
            return [ref] if ref else []
        kids = self._children(el, lines)
        if not url or url.startswith("#"):
            return list(kids)
        return [Link(url, kids or (Text(url),))]

    def _finish(self, parts: list) -> tuple:
        return tidy(_joined(merge(parts)))


def _rendered(rend: str, kids) -> list:
    rend = rend.lower()
    node: list = list(kids)
    for pattern, kind in _REND:
        if pattern.search(rend):
            node = [kind(merge(node))]
    return node


def _joined(parts: tuple) -> tuple:
    """Apply break="no" joins inside every text node (hyphen and whitespace removed)."""
    out: list = []
    for node in parts:
        if isinstance(node, Text) and _JOIN in node.text:
            out.append(Text(_JOIN_RE.sub("", node.text)))
        elif hasattr(node, "children"):
            out.append(replace(node, children=_joined(node.children)))
        else:
            out.append(node)
    return tuple(out)
