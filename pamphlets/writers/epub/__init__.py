"""The EPUB 3 writer: one XHTML file per essay, endnotes wired both ways, a stable package.

Every document is rendered from ``templates/epub/`` with the shared markup renderer;
ebooklib assembles the package (metadata, manifest, spine) and the zip is rewritten at
the end so that the same book always gives the same bytes.
"""

from __future__ import annotations

import io
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

import jinja2
from ebooklib import epub
from markupsafe import Markup
from PIL import Image, UnidentifiedImageError

from ...context import BuildContext
from ...model import Booklet, Essay, EssayMeta, Heading, Note, Notice, Para, plain_text
from ...resources import styles_dir
from .. import PrintPages, Report, Runtime, anchors, markup
from ..images import cover_left_out, cover_problem, essay_image, image_problem
from ..svg import clean_svg
from .cover import cover_png
from .pagelist import mark_pages
from .archive import normalise
from ..templating import environment

XHTML = "application/xhtml+xml"
UI_LANG = "en"  # the language of the few words the templates add ("Notes", "Contents")
_NAMESPACE = uuid.UUID("6f1c1a52-1b0e-4f3e-9d2a-7a0f3c5e2b91")  # for uuid5 identifiers
_IMAGE_TYPES = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg"),
                "GIF": ("image/gif", "gif")}
#: the accessibility conformance every EPUB claims (EPUB Accessibility 1.1, section 2.1)
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
_W3C_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass
class Entry:
    """A line of the table of contents; ``href`` is relative to the text folder."""

    title: str
    href: str
    lang: str = ""
    level: int = 0
    children: list["Entry"] = field(default_factory=list)
    order: int = 0


@dataclass
class Doc:
    """One XHTML file of the book, in reading order."""

    id: str
    name: str  # inside the text folder
    content: str
    properties: tuple[str, ...] = ()


@dataclass
class Part:
    """One essay, rendered."""

    key: str
    name: str
    title: str
    essay: Essay
    lang: str
    body: Markup
    notes: list[dict]
    sections: list[Entry]
    #: the id of the section holding the essay's notes (after it or at the back)
    notes_id: str = ""


# --------------------------------------------------------------------------- entry point


def write(booklet: Booklet, out_path: Path, context: BuildContext,
          runtime: Runtime = Runtime(), transform: Callable[[Doc], None] | None = None
          ) -> Report:
    """Write ``booklet`` as an EPUB 3 to ``out_path``; reports what the user should know.
    ``transform`` changes each XHTML file but the navigation document before it is
    packaged (the Kobo edition's additions, ``kepub.py``)."""
    notices: list[Notice] = []
    images = ImageStore(notices)
    parts = [_render_essay(booklet, context, i, essay, images)
             for i, essay in enumerate(booklet.essays)]
    cover = _cover(booklet, notices)
    ident = identifier(booklet)
    modified = context.built_at
    docs, ncx, pages = _documents(booklet, context, parts, ident, f"cover.{cover[2]}",
                                  runtime.print_pages)
    for doc in docs:
        if transform is not None and "nav" not in doc.properties:
            transform(doc)
    book = _package(booklet, ident, modified, images,
                    runtime.print_pages.edition if pages else "")
    _add_files(book, cover, docs, ncx, images)
    writer = _Writer(str(out_path), book, {"mtime": modified, "epub2_guide": False,
                                           "epub3_landmark": False, "epub3_pages": False,
                                           "raise_exceptions": True})
    writer.lang = booklet.meta.lang
    writer.process()
    writer.write()
    normalise(Path(out_path))
    return Report(notices=notices)


class _Writer(epub.EpubWriter):
    """ebooklib's writer, with the book's language on ``<package>`` (accessibility
    checkers such as Ace want ``xml:lang`` there, not only in ``dc:language``)."""

    lang = ""

    def _write_opf_file(self, root) -> None:
        if self.lang:
            root.set("{http://www.w3.org/XML/1998/namespace}lang", self.lang)
        super()._write_opf_file(root)


def _documents(booklet: Booklet, context: BuildContext, parts: list[Part], ident: str,
               cover_name: str, print_pages: PrintPages | None
               ) -> tuple[list[Doc], str, list[dict]]:
    """Every XHTML file in reading order, the NCX, and the page list of the print
    edition (when the PDF was built in the same run)."""
    env = environment()
    common = {"book": booklet.meta, "lang": booklet.meta.lang, "ui_lang": UI_LANG}
    docs = [_doc(env, "cover", "cover.xhtml", common, src=f"../images/{cover_name}",
                 alt=f"Cover: {booklet.meta.title}"),
            _doc(env, "titlepage", "titlepage.xhtml", common)]
    docs += [_doc(env, "essay", p.name, common, part=p,
                  notes=p.notes if context.notes_with_essays else [],
                  doc_id=p.name.removesuffix(".xhtml")) for p in parts]
    if not context.notes_with_essays and any(p.notes for p in parts):
        docs.append(_doc(env, "endnotes", anchors.BOOK_NOTES_FILE, common, parts=parts))
    docs.append(_doc(env, "colophon", "colophon.xhtml", common,
                     sources=[_source(p) for p in parts]))
    pages = mark_pages(docs, print_pages) if print_pages else []
    toc = _toc(parts, docs)
    nav = _doc(env, "nav", "nav.xhtml", common, toc=toc, landmarks=_landmarks(parts, docs),
               pages=pages)
    nav.properties = ("nav",)
    docs.insert(2, nav)
    ncx = env.get_template("epub/toc.ncx.j2").render(common, toc=toc, identifier=ident,
                                                     depth=_depth(toc))
    return docs, ncx, pages


def _doc(env: jinja2.Environment, template: str, name: str, common: dict, *,
         doc_id: str = "", **context) -> Doc:
    """Render ``templates/epub/<template>.xhtml.j2`` into the file ``name``."""
    html = env.get_template(f"epub/{template}.xhtml.j2").render(common, **context)
    return Doc(doc_id or template, name, html)


# --------------------------------------------------------------------------- dates and ids


def identifier(booklet: Booklet) -> str:
    """BookMeta.identifier, or a uuid5 URN that stays the same for the same book."""
    if booklet.meta.identifier:
        return booklet.meta.identifier
    words = [booklet.meta.title, booklet.meta.editor] + [e.meta.title for e in booklet.essays]
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, chr(10).join(words))}"


# --------------------------------------------------------------------------- essays


def _render_essay(booklet: Booklet, context: BuildContext, index: int, essay: Essay,
                  images: "ImageStore") -> Part:
    key, name = anchors.essay_key(index), anchors.epub_essay_file(index)
    notes_file = anchors.notes_home(context, "", anchors.BOOK_NOTES_FILE)
    t = markup.Targets(key=key, note_href=str, ref_href=str, epub=True,
                       image_url=images.resolver(essay))
    t.note_href = lambda n: f"{notes_file}#{t.note_id(n)}"
    t.ref_href = lambda n: f"{name}#{t.ref_id(n)}" if notes_file else f"#{t.ref_id(n)}"
    body = markup.body(essay.blocks, t)
    referenced = set(t.seen_refs)
    notes = [_note(n, t, n.id in referenced) for n in essay.notes]
    lang = essay.meta.lang or booklet.meta.lang
    title = essay.meta.title.strip() or f"Essay {index + 1}"
    return Part(key, name, title, essay, lang, body, notes, _sections(essay, name, key, lang),
                anchors.epub_notes_section_id(key))


def _note(note: Note, t: markup.Targets, referenced: bool) -> dict:
    """A note for the template; its last paragraph is kept apart to hold the back-link."""
    blocks, last = note.blocks, None
    if blocks and isinstance(blocks[-1], Para):
        blocks, last = blocks[:-1], markup.inlines(blocks[-1].inlines, t)
    return {"id": t.note_id(note.id), "blocks": markup.blocks(blocks, t),
            "last": last, "backlink": t.ref_href(note.id) if referenced else None}


def _sections(essay: Essay, name: str, key: str, lang: str) -> list[Entry]:
    """The essay's headings, nested by level, without note markers."""
    root = Entry("", "", level=0)
    stack = [root]
    for block in essay.blocks:
        title = plain_text(block.inlines).strip() if isinstance(block, Heading) else ""
        if not title or not block.id:
            continue
        entry = Entry(title, f"{name}#{anchors.heading_id(key, block.id)}", lang, block.level)
        while stack[-1].level >= block.level:
            stack.pop()
        stack[-1].children.append(entry)
        stack.append(entry)
    return root.children


def _source(part: Part) -> dict:
    meta = part.essay.meta
    return {"title": part.title, "lang": part.lang, "authors": meta.authors,
            "translator": meta.translator, "date": meta.date, "licence": meta.licence,
            "url": markup.safe_url(meta.source) if meta.source else None,
            "source": meta.source, "ends_with_stop": _last_credit(meta).endswith(".")}


def _last_credit(meta: EssayMeta) -> str:
    """The last words of an essay's credit line, to end it with one full stop."""
    return meta.date or meta.translator or (meta.authors[-1] if meta.authors else meta.title)


# --------------------------------------------------------------------------- navigation


def _toc(parts: list[Part], docs: list[Doc]) -> list[Entry]:
    names = {d.name for d in docs}
    toc = [Entry("Title Page", "titlepage.xhtml")]
    toc += [Entry(p.title, p.name, p.lang, children=p.sections)
            for p in parts]
    if anchors.BOOK_NOTES_FILE in names:
        toc.append(Entry("Notes", anchors.BOOK_NOTES_FILE))
    toc.append(Entry("Colophon", "colophon.xhtml"))
    _number(toc, 1)
    return toc


def _number(entries: list[Entry], start: int) -> int:
    """Give each entry its play order, depth first, as the NCX wants."""
    for entry in entries:
        entry.order = start
        start = _number(entry.children, start + 1)
    return start


def _depth(entries: list[Entry]) -> int:
    return 1 + max((_depth(e.children) for e in entries), default=0) if entries else 0


def _landmarks(parts: list[Part], docs: list[Doc]) -> list[dict]:
    marks = [{"type": "cover", "href": "cover.xhtml", "title": "Cover"},
             {"type": "titlepage", "href": "titlepage.xhtml", "title": "Title Page"},
             {"type": "toc", "href": "nav.xhtml#toc", "title": "Contents"}]
    if parts:
        marks.append({"type": "bodymatter", "href": parts[0].name, "title": "Start of Content"})
    if any(d.name == anchors.BOOK_NOTES_FILE for d in docs):
        marks.append({"type": "endnotes", "href": anchors.BOOK_NOTES_FILE, "title": "Notes"})
    return marks


# --------------------------------------------------------------------------- images


class ImageStore:
    """The essays' images: only real files inside the essay's own folder are taken."""

    def __init__(self, notices: list[Notice]):
        self.notices = notices
        self.files: dict[Path, tuple[str, str, bytes]] = {}  # real path -> (name, type, data)

    def resolver(self, essay: Essay):
        """The ``image_url`` callback for one essay's ``Targets``."""
        def image_url(src: str) -> str | None:
            path, reason = essay_image(src, essay.origin)
            if path is None:
                self.notices.append(Notice("warning", f"image left out: {reason}", src))
                return None
            return self._add(path, src)
        return image_url

    def _add(self, path: Path, src: str) -> str | None:
        if path not in self.files:
            image = read_image(path) or self._svg(path, src)
            if image is None:
                self.notices.append(Notice("warning", "image left out: not an image", src))
                return None
            media_type, ext, data = image
            self.files[path] = (f"image-{len(self.files) + 1:02d}.{ext}", media_type, data)
        return f"../images/{self.files[path][0]}"

    def _svg(self, path: Path, src: str) -> tuple[str, str, bytes] | None:
        """An SVG file, made safe (``svg.clean_svg``); ``None`` if it is not one."""
        try:
            cleaned = clean_svg(path.read_bytes())
        except OSError:
            return None
        if cleaned is None:
            return None
        data, removed = cleaned
        if removed:
            self.notices.append(Notice("warning", "SVG image cleaned: scripts, outside "
                                       "references or foreign markup removed", src))
        return "image/svg+xml", "svg", data


def _image_type(path: Path) -> tuple[str, str] | None:
    """Media type and suffix of a PNG, JPEG or GIF file (judged by content, not name)."""
    try:
        with Image.open(path) as image:
            return _IMAGE_TYPES.get(image.format or "")
    except (OSError, UnidentifiedImageError):
        return None


def read_image(path: Path) -> tuple[str, str, bytes] | None:
    """Media type, suffix and bytes: PNG, JPEG and GIF as they are, other images as PNG;
    ``None`` for what is not an image, or one ``image_problem`` leaves out."""
    if image_problem(path):
        return None
    kind = _image_type(path)
    if kind:
        return *kind, path.read_bytes()
    try:
        with Image.open(path) as image:
            out = io.BytesIO()
            image.save(out, format="PNG")
    except (OSError, UnidentifiedImageError, ValueError):
        return None
    return "image/png", "png", out.getvalue()


# --------------------------------------------------------------------------- package


def _package(booklet: Booklet, ident: str, modified: datetime,
             images: ImageStore, page_source: str = "") -> epub.EpubBook:
    """The book's metadata: Dublin Core, creators with roles, accessibility;
    ``page_source`` names the print edition whose page numbers the book carries."""
    meta = booklet.meta
    book = epub.EpubBook()
    book.metadata[epub.NAMESPACES["OPF"]].pop("generator", None)
    book.IDENTIFIER_ID = "pub-id"
    book.set_identifier(ident)
    book.add_metadata("DC", "title", meta.title, {"id": "title"})
    _refine(book, "title", "title-type", "main")
    if meta.subtitle:
        book.add_metadata("DC", "title", meta.subtitle, {"id": "subtitle"})
        _refine(book, "subtitle", "title-type", "subtitle")
    book.set_language(meta.lang)
    # the essays' own languages after the book's (the first dc:language is the main one)
    for lang in dict.fromkeys(e.meta.lang for e in booklet.essays):
        if lang and lang != meta.lang:
            book.add_metadata("DC", "language", lang)
    _creators(book, booklet)
    date = meta.date if _W3C_DATE.match(meta.date) else modified.strftime("%Y-%m-%d")
    book.add_metadata("DC", "date", date)
    for name, value in (("description", meta.description), ("rights", meta.licence)):
        if value:
            book.add_metadata("DC", name, value)
    for essay in booklet.essays:
        if markup.safe_url(essay.meta.source or ""):
            book.add_metadata("DC", "source", essay.meta.source.strip())
    _accessibility(book, has_images=bool(images.files), page_source=page_source)
    return book


def _refine(book: epub.EpubBook, target: str, prop: str, value: str, scheme: str = "") -> None:
    attrs = {"refines": f"#{target}", "property": prop}
    if scheme:
        attrs["scheme"] = scheme
    book.add_metadata(None, "meta", value, attrs)


def _creators(book: epub.EpubBook, booklet: Booklet) -> None:
    """The editor and each author once, with MARC roles; translators as contributors."""
    roles: dict[str, list[str]] = {}
    if booklet.meta.editor:
        roles[booklet.meta.editor] = ["edt"]
    for essay in booklet.essays:
        for author in essay.meta.authors:
            if "aut" not in roles.setdefault(author, []):
                roles[author].append("aut")
    for i, (name, marcs) in enumerate(roles.items(), start=1):
        book.add_metadata("DC", "creator", name, {"id": f"creator-{i}"})
        for marc in marcs:
            _refine(book, f"creator-{i}", "role", marc, "marc:relators")
    translators = dict.fromkeys(e.meta.translator for e in booklet.essays if e.meta.translator)
    for i, name in enumerate(translators, start=1):
        book.add_metadata("DC", "contributor", name, {"id": f"contributor-{i}"})
        _refine(book, f"contributor-{i}", "role", "trl", "marc:relators")


def _accessibility(book: epub.EpubBook, *, has_images: bool, page_source: str = "") -> None:
    features = ["tableOfContents", "readingOrder", "structuralNavigation"]
    modes = ["textual"] + (["visual"] if has_images else [])
    if has_images:
        features.append("alternativeText")
    if page_source:
        features += ["pageBreakMarkers", "pageNavigation"]
    summary = ("Essays with a table of contents, a heading for each essay and section, "
               "and endnotes linked to and from their references."
               + (" Images have text alternatives." if has_images else "")
               + (" A page list and page-break markers give the page numbers of the "
                  "print edition." if page_source else ""))
    pairs = [("accessMode", m) for m in modes] + [("accessModeSufficient", "textual")]
    pairs += [("accessibilityFeature", f) for f in features]
    pairs += [("accessibilityHazard", "none"), ("accessibilitySummary", summary)]
    for prop, value in pairs:
        book.add_metadata(None, "meta", value, {"property": f"schema:{prop}"})
    # The claim the tests hold it to: every book they build passes Ace by DAISY with no
    # violation and EPUBCheck with no error or warning. No certifier is named (nobody
    # outside has certified it), so a11y:certifiedBy is left out.
    book.add_metadata(None, "meta", CONFORMS_TO, {"property": "dcterms:conformsTo"})
    if page_source:
        # EPUB 3.3's own vocabulary (no prefix): what EPUBCheck 5 and Ace 1.4 both read
        book.add_metadata(None, "meta", page_source, {"property": "pageBreakSource"})


def _add_files(book: epub.EpubBook, cover: tuple[bytes, str, str], docs: list[Doc],
               ncx: str, images: ImageStore) -> None:
    """Cover, stylesheet, documents, NCX and images, and the spine in reading order."""
    data, media_type, suffix = cover
    book.add_item(_item("cover-image", f"images/cover.{suffix}", media_type, data,
                        ("cover-image",)))
    book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
    css = (styles_dir() / "epub.css").read_bytes()
    book.add_item(_item("css", "styles/epub.css", "text/css", css))
    for doc in docs:
        book.add_item(_item(doc.id, f"text/{doc.name}", XHTML, doc.content.encode(),
                            doc.properties))
    book.add_item(_item("ncx", "toc.ncx", "application/x-dtbncx+xml", ncx.encode()))
    for name, media_type, data in images.files.values():
        book.add_item(_item(f"img-{name.rsplit('.', 1)[0]}", f"images/{name}", media_type, data))
    book.spine = [doc.id for doc in docs]


def _item(uid: str, name: str, media_type: str, content: bytes,
          properties: tuple[str, ...] = ()) -> epub.EpubItem:
    item = epub.EpubItem(uid=uid, file_name=name, media_type=media_type, content=content)
    item.properties = list(properties)
    return item


def _cover(booklet: Booklet, notices: list[Notice]) -> tuple[bytes, str, str]:
    """BookMeta.cover_image or a generated cover: data, media type, suffix."""
    meta = booklet.meta
    if meta.cover_image:
        path = Path(meta.cover_image)
        problem = cover_problem(path)
        image = None if problem else read_image(path)
        if image:
            media_type, suffix, data = image
            return data, media_type, suffix
        notices.append(cover_left_out(problem or "unreadable", meta.cover_image))
    return cover_png(meta.title, meta.subtitle, meta.editor), "image/png", "png"
