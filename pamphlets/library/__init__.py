"""``pamphlets library``: a whole collection built into every format, with a catalogue.

``build_library(source_dir, out_dir, options, progress)`` finds the texts
(``discovery``), skips those whose record says they are up to date (``state``), sends
one task per remaining text (``task.build_text``) to a ``concurrent.futures`` executor
and writes what comes back into ``OUT_DIR/<slug>/``, each file atomically; then it
removes the texts that are gone and writes the catalogue (``catalogue``): ``index.html``,
a page per text and the OPDS feed.

The executor is a local process pool whose workers keep WeasyPrint and the fonts loaded
from one text to the next, or, with ``scheduler``, a Dask cluster's
(``distributed.Client(address).get_executor()``): the tasks are plain functions of plain
values and return the outputs as bytes, so the workers may be other machines. The
build's time is decided once per run (``context.build_time``), so the same sources give
the same bytes wherever they are built.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..context import DEFAULT_PAGE_SIZE
from ..errors import ConfigError, MissingDependency
from .discovery import Text, discover, parse_shard, shard
from .state import RECORD, Record, build_key, file_hash, load_records
from .task import LIBRARY_FORMATS, TextResult, TextSpec, build_text, warm_worker

__all__ = ["LibraryOptions", "LibraryReport", "build_library", "LIBRARY_FORMATS"]


@dataclass(frozen=True)
class LibraryOptions:
    formats: tuple[str, ...] = LIBRARY_FORMATS
    page_sizes: tuple[str, ...] = (DEFAULT_PAGE_SIZE,)
    #: local worker processes (0: one per core)
    jobs: int = 0
    #: a Dask scheduler's address (tcp://host:8786); None: the local pool
    scheduler: str | None = None
    #: "I/N": build only every N-th text, the I-th of each N
    shard: str | None = None


@dataclass
class Progress:
    """What the progress callback is given after each text."""

    done: int
    total: int
    pages: int
    seconds: float
    slug: str

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left at the pace so far (None before the first text is done)."""
        if not self.done:
            return None
        return self.seconds / self.done * (self.total - self.done)


@dataclass
class LibraryReport:
    #: slugs built in this run, and those found up to date
    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    #: slugs whose source is gone: their outputs were removed
    removed: list[str] = field(default_factory=list)
    #: (text's path under the source folder, the one-line error)
    failed: list[tuple[str, str]] = field(default_factory=list)
    #: (slug, warning)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    #: the texts in the catalogue
    catalogued: int = 0
    pages: int = 0
    seconds: float = 0.0


def check_options(options: LibraryOptions) -> None:
    from ..pages import PAGE_SIZES

    bad = [f for f in options.formats if f not in LIBRARY_FORMATS]
    if bad or not options.formats:
        raise ConfigError(f"unknown library format '{', '.join(bad)}'", key="formats",
                          hint="use a comma list of " + ", ".join(LIBRARY_FORMATS))
    bad = [s for s in options.page_sizes if s not in PAGE_SIZES]
    if bad or not options.page_sizes:
        raise ConfigError(f"unknown page size '{', '.join(bad)}'", key="page-size",
                          hint="use a comma list of " + ", ".join(sorted(PAGE_SIZES)))
    if options.shard:
        parse_shard(options.shard)


def build_library(source_dir: Path, out_dir: Path, options: LibraryOptions = LibraryOptions(),
                  progress: Callable[[Progress], None] | None = None) -> LibraryReport:
    """Build every text of ``source_dir`` that changed into ``out_dir``, then the
    catalogue; see the module's docstring."""
    from ..context import build_time

    started = time.perf_counter()
    check_options(options)
    source_dir, out_dir = Path(source_dir), Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ConfigError("the output folder is a file", path=str(out_dir),
                          hint="give a folder (it is made if missing)")
    texts = discover(source_dir, out_dir)
    mine = shard(texts, options.shard)
    key = build_key(options.formats, options.page_sizes)
    records = load_records(out_dir)
    report = LibraryReport()

    todo: list[Text] = []
    for text in mine:
        record = records.get(text.slug)
        if record and record.up_to_date(out_dir / text.slug, text.name, key):
            report.unchanged.append(text.slug)
        else:
            todo.append(text)
    if todo:
        epoch = int(build_time().timestamp())
        specs = [TextSpec(t.slug, str(t.source), options.formats, options.page_sizes, epoch)
                 for t in _largest_first(todo)]
        names = {t.slug: t.name for t in todo}
        with executor_for(options) as executor:
            futures = {executor.submit(build_text, spec): spec for spec in specs}
            for done, future in enumerate(as_completed(futures), start=1):
                result = _result(future, futures[future])
                name = names[result.slug]
                if result.error:
                    report.failed.append((name, result.error))
                else:
                    records[result.slug] = _store(out_dir, name, key, result, epoch,
                                                  records.get(result.slug))
                    report.built.append(result.slug)
                    report.pages += result.pages
                    report.warnings += [(result.slug, w) for w in result.warnings]
                if progress:
                    progress(Progress(done, len(specs), report.pages,
                                      time.perf_counter() - started, result.slug))

    present = {t.slug for t in texts}
    if not texts and records:
        # an empty source folder (a share not mounted, a wrong path) is not a library
        # whose texts were all removed: nothing is deleted
        raise ConfigError(f"no essay or manifest under the source folder, and {len(records)} "
                          "texts built from it before", path=str(source_dir),
                          hint="check the source folder; to empty the library, delete "
                               "the output folder")
    # another shard may have built texts meanwhile: the catalogue lists what is on disk
    records = {**load_records(out_dir), **{s: r for s, r in records.items()
                                            if s in set(report.built)}}
    for slug in sorted(set(records) - present):
        _remove(out_dir / slug, records.pop(slug))
        report.removed.append(slug)

    from .catalogue import write_catalogue

    report.catalogued = write_catalogue(out_dir, [records[t.slug] for t in texts
                                                  if t.slug in records],
                                        title=source_dir.resolve().name or "Library")
    report.failed.sort()
    report.seconds = time.perf_counter() - started
    return report


def _result(future, spec: TextSpec) -> TextResult:
    """What a task returned; a worker that died or a lost connection is that text's
    failure, in one line, like any other."""
    try:
        return future.result()
    except Exception as error:  # noqa: BLE001 - the executor's own failure, not the text's
        from ..errors import BuildError

        line = BuildError(f"the worker building it stopped ({type(error).__name__}: "
                          f"{error})", path=spec.source,
                          hint="run the library again; if it recurs, build this text "
                               "alone with 'pamphlets build'").one_line()
        return TextResult(spec.slug, error=line)


def _largest_first(texts: list[Text]) -> list[Text]:
    """The biggest sources first, so that no long text starts last."""
    def size(text: Text) -> int:
        try:
            return text.source.stat().st_size
        except OSError:
            return 0
    return sorted(texts, key=size, reverse=True)


def _store(out_dir: Path, name: str, key: str, result: TextResult, epoch: int,
           old: Record | None) -> Record:
    """Move one text's outputs into its folder, each file atomically, drop the files an
    earlier build made and this one did not, and save its record last."""
    from ..atomic import atomic_write_bytes

    folder = out_dir / result.slug
    folder.mkdir(parents=True, exist_ok=True)
    for file_name, data in result.files.items():
        atomic_write_bytes(folder / file_name, data)
    record = Record(slug=result.slug, name=name, key=key,
                    inputs={path: file_hash(path) for path in result.inputs},
                    files=list(result.files), meta=result.meta, pages=result.pages,
                    built=datetime.fromtimestamp(epoch, timezone.utc)
                    .strftime("%Y-%m-%dT%H:%M:%SZ"))
    for stale in set(old.files if old else ()) - set(result.files):
        (folder / stale).unlink(missing_ok=True)
    record.save(folder)
    return record


def _remove(folder: Path, record: Record) -> None:
    """A text whose source is gone: its outputs, its page and its record."""
    from .catalogue import TEXT_PAGE

    for name in (*record.files, TEXT_PAGE, RECORD):
        (folder / name).unlink(missing_ok=True)
    try:
        folder.rmdir()  # kept when someone put other files there
    except OSError:
        pass


@contextmanager
def executor_for(options: LibraryOptions) -> Iterator[Executor]:
    """The local pool, or the Dask cluster's executor for ``options.scheduler``."""
    if options.scheduler:
        with _dask_executor(options.scheduler) as executor:
            yield executor
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from ..context import render_jobs

    executor = ProcessPoolExecutor(render_jobs(options.jobs),
                                   mp_context=multiprocessing.get_context("fork"),
                                   initializer=warm_worker)
    try:
        yield executor
    except BaseException:  # Ctrl-C or an error here: the texts not started never start
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown(wait=True)


@contextmanager
def _dask_executor(address: str) -> Iterator[Executor]:
    try:
        from distributed import Client
    except ImportError:
        raise MissingDependency("--scheduler needs the 'distributed' package",
                                key="scheduler",
                                hint="pip install 'pamphlets[library]'") from None
    try:
        client = Client(address, timeout="20s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise ConfigError(f"cannot reach the Dask scheduler at '{address}' ({error})",
                          key="scheduler",
                          hint="start one with 'dask scheduler' and give its tcp:// address")\
            from None
    try:
        client.run(warm_worker)
        with client.get_executor(pure=False) as executor:
            yield executor
    finally:
        client.close()
