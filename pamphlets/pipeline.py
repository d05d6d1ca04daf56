"""The pipeline: inputs → readers → transforms → writers, data flowing one way.

``assemble`` turns a manifest or a list of essay files (or URLs) into an ``Assembled``:
the ``Booklet`` (every essay read and transformed) and its ``BuildContext``, every build
decision taken once (``resolve_context``). ``write`` loops over ``writers.WRITERS`` and
then the PDF's ``FINISHERS``, all or nothing: each output goes to a hidden temporary file,
and they are moved into place together once every writer has finished, so a failed or
interrupted build leaves the earlier outputs as they were. ``build`` is both, and the
API every front end calls (``pamphlets.build``).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Union

from . import context as build_context
from . import transforms
from .atomic import atomic_write, os_error, refuse_input
from .context import BuildContext
from .errors import BuildError, ConfigError, PamphletError, stage
from .accounting import account, check
from .loading import load_essay as load_source
from .fetch import WebOptions, is_url, page_file_name
from .manifest import EssayEntry, Manifest, load_manifest
from .model import BookMeta, Booklet, Essay, EssayMeta, Notice, ReadResult
from .options import BuildOptions
from .transforms.cleanup import without_invalid_chars
from .transforms.ids import slugify
from .writers import FINISHERS, FORMATS, WRITERS, Report, Runtime

Progress = Callable[[int, int, int, str], None]


@dataclass
class BuildResult:
    booklet: Booklet
    #: output name (pdf, epub, kepub, html, cover, print) -> the file written
    outputs: dict[str, Path] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    #: WeasyPrint's own warnings
    warnings: list[str] = field(default_factory=list)
    pages: int = 0
    #: the page each essay starts on in the PDF, by key (e1, e2 ...)
    start_pages: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    #: how to print, fold and bind the imposed PDF (from the imposition)
    print_instructions: str = ""


@dataclass(frozen=True)
class Assembled:
    """A booklet read and transformed, with the build context resolved for it."""

    booklet: Booklet
    context: BuildContext
    notices: tuple[Notice, ...]


#: what ``build`` takes: a manifest's path, essay paths or URLs, or an assembled book
Book = Union[Path, str, list, tuple, Assembled]


def _override(essay: Essay, overrides: tuple[tuple[str, object], ...]) -> Essay:
    changes: dict[str, object] = {}
    for key, value in overrides:
        if key == "author":
            changes["authors"] = (value,) if isinstance(value, str) else tuple(map(str, value))
        elif key == "license":
            changes["licence"] = value
        else:
            changes[key] = str(value)
    if not changes:
        return essay
    return dataclasses.replace(essay, meta=dataclasses.replace(essay.meta, **changes))


def load_essay(path: Path | str, fmt: str | None = None,
               overrides: tuple[tuple[str, object], ...] = (), *,
               keep_going: bool = False, web: WebOptions | None = None) -> ReadResult:
    """Read one essay and run the transforms over it; an essay with no body, or one that
    lost most of its words without a reason (unless ``keep_going``), is an error."""
    loaded = load_source(path, fmt, web=web)
    essay = _override(loaded.result.essay, overrides)
    result = transforms.apply(ReadResult(essay, loaded.result.notices))
    words = account(loaded.source_words, result)
    extra = check(words, str(path), strict=not keep_going, command="build")
    return ReadResult(result.essay, result.notices + extra) if extra else result


def assemble(book: Path | str | list | tuple, options: BuildOptions = BuildOptions()) -> Assembled:
    """A booklet from one manifest (``.toml``) or from essay files (or URLs), with its
    build context."""
    inputs = [p if is_url(p) else Path(p) for p in _inputs(book)]
    if len(inputs) == 1 and not is_url(inputs[0]) and inputs[0].suffix.lower() == ".toml":
        with stage("read", inputs[0]):
            manifest = load_manifest(inputs[0])
        if options.title:
            manifest = dataclasses.replace(
            manifest, book=dataclasses.replace(manifest.book, title=options.title))
    else:
        for p in inputs:
            if not is_url(p) and p.suffix.lower() == ".toml":
                raise ConfigError("a manifest cannot be mixed with essay files", path=str(p),
                                  hint="build the manifest alone, or list only essays")
        manifest = None
    entries = manifest.essays if manifest else tuple(
        EssayEntry(Path(), url=p) if is_url(p) else EssayEntry(p) for p in inputs)
    # pages named by URL are fetched once into the output folder's cache, then read from it
    web = WebOptions(options.out_dir / ".cache" / "web", refresh=options.refresh)

    notices: list[Notice] = []
    essays = []
    for entry in entries:
        result = load_essay(entry.url or entry.path, entry.format, entry.overrides,
                            keep_going=options.keep_going, web=web)
        essays.append(result.essay)
        notices.extend(result.notices)

    # the manifest's fields and --title have not been through the essays' transforms
    meta, removed = without_invalid_chars(_book_meta(manifest, essays, options))
    if removed:
        notices.append(Notice("warning", f"removed {removed} control or invalid character(s)",
                              f"the book's metadata ({manifest.path if manifest else '--title'})"))
    booklet = Booklet(
        meta=meta, essays=tuple(essays),
        # a title with no Latin letters names the file after the manifest or first essay
        slug=slugify(meta.title, slugify(_stem(inputs[0]), "booklet")),
    )
    return Assembled(booklet, resolve_context(options, manifest), tuple(notices))


def resolve_context(options: BuildOptions, manifest: Manifest | None = None) -> BuildContext:
    """The build's decisions: each option's value, else the manifest's, else the default."""
    return build_context.resolve(
        page_size_name=options.page_size or (manifest.page_size if manifest else None),
        notes=options.notes or (manifest.notes if manifest else None),
        styles=options.styles or (manifest.styles if manifest else ()),
        bleed=options.bleed, marks=options.marks,
        template_dirs=manifest.template_dirs if manifest else (),
        style_dirs=manifest.style_dirs if manifest else (),
        allow_remote=options.allow_remote, jobs=options.jobs,
        cache_dir=options.out_dir / ".cache" / "parts" if options.use_cache else None,
        impose=options.impose, sheet=options.sheet, signature=options.signature,
        cover=options.cover,
        openings=options.openings or (manifest.openings if manifest else None),
        creep=options.creep)


def _stem(source: Path | str) -> str:
    """A file's name without its extension; for a URL, its page's."""
    return Path(page_file_name(source, "")).stem if is_url(source) else Path(source).stem


def _book_meta(manifest: Manifest | None, essays: list[Essay], options: BuildOptions) -> BookMeta:
    if manifest:
        return manifest.book
    first: EssayMeta = essays[0].meta
    if options.title:
        return BookMeta(title=options.title, lang=first.lang)
    if len(essays) == 1:
        return BookMeta(title=first.title, subtitle=first.subtitle,
                        date=first.date, lang=first.lang,
                        description=first.description)
    return BookMeta(title=f"{first.title} and other essays", lang=first.lang)


def build(book: Book, options: BuildOptions = BuildOptions(),
          progress: Progress | None = None) -> BuildResult:
    """Read the book and write every output ``options.formats`` asks for.

    ``book`` is a manifest's path, a list of essay paths or URLs, or what ``assemble``
    returned. The outputs are written all or nothing: each goes to a hidden temporary
    file and they are moved into place together once every writer has finished.
    ``progress(done, total, pages, part)`` is called as the PDF's parts render. For a PDF
    in parallel, the render workers start first and get WeasyPrint and the fonts ready
    while the essays are read.
    """
    started = time.perf_counter()
    _check_formats(options.formats)
    with ExitStack() as stack:
        pool = None
        jobs = build_context.render_jobs(options.jobs)
        if "pdf" in options.formats and jobs > 1:
            from .fonts import font_face_css
            from .writers.pdf.render import render_pool

            pool = stack.enter_context(render_pool(jobs, font_face_css()))
        assembled = book if isinstance(book, Assembled) else assemble(_inputs(book), options)
        result = write(assembled, options, Runtime(progress, pool))
    result.seconds = time.perf_counter() - started
    return result


def _inputs(book: Path | str | list | tuple) -> list[Path | str]:
    return list(book) if isinstance(book, (list, tuple)) else [book]


def _check_formats(formats: tuple[str, ...]) -> None:
    for fmt in formats:
        if fmt not in WRITERS:
            raise ConfigError(f"unknown output format '{fmt}'", key="format",
                              hint="use a comma list of: " + ", ".join(FORMATS))


def write(assembled: Assembled, options: BuildOptions,
          runtime: Runtime = Runtime()) -> BuildResult:
    """Write every output asked for, each by its entry in ``WRITERS``, then the PDF's
    finishers."""
    started = time.perf_counter()
    _check_formats(options.formats)
    booklet, context = assembled.booklet, assembled.context
    out_dir = options.out_dir
    try:
        in_the_way = out_dir.exists() and not out_dir.is_dir()
    except OSError as error:  # a name too long, say
        raise os_error(error, out_dir) from error
    if in_the_way:
        raise BuildError("the output folder is a file", path=str(out_dir),
                         hint="choose another --out-dir")
    _refuse_inputs(booklet, context, options)
    result = BuildResult(booklet, notices=list(assembled.notices))

    def take(report: Report) -> None:
        result.notices.extend(n for n in report.notices if n not in result.notices)
        result.warnings.extend(report.warnings)
        if report.pages:
            result.pages, result.start_pages = report.pages, report.start_pages
        if report.instructions:
            result.print_instructions = report.instructions

    with ExitStack() as stack:
        def output(name: str, suffix: str) -> Path:
            """A temporary path for one output; moved into place when all are done."""
            target = out_dir / f"{booklet.slug}{suffix}"
            result.outputs[name] = target
            return stack.enter_context(_output(target))

        for fmt, writer in WRITERS.items():
            if fmt not in options.formats:
                continue
            path = output(fmt, writer.suffix)
            report = writer(booklet, path, context, runtime)
            take(report)
            if fmt != "pdf":
                continue
            # the EPUB marks where the printed pages begin: the PDF's, not its own guess
            runtime = dataclasses.replace(runtime, print_pages=report.print_pages)
            for finisher in FINISHERS:
                if finisher.wanted(context):
                    out = output(finisher.name, finisher.suffix)
                    take(_finish(finisher, path, out, context, result.outputs))

    result.seconds = time.perf_counter() - started
    return result


def _refuse_inputs(booklet: Booklet, context: BuildContext, options: BuildOptions) -> None:
    """Refuse, before anything is written, an output that is one of the book's own files
    (``build page.html --format html --out-dir .`` would write over the essay)."""
    inputs = [essay.origin for essay in booklet.essays if essay.origin]
    if booklet.meta.cover_image:
        inputs.append(booklet.meta.cover_image)
    suffixes = [WRITERS[fmt].suffix for fmt in options.formats]
    if "pdf" in options.formats:
        suffixes += [f.suffix for f in FINISHERS if f.wanted(context)]
    for suffix in suffixes:
        refuse_input(options.out_dir / f"{booklet.slug}{suffix}", inputs, key="out-dir",
                     hint="choose another --out-dir")


def _finish(finisher, pdf: Path, out: Path, context: BuildContext,
            outputs: dict[str, Path]) -> Report:
    try:
        with stage("render", outputs[finisher.name]):
            return finisher(pdf, out, context)
    except PamphletError as error:  # name the real outputs, not the temporary files
        names = {str(pdf): outputs["pdf"], str(out): outputs[finisher.name]}
        if error.path not in names:
            raise
        raise type(error)(error.what, path=str(names[error.path]), line=error.line,
                          key=error.key, hint=error.hint) from error


@contextmanager
def _output(target: Path) -> Iterator[Path]:
    """``atomic_write``, with any ``OSError`` from the writer turned into a ``BuildError``."""
    with stage("write", target), atomic_write(target) as temp:
        try:
            yield temp
        except OSError as error:
            if error.filename and Path(error.filename) != temp:
                raise BuildError(f"cannot use this file: {error.strerror or error}",
                                 path=error.filename,
                                 hint="check that it exists and can be read") from error
            raise os_error(error, target) from error
