"""The pipeline: inputs → readers → transforms → writers, data flowing one way.

``assemble`` turns a manifest or a list of essay files into a ``Booklet`` (reading and
transforming every essay); ``build`` hands the booklet to each writer asked for and
writes the outputs all or nothing: each goes to a hidden temporary file, and they are moved
into place together once every writer has finished, so a failed or interrupted build
leaves the earlier outputs as they were.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from . import transforms
from .atomic import atomic_write, os_error
from .errors import BuildError, ConfigError, PamphletError
from .accounting import account, check
from .loading import load_essay as load_source
from .fetch import WebOptions, is_url, page_file_name
from .manifest import EssayEntry, Manifest, load_manifest
from .model import BookMeta, Booklet, Essay, EssayMeta, Notice, ReadResult
from .pages import page_size, print_css
from .transforms.ids import slugify

FORMATS = ("pdf", "epub", "html")


@dataclass
class BuildOptions:
    out_dir: Path = Path("build")
    formats: tuple[str, ...] = ("pdf", "epub")
    title: str | None = None
    page_size: str | None = None
    notes: str | None = None
    styles: tuple[str, ...] = ()
    jobs: int = 0  # 0: one per core
    use_cache: bool = True
    allow_remote: bool = False
    impose: str | None = None
    #: copy-shop extras: bleed around each page (such as "3mm") and crop marks
    bleed: str | None = None
    marks: bool = False
    #: "separate": also write the front and back cover as <slug>-cover.pdf
    cover: str = "inline"
    sheet: str | None = None
    signature: int | None = None
    #: build an essay that lost most of its words without a reason (a warning, not an error)
    keep_going: bool = False
    progress: Callable[[int, int, int, str], None] | None = None
    #: fetch essays named by URL again instead of reading them from <out_dir>/.cache/web
    refresh: bool = False


@dataclass
class BuildResult:
    booklet: Booklet
    outputs: dict[str, Path] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pages: int = 0
    start_pages: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    #: how to print, fold and bind the imposed PDF (from the imposition writer)
    print_instructions: str = ""


@dataclass(frozen=True)
class Assembled:
    booklet: Booklet
    notices: tuple[Notice, ...]
    styles: tuple[str, ...]
    template_dirs: tuple[Path, ...]
    style_dirs: tuple[Path, ...]


def build_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"SOURCE_DATE_EPOCH is not a whole number: '{value}'",
                          key="SOURCE_DATE_EPOCH", hint="unset it or give seconds since 1970") \
            from None


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


def assemble(inputs: list[Path | str], options: BuildOptions) -> Assembled:
    """A booklet from one manifest (``.toml``) or from essay files (or URLs)."""
    inputs = [p if is_url(p) else Path(p) for p in inputs]
    if len(inputs) == 1 and not is_url(inputs[0]) and inputs[0].suffix.lower() == ".toml":
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

    meta = _book_meta(manifest, essays, options)
    booklet = Booklet(
        meta=meta, essays=tuple(essays),
        notes=options.notes or (manifest.notes if manifest else None) or "essay",
        page_size=(options.page_size or (manifest.page_size if manifest else None)
                   or "a5").lower(),
        # a title with no Latin letters names the file after the manifest or first essay
        slug=slugify(meta.title, slugify(_stem(inputs[0]), "booklet")),
    )
    page_size(booklet.page_size, key="page-size")  # validate early
    if booklet.notes not in ("essay", "book"):
        raise ConfigError(f"unknown notes placement '{booklet.notes}'", key="notes",
                          hint="use essay or book")
    styles = options.styles or (manifest.styles if manifest else ()) or ("classic",)
    return Assembled(booklet, tuple(notices), tuple(styles),
                     manifest.template_dirs if manifest else (),
                     manifest.style_dirs if manifest else ())


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


def run(inputs: list[Path], options: BuildOptions) -> BuildResult:
    """``assemble`` then ``build``; for a PDF in parallel, the render workers start first
    and get WeasyPrint and the fonts ready while the essays are read."""
    started = time.perf_counter()
    with ExitStack() as stack:
        pool = None
        jobs = _jobs(options)
        if "pdf" in options.formats and jobs > 1:
            from .fonts import font_face_css
            from .writers.render import render_pool

            pool = stack.enter_context(render_pool(jobs, font_face_css()))
        result = build(assemble(inputs, options), options, pool=pool)
    result.seconds = time.perf_counter() - started
    return result


def _jobs(options: BuildOptions) -> int:
    return options.jobs or os.cpu_count() or 1


def build(assembled: Assembled, options: BuildOptions, pool=None) -> BuildResult:
    """Write every output asked for; ``pool``: PDF render workers already started
    (``writers.render.render_pool``), else the PDF writer starts its own when it needs them."""
    started = time.perf_counter()
    booklet = assembled.booklet
    for fmt in options.formats:
        if fmt not in FORMATS:
            raise ConfigError(f"unknown output format '{fmt}'", key="format",
                              hint="use a comma list of: " + ", ".join(FORMATS))
    out_dir = options.out_dir
    try:
        in_the_way = out_dir.exists() and not out_dir.is_dir()
    except OSError as error:  # a name too long, say
        raise os_error(error, out_dir) from error
    if in_the_way:
        raise BuildError("the output folder is a file", path=str(out_dir),
                         hint="choose another --out-dir")
    result = BuildResult(booklet, notices=list(assembled.notices))
    # the build's time, decided here once: SOURCE_DATE_EPOCH, else the clock
    epoch = build_epoch()
    built_at = datetime.fromtimestamp(epoch if epoch is not None else time.time(), timezone.utc)
    build_date = built_at.strftime("%Y-%m-%d")
    from .writers.html import BookHTML, RenderSettings

    settings = RenderSettings(styles=assembled.styles,
                              user_template_dirs=assembled.template_dirs, build_date=build_date,
                              extra_css=print_css(options.bleed, options.marks),
                              allow_remote=options.allow_remote)
    book_html = BookHTML(booklet, settings)

    with ExitStack() as stack:
        def output(fmt: str, suffix: str) -> Path:
            """A temporary path for one output; moved into place when all are done."""
            target = out_dir / f"{booklet.slug}{suffix}"
            result.outputs[fmt] = target
            return stack.enter_context(_output(target))

        if "html" in options.formats:
            output("html", ".html").write_text(book_html.document(), encoding="utf-8")

        if "pdf" in options.formats:
            _build_pdf(book_html, assembled, options, epoch, result, output, pool)

        if "epub" in options.formats:
            from .writers.epub import write_epub

            result.notices.extend(write_epub(booklet, output("epub", ".epub"),
                                             build_date=built_at))

    for notice in settings.notices:
        if notice not in result.notices:
            result.notices.append(notice)
    result.seconds = time.perf_counter() - started
    return result


def _build_pdf(book_html, assembled: Assembled, options: BuildOptions, epoch, result,
               output: Callable[[str, str], Path], pool) -> None:
    from .writers.pdf import PdfSettings, write_pdf

    booklet = assembled.booklet
    cache = options.out_dir / ".cache" / "parts" if options.use_cache else None
    pdf_settings = PdfSettings(jobs=_jobs(options), cache_dir=cache,
                               allow_remote=options.allow_remote,
                               extra_roots=tuple(str(d) for d in assembled.style_dirs),
                               build_epoch=epoch, progress=options.progress, pool=pool)
    pdf = output("pdf", ".pdf")
    report = write_pdf(booklet, book_html, pdf, pdf_settings)
    result.pages = report.pages
    result.start_pages = report.start_pages
    result.warnings.extend(report.warnings)
    result.notices.extend(n for n in report.notices if n not in result.notices)

    if options.cover == "separate":
        from .writers.covers import split_cover

        split_cover(pdf, output("cover", "-cover.pdf"))

    if options.impose:
        from .writers.impose import impose

        printed = output("print", "-print.pdf")
        try:
            report = impose(pdf, printed, layout=options.impose, sheet=options.sheet,
                            signature=options.signature)
            result.print_instructions = report.instructions
        except PamphletError as error:  # name the real outputs, not the temporary files
            names = {str(pdf): result.outputs["pdf"], str(printed): result.outputs["print"]}
            if error.path not in names:
                raise
            raise type(error)(error.what, path=str(names[error.path]), line=error.line,
                              key=error.key, hint=error.hint) from error


@contextmanager
def _output(target: Path) -> Iterator[Path]:
    """``atomic_write``, with any ``OSError`` from the writer turned into a ``BuildError``."""
    with atomic_write(target) as temp:
        try:
            yield temp
        except OSError as error:
            if error.filename and Path(error.filename) != temp:
                raise BuildError(f"cannot use this file: {error.strerror or error}",
                                 path=error.filename,
                                 hint="check that it exists and can be read") from error
            raise os_error(error, target) from error
