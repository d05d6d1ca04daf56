"""The PDF: parts rendered by WeasyPrint (in parallel, cached), then joined with pikepdf.

An essay's layout depends only on the side of the page it opens on, so each part (front
matter, essays and their chapters, book notes, colophon) is rendered as its own document,
without folios, as if it opened on a right-hand page. The joiner then

1. lays the parts end to end: with ``--openings right`` it adds a blank page wherever a
   part would open on a left-hand page (as ``break-before: right`` does in the single
   document); with ``--openings any`` a part that lands on a left-hand page is rendered
   again as a document opening on the left (mirrored margins, the same length);
2. renders the front matter again with the contents' real page numbers;
3. prints running heads and page numbers over every page from empty sheets
   (``BookHTML.sheets``), so folios come from the same CSS as in the single-document
   render: one stamp sheet per kind of folio page, its number redrawn for each page
   (``folios.py``), or, for folios the stamps cannot redraw, an overlay sheet per page;
4. rebuilds the named destinations, turns cross-part links back into internal links,
   builds the bookmarks and sets the metadata (``pdfjoin.py``).

The parts are rendered by ``render.py`` (jobs, cache, worker processes).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pikepdf

from ...context import BuildContext
from ...errors import BuildError
from ...model import Booklet, Notice
from .. import PrintPages, Report, Runtime
from ..anchors import FRONT_PART, essay_key
from .folios import NO_FOLIO, PROBES, FolioStamps, StampKey, stamp_sheets
from .html import BookHTML, Part
from .join import join
from .render import PartCache, Rendered, Renderer, RenderJob

#: sheets per folio overlay document (even, so each starts on a right-hand page)
OVERLAY_PAGES = 64
PLACEHOLDER_PAGE = 888  # as wide as a real page number while the front matter is measured


@dataclass
class PdfReport(Report):
    parts_rendered: int = 0
    parts_cached: int = 0
    #: how the folios were drawn: "stamps" (redrawn numbers) or "overlay" (every page)
    folios: str = ""


# ---------------------------------------------------------------------- page plan


@dataclass
class Slot:
    """One page of the finished book: which part it comes from (or blank)."""

    part: str | None
    index: int
    kind: str
    #: the running heads this page sets (recto, verso), where a part, chapter or notes
    #: section opens on it (None for one it leaves as it was)
    running_head: tuple[str | None, str | None] | None = None


#: the parts that open as ``--openings`` says (the back cover always faces left)
OPENING_KINDS = ("essay", "chunk", "notes")


def plan_pages(parts: list[Part], counts: dict[str, int], right: bool = True,
               marks: dict[str, dict[int, str]] | None = None
               ) -> tuple[list[Slot], dict[str, int]]:
    """Lay parts end to end; with ``right`` (``--openings right``) essays, chapters and
    book notes start on odd (right-hand) pages, after a blank page if need be."""
    slots: list[Slot] = []
    starts: dict[str, int] = {}
    for part in parts:
        if right and part.kind in OPENING_KINDS and len(slots) % 2 == 1:
            slots.append(Slot(None, 0, "blank"))
        if part.kind == "back" and len(slots) % 2 == 0:
            slots.append(Slot(None, 0, "blank"))  # the back cover faces left
        starts[part.name] = len(slots) + 1
        for i in range(counts[part.name]):
            if part.kind == "front":
                kind = "front"
            elif part.kind == "essay":
                kind = "opening" if i == 0 else "body"
            elif part.kind == "chunk":
                kind = "opening" if i == 0 else "body"
            else:
                kind = part.kind
            opens = kind == "opening" or (kind == "notes" and i == 0)
            head = (part.running_head, part.verso_head) if opens else None
            mark = (marks or {}).get(part.name, {}).get(i)
            if mark is not None:  # a heading inside the page names the recto's head
                head = (mark, head[1] if head else None)
            slots.append(Slot(part.name, i, kind, head))
    return slots, starts


def carried_heads(slots: list[Slot]) -> list[tuple[str, str]]:
    """The running heads in effect as each page begins: the last ones set before it."""
    heads = []
    head = ("", "")
    for s in slots:
        heads.append(head)
        if s.running_head:
            head = tuple(new if new is not None else old
                         for new, old in zip(s.running_head, head))
    return heads


#: each overlay document but the first opens with two blank sheets (a right and a left
#: one, so sides stay as they are); the second sets the running head in effect there
LEAD_SHEETS = 2


def _lead(k: int) -> int:
    """Blank sheets before the first book page of overlay document ``k``."""
    return LEAD_SHEETS if k else 0


def overlay_documents(book_html: BookHTML, slots: list[Slot], size: int = 0) -> list[str]:
    """The folio overlay in documents of ``size`` sheets (``OVERLAY_PAGES``) after their
    ``LEAD_SHEETS``, rendered in parallel. A sheet sets the running head where its page
    does in the single document (an essay's or the notes' opening), so ``first-except``
    and the rest of the look's ``@page`` rules work as they do there."""
    size = size or OVERLAY_PAGES
    carried = carried_heads(slots)
    docs = []
    for k, start in enumerate(range(0, len(slots), size)):
        sheets = [{"kind": "blank", "rh": None},
                  {"kind": "blank", "rh": carried[start]}] if _lead(k) else []
        sheets += [{"kind": s.kind, "rh": s.running_head}
                   for s in slots[start:start + size]]
        docs.append(book_html.sheets(sheets, first_page=start + 1 - _lead(k)))
    return docs


def slot_stamps(slots: list[Slot]) -> list[StampKey | None]:
    """What each page's folio shows apart from its number (``None``: no folio)."""
    return [None if s.kind in NO_FOLIO else
            StampKey(s.kind, n % 2 == 0, s.running_head, head)
            for n, (s, head) in enumerate(zip(slots, carried_heads(slots)))]


def printed_folios(slots: list[Slot]) -> list[str | None]:
    """The folio printed on each page (``None``: none printed), as ``slot_stamps`` draws
    them: the page's number in the book."""
    return [None if s.kind in NO_FOLIO else str(n + 1) for n, s in enumerate(slots)]


def print_pages(slots: list[Slot], anchor_pages: dict[str, int], booklet: Booklet,
                context: BuildContext) -> PrintPages:
    """The printed page of every anchor, for the EPUB's page list (``PrintPages``)."""
    folios = printed_folios(slots)
    edition = (f"{booklet.meta.title}, print edition ({context.page.name.upper()} PDF "
               f"made by pamphlets, {len(slots)} pages)")
    return PrintPages({name: folios[n] for name, n in anchor_pages.items() if folios[n]},
                      tuple(f for f in folios if f), edition)


#: CSS that prints the page count: stamps rendered apart from the book would get it wrong
_PAGE_COUNT = re.compile(r"counters?\(\s*pages\b")


class _Folios:
    """Each page's folio as a form XObject: from stamps, or from the full overlay."""

    def __init__(self, stamps: FolioStamps | None = None, keys: list | None = None,
                 overlays: list[Rendered] | None = None, size: int = 0):
        self.stamps = stamps
        self.keys = keys or []
        self.overlays = [pikepdf.open(io.BytesIO(f.pdf)) for f in overlays or []]
        self.size = size or OVERLAY_PAGES  # sheets in each overlay document

    def form(self, out: pikepdf.Pdf, n: int) -> pikepdf.Object:
        if self.stamps is not None:
            return self.stamps.form(out, self.keys[n], n + 1)
        k = n // self.size
        sheet = self.overlays[k].pages[_lead(k) + n % self.size]
        return out.copy_foreign(sheet.as_form_xobject())

    def close(self) -> None:
        if self.stamps is not None:
            self.stamps.close()
        for overlay in self.overlays:
            overlay.close()


def starting_left(part: Part) -> Part:
    """``part`` rendered as a document whose first page is a left-hand page: the root's
    break-before decides the side of a document's first page."""
    return replace(part, css=part.css + "\nhtml { break-before: left; }\n")


def dest_pages(pdf: bytes) -> dict[str, int]:
    """Each named destination of a rendered part: the index of its page."""
    found: dict[str, int] = {}
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        index_of = {page.objgen: i for i, page in enumerate(doc.pages)}
        names = doc.Root.get("/Names")
        if names is None or "/Dests" not in names:
            return found
        for name, dest in pikepdf.NameTree(names.Dests).items():
            try:
                found[name] = index_of[dest[0].objgen]
            except (AttributeError, IndexError, KeyError, TypeError):
                continue
    return found


def recto_marks(parts: list[Part], done: dict[str, Rendered],
                anchors: "PartAnchors") -> dict[str, dict[int, str]]:
    """Where, inside each part, a heading names the recto's running head: page index ->
    the last such heading's text on that page."""
    marks: dict[str, dict[int, str]] = {}
    for part in parts:
        if part.recto_marks and part.name in done:
            where = anchors(part.name, done[part.name])
            for anchor, text in part.recto_marks:
                if anchor in where:
                    marks.setdefault(part.name, {})[where[anchor]] = text
    return marks


class PartAnchors:
    """Where each part's anchors land in its own render (read once per render)."""

    def __init__(self) -> None:
        self._read: dict[str, tuple[Rendered, dict[str, int]]] = {}

    def __call__(self, name: str, rendered: Rendered) -> dict[str, int]:
        known = self._read.get(name)
        if known is None or known[0] is not rendered:
            known = self._read[name] = (rendered, dest_pages(rendered.pdf))
        return known[1]


def toc_pages(book_html: BookHTML, parts: list[Part], starts: dict[str, int],
              done: dict[str, Rendered], anchors: PartAnchors) -> dict[str, int]:
    """The page of every entry of the contents, from where each part starts and where
    its anchors land in its own render."""
    wanted = set(book_html.toc_targets())
    pages: dict[str, int] = {}
    for part in parts:
        if part.kind == "front" or part.name not in done:
            continue
        for name, index in anchors(part.name, done[part.name]).items():
            if name in wanted and name not in pages:
                pages[name] = starts[part.name] + index
    return pages


# ---------------------------------------------------------------------- the writer


def _essay_dirs(booklet: Booklet) -> dict[str, str]:
    """Each essay's own folder, by essay key (essays read from the web have none)."""
    return {essay_key(i): str(Path(essay.origin).resolve().parent)
            for i, essay in enumerate(booklet.essays) if essay.origin}


def _part_dirs(part: Part, folders: dict[str, str]) -> tuple[str, ...]:
    """The folders whose images a part may use: an essay's (or chapter's) own folder;
    every essay's for the notes gathered at the back; none for the other parts."""
    if part.kind in ("essay", "chunk"):
        folder = folders.get(part.parent or part.name)
        return (folder,) if folder else ()
    if part.kind == "notes":
        return tuple(dict.fromkeys(folders.values()))
    return ()


def _cover_file(booklet: Booklet) -> tuple[str, ...]:
    """The cover image, allowed as that one file: its folder stays closed."""
    cover = booklet.meta.cover_image
    return (str(Path(cover).resolve()),) if cover and Path(cover).is_file() else ()


def write(booklet: Booklet, out_path: Path, context: BuildContext,
          runtime: Runtime = Runtime()) -> PdfReport:
    """Render ``booklet`` to ``out_path`` through parts; returns what happened."""
    book_html = BookHTML(booklet, context)
    report = PdfReport()
    folders = _essay_dirs(booklet)
    # relative URLs (only the user's CSS has any) resolve against the first essay's folder
    base = next(iter(folders.values()), "")
    roots = tuple(str(d) for d in context.style_dirs)
    cover = _cover_file(booklet)

    def job(part: Part) -> RenderJob:
        return RenderJob(part.name, part.html, _part_dirs(part, folders), roots,
                         context.allow_remote, book_html.font_css, part.css,
                         files=cover, base=base)

    def folio_job(name: str, html: str) -> RenderJob:
        return RenderJob(name, html, (), roots, False, book_html.font_css, base=base,
                         inline_css=True)

    placeholder = {name: PLACEHOLDER_PAGE for name in book_html.toc_targets()}
    parts: list[Part] = []

    def part_jobs() -> Iterator[RenderJob]:  # made while the first ones render
        for part in book_html.iter_parts(placeholder):
            parts.append(part)
            yield job(part)

    cache = PartCache(context.cache_dir)
    # a style that prints the page count needs every folio from one overlay document
    counts_pages = bool(_PAGE_COUNT.search(book_html.css_folios))
    with Renderer(context.jobs, cache, runtime.progress, runtime.pool) as renderer:
        done = renderer.run(part_jobs())
        counts = {name: r.pages for name, r in done.items()}
        # Every part is first rendered as if it opened on a right-hand page. The contents
        # take real page numbers, rendered beside the folio stamps; with --openings any,
        # a part that lands on a left-hand page is rendered again starting on the left
        # (its margins mirror). Should that change a part's length, the plan shifts and
        # all of it is redone.
        left: set[str] = set()  # parts rendered starting on a left-hand page
        by_name = {p.name: p for p in parts}
        anchors = PartAnchors()
        for _attempt in range(4):
            slots, starts = plan_pages(parts, counts, context.openings_right,
                                       recto_marks(parts, done, anchors))
            front = book_html.front_part(toc_pages(book_html, parts, starts, done, anchors))
            keys = slot_stamps(slots)
            kinds = list(dict.fromkeys(k for k in keys if k is not None))
            sheets, where = stamp_sheets(kinds)
            stamp_jobs = [folio_job(f"stamps-{i}", book_html.sheets(sheets, first_page=probe))
                          for i, probe in enumerate(PROBES)] if kinds and not counts_pages \
                else []
            want = {p.name for p in parts
                    if p.kind in OPENING_KINDS and starts[p.name] % 2 == 0}
            flipped = [by_name[name] for name in sorted(want ^ left)]
            side_jobs = [job(starting_left(p) if p.name in want else p) for p in flipped]
            second = renderer.run([job(front)] + side_jobs + stamp_jobs)
            left = want
            # a part rendered again on its other side may place its headings on other
            # pages (same count or not): the contents and the recto heads, taken from its
            # first render, are made again from the new one
            changed = bool(flipped)
            for name in [FRONT_PART] + [p.name for p in flipped]:
                done[name] = second[name]
                changed |= done[name].pages != counts[name]
                counts[name] = done[name].pages
            if not changed:
                break
        else:
            raise BuildError("the contents do not settle: with real page numbers the front "
                             "matter changes length every time",
                             hint="report this book; --format html gives the single document")
        stamps = FolioStamps.read(tuple(second[j.name].pdf for j in stamp_jobs), kinds,
                                  where) if stamp_jobs else None
        if stamps is not None or not kinds:
            folios = _Folios(stamps, keys)
        else:  # the stamps cannot be redrawn: print every page's folio from an overlay
            size = len(slots) if counts_pages else OVERLAY_PAGES
            overlay_jobs = [folio_job(f"folios-{k}", html) for k, html in
                            enumerate(overlay_documents(book_html, slots, size))]
            third = renderer.run(overlay_jobs)
            overlays = [third[j.name] for j in overlay_jobs]
            if sum(f.pages - _lead(k) for k, f in enumerate(overlays)) != len(slots):
                raise RuntimeError(f"the folio overlay does not have {len(slots)} pages")
            folios = _Folios(overlays=overlays, size=size)
    report.folios = "stamps" if stamps is not None else "overlay"

    titles = {p.name: p.title or p.name for p in parts}
    for name, r in done.items():
        report.warnings.extend(w for w in r.warnings if w not in report.warnings)
        for reason, text in r.refused:
            notice = Notice("warning", reason, f"{titles.get(name, name)}: {text}")
            if notice not in report.notices:
                report.notices.append(notice)
        if r.cached:
            report.parts_cached += 1
        else:
            report.parts_rendered += 1

    parts_by_name = {p.name: p for p in parts}
    parts_by_name[FRONT_PART] = front
    try:
        anchor_pages = join(booklet, [parts_by_name[p.name] for p in parts], done, folios,
                            slots, out_path, context.epoch)
    finally:
        folios.close()
    report.print_pages = print_pages(slots, anchor_pages, booklet, context)
    report.pages = len(slots)
    report.start_pages = starts
    report.notices.extend(n for n in book_html.notices if n not in report.notices)
    return report
