"""TEI XML (P5 with or without the TEI namespace, and P4-style ``TEI.2`` / ``div1``).

Parsing is safe: lxml runs with entity expansion off, no network, no DTD loading and no
huge-tree mode, so an entity bomb or an external entity is never expanded (references to
declared entities are left out, with a notice); a file that is not well-formed raises
``ReadError`` with the line number.

Conventions handled:

* ``teiHeader``: ``titleStmt/title`` (``type="sub"`` gives the subtitle), ``author``,
  ``editor role="translator"`` or a ``respStmt`` whose ``resp`` mentions translation, the
  date (``creation``, else ``sourceDesc``, else ``publicationStmt``), the language
  (``xml:lang`` on ``TEI``/``text``, else ``langUsage/language/@ident``), ``sourceDesc``
  as the source and ``availability/licence`` as the licence.
* Text: ``front`` (its ``titlePage`` dropped with a notice), ``body`` and ``back``.
  ``div``/``div1``..``div7`` nesting gives heading levels for ``head``; ``p``/``ab`` are
  paragraphs (split where they hold verse, lists, quotations, tables or figures);
  ``quote``/``cit``/``epigraph`` are quotations (a ``bibl`` is the attribution);
  ``lg``/``l`` verse (nested ``lg`` are stanzas); ``list``/``item`` (``label`` kept);
  ``figure`` with ``graphic``; ``sp``/``speaker``; ``opener``/``closer`` and friends;
  tables are flattened to one paragraph per row.
* Notes: ``note`` anywhere inline (any ``place``) becomes a ``NoteRef`` plus a ``Note``
  whose id is the source's ``n`` (made unique as ``c<div>-<n>`` when numbering restarts);
  notes kept elsewhere and pointed at by ``ref``/``ptr target="#id"``, or pointing at an
  ``anchor`` with ``target``, are attached at the pointer.
* Inline: ``hi rend`` (italic, bold, smallcaps, sup, sub, underline; several at once),
  ``emph``/``foreign``/``title``/``term``/``mentioned`` as emphasis, ``q``/``said``/
  ``soCalled``/inline ``quote`` in quotation marks, ``ref``/``ptr`` links, ``code``,
  ``choice`` (``corr`` over ``sic``, ``reg`` over ``orig``, ``expan`` over ``abbr``).
  ``pb``, ``cb``, ``milestone`` vanish without adding or losing a space; with
  ``break="no"`` the words on both sides are joined (a hyphen before it removed); ``lb``
  is a space in prose and a line break in headings, openers, closers and addresses.
  ``fw``, ``figDesc`` (used as alt text only), ``del``, ``interp``, ``index`` and
  ``gap`` (shown as ``[…]``) are left out.
"""

from __future__ import annotations

import re
from dataclasses import replace

from lxml import etree

from ..errors import ReadError
from ..model import (normalise_heading_levels, BlockQuote, Code, Emph, Essay, EssayMeta, Figure, Heading, LineBreak,
                     Link, ListBlock, Note, NoteRef, Notice, Para, ReadResult, SmallCaps,
                     Strong, Subscript, Superscript, Text, Verse, plain_text)
from ._inline import merge, note_id_maker, tidy

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_JOIN = "\ufffe"  # cannot occur in XML text: marks a break="no"
_JOIN_RE = re.compile(r"[-\u00ad\u00ac\u2010]?\s*\ufffe\s*")
_DIV = re.compile(r"^div([1-7])?$")
_SKIP = {"fw", "figDesc", "del", "interp", "interpGrp", "index", "link", "linkGrp",
         "join", "anchor", "teiHeader", "facsimile", "surplus", "metamark", "span",
         "standOff", "witDetail", "certainty", "respons", "precision"}
_MILESTONES = {"pb", "cb", "milestone", "gb"}
_BLOCKISH = {"lg", "list", "listBibl", "table", "figure", "sp", "floatingText", "p", "ab"}
_LINE_CONTEXT = {"head", "opener", "closer", "salute", "signed", "dateline", "byline",
                 "address", "addrLine", "docImprint", "cell", "trailer", "docAuthor"}
_PARA_LIKE = {"opener", "closer", "salute", "signed", "dateline", "byline", "trailer",
              "argument", "address", "docAuthor", "docDate", "imprimatur", "bibl", "label"}
_EMPH = {"emph", "foreign", "title", "term", "mentioned", "gloss"}
_QUOTED = {"q", "said", "soCalled", "quote"}
_REND = [(re.compile(r"ital|\bi\b|\bit\b|font-style:\s*italic|underline|\bu\b|slant"), Emph),
         (re.compile(r"bold|\bb\b|strong|font-weight:\s*bold"), Strong),
         (re.compile(r"small-?caps|\bsc\b|font-variant:\s*small-caps"), SmallCaps),
         (re.compile(r"sup|vertical-align:\s*super"), Superscript),
         (re.compile(r"\bsub(script)?\b|vertical-align:\s*sub"), Subscript)]


def read(text: str, *, path: str = "", keep_all: bool = False) -> ReadResult:
    root = _parse(text, path)
    notices: list[Notice] = []
    tei = root
    if _name(root) not in ("TEI", "TEI.2"):
        tei = next((el for el in root.iter() if _name(el) in ("TEI", "TEI.2")), None)
        if tei is None:
            raise ReadError(f"the root element is <{_name(root)}>, not <TEI>", path=path,
                            hint="give a TEI document, or name the right format")
        notices.append(Notice("warning", "a TEI corpus; only its first text was read"))
    header = _child(tei, "teiHeader")
    text_el = _child(tei, "text")
    if text_el is None:
        raise ReadError("the TEI document has no <text>", path=path)
    conv = _Converter(tei, notices, keep_all)
    blocks: list = []
    for part in ("front", "body", "back"):
        for el in text_el.iter():
            if _name(el) == part:
                blocks.extend(conv.blocks(el, 0))
                break
    blocks = list(normalise_heading_levels(blocks))
    meta = _meta(header, tei, text_el, path)
    essay = Essay(meta=meta, blocks=tuple(blocks), notes=tuple(conv.finish()), origin=path)
    return ReadResult(essay, tuple(notices))


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


# --------------------------------------------------------------------------- metadata


def _meta(header, tei, text_el, path: str) -> EssayMeta:
    stmt = _find(header, "titleStmt")
    titles = [t for t in (stmt.iter() if stmt is not None else ()) if _name(t) == "title"]
    main = [t for t in titles if t.get("type") in (None, "main", "full")]
    title = _flat(main[0] if main else titles[0] if titles else None)
    subtitle = _flat(next((t for t in titles if t.get("type") == "sub"), None))
    authors = tuple(a for a in (_flat(el) for el in (stmt.iter() if stmt is not None else ())
                                if _name(el) == "author") if a)
    translator = ""
    for el in (stmt.iter() if stmt is not None else ()):
        if _name(el) == "editor" and (el.get("role") or "").lower().startswith("transl"):
            translator = _flat(el)
        elif _name(el) == "respStmt" and "transl" in _flat(_child(el, "resp")).lower():
            who = _child(el, "name")
            translator = _flat(who if who is not None else _child(el, "persName"))
    date_el = None
    for where in ("creation", "sourceDesc", "publicationStmt"):
        date_el = _find(header, where, "date")
        if date_el is not None:
            break
    date = _flat(date_el) or (date_el.get("when", "") if date_el is not None else "")
    lang = tei.get(_XML_LANG) or text_el.get(_XML_LANG) or ""
    language = _find(header, "langUsage", "language")
    if not lang and language is not None:
        lang = language.get("ident", "")
    licence_el = _find(header, "availability", "licence")
    licence = _flat(licence_el) or (licence_el.get("target", "") if licence_el is not None else "")
    if not title:
        title = re.sub(r"\.[^./\\]*$", "", re.split(r"[/\\]", path)[-1]) or "Untitled"
    return EssayMeta(title=title, subtitle=subtitle, authors=authors, date=date,
                     source=_flat(_find(header, "sourceDesc"))[:500], lang=lang or "en",
                     licence=licence, translator=translator)


# --------------------------------------------------------------------------- body


class _Converter:
    """Elements to blocks and inlines; notes are collected as they are met."""

    def __init__(self, tei, notices: list[Notice], keep_all: bool):
        self.notices, self.keep_all = notices, keep_all
        self.notes: list[Note | None] = []
        self.make_id = note_id_maker()
        self.auto = 0
        self.chapter = 0
        targets = {t[1:] for el in tei.iter() if _name(el) in ("ref", "ptr")
                   for t in (el.get("target") or "").split() if t.startswith("#")}
        self.linked: dict[str, object] = {}  # xml:id of a note pointed at -> the note
        self.anchored: dict[str, object] = {}  # anchor id -> the note pointing at it
        for el in tei.iter():
            if _name(el) != "note":
                continue
            if el.get(_XML_ID) in targets:
                self.linked[el.get(_XML_ID)] = el
            target = (el.get("target") or "").split()
            if target and target[0].startswith("#"):
                self.anchored[target[0][1:]] = el
        self.placed = {id(el) for el in list(self.linked.values()) + list(self.anchored.values())}

    # ---- blocks

    def blocks(self, el, depth: int) -> list:
        out: list = []
        stray = el.text if el.text and el.text.strip() else ""
        if stray:
            out.append(Para(self._finish([Text(stray)])))
        for child in el:
            self._block(child, depth, out)
            if child.tail and child.tail.strip():
                run = self._finish([Text(child.tail)])
                if run:
                    out.append(Para(run))
        return out

    def _block(self, el, depth: int, out: list) -> None:
        name = _name(el)
        if not name:
            self._entity(el)
            return
        div = _DIV.match(name)
        if div:
            if depth == 0:
                self.chapter += 1
            level = int(div.group(1)) if div.group(1) else depth + 1
            if (el.get("type") or "").lower() in ("notes", "footnotes", "endnotes") and \
                    all(_name(c) in ("head", "note", "pb", "") for c in el):
                self._unplaced_notes(el)
                return
            out.extend(self.blocks(el, level))
        elif name in _SKIP or name in _MILESTONES:
            return
        elif name == "titlePage":
            self.notices.append(Notice("dropped", "title page", _flat(el)[:80], el.sourceline))
            if self.keep_all:
                out.extend(self.blocks(el, depth))
        elif name == "head":
            inl = self.inlines(el, lines=True)
            if inl:
                out.append(Heading(max(depth, 1), inl))
        elif name in ("p", "ab"):
            self._paragraph(el, out)
        elif name in ("quote", "cit", "epigraph", "q"):
            quote = self._quote(el)
            if quote:
                out.append(quote)
        elif name == "lg":
            out.append(self._verse(el))
        elif name in ("list", "listBibl"):
            self._list(el, out)
        elif name == "figure":
            self._figure(el, out)
        elif name == "table":
            self._table(el, out)
        elif name == "note":
            ref = self._note_ref(el)
            if ref is None:
                return
            if out and isinstance(out[-1], Para):
                out[-1] = Para(out[-1].inlines + (ref,))
            else:
                out.append(Para((ref,)))
        elif name == "sp":
            speaker = _child(el, "speaker")
            if speaker is not None:
                out.append(Para((Strong(self.inlines(speaker)),)))
            for child in el:
                if _name(child) != "speaker":
                    self._block(child, depth, out)
        elif name == "speaker" or name in _PARA_LIKE and not _has_blocks(el):
            inl = self.inlines(el, lines=name in _LINE_CONTEXT)
            if inl:
                out.append(Para(inl))
        elif name == "l":
            out.append(Verse((self.inlines(el),)))
        elif _has_blocks(el):
            out.extend(self.blocks(el, depth))
        else:
            inl = self.inlines(el)
            if inl:
                out.append(Para(inl))

    def _paragraph(self, el, out: list) -> None:
        parts: list = []
        if el.text:
            parts.append(Text(el.text))
        for child in el:
            name = _name(child)
            if name in _BLOCKISH or name in ("quote", "cit", "q") and _has_blocks(child):
                run = self._finish(parts)
                if run:
                    out.append(Para(run))
                parts = []
                self._block(child, 0, out)
            else:
                parts.extend(self._inline(child, False))
            if child.tail:
                parts.append(Text(child.tail))
        run = self._finish(parts)
        if run:
            out.append(Para(run))

    def _quote(self, el):
        blocks: list = []
        attribution: tuple = ()
        if _name(el) in ("cit", "epigraph"):
            for child in el:
                name = _name(child)
                if name in ("bibl", "author", "ref", "docAuthor"):
                    attribution = self.inlines(child)
                elif name in ("quote", "q"):
                    inner = self._quote(child)
                    if inner:
                        blocks.extend(inner.blocks)
                else:
                    self._block(child, 0, blocks)
        elif _has_blocks(el):
            blocks = self.blocks(el, 0)
        else:
            inl = self.inlines(el)
            blocks = [Para(inl)] if inl else []
        return BlockQuote(tuple(blocks), attribution) if blocks else None

    def _verse(self, el) -> Verse:
        lines: list[tuple] = []
        for child in el:
            name = _name(child)
            if name == "l":
                lines.append(self.inlines(child))
            elif name == "lg":
                if lines and lines[-1]:
                    lines.append(())
                lines.extend(self._verse(child).lines)
            elif name == "head":
                lines.append((Strong(self.inlines(child)),))
        while lines and not lines[-1]:
            lines.pop()
        return Verse(tuple(lines))

    def _list(self, el, out: list) -> None:
        head = _child(el, "head")
        if head is not None:
            out.append(Para((Strong(self.inlines(head)),)))
        rend = ((el.get("type") or "") + " " + (el.get("rend") or "")).lower()
        ordered = any(w in rend for w in ("ordered", "numbered", "decimal", "roman", "alpha"))
        items: list[tuple] = []
        label: tuple = ()
        for child in el:
            name = _name(child)
            if name == "label":
                label = self.inlines(child)
            elif name in ("item", "bibl", "biblStruct"):
                blocks: list = []
                if _has_blocks(child):
                    blocks = self.blocks(child, 0)
                else:
                    inl = self.inlines(child)
                    if inl:
                        blocks = [Para(inl)]
                if label:
                    first = blocks[0] if blocks and isinstance(blocks[0], Para) else Para(())
                    lead = (Strong(label), Text(" ")) if first.inlines else (Strong(label),)
                    blocks = [Para(lead + first.inlines)] + blocks[1 if blocks and first is blocks[0] else 0:]
                    label = ()
                items.append(tuple(blocks))
        if items:
            out.append(ListBlock(ordered, tuple(items)))

    def _figure(self, el, out: list) -> None:
        graphic = next((d for d in el.iter() if _name(d) == "graphic"), None)
        head = _child(el, "head")
        caption = self.inlines(head) if head is not None else ()
        if graphic is None or not graphic.get("url"):
            self.notices.append(Notice("caption", "figure without an image dropped",
                                       plain_text(caption), el.sourceline))
            return
        alt = _flat(_child(el, "figDesc")) or plain_text(caption)
        out.append(Figure(graphic.get("url"), caption, alt))

    def _table(self, el, out: list) -> None:
        self.notices.append(Notice("warning", "table flattened to one paragraph per row",
                                   line=el.sourceline))
        for row in (r for r in el.iter() if _name(r) == "row"):
            cells: list = []
            for cell in (c for c in row if _name(c) == "cell"):
                if cells:
                    cells.append(Text(" | "))
                cells.extend(self.inlines(cell, lines=True))
            run = tidy(cells)
            if run:
                out.append(Para(run))

    # ---- inlines

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

    # ---- notes

    def _note_ref(self, el, placed: bool = False):
        if id(el) in self.placed and not placed:
            return None
        n = (el.get("n") or "").strip()
        if not n:
            self.auto += 1
            n = str(self.auto)
        nid = self.make_id(n, f"c{self.chapter}-")
        slot = len(self.notes)
        self.notes.append(None)
        if _has_blocks(el):
            blocks = self.blocks(el, 0)
        else:
            inl = self.inlines(el)
            blocks = [Para(inl)] if inl else []
        self.notes[slot] = Note(nid, tuple(blocks))
        return NoteRef(nid)

    def _unplaced_notes(self, div) -> None:
        for el in div:
            if _name(el) == "note" and id(el) not in self.placed:
                self.notices.append(Notice("warning", "a note nothing points at was dropped",
                                           _flat(el)[:80], el.sourceline))

    def _entity(self, el) -> None:
        if isinstance(el, etree._Entity):
            self.notices.append(Notice("warning", f"entity {el.text} left unexpanded",
                                       el.text, el.sourceline))

    def finish(self) -> list[Note]:
        return [n for n in self.notes if n is not None]


def _has_blocks(el) -> bool:
    """Whether an element holds block content (paragraphs, verse...) rather than a run."""
    for child in el:
        name = _name(child)
        if name in _BLOCKISH or name in ("l", "head"):
            return True
        if name in ("quote", "cit", "q") and _has_blocks(child):
            return True
    return False


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
