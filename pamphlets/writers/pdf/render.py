"""Rendering the parts of a PDF: one WeasyPrint document each, cached, in worker processes.

A ``RenderJob`` is everything a worker needs to render one part (and its cache key);
``render_job`` runs in the workers, which ``render_pool`` starts (``workers.WorkerPool``)
with WeasyPrint imported and the fonts loaded once. ``Renderer`` sends the jobs the
``PartCache`` does not have to the pool, or renders them in this process with one job.

Each job renders with two ``SafeFetcher``s (see ``fetcher.py``): the style sheet's, which
may use the user's style folders, and the document's, which may not (only the images the
style sheet names there), so that an essay's markup reaches no further than its folder.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from ... import __version__
from ...atomic import sweep_folder
from .workers import WorkerPool

#: told after each rendered part: (parts done, parts in this round, pages so far, part name)
Progress = Callable[[int, int, int, str], None]


@dataclass(frozen=True)
class RenderJob:
    """What a worker needs to render one part: picklable, and its own cache key."""

    name: str
    html: str
    #: the folders of the essays in this part: their image files may be used
    essay_dirs: tuple[str, ...]
    #: the user's style folders: for the style sheet only, never for ``html``
    extra_roots: tuple[str, ...]
    allow_remote: bool
    #: @font-face rules kept out of ``html``: loaded once per worker, not per part
    fonts: str = ""
    #: the part's style sheet, kept out of ``html``: parsed once per worker, not per part
    css: str = ""
    #: single files the part may use whatever folder they are in (the cover image)
    files: tuple[str, ...] = ()
    #: the folder relative URLs resolve against (it allows nothing); else the first of
    #: ``essay_dirs``
    base: str = ""
    #: ``html`` holds no essay content, only the tool's markup with the style sheet
    #: inline (the folio sheets): it is fetched for as the style sheet is
    inline_css: bool = False

    def key(self) -> str:
        """The cache key: the part's markup, styles and fonts, the options, the versions,
        and the size and time of every local file they name (an edited image re-renders)."""
        h = hashlib.sha256()
        for piece in (__version__, self.html, self.fonts, self.css, *self.essay_dirs, "|",
                      *self.extra_roots, "|", *self.files, "|", self.base,
                      str(self.allow_remote), str(self.inline_css), _weasyprint_version(),
                      *_file_stamps(self.html, self.css, self.fonts)):
            h.update(piece.encode("utf-8", "surrogatepass"))
            h.update(b"\0")
        return h.hexdigest()[:32]


_FILE_URL = re.compile(r"""(?:src|href)\s*=\s*["'](file:[^"']+)|url\(\s*["']?(file:[^"')]+)""")


def _file_stamps(*texts: str) -> list[str]:
    """``path size mtime`` for each ``file:`` URL in ``texts`` (``missing`` if absent)."""
    stamps = []
    for url in sorted({a or b for text in texts for a, b in _FILE_URL.findall(text)}):
        path = url2pathname(unquote(urlsplit(url).path))
        try:
            info = os.stat(path)
            stamps.append(f"{path} {info.st_size} {info.st_mtime_ns}")
        except OSError:
            stamps.append(f"{path} missing")
    return stamps


@dataclass(frozen=True)
class Rendered:
    name: str
    pdf: bytes
    pages: int
    warnings: tuple[str, ...] = ()
    #: (reason, text) warnings about the part: what the fetcher refused, and a damaged
    #: cache entry rendered again
    refused: tuple[tuple[str, str], ...] = ()
    cached: bool = False


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
    """``(CSS, CounterStyle, images)`` for ``job.css``, parsed once per worker; ``images``
    are the files of the style folders it names, which the document may load. Parts pass
    their style sheet to WeasyPrint rather than inline: they have no other style rules
    (the markup carries no style attributes), so the cascade is the same."""
    from weasyprint import CSS
    from weasyprint.css.counters import CounterStyle

    from .fetcher import style_sheet_images

    key = (job.css, base_url, job.extra_roots, job.files, job.allow_remote, id(config))
    if key not in _STYLESHEETS:
        counters = CounterStyle()
        css = CSS(string=job.css, base_url=base_url, url_fetcher=fetcher, font_config=config,
                  counter_style=counters)
        _STYLESHEETS[key] = (css, counters, style_sheet_images(job.css, base_url, fetcher))
    return _STYLESHEETS[key]


def warm_worker(fonts: str) -> None:
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
    return WorkerPool(jobs, render_job, warm_worker, (fonts,))


def render_job(job: RenderJob) -> Rendered:
    """Render one part to PDF bytes (runs in a worker process)."""
    from weasyprint import HTML

    from .fetcher import SafeFetcher, collect_weasyprint_warnings

    # the style sheet's fetcher is the same for every part (so the sheet is parsed once a
    # worker): the essays' folders are the document's business
    sheet_fetcher = SafeFetcher(extra_roots=job.extra_roots, files=job.files,
                                allow_remote=job.allow_remote)
    base = job.base or (job.essay_dirs[0] if job.essay_dirs else "")
    base_url = base + "/" if base else None
    with collect_weasyprint_warnings() as warnings:
        if job.fonts:
            config, font_css = _font_set(job.fonts, sheet_fetcher)
        else:
            from weasyprint.text.fonts import FontConfiguration

            config, font_css = FontConfiguration(), None
        sheets = [font_css] if font_css else []
        counters = None
        images: tuple[str, ...] = ()
        if job.css:
            css, counters, images = _stylesheet(job, base_url, sheet_fetcher, config)
            sheets.append(css)
        fetcher = sheet_fetcher if job.inline_css else SafeFetcher(
            essay_dirs=job.essay_dirs, files=(*job.files, *images),
            allow_remote=job.allow_remote)
        document = HTML(string=job.html, base_url=base_url, url_fetcher=fetcher).render(
            stylesheets=sheets, font_config=config, counter_style=counters)
        data = document.write_pdf()
    notices = sheet_fetcher.refused + ([] if fetcher is sheet_fetcher else fetcher.refused)
    refused = tuple(dict.fromkeys((n.reason, n.text) for n in notices))
    return Rendered(job.name, data, len(document.pages), tuple(warnings), refused)


#: the warning for a cache entry that failed its check and was rendered again
DAMAGED = "a damaged cache entry was rendered again"


class PartCache:
    """Rendered parts on disk, by content: ``<out>/.cache/parts/<key>.pdf`` + ``.json``.

    The JSON holds the PDF's SHA-256. An entry whose PDF does not match it (cut short by
    a full disk, a crash or a power cut; edited by hand) or whose JSON cannot be read is
    rendered again, and ``damaged`` names it so the build can warn. Entries written by a
    version without the checksum are rendered again quietly. Temporary files that a
    killed build left are removed when the cache is opened.
    """

    def __init__(self, folder: Path | None):
        self.folder = folder
        #: key -> the entry's PDF, for each damaged entry met and not yet rendered again
        self.damaged: dict[str, str] = {}
        if folder is not None:
            sweep_folder(folder, r"\.[0-9a-f]{32}\.\d+\.tmp")

    def get(self, job: RenderJob) -> Rendered | None:
        if self.folder is None:
            return None
        key = job.key()
        pdf, meta = self.folder / f"{key}.pdf", self.folder / f"{key}.json"
        try:
            text = meta.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return self._damaged(key, pdf)
        try:
            info = json.loads(text)
            data = pdf.read_bytes()
            if "sha256" not in info:
                return None  # from a version that wrote no checksum
            if hashlib.sha256(data).hexdigest() != info["sha256"]:
                return self._damaged(key, pdf)
            return Rendered(job.name, data, int(info["pages"]), tuple(info["warnings"]),
                            tuple(tuple(r) for r in info["refused"]), cached=True)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return self._damaged(key, pdf)

    def _damaged(self, key: str, pdf: Path) -> None:
        self.damaged[key] = str(pdf)
        return None

    def put(self, job: RenderJob, done: Rendered) -> None:
        if self.folder is None:
            return
        key = job.key()
        tmp = self.folder / f".{key}.{os.getpid()}.tmp"
        info = {"pages": done.pages, "warnings": list(done.warnings),
                "refused": [list(r) for r in done.refused],
                "sha256": hashlib.sha256(done.pdf).hexdigest()}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(done.pdf)
            os.replace(tmp, self.folder / f"{key}.pdf")
            tmp.write_text(json.dumps(info), encoding="utf-8")
            os.replace(tmp, self.folder / f"{key}.json")
        except BaseException as error:
            with suppress(OSError):
                tmp.unlink()
            if not isinstance(error, OSError):
                raise  # a cache that cannot be written only costs time

    def noted(self, job: RenderJob, done: Rendered) -> Rendered:
        """``done``, with a warning if it replaces a damaged entry of the cache."""
        if self.folder is None or not self.damaged:
            return done
        pdf = self.damaged.pop(job.key(), None)
        if pdf is None:
            return done
        return dataclasses.replace(done, refused=done.refused + ((DAMAGED, pdf),))


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
            done = self.cache.noted(job, done)
            results[job.name] = done
            pages += done.pages
            self.progress(len(results), seen, pages, job.name)

        pool = self._given or self._own
        todo: Iterable[RenderJob] = uncached()
        if pool is None:
            todo = list(todo)
            if len(todo) > 1 and self.jobs > 1:  # started once, then kept for later rounds
                self._own = pool = render_pool(self.jobs)
        if pool is not None:  # a started pool takes even one part: it has WeasyPrint loaded
            for job, done in pool.run(todo, size=lambda j: len(j.html)):
                finished(job, done)
        else:
            for job in todo:
                finished(job, render_job(job))
        return results
