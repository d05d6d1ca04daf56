"""Joining the rendered parts into the book with pikepdf.

``join`` lays the parts' pages out as the page plan says (blank pages included), draws
each page's folio over it (a form XObject under a fixed name, so that the same book
always gives the same bytes), then rebuilds what crossing documents broke: named
destinations, links between parts, the bookmarks, and the document's metadata.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import pikepdf

from ... import __version__
from ...atomic import save_pdf
from ...model import Booklet
from .folios import NO_FOLIO
from .html import XREF, Part
from .render import Rendered

if TYPE_CHECKING:
    from . import Slot, _Folios


FOLIO_NAME = "/PamphletsFolio"


def join(booklet: Booklet, parts: list[Part], done: dict[str, Rendered], folios: _Folios,
         slots: list[Slot], out_path: Path, build_epoch: int) -> dict[str, int]:
    """Write the book to ``out_path``; returns the page (from 0) of each named anchor."""
    first = pikepdf.open(io.BytesIO(done[parts[0].name].pdf))
    box = [float(x) for x in first.pages[0].mediabox]
    blank_size = (box[2] - box[0], box[3] - box[1])  # bleed included, if any
    first.close()
    out = pikepdf.new()
    sources = {p.name: pikepdf.open(io.BytesIO(done[p.name].pdf)) for p in parts}
    dests: dict[str, pikepdf.Array] = {}
    outline_entries: list[tuple[str, int, list]] = []
    position: dict[tuple[str, int], int] = {}

    for n, slot in enumerate(slots):
        if slot.part is None:
            out.add_blank_page(page_size=blank_size)
        else:
            out.pages.append(sources[slot.part].pages[slot.index])
            position[(slot.part, slot.index)] = n
        if slot.kind not in NO_FOLIO:
            _stamp(out, out.pages[n], folios.form(out, n))

    for part in parts:
        src = sources[part.name]
        index_of = {page.objgen: i for i, page in enumerate(src.pages)}
        _collect_dests(src, part.name, index_of, position, out, dests)
        entries = _collect_outline(src, part.name, index_of, position)
        if part.parent and outline_entries:
            outline_entries[-1][2].extend(entries)  # a chapter joins its essay's bookmark
        else:
            outline_entries.extend(entries)

    index = {page.objgen: n for n, page in enumerate(out.pages)}
    anchor_pages = {name: index[dest[0].objgen] for name, dest in dests.items()}
    _set_dests(out, dests)
    _fix_xref_links(out, dests)
    _write_outline(out, outline_entries)
    _set_metadata(out, booklet, build_epoch)
    save_pdf(out, out_path, deterministic_id=True, compress_streams=True,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for src in sources.values():
        src.close()
    return anchor_pages


def _stamp(out: pikepdf.Pdf, page: pikepdf.Page, form: pikepdf.Object) -> None:
    """Draw ``form`` (a page of the same size) over ``page`` under a fixed name, so that
    the same book always gives the same bytes (pikepdf's add_overlay picks random names)."""
    # WeasyPrint shares one resource dictionary between pages: give each page its own
    # (shallow) copy before naming its folio in it.
    shared = page.obj.get("/Resources", pikepdf.Dictionary())
    resources = pikepdf.Dictionary({key: value for key, value in shared.items()})
    xobjects = pikepdf.Dictionary({key: value for key, value in
                                   shared.get("/XObject", pikepdf.Dictionary()).items()})
    xobjects[FOLIO_NAME] = form
    resources.XObject = xobjects
    page.obj.Resources = resources
    page.contents_add(out.make_stream(b"q\n"), prepend=True)
    page.contents_add(out.make_stream(f"\nQ q {FOLIO_NAME} Do Q\n".encode()), prepend=False)


def _page_of(dest, index_of, part, position) -> int | None:
    try:
        objgen = dest[0].objgen
    except (AttributeError, IndexError, TypeError):
        return None
    i = index_of.get(objgen)
    return None if i is None else position.get((part, i))


def _collect_dests(src, part, index_of, position, out, dests) -> None:
    names = src.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return
    for name, dest in pikepdf.NameTree(names.Dests).items():
        page = _page_of(dest, index_of, part, position)
        if page is None or name in dests:
            continue
        dests[name] = pikepdf.Array([out.pages[page].obj, pikepdf.Name.XYZ,
                                     dest[2], dest[3], 0])


def _collect_outline(src, part, index_of, position) -> list:
    entries = []
    with src.open_outline() as outline:
        for item in outline.root:
            entries.append(_outline_entry(item, src, part, index_of, position))
    return [e for e in entries if e is not None]


def _outline_entry(item, src, part, index_of, position):
    dest = item.destination
    if dest is None and item.action is not None:
        dest = item.action.get("/D")
    page = _page_of(dest, index_of, part, position) if dest is not None else None
    if page is None:
        return None
    children = [_outline_entry(c, src, part, index_of, position) for c in item.children]
    return (item.title, page, [c for c in children if c is not None])


def _set_dests(out, dests) -> None:
    if not dests:
        return
    tree = pikepdf.NameTree.new(out)
    for name in sorted(dests):
        tree[name] = dests[name]
    out.Root.Names = pikepdf.Dictionary(Dests=tree.obj)


def _fix_xref_links(out, dests) -> None:
    for page in out.pages:
        for annot in page.obj.get("/Annots", []):
            action = annot.get("/A")
            if action is None or action.get("/S") != pikepdf.Name.URI:
                continue
            uri = str(action.get("/URI", ""))
            if not uri.startswith(XREF):
                continue
            target = uri[len(XREF):]
            del annot["/A"]
            if target in dests:
                annot.Dest = pikepdf.String(target)


def _write_outline(out, entries) -> None:
    def make(entry):
        title, page, children = entry
        item = pikepdf.OutlineItem(title, page)
        item.children.extend(make(c) for c in children)
        return item

    with out.open_outline() as outline:
        outline.root.extend(make(e) for e in entries)


def _pdf_date(epoch: int) -> str:
    """The build's time (the build context's ``epoch``, never the clock) as a PDF date."""
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("D:%Y%m%d%H%M%SZ")


def _set_metadata(out, booklet: Booklet, epoch: int) -> None:
    meta = booklet.meta
    authors = [meta.editor] if meta.editor else []
    for essay in booklet.essays:
        authors.extend(a for a in essay.meta.authors if a not in authors)
    info = out.docinfo
    info.Title = pikepdf.String(meta.title)
    if authors:
        info.Author = pikepdf.String(", ".join(authors))
    if meta.description:
        info.Subject = pikepdf.String(meta.description)
    info.Creator = pikepdf.String(f"pamphlets {__version__}")
    info.Producer = pikepdf.String(f"pamphlets {__version__} (WeasyPrint, pikepdf)")
    stamp = _pdf_date(epoch)
    info.CreationDate = pikepdf.String(stamp)
    info.ModDate = pikepdf.String(stamp)
    out.Root.Lang = pikepdf.String(meta.lang)
    out.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
