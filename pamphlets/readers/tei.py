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

``read`` parses the file (``_tei_xml``), converts ``front``, ``body`` and ``back`` with
``_Converter``, which is put together from the block (``_tei_blocks``), inline
(``_tei_inlines``) and note (``_tei_notes``) conversions, and reads the header
(``_tei_meta``).
"""

from __future__ import annotations

from ..errors import ReadError
from ..model import normalise_heading_levels, Essay, Note, Notice, ReadResult
from ._inline import note_id_maker
from ._tei_blocks import BlockMixin
from ._tei_inlines import InlineMixin
from ._tei_meta import _meta
from ._tei_notes import NotesMixin
from ._tei_xml import _child, _name, _parse

_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


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


# --------------------------------------------------------------------------- body


class _Converter(BlockMixin, InlineMixin, NotesMixin):
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
