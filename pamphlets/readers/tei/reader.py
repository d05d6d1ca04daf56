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
* Text: ``front`` (its title page gives the metadata the header lacks and is dropped with
  a counted notice; a preface or dedication is kept), ``body`` and ``back`` (a division of
  notes keeps the notes no mark points at, reported; appendices kept); a ``<text>`` holding
  divisions with no ``body``; a ``group`` of texts (and a ``teiCorpus`` of documents), each
  text's heading made a heading over its divisions.
  ``div``/``div1``..``div7`` nesting gives heading levels for ``head``; ``p``/``ab`` are
  paragraphs (split where they hold verse, lists, quotations, tables or figures);
  ``quote``/``cit``/``epigraph`` are quotations (a ``bibl`` is the attribution);
  ``lg``/``l`` verse (nested ``lg`` are stanzas); ``list``/``item`` (``label`` kept);
  ``figure`` with ``graphic``; ``sp``/``speaker``; ``opener``/``closer`` and friends;
  tables are flattened to one paragraph per row.
* Notes: ``note`` anywhere inline (any ``place``) becomes a ``NoteRef`` plus a ``Note``
  whose id is the source's ``n`` (made unique as ``c<div>-<n>`` when numbering restarts);
  notes kept elsewhere and pointed at by ``ref``/``ptr target="#id"`` (P4: ``id`` and a
  bare target), or pointing at an ``anchor`` with ``target``, are attached at the pointer;
  notes in the back matter that nothing points at are matched to a superscript number (or
  a bare ``ref``) with their ``n``; a note without a mark is kept and reported, a reference
  to an id nothing has is reported.
* Inline: ``hi rend`` (italic, bold, smallcaps, sup, sub, underline; several at once),
  ``emph``/``foreign``/``title``/``term``/``mentioned`` as emphasis, ``q``/``said``/
  ``soCalled``/inline ``quote`` in quotation marks, ``ref``/``ptr`` links, ``code``,
  ``choice`` (``corr`` over ``sic``, ``reg`` over ``orig``, ``expan`` over ``abbr``).
  ``pb``, ``cb``, ``milestone`` vanish without adding or losing a space; with
  ``break="no"`` the words on both sides are joined (a hyphen before it removed); ``lb``
  is a space in prose and a line break in headings, openers, closers and addresses.
  ``fw``, ``figDesc`` (used as alt text only), ``del``, ``interp``, ``index`` and
  ``gap`` (shown as ``[…]``) are left out; every word left out (running heads, deleted
  text, the readings ``choice`` did not take, title pages) is counted in a ``dropped``
  notice by reason.

``read`` parses the file (``xml``), converts the ``<text>`` with ``_Converter``, which
is put together from the text-part (``text``), block (``blocks``), inline
(``inlines``) and note (``notes``) conversions, and reads the header
(``meta``).
"""

from __future__ import annotations

from ...errors import ReadError
from ...model import normalise_heading_levels, Essay, Heading, Note, Notice, ReadResult, Text
from .._inline import note_id_maker
from .blocks import BlockMixin
from .inlines import InlineMixin
from .meta import _meta, main_title
from .notes import NotesMixin
from .text import TextMixin
from .xml import first_child, flat, is_notes_div, local_name, parse, xml_id


def read(text: str, *, path: str = "", keep_all: bool = False) -> ReadResult:
    root = parse(text, path)
    notices: list[Notice] = []
    name = local_name(root)
    if name in ("TEI", "TEI.2"):
        tei, documents = root, [root]
    elif name == "teiCorpus" or name == "teiCorpus.2":
        tei = root
        documents = [el for el in root.iter() if local_name(el) in ("TEI", "TEI.2")]
    else:
        tei = next((el for el in root.iter() if local_name(el) in ("TEI", "TEI.2")), None)
        if tei is None:
            raise ReadError(f"the root element is <{name}>, not <TEI>", path=path,
                            hint="give a TEI document, or name the right format")
        documents = [tei]
    texts = [first_child(doc, "text") for doc in documents]
    if not any(t is not None for t in texts):
        raise ReadError("the TEI document has no <text>", path=path)
    conv = _Converter(tei, notices, keep_all)
    blocks: list = []
    if len(documents) == 1:
        blocks = conv.text_blocks(texts[0], 0)
    else:
        notices.append(Notice("info", f"a TEI corpus of {len(documents)} documents; each "
                              "document's title is a heading"))
        for doc, text_el in zip(documents, texts):
            if text_el is None:
                continue
            title = main_title(first_child(doc, "teiHeader"))
            if title:
                blocks.append(Heading(1, (Text(title),)))
            conv.base, conv.chapter = 1, conv.chapter + 1
            blocks.extend(conv.text_blocks(text_el, 1))
        conv.base = 0
    conv.leftover_notes()
    blocks = list(normalise_heading_levels(blocks))
    first_text = next(t for t in texts if t is not None)
    meta = _meta(first_child(tei, "teiHeader"), tei, first_text, path, conv.front_meta)
    notes = conv.finish()
    notices.extend(conv.drop_notices())
    essay = Essay(meta=meta, blocks=tuple(blocks), notes=tuple(notes), origin=path)
    return ReadResult(essay, tuple(notices))


# --------------------------------------------------------------------------- body


class _Converter(TextMixin, BlockMixin, InlineMixin, NotesMixin):
    """Elements to blocks and inlines; notes are collected as they are met."""

    def __init__(self, tei, notices: list[Notice], keep_all: bool):
        self.notices, self.keep_all = notices, keep_all
        self.notes: list[Note | None] = []
        self.make_id = note_id_maker()
        self.auto = 0
        self.chapter = 0
        self.base = 0  # the heading level a grouped text's divisions count from
        self.front_meta: dict = {}
        self.drops: dict[str, list] = {}
        self.done: set = set()  # notes already turned into a NoteRef (kept alive: lxml proxies)
        # a text that marks its broken words with "¬" keeps a hyphen at a line's end
        self.broken_marked = any("\u00ac" in (el.text or "") + (el.tail or "")
                                 for el in tei.iter() if isinstance(el.tag, str))
        self.ids = {xml_id(el) for el in tei.iter() if isinstance(el.tag, str)} - {""}
        targets: set[str] = set()
        for el in tei.iter():
            if local_name(el) in ("ref", "ptr"):
                for t in (el.get("target") or "").split():
                    targets.add(t[1:] if t.startswith("#") else t)
        self.linked: dict[str, object] = {}  # id of a note pointed at -> the note
        self.anchored: dict[str, object] = {}  # anchor id -> the note pointing at it
        for el in tei.iter():
            if local_name(el) != "note":
                continue
            if xml_id(el) in targets:
                self.linked[xml_id(el)] = el
            target = (el.get("target") or "").split()
            if target and target[0].startswith("#") and target[0][1:] in self.ids:
                self.anchored[target[0][1:]] = el
        self.placed = {id(el) for el in list(self.linked.values()) + list(self.anchored.values())}
        # notes in a division of notes that nothing points at, by number, for marks that
        # carry only the number (a superscript "3" in the text, "3" in the notes)
        self.by_n: dict[str, list] = {}
        for div in tei.iter():
            if local_name(div) in ("div", "div1", "div2", "div3", "listNote") and is_notes_div(div):
                for el in div:
                    n = (el.get("n") or "").strip().strip("()[]")
                    if local_name(el) == "note" and n and id(el) not in self.placed:
                        self.by_n.setdefault(n, []).append(el)

    def leftover_notes(self) -> None:
        """Notes pointed at by a mark that never came (a pointer inside something left
        out): kept after the others, and reported."""
        for el in list(self.linked.values()) + list(self.anchored.values()):
            if el not in self.done:
                self._orphan(el)
