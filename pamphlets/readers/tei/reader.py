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

``read`` parses the file (``xml``; a document nested more than ``MAX_DEPTH`` elements deep
is flattened below that depth, with a warning), makes one ``TeiState`` for the document (``state``),
converts the ``<text>`` with the rules of ``text``, ``blocks``, ``inlines`` and ``notes``,
each a plain function of that state, and reads the header (``meta``).
"""

from __future__ import annotations

from ...errors import ReadError
from ...model import normalise_heading_levels, Essay, Heading, Notice, ReadResult, Text
from .meta import essay_meta, main_title
from .notes import finished_notes, leftover_notes
from .state import drop_notices, new_state
from .text import text_blocks
from .xml import MAX_DEPTH, first_child, flatten_deep, local_name, parse


def read(text: str, *, path: str = "", keep_all: bool = False) -> ReadResult:
    """A TEI document as an essay, with notices of what was left out and why."""
    root = parse(text, path)
    notices: list[Notice] = []
    flattened = flatten_deep(root)
    if flattened:
        notices.append(Notice("warning", f"nested more than {MAX_DEPTH} elements deep; "
                              f"{flattened:,} elements below that depth flattened into "
                              "paragraphs (text kept, its markup not)", path))
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
    state = new_state(tei, notices, keep_all)
    blocks: list = []
    if len(documents) == 1:
        blocks = text_blocks(state, texts[0], 0)
    else:
        notices.append(Notice("info", f"a TEI corpus of {len(documents)} documents; each "
                              "document's title is a heading"))
        for doc, text_el in zip(documents, texts):
            if text_el is None:
                continue
            title = main_title(first_child(doc, "teiHeader"))
            if title:
                blocks.append(Heading(1, (Text(title),)))
            state.base, state.chapter = 1, state.chapter + 1
            blocks.extend(text_blocks(state, text_el, 1))
        state.base = 0
    leftover_notes(state)
    blocks = list(normalise_heading_levels(blocks))
    first_text = next(t for t in texts if t is not None)
    meta = essay_meta(first_child(tei, "teiHeader"), tei, first_text, path, state.front_meta)
    notes = finished_notes(state)
    notices.extend(drop_notices(state))
    essay = Essay(meta=meta, blocks=tuple(blocks), notes=tuple(notes), origin=path)
    return ReadResult(essay, tuple(notices))
