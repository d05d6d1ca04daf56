"""Inline rules for the TEI reader: an element's content as model inlines.

``run`` converts an element's content (finished: joins, line-end hyphens, tidy spaces);
``inline`` converts one element by the rule its name picks from ``_RULES``, each a plain
function ``rule(state, el, lines) -> list``: ``hi`` by its ``rend``, ``style`` or
``rendition`` (DTA's ``#i``, ``#b``, ``#g`` letter-spacing, ``#k`` small capitals...),
emphasis and quoted elements, ``ref``/``ptr`` links (or note references, ``anchor`` too),
``choice``, ``gap``, ``code``; milestones vanish and ``break="no"`` joins the words around
it; ``lb`` is a space, or a line break where ``lines`` matter, and a word broken at a
line's end is joined again (``¬`` always; ``-`` before a lower-case letter in print, kept
as a compound's hyphen in texts that mark their broken words with ``¬``). What is left out
(``fw`` running heads, ``del``, the reading ``choice`` did not take...) is counted in the
state. ``entity`` gives a standard character entity's character.
"""

from __future__ import annotations

import html.entities
import re
from dataclasses import replace

from lxml import etree

from ...model import (Code, Emph, LineBreak, Link, Notice, SmallCaps, Strong, Subscript,
                     Superscript, Text)
from .._inline import merge, tidy
from . import notes
from .state import TeiState, drop
from .xml import MILESTONES, SKIP, flat, local_name, xml_id

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
_EMPH = {"emph", "foreign", "title", "term", "mentioned", "gloss", "stage"}
_QUOTED = {"q", "said", "soCalled", "quote"}
_REND = [(re.compile(r"ital|\bi\b|\bit\b|font-style:\s*italic|underline|\bu\b|slant"), Emph),
         (re.compile(r"bold|\bb\b|strong|font-weight:\s*bold"), Strong),
         (re.compile(r"small-?caps|\bsc\b|font-variant:\s*small-caps"), SmallCaps),
         (re.compile(r"sup|vertical-align:\s*super"), Superscript),
         (re.compile(r"\bsub(script)?\b|vertical-align:\s*sub"), Subscript)]


def run(state: TeiState, el, lines: bool = False) -> tuple:
    """An element's content as finished inlines (``lines``: ``lb`` is a line break)."""
    return finish(state, _parts(state, el, lines))


def children(state: TeiState, el, lines: bool) -> tuple:
    """An element's content as inlines, merged but not yet finished."""
    return merge(_parts(state, el, lines))


def _parts(state: TeiState, el, lines: bool) -> list:
    parts: list = [Text(el.text)] if el.text else []
    for child in el:
        parts.extend(inline(state, child, lines))
        if child.tail:
            parts.append(Text(child.tail))
    return parts


def finish(state: TeiState, parts: list) -> tuple:
    """Inlines made final: ``break="no"`` joins, line ends, spaces, neighbours merged."""
    return _neighbours(tidy(_joined(merge(parts), state.broken_marked)))


def inline(state: TeiState, el, lines: bool) -> list:
    """One element (or entity) as inlines, by the rule for its name."""
    name = local_name(el)
    if not name:
        char = entity(state, el)
        return [Text(char)] if char else []
    return _RULES.get(name, other)(state, el, lines)


def milestone(state: TeiState, el, lines: bool) -> list:
    """``pb``, ``cb``, ``milestone``, ``gb``, ``lb``: nothing, a join mark (``break="no"``),
    or for ``lb`` a line break (``lines``) or a line-end mark."""
    if (el.get("break") or "").lower() in ("no", "false", "0"):
        return [Text(_JOIN)]
    if local_name(el) == "lb":
        return [LineBreak()] if lines else [Text(_LB)]
    return []


def anchor(state: TeiState, el, lines: bool) -> list:
    """An ``anchor`` a note points at: that note's reference."""
    note = state.anchored.get(xml_id(el))
    ref = notes.note_ref(state, note, placed=True) if note is not None else None
    return [ref] if ref else []


def skip(state: TeiState, el, lines: bool) -> list:
    """An element left out everywhere (``SKIP``): nothing, its words counted."""
    skipped(state, el)
    return []


def note(state: TeiState, el, lines: bool) -> list:
    """A ``note`` where it stands: its reference (none when it is placed elsewhere)."""
    ref = notes.note_ref(state, el)
    return [ref] if ref else []


def choice(state: TeiState, el, lines: bool) -> list:
    """``choice``: ``corr`` over ``sic``, ``reg`` over ``orig``, ``expan`` over ``abbr``
    (else the first reading); the other readings are counted as left out."""
    kids = [c for c in el if local_name(c)]
    pick = next((c for k in _CHOICE_TAKE for c in kids if local_name(c) == k), None)
    if pick is None and kids:
        pick = kids[0]
    for other_reading in kids:
        if other_reading is not pick:
            drop(state, "the other reading of a choice (sic, orig, abbr)",
                 " ".join(other_reading.itertext()), other_reading.sourceline)
    return inline(state, pick, lines) if pick is not None else []


def gap(state: TeiState, el, lines: bool) -> list:
    """``gap``: an ellipsis in brackets."""
    return [Text("[\u2026]")]


def space(state: TeiState, el, lines: bool) -> list:
    """``space``: one space."""
    return [Text(" ")]


def link(state: TeiState, el, lines: bool) -> list:
    """``ref``/``ptr``: a note's reference when it points at a note (or is a bare number
    for one), a link when it points outside the file, else its text."""
    target = (el.get("target") or "").split()
    url = target[0] if target else ""
    key = url[1:] if url.startswith("#") else url
    if key in state.linked:
        ref = notes.note_ref(state, state.linked[key], placed=True)
        return [ref] if ref else []
    if not url and state.by_n:
        mark = notes.numbered_mark(state, el)
        if mark is not None:
            return [mark]
    if url.startswith("#") and key and key not in state.ids:
        state.notices.append(Notice("warning", f"a reference to #{key}, which nothing in "
                                    "the file is; kept as text",
                                    flat(el)[:80], el.sourceline))
    kids = children(state, el, lines)
    if not url or url.startswith("#") or ":" not in url and "/" not in url and "." not in url:
        return list(kids)
    return [Link(url, kids or (Text(url),))]


def code(state: TeiState, el, lines: bool) -> list:
    """``code``: its text, as code."""
    return [Code("".join(el.itertext()))]


def hi(state: TeiState, el, lines: bool) -> list:
    """``hi``: a bare superscript number may be a note's mark; else its content styled by
    its ``rend``, ``style`` and ``rendition``."""
    if state.by_n:
        mark = notes.numbered_mark(state, el)
        if mark is not None:
            return [mark]
    kids = children(state, el, lines)
    return _rendered(" ".join(filter(None, (el.get("rend"), el.get("style"),
                                           _renditions(el.get("rendition"))))), kids)


def emphasis(state: TeiState, el, lines: bool) -> list:
    """``emph``, ``foreign``, ``title``... as emphasis; an article's title (``title
    level="a"``) in quotation marks."""
    kids = children(state, el, lines)
    if local_name(el) == "title" and el.get("level") == "a":
        return [Text('"'), *kids, Text('"')]
    return [Emph(kids)]


def quoted(state: TeiState, el, lines: bool) -> list:
    """``q``, ``said``, ``soCalled``, an inline ``quote``: in quotation marks."""
    kids = children(state, el, lines)
    return [Text('"'), *kids, Text('"')]


def verse_line(state: TeiState, el, lines: bool) -> list:
    """An ``l`` inside a run: its content and a line break."""
    kids = children(state, el, lines)
    return [*kids, LineBreak()]


def other(state: TeiState, el, lines: bool) -> list:
    """Any other element: its content, as it is."""
    return list(children(state, el, lines))


def entity(state: TeiState, el) -> str:
    """The character a standard character entity names (``&AElig;``, ``&mdash;``: the
    ISO/HTML tables P4 DTDs declare), from a fixed table, never from the file's own
    declarations; any other entity is reported and left out."""
    if not isinstance(el, etree._Entity):
        return ""
    name = (el.text or "").strip("&;")
    if name in html.entities.name2codepoint:
        return chr(html.entities.name2codepoint[name])
    state.notices.append(Notice("warning", f"entity {el.text} left unexpanded",
                                el.text, el.sourceline))
    return ""


def skipped(state: TeiState, el) -> None:
    """Count the words of an element left out everywhere, under its reason."""
    reason = _SKIP_REASON.get(local_name(el))
    if reason:
        drop(state, reason, " ".join(el.itertext()), el.sourceline)


#: element name -> its rule; any other name is converted by ``other``
_RULES = {
    **{name: milestone for name in MILESTONES | {"lb"}},
    "anchor": anchor,
    **{name: skip for name in SKIP},
    "note": note,
    "choice": choice,
    "gap": gap,
    "space": space,
    "ref": link,
    "ptr": link,
    "code": code,
    "hi": hi,
    **{name: emphasis for name in _EMPH},
    **{name: quoted for name in _QUOTED},
    "l": verse_line,
}


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
