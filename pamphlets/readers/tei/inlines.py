"""From TEI elements to model inlines, for the TEI reader.

``InlineMixin`` is part of the converter class (``reader._Converter``) and uses its note
methods (``notes``) and ``linked`` notes. ``inlines`` converts an element's content:
``hi`` by its ``rend``, ``style`` or ``rendition`` (``_rendered``; DTA's ``#i``, ``#b``,
``#g`` letter-spacing, ``#k`` small capitals...), emphasis and quoted elements, ``ref``/
``ptr`` links (or note references, ``anchor`` too), ``choice``, ``gap``, ``code``;
milestones vanish and ``break="no"`` joins the words around it; ``lb`` is a space, or a
line break where lines matter, and a word broken at a line's end is joined again
(``_joined``: ``¬`` always; ``-`` before a lower-case letter in print, kept as a compound's
hyphen in texts that mark their broken words with ``¬``). What is left out (``fw``
running heads, ``del``, the reading ``choice`` did not take...) is counted for the report.
The element names skipped everywhere (``_SKIP``) and the milestones are shared with the
block conversion.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ...model import (Code, Emph, LineBreak, Link, Notice, SmallCaps, Strong, Subscript,
                     Superscript, Text)
from .._inline import merge, tidy
from .xml import flat, local_name, xml_id

_JOIN = "\ufffe"  # cannot occur in XML text: marks a break="no"
_JOIN_RE = re.compile(r"[-\u00ad\u00ac\u2010]?\s*\ufffe\s*")
_LB = "\uffff"  # cannot occur in XML text either: marks an lb in prose
_LB_SOFT = re.compile(r"[\u00ac\u00ad]\s*\uffff\s*(?=(.?))", re.S)
_LB_HYPHEN = re.compile(r"(?<!\s)[-\u2010]\s*\uffff\s*(?=([^\W\d_]))")
_LB_SPACE = re.compile(r"\s*\uffff\s*")
#: why an element skipped everywhere is left out, for the report
_SKIP_REASON = {"fw": "running head, page number or catchword (fw)",
                "del": "deleted in the source (del)", "figDesc": "figure description",
                "surplus": "surplus text (surplus)", "metamark": "editorial mark (metamark)",
                "index": "index entry (index)", "interp": "interpretation (interp)",
                "interpGrp": "interpretation (interp)", "teiHeader": "nested TEI header"}
_CHOICE_TAKE = ("corr", "reg", "expan", "supplied", "seg")
_SKIP = {"fw", "figDesc", "del", "interp", "interpGrp", "index", "link", "linkGrp",
         "join", "teiHeader", "facsimile", "surplus", "metamark", "span",
         "standOff", "witDetail", "certainty", "respons", "precision"}
_MILESTONES = {"pb", "cb", "milestone", "gb"}
_EMPH = {"emph", "foreign", "title", "term", "mentioned", "gloss", "stage"}
_QUOTED = {"q", "said", "soCalled", "quote"}
_REND = [(re.compile(r"ital|\bi\b|\bit\b|font-style:\s*italic|underline|\bu\b|slant"), Emph),
         (re.compile(r"bold|\bb\b|strong|font-weight:\s*bold"), Strong),
         (re.compile(r"small-?caps|\bsc\b|font-variant:\s*small-caps"), SmallCaps),
         (re.compile(r"sup|vertical-align:\s*super"), Superscript),
         (re.compile(r"\bsub(script)?\b|vertical-align:\s*sub"), Subscript)]


class InlineMixin:
    """Inline conversion (a part of ``reader._Converter``)."""

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
        name = local_name(el)
        if not name:
            char = self._entity(el)
            return [Text(char)] if char else []
        if name in _MILESTONES or name == "lb":
            if (el.get("break") or "").lower() in ("no", "false", "0"):
                return [Text(_JOIN)]
            if name == "lb":
                return [LineBreak()] if lines else [Text(_LB)]
            return []
        if name == "anchor":
            note = self.anchored.get(xml_id(el))
            ref = self._note_ref(note, placed=True) if note is not None else None
            return [ref] if ref else []
        if name in _SKIP:
            self._skipped(el)
            return []
        if name == "note":
            ref = self._note_ref(el)
            return [ref] if ref else []
        if name == "choice":
            kids = [c for c in el if local_name(c)]
            pick = next((c for k in _CHOICE_TAKE for c in kids if local_name(c) == k), None)
            if pick is None and kids:
                pick = kids[0]
            for other in kids:
                if other is not pick:
                    self._drop("the other reading of a choice (sic, orig, abbr)",
                               " ".join(other.itertext()), other.sourceline)
            return self._inline(pick, lines) if pick is not None else []
        if name == "gap":
            return [Text("[\u2026]")]
        if name == "space":
            return [Text(" ")]
        if name in ("ref", "ptr"):
            return self._link(el, name, lines)
        if name == "code":
            return [Code("".join(el.itertext()))]
        if name == "hi" and self.by_n:
            mark = self._numbered_mark(el)
            if mark is not None:
                return [mark]
        kids = self._children(el, lines)
        if name == "hi":
            return _rendered(" ".join(filter(None, (el.get("rend"), el.get("style"),
                                                   _renditions(el.get("rendition"))))), kids)
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
        key = url[1:] if url.startswith("#") else url
        if key in self.linked:
            ref = self._note_ref(self.linked[key], placed=True)
            return [ref] if ref else []
        if not url and self.by_n:
            mark = self._numbered_mark(el)
            if mark is not None:
                return [mark]
        if url.startswith("#") and key and key not in self.ids:
            self.notices.append(Notice("warning", f"a reference to #{key}, which nothing in "
                                       "the file is; kept as text",
                                       flat(el)[:80], el.sourceline))
        kids = self._children(el, lines)
        if not url or url.startswith("#") or ":" not in url and "/" not in url and "." not in url:
            return list(kids)
        return [Link(url, kids or (Text(url),))]

    def _numbered_mark(self, el):
        """A superscript number (or a bare ``ref``) whose number is that of a note in the
        back matter nothing else points at: the note's mark."""
        if el.get("target") or len(el):
            return None
        rend = " ".join(filter(None, (el.get("rend"), el.get("rendition"), el.get("style"),
                                     el.get("place")))).lower()
        if local_name(el) == "hi" and "sup" not in rend:
            return None
        n = "".join(el.itertext()).strip().strip("()[]")
        queue = self.by_n.get(n)
        if not queue:
            return None
        return self._note_ref(queue.pop(0), placed=True)

    def _skipped(self, el) -> None:
        reason = _SKIP_REASON.get(local_name(el))
        if reason:
            self._drop(reason, " ".join(el.itertext()), el.sourceline)

    def _finish(self, parts: list) -> tuple:
        return _neighbours(tidy(_joined(merge(parts), self.broken_marked)))


def _rendered(rend: str, kids) -> list:
    rend = rend.lower()
    node: list = list(kids)
    for pattern, kind in _REND:
        if pattern.search(rend):
            node = [kind(merge(_unwrap(node, kind)))]
    return node


def _unwrap(nodes, kind) -> list:
    """``kind`` inside ``kind`` (italic in letter-spaced text, both emphasis) is plain."""
    out: list = []
    for node in nodes:
        if isinstance(node, kind):
            out.extend(_unwrap(node.children, kind))
        elif hasattr(node, "children") and not isinstance(node, Link):
            out.append(replace(node, children=tuple(_unwrap(node.children, kind))))
        else:
            out.append(node)
    return out


def _neighbours(nodes: tuple) -> tuple:
    """Neighbouring nodes of one kind made one: ``<hi>objek</hi>¬<lb/><hi>tiven</hi>``."""
    out: list = []
    for node in nodes:
        if out and type(node) is type(out[-1]) and hasattr(node, "children") \
                and not isinstance(node, Link):
            out[-1] = replace(out[-1], children=merge(out[-1].children + node.children))
        elif hasattr(node, "children") and not isinstance(node, Link):
            out.append(replace(node, children=_neighbours(node.children)))
        else:
            out.append(node)
    return tuple(out)


def _renditions(value: str | None) -> str:
    """DTA-style ``rendition="#i #b"`` pointers as rend words (``#g``, letter-spaced, and
    ``#u`` are emphasis; ``#k`` small capitals)."""
    words = {"i": "italic", "it": "italic", "b": "bold", "g": "italic", "u": "italic",
             "k": "smallcaps", "sc": "smallcaps", "sup": "sup", "sub": "sub"}
    out = []
    for token in (value or "").split():
        token = token.lstrip("#").lower()
        out.append(words.get(token, ""))
    return " ".join(w for w in out if w)


def _unbreak(text: str, broken_marked: bool) -> str:
    """Line breaks in prose: ``¬`` (and a soft hyphen) join the word; a hyphen before a
    lower-case letter is a printer's line-end hyphen (a compound's, kept with a space, in a
    text that marks broken words with ``¬``); before a capital it is kept."""
    # "bürger¬lichen" → "bürgerlichen"; "Barrot¬Faucher" → "Barrot-Faucher"
    text = _LB_SOFT.sub(lambda m: "-" if m.group(1).isupper() else "", text)

    def hyphen(match: re.Match) -> str:
        if match.group(1).isupper():
            return "-"
        return "- " if broken_marked else ""

    text = _LB_HYPHEN.sub(hyphen, text)
    return _LB_SPACE.sub(" ", text)


def _joined(parts: tuple, broken_marked: bool = False) -> tuple:
    """Apply break="no" joins and line-end hyphens inside every text node."""
    out: list = []
    for node in parts:
        if isinstance(node, Text) and (_JOIN in node.text or _LB in node.text):
            out.append(Text(_unbreak(_JOIN_RE.sub("", node.text), broken_marked)))
        elif hasattr(node, "children"):
            out.append(replace(node, children=_joined(node.children, broken_marked)))
        else:
            out.append(node)
    return tuple(out)
