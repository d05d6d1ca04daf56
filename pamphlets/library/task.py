"""One text of a library, built in a worker: a plain, picklable function.

``build_text(spec) -> TextResult`` runs in a process of the local pool or on a Dask
worker (possibly another machine): it builds the text through the pipeline's API
(``pamphlets.assemble`` / ``pamphlets.build``) into a temporary folder, once per page
size, and returns every output as bytes, with the catalogue's metadata and the files the
build read. It never raises: a failure comes back as one line in ``TextResult.error``,
so that a library's other texts go on. ``warm_worker`` is the pool's initializer: it
imports WeasyPrint and loads the book face once per process, and the render module keeps
the fonts and parsed style sheets from one text to the next.
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

#: the outputs a library can make, in the order the CLI lists them
LIBRARY_FORMATS = ("pdf", "epub", "print")
#: the cover thumbnail's width in pixels
THUMBNAIL_WIDTH = 240


@dataclass(frozen=True)
class TextSpec:
    """What one worker needs to build one text (all plain, picklable values)."""

    slug: str
    #: the manifest or essay, as an absolute path
    source: str
    formats: tuple[str, ...]
    page_sizes: tuple[str, ...]
    #: the build's time, decided once for the whole library run (seconds since 1970)
    epoch: int


@dataclass
class TextResult:
    slug: str
    #: output file name -> its bytes
    files: dict[str, bytes] = field(default_factory=dict)
    #: title, subtitle, authors, date, lang, description (for the catalogue)
    meta: dict = field(default_factory=dict)
    #: pages of the first page size's PDF
    pages: int = 0
    #: the files the build read (the source, a manifest's essays, images, cover)
    inputs: tuple[str, ...] = ()
    #: one line when the text failed; nothing else is then set
    error: str = ""
    seconds: float = 0.0
    warnings: tuple[str, ...] = ()


def warm_worker() -> None:
    """The pool's initializer: WeasyPrint imported and the book face loaded in this
    process, before its first text (the render module keeps both for the next ones)."""
    from ..fonts import font_face_css
    from ..writers.pdf import render

    render.warm_worker(font_face_css())


def build_text(spec: TextSpec) -> TextResult:
    """Build one text in every format and page size asked; never raises."""
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="pamphlets-library-"))
    try:
        result = _build(spec, folder)
    except Exception as error:  # noqa: BLE001 - reported as one line, the others go on
        result = TextResult(spec.slug, error=_one_line(error))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    return result


def _one_line(error: Exception) -> str:
    from ..errors import PamphletError, unexpected_error

    if not isinstance(error, PamphletError):
        error = unexpected_error(error, "library")
    return error.one_line()


def _build(spec: TextSpec, folder: Path) -> TextResult:
    from ..manifest import load_manifest
    from ..options import BuildOptions
    from ..pipeline import assemble, build, resolve_context

    source = Path(spec.source)
    built_at = datetime.fromtimestamp(spec.epoch, timezone.utc)
    sizes = spec.page_sizes
    wants_pdf = "pdf" in spec.formats or "print" in spec.formats
    base = BuildOptions(out_dir=folder, jobs=1, use_cache=False, page_size=sizes[0],
                        impose="booklet" if "print" in spec.formats else None)
    assembled = assemble(source, base)
    manifest = load_manifest(source) if source.suffix.lower() == ".toml" else None
    result = TextResult(spec.slug, meta=_meta(assembled.booklet),
                        inputs=_inputs(source, manifest, assembled.booklet))
    warnings: list[str] = []
    first_pdf = b""
    for n, size in enumerate(sizes):
        formats = (("pdf",) if wants_pdf else ()) + (("epub",) if n == 0 and "epub"
                                                    in spec.formats else ())
        if not formats:
            continue
        options = dataclasses.replace(base, page_size=size, formats=formats)
        context = dataclasses.replace(resolve_context(options, manifest), built_at=built_at)
        built = build(dataclasses.replace(assembled, context=context), options)
        warnings += [f"{n.reason}: {n.text}" for n in built.notices if n.kind == "warning"]
        warnings += built.warnings
        names = {"pdf": f"{spec.slug}-{size}.pdf", "print": f"{spec.slug}-{size}-print.pdf",
                 "epub": f"{spec.slug}.epub"}
        for kind, path in built.outputs.items():
            if kind in names:
                result.files[names[kind]] = Path(path).read_bytes()
        if wants_pdf and n == 0:
            result.pages = built.pages
            first_pdf = result.files[names["pdf"]]
    epub = result.files.get(f"{spec.slug}.epub")
    result.files[f"{spec.slug}-cover.png"] = _thumbnail(first_pdf, epub)
    result.warnings = tuple(dict.fromkeys(warnings))
    return result


def _meta(booklet) -> dict:
    meta = booklet.meta
    authors = list(dict.fromkeys(a for essay in booklet.essays for a in essay.meta.authors))
    first = booklet.essays[0].meta if booklet.essays else None
    return {
        "title": meta.title, "subtitle": meta.subtitle,
        "authors": authors or ([meta.editor] if meta.editor else []),
        "editor": meta.editor, "date": meta.date or (first.date if first else ""),
        "lang": meta.lang or "en",
        "description": meta.description or (first.description if first else ""),
        "essays": [essay.meta.title for essay in booklet.essays],
    }


def _inputs(source: Path, manifest, booklet) -> tuple[str, ...]:
    """Every local file the build read: the source, a manifest's essays and cover, the
    images the essays show, the manifest's template and style folders."""
    from ..model import Figure, iter_blocks

    found = [source]
    if manifest is not None:
        found += [entry.path for entry in manifest.essays if not entry.url]
        for folder in (*manifest.template_dirs, *manifest.style_dirs):
            found += sorted(p for p in Path(folder).rglob("*") if p.is_file())
    if booklet.meta.cover_image:
        found.append(Path(booklet.meta.cover_image))
    for essay in booklet.essays:
        if not essay.origin or "://" in essay.origin:
            continue
        home = Path(essay.origin).parent
        for block in iter_blocks(essay.blocks):
            if isinstance(block, Figure) and not block.src.startswith(("data:", "http:",
                                                                       "https:")):
                found.append(home / block.src)
    return tuple(dict.fromkeys(str(Path(p).resolve()) for p in found))


def _thumbnail(pdf: bytes, epub: bytes | None) -> bytes:
    """A PNG of the cover, THUMBNAIL_WIDTH wide: the EPUB's cover image (the manifest's
    ``cover_image``, else the one the EPUB writer designs from the title), else the PDF's
    first page; the same bytes for the same input."""
    from PIL import Image

    image = None
    if epub:
        try:
            with zipfile.ZipFile(io.BytesIO(epub)) as archive:
                name = next(n for n in sorted(archive.namelist())
                            if n.rsplit("/", 1)[-1].startswith("cover.")
                            and not n.endswith((".xhtml", ".html")))
                image = Image.open(io.BytesIO(archive.read(name)))
                image.load()
        except (StopIteration, OSError, zipfile.BadZipFile):  # an SVG cover, say
            if not pdf:
                raise
            image = None
    if image is not None:
        height = round(image.height * THUMBNAIL_WIDTH / image.width)
        image = image.convert("RGB").resize((THUMBNAIL_WIDTH, height), Image.LANCZOS)
    else:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(pdf)
        try:
            page = document[0]
            image = page.render(scale=THUMBNAIL_WIDTH / page.get_width()).to_pil()
        finally:
            document.close()
    out = io.BytesIO()
    image.convert("RGB").save(out, "PNG", optimize=True)
    return out.getvalue()
