"""The PDF: parts rendered by WeasyPrint (in parallel, cached), then joined with pikepdf.

Every essay starts on a right-hand page, so an essay's layout does not depend on where it
lands in the book: each part (front matter, essays, book notes, colophon) is rendered as
its own document, without folios. The joiner then

1. lays the parts end to end, adding a blank page wherever an essay would start on a
   left-hand page (as ``break-before: right`` does in the single document);
2. renders the front matter again with the contents' real page numbers;
3. prints running heads and page numbers over every page from empty sheets
   (``BookHTML.sheets``), so folios come from the same CSS as in the single-document
   render: one stamp sheet per kind of folio page, its number redrawn for each page
   (``folios.py``), or, for folios the stamps cannot redraw, an overlay sheet per page;
4. rebuilds the named destinations, turns cross-part links back into internal links,
   builds the bookmarks and sets the metadata.
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import pikepdf

from .. import __version__
from ..model import Booklet, Notice
from .folios import PROBES, FolioStamps, StampKey, stamp_sheets
from .html import XREF, BookHTML, Part
from .workers import WorkerPool

#: sheets per folio overlay document (even, so each starts on a right-hand page)
OVERLAY_PAGES = 64
PLACEHOLDER_PAGE = 888
FOLIO_NAME = "/PamphletsFolio"  # as wide as a real page number while the front matter is measured


#: told after each rendered part: (parts done, parts in this round, pages so far, part name)
Progress = Callable[[int, int, int, str], None]


@dataclass(frozen=True)
class RenderJob:
    """What a worker needs to render one part: picklable, and its own cache key."""

    name: str
    html: str
    essay_dirs: tuple[str, ...]
    extra_roots: tuple[str, ...]
    allow_remote: bool
    #: @font-face rules kept out of ``html``: loaded once per worker, not per part
    fonts: str = ""
    #: the part's style sheet, kept out of ``html``: parsed once per worker, not per part
    css: str = ""

    def key(self) -> str:
        h = hashlib.sha256()
        for piece in (__version__, self.html, self.fonts, self.css, *self.essay_dirs, "|",
                      *self.extra_roots, str(self.allow_remote), _weasyprint_version()):
            h.update(piece.encode("utf-8", "surrogatepass"))
            h.update(b"\0")
        return h.hexdigest()[:32]


@dataclass(frozen=True)
class Rendered:
    name: str
    pdf: bytes
    pages: int
    warnings: tuple[str, ...] = ()
    refused: tuple[tuple[str, str], ...] = ()
    cached: bool = False


@dataclass
class PdfReport:
    pages: int = 0
    start_pages: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    parts_rendered: int = 0
    parts_cached: int = 0
    #: how the folios were drawn: "stamps" (redrawn numbers) or "overlay" (every page)
    folios: str = ""


def _weasyprint_version() -> str:
    """WeasyPrint's version, read from its package metadata: the parent process never
    imports WeasyPrint itself when it has workers (they do, while it reads the essays)."""
    global _WEASYPRINT_VERSION
    if _WEASYPRINT_VERSION is None:
        from importlib.metadata import version

        _WEASYPRINT_VERSION = version("weasyprint")
    return _WEASYPRINT_VERSION


_WEASYPRINT_VERSION: str | None = None


#: per process: @font-face text -> (FontConfiguration, CSS), so fonts load once a worker
_FONT_SETS: dict[str, tuple] = {}


def _font_set(fonts: str, fetcher) -> tuple:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    if fonts not in _FONT_SETS:
        config = FontConfiguration()
        _FONT_SETS[fonts] = (config, CSS(string=fonts, font_config=config, url_fetcher=fetcher))
    return _FONT_SETS[fonts]


#: per process: a part's style sheet, parsed, with the @counter-style rules it defines
_STYLESHEETS: dict[tuple, tuple] = {}


def _stylesheet(job: RenderJob, base_url: str | None, fetcher, config) -> tuple:
    """``(CSS, CounterStyle)`` for ``job.css``, parsed once per worker. Parts pass their
    style sheet to WeasyPrint rather than inline: they have no other style rules (the
    markup carries no style attributes), so the cascade is the same."""
    from weasyprint import CSS
    from weasyprint.css.counters import CounterStyle

    key = (job.css, base_url, job.essay_dirs, job.extra_roots, job.allow_remote, id(config))
    if key not in _STYLESHEETS:
        counters = CounterStyle()
        _STYLESHEETS[key] = (CSS(string=job.css, base_url=base_url, url_fetcher=fetcher,
                                 font_config=config, counter_style=counters), counters)
    return _STYLESHEETS[key]


def _warm_worker(fonts: str) -> None:
    """Run once in each new worker: import WeasyPrint and load the book face, so that the
    first part it is given starts rendering at once. Ctrl-C here ends the warm-up
    quietly: the parent is the one that reports the interruption."""
    try:
        import weasyprint  # noqa: F401

        from .fetcher import SafeFetcher

        if fonts:
            _font_set(fonts, SafeFetcher())
    except KeyboardInterrupt:
        pass
    # Everything loaded so far lives as long as the worker: out of the collector's sight,
    # full collections stay short and the forked workers keep sharing those pages
    # (measured: about 5 % less CPU for a 250-page book). Layout allocates millions of
    # small objects, few of them in cycles: collecting less often saves another 2-3 %.
    gc.freeze()
    gc.set_threshold(20000, 20, 20)


def render_pool(jobs: int, fonts: str = "") -> WorkerPool:
    """The worker processes of a PDF build, started before the essays are read: they
    import WeasyPrint and load the fonts (``BookHTML.font_css``) while the parent reads and
    transforms the essays; the parent itself then never imports WeasyPrint."""
    return WorkerPool(jobs, render_job, _warm_worker, (fonts,))


def render_job(job: RenderJob) -> Rendered:
    """Render one part to PDF bytes (runs in a worker process)."""
    from weasyprint import HTML

    from .fetcher import SafeFetcher, collect_weasyprint_warnings

    fetcher = SafeFetcher(essay_dirs=job.essay_dirs, extra_roots=job.extra_roots,
                          allow_remote=job.allow_remote)
    base_url = job.essay_dirs[0] + "/" if job.essay_dirs else None
    with collect_weasyprint_warnings() as warnings:
        if job.fonts:
            config, font_css = _font_set(job.fonts, fetcher)
        else:
            from weasyprint.text.fonts import FontConfiguration

            config, font_css = FontConfiguration(), None
        sheets = [font_css] if font_css else []
        counters = None
        if job.css:
            css, counters = _stylesheet(job, base_url, fetcher, config)
            sheets.append(css)
        document = HTML(string=job.html, base_url=base_url, url_fetcher=fetcher).render(
            stylesheets=sheets, font_config=config, counter_style=counters)
        data = document.write_pdf()
    refused = tuple((n.reason, n.text) for n in fetcher.refused)
    return Rendered(job.name, data, len(document.pages), tuple(warnings), refused)


class PartCache:
    """Rendered parts on disk, by content: ``<out>/.cache/parts/<key>.pdf`` + ``.json``."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    def get(self, job: RenderJob) -> Rendered | None:
        if self.folder is None:
            return None
        key = job.key()
        pdf, meta = self.folder / f"{key}.pdf", self.folder / f"{key}.json"
        try:
            info = json.loads(meta.read_text(encoding="utf-8"))
            data = pdf.read_bytes()
        except (OSError, ValueError):
            return None
        return Rendered(job.name, data, info["pages"], tuple(info["warnings"]),
                        tuple(tuple(r) for r in info["refused"]), cached=True)

    def put(self, job: RenderJob, done: Rendered) -> None:
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            key = job.key()
            tmp = self.folder / f".{key}.{os.getpid()}.tmp"
            tmp.write_bytes(done.pdf)
            os.replace(tmp, self.folder / f"{key}.pdf")
            info = {"pages": done.pages, "warnings": list(done.warnings),
                    "refused": [list(r) for r in done.refused]}
            tmp.write_text(json.dumps(info), encoding="utf-8")
            os.replace(tmp, self.folder / f"{key}.json")
        except OSError:
            pass  # a cache that cannot be written only costs time


class Renderer:
    """Runs render jobs through the cache and the worker processes."""

    def __init__(self, jobs: int, cache: PartCache, progress: Progress | None,
                 pool: WorkerPool | None = None):
        self.jobs = pool.size if pool is not None else max(1, jobs)
        self.cache = cache
        self.progress = progress or (lambda *_args: None)
        self._given = pool
        self._own: WorkerPool | None = None

    def __enter__(self) -> "Renderer":
        return self

    def __exit__(self, *exc) -> None:
        if self._own is not None:
            self._own.__exit__(*exc)

    def run(self, jobs: Iterable[RenderJob]) -> dict[str, Rendered]:
        """Render every job not in the cache. With a started pool, ``jobs`` may be a
        generator: the workers start on the first parts while the rest are being made."""
        results: dict[str, Rendered] = {}
        seen = 0
        pages = 0

        def uncached() -> Iterator[RenderJob]:
            nonlocal seen, pages
            for job in jobs:
                seen += 1
                hit = self.cache.get(job)
                if hit is None:
                    yield job
                else:
                    results[job.name] = hit
                    pages += hit.pages

        def finished(job: RenderJob, done: Rendered) -> None:
            nonlocal pages
            self.cache.put(job, done)
            results[job.name] = done
            pages += done.pages
            self.progress(len(results), seen, pages, job.name)

        pool = self._given
        todo: Iterable[RenderJob] = uncached()
        if pool is None:
            todo = list(todo)
            if len(todo) > 1 and self.jobs > 1:
                self._own = pool = render_pool(self.jobs)
        if pool is not None:  # a started pool takes even one part: it has WeasyPrint loaded
            for job, done in pool.run(todo, size=lambda j: len(j.html)):
                finished(job, done)
        else:
            for job in todo:
                finished(job, render_job(job))
        return results


# ---------------------------------------------------------------------- page plan


@dataclass
class Slot:
    """One page of the finished book: which part it comes from (or blank)."""

    part: str | None
    index: int
    kind: str
    running_head: str = ""


def plan_pages(parts: list[Part], counts: dict[str, int]) -> tuple[list[Slot], dict[str, int]]:
    """Lay parts end to end; essays and book notes start on odd (right-hand) pages."""
    slots: list[Slot] = []
    starts: dict[str, int] = {}
    for part in parts:
        if part.kind in ("essay", "chunk", "notes") and len(slots) % 2 == 1:
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
                kind = "body"
            else:
                kind = part.kind
            head = part.running_head if (kind == "opening" or (kind == "notes" and i == 0)) else ""
            slots.append(Slot(part.name, i, kind, head))
    return slots, starts


def carried_heads(slots: list[Slot]) -> list[str]:
    """The running head in effect as each page begins: the last one set before it."""
    heads = []
    head = ""
    for s in slots:
        heads.append(head)
        head = s.running_head or head
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
        sheets += [{"kind": s.kind, "rh": s.running_head or None}
                   for s in slots[start:start + size]]
        docs.append(book_html.sheets(sheets, first_page=start + 1 - _lead(k)))
    return docs


def slot_stamps(slots: list[Slot]) -> list[StampKey | None]:
    """What each page's folio shows apart from its number (``None``: no folio)."""
    return [None if s.kind in ("front", "blank") else
            StampKey(s.kind, n % 2 == 0, s.running_head or None, head)
            for n, (s, head) in enumerate(zip(slots, carried_heads(slots)))]


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


# ---------------------------------------------------------------------- the writer


@dataclass
class PdfSettings:
    jobs: int = 1
    cache_dir: Path | None = None
    allow_remote: bool = False
    extra_roots: tuple[str, ...] = ()
    build_epoch: int | None = None
    progress: Progress | None = None
    #: workers already started (``render_pool``); else the writer starts its own if needed
    pool: WorkerPool | None = None


def _essay_dirs(booklet: Booklet) -> tuple[str, ...]:
    dirs = []
    if booklet.meta.cover_image:
        dirs.append(str(Path(booklet.meta.cover_image).resolve().parent))
    for essay in booklet.essays:
        if essay.origin:
            d = str(Path(essay.origin).resolve().parent)
            if d not in dirs:
                dirs.append(d)
    return tuple(dirs)


def write_pdf(booklet: Booklet, book_html: BookHTML, out_path: Path,
              settings: PdfSettings) -> PdfReport:
    """Render ``booklet`` to ``out_path`` through parts; returns what happened."""
    report = PdfReport()
    dirs = _essay_dirs(booklet)

    def job(part: Part) -> RenderJob:
        return RenderJob(part.name, part.html, dirs, settings.extra_roots, settings.allow_remote,
                         book_html.font_css, part.css)

    def folio_job(name: str, html: str) -> RenderJob:
        return RenderJob(name, html, dirs, settings.extra_roots, False, book_html.font_css)

    placeholder = {f"e{i + 1}": PLACEHOLDER_PAGE for i in range(len(booklet.essays))}
    parts: list[Part] = []

    def part_jobs() -> Iterator[RenderJob]:  # made while the first ones render
        for part in book_html.iter_parts(placeholder):
            parts.append(part)
            yield job(part)

    cache = PartCache(settings.cache_dir)
    # a style that prints the page count needs every folio from one overlay document
    counts_pages = bool(_PAGE_COUNT.search(book_html.css_folios))
    with Renderer(settings.jobs, cache, settings.progress, settings.pool) as renderer:
        done = renderer.run(part_jobs())
        counts = {name: r.pages for name, r in done.items()}
        # The contents take real page numbers, rendered beside the folio stamps; should
        # that change the front matter's length, the plan shifts and both are redone.
        for _attempt in range(3):
            slots, starts = plan_pages(parts, counts)
            front = book_html.front_part({k: starts[k] for k in placeholder})
            keys = slot_stamps(slots)
            kinds = list(dict.fromkeys(k for k in keys if k is not None))
            sheets, where = stamp_sheets(kinds)
            stamp_jobs = [folio_job(f"stamps-{i}", book_html.sheets(sheets, first_page=probe))
                          for i, probe in enumerate(PROBES)] if kinds and not counts_pages \
                else []
            second = renderer.run([job(front)] + stamp_jobs)
            done["front"] = second["front"]
            if done["front"].pages == counts["front"]:
                break
            counts["front"] = done["front"].pages
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
    parts_by_name["front"] = front
    try:
        join(booklet, [parts_by_name[p.name] for p in parts], done, folios, slots, out_path,
             settings.build_epoch)
    finally:
        folios.close()
    report.pages = len(slots)
    report.start_pages = starts
    return report


def join(booklet: Booklet, parts: list[Part], done: dict[str, Rendered], folios: _Folios,
         slots: list[Slot], out_path: Path, build_epoch: int | None) -> None:
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
        if slot.kind not in ("front", "blank"):
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

    _set_dests(out, dests)
    _fix_xref_links(out, dests)
    _write_outline(out, outline_entries)
    _set_metadata(out, booklet, build_epoch)
    out.save(out_path, deterministic_id=True, compress_streams=True,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for src in sources.values():
        src.close()


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


def _pdf_date(epoch: int | None) -> str:
    moment = datetime.fromtimestamp(epoch, timezone.utc) if epoch is not None else \
        datetime.now(timezone.utc)
    return moment.strftime("D:%Y%m%d%H%M%SZ")


def _set_metadata(out, booklet: Booklet, epoch: int | None) -> None:
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
