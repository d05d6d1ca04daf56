"""The HTML handed to WeasyPrint: one whole document, or the same pages cut into parts.

``BookHTML.document()`` is the single document (``--format html`` writes it): contents
page numbers by ``target-counter``, folios by margin boxes. ``BookHTML.parts()`` gives the
same content as separate documents (front matter, one per essay, book notes, colophon)
for rendering in parallel: a link whose target lies in another part gets an ``XREF``
URL that the PDF joiner turns back into an internal link, and the contents take their page
numbers as text. ``BookHTML.sheets()`` is the overlay that prints folios on the parts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from markupsafe import Markup

from ..model import Booklet, Essay, Notice
from ..pages import page_css, page_size
from ..resources import styles_dir
from . import markup
from .templating import environment

#: prefix of a link to an anchor in another part; the joiner resolves it
XREF = "https://xref.pamphlets.invalid/#"

RTL_LANGS = {"ar", "he", "fa", "ur", "yi", "ps", "dv", "ku", "sd", "ug"}
BUILTIN_STYLES = ("classic", "zine")

LABELS = {
    "en": {"contents": "Contents", "notes": "Notes", "sources": "Sources",
           "made": "Made with pamphlets on", "edited": "Edited by"},
    "fr": {"contents": "Table des matières", "notes": "Notes", "sources": "Sources",
           "made": "Fabriqué avec pamphlets le", "edited": "Édité par"},
    "de": {"contents": "Inhalt", "notes": "Anmerkungen", "sources": "Quellen",
           "made": "Gesetzt mit pamphlets am", "edited": "Herausgegeben von"},
    "es": {"contents": "Índice", "notes": "Notas", "sources": "Fuentes",
           "made": "Hecho con pamphlets el", "edited": "Edición de"},
    "ru": {"contents": "Содержание", "notes": "Примечания", "sources": "Источники",
           "made": "Сделано в pamphlets", "edited": "Составитель:"},
    "mk": {"contents": "Содржина", "notes": "Белешки", "sources": "Извори",
           "made": "Направено со pamphlets на", "edited": "Уредник:"},
}


def labels_for(lang: str) -> dict[str, str]:
    return LABELS.get(lang.split("-")[0].lower(), LABELS["en"])


def text_direction(lang: str) -> str:
    return "rtl" if lang.split("-")[0].lower() in RTL_LANGS else "ltr"


def join_names(names: Iterable[str]) -> str:
    names = [n for n in names if n]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def essay_key(index: int) -> str:
    return f"e{index + 1}"


@dataclass(frozen=True)
class Part:
    """One document of the parallel render."""

    name: str
    #: front, essay, notes or back: decides the folios printed over its pages
    kind: str
    html: str
    #: running head for the part's pages (the essay title)
    running_head: str = ""
    #: for a TOC entry and bookmark: the essay title (essay parts only)
    title: str = ""


@dataclass
class RenderSettings:
    """Everything besides the booklet that decides the HTML."""

    styles: tuple[str, ...] = ("classic",)
    user_template_dirs: tuple[Path, ...] = ()
    build_date: str = ""
    notices: list[Notice] = field(default_factory=list)


def load_styles(names: Iterable[str]) -> str:
    """Built-in looks by name, a user's CSS files by path; later ones override earlier."""
    from ..errors import ConfigError

    chunks = []
    for name in names:
        if name in BUILTIN_STYLES:
            chunks.append((styles_dir() / f"{name}.css").read_text(encoding="utf-8"))
            continue
        path = Path(name)
        if path.suffix.lower() != ".css" or not path.is_file():
            raise ConfigError(f"unknown style '{name}'", key="style",
                              hint="use classic, zine, or the path of a .css file")
        chunks.append(path.read_text(encoding="utf-8"))
    return "\n".join(chunks)


class BookHTML:
    def __init__(self, booklet: Booklet, settings: RenderSettings):
        self.booklet = booklet
        self.settings = settings
        self.size = page_size(booklet.page_size)
        self.env = environment(settings.user_template_dirs)
        self.labels = labels_for(booklet.meta.lang)
        base = (styles_dir() / "base.css").read_text(encoding="utf-8")
        look = load_styles(settings.styles)
        self.css_parts = page_css(self.size) + base + "\n" + look
        self.folios_css = (styles_dir() / "folios.css").read_text(encoding="utf-8")

    # ------------------------------------------------------------------ context

    def _book(self) -> dict:
        meta = self.booklet.meta
        return {
            "title": meta.title, "subtitle": meta.subtitle, "editor": meta.editor,
            "editor_label": f"{self.labels['edited']} {meta.editor}" if meta.editor else "",
            "date": meta.date, "lang": meta.lang, "description": meta.description,
            "colophon": meta.colophon, "licence": meta.licence,
        }

    def _where_notes(self, index: int) -> str:
        return "notes" if self.booklet.notes == "book" else essay_key(index)

    def _href(self, target_id: str, target_part: str, here: str | None) -> str:
        if here is None or target_part == here:
            return "#" + target_id
        return XREF + target_id

    def _essay_view(self, index: int, essay: Essay, here: str | None, body: bool = True) -> dict:
        key = essay_key(index)
        notes_part = self._where_notes(index)
        targets = markup.Targets(
            key=key,
            note_href=lambda n: self._href(f"{key}-n{n}", notes_part, here),
            ref_href=lambda n: self._href(f"{key}-r{n}", key, here),
            image_url=lambda src: self._image_url(essay, src),
        )
        rendered = markup.blocks(essay.blocks, targets) if body else Markup("")
        referenced = set(targets.seen_refs)
        notes = []
        for note in essay.notes:
            back = targets.ref_href(note.id) if note.id in referenced else ""
            notes.append({"id": targets.note_id(note.id), "number": note.id,
                          "back": back, "body": markup.blocks(note.blocks, targets)})
        meta = essay.meta
        return {
            "key": key, "title": meta.title, "subtitle": meta.subtitle,
            "authors": join_names(meta.authors), "lang": meta.lang or self.booklet.meta.lang,
            "dir": text_direction(meta.lang or self.booklet.meta.lang),
            "body": rendered, "body_part": body,
            "notes": notes if self.booklet.notes == "essay" else [],
            "all_notes": notes,
        }

    def _image_url(self, essay: Essay, src: str) -> str | None:
        if src.startswith("data:"):
            return src
        if not essay.origin or "://" in src or src.startswith(("/", "\\")):
            self.settings.notices.append(Notice("warning", "image left out: only images in the "
                                                "essay's own folder are used", src))
            return None
        base = Path(essay.origin).resolve().parent
        target = (base / src).resolve()
        if not target.is_relative_to(base) or not target.is_file():
            self.settings.notices.append(Notice("warning", "image left out: not found in the "
                                                "essay's folder", f"{essay.origin}: {src}"))
            return None
        return target.as_uri()

    def _render(self, template: str, **context) -> Markup:
        return Markup(self.env.get_template(template).render(
            book=self._book(), labels=self.labels, **context))

    def _page(self, content: Markup, css: str, body_class: str = "") -> str:
        return self.env.get_template("pdf/layout.html.j2").render(
            book=self._book(), css=Markup(css), content=content, body_class=body_class)

    def _toc(self, here: str | None, pages: dict[str, int] | None) -> list[dict]:
        return [{"href": self._href(essay_key(i), essay_key(i), here), "title": e.meta.title,
                 "target": "#" + essay_key(i),
                 "authors": join_names(e.meta.authors),
                 "page": (pages or {}).get(essay_key(i), "")}
                for i, e in enumerate(self.booklet.essays)]

    def _front(self, here: str | None, pages: dict[str, int] | None) -> Markup:
        title = self._render("pdf/titlepage.html.j2")
        if len(self.booklet.essays) < 2 and not self.booklet.extra.get("contents_for_one"):
            return title
        contents = self._render("pdf/contents.html.j2", toc=self._toc(here, pages),
                                literal_pages=pages is not None)
        return title + Markup("\n") + contents

    def _booknotes(self, here: str | None) -> Markup:
        if self.booklet.notes != "book":
            return Markup("")
        views = []
        for i, e in enumerate(self.booklet.essays):
            view = self._essay_view(i, e, here)
            view["notes"] = view["all_notes"]
            views.append(view)
        if not any(v["notes"] for v in views):
            return Markup("")
        return self._render("pdf/booknotes.html.j2", essays=views)

    def _sources(self) -> list[dict]:
        return [{"title": e.meta.title, "authors": join_names(e.meta.authors),
                 "date": e.meta.date, "url": markup.safe_url(e.meta.source) or "",
                 "licence": e.meta.licence} for e in self.booklet.essays]

    def _colophon(self) -> Markup:
        return self._render("pdf/colophon.html.j2", sources=self._sources(),
                            build_date=self.settings.build_date)

    # ------------------------------------------------------------------ outputs

    def document(self) -> str:
        """The whole book as one HTML document (with running heads and folios)."""
        pieces = [self._front(None, None)]
        for i, e in enumerate(self.booklet.essays):
            pieces.append(self._render("pdf/essay.html.j2", essay=self._essay_view(i, e, None)))
        pieces.append(self._booknotes(None))
        pieces.append(self._colophon())
        content = Markup("\n").join(p for p in pieces if p)
        return self._page(content, self.css_parts + "\n" + self.folios_css)

    def parts(self, pages: dict[str, int] | None = None) -> list[Part]:
        """The book as separate documents, without folios; ``pages`` fills the contents."""
        parts = [Part("front", "front", self._page(self._front("front", pages), self.css_parts))]
        for i, e in enumerate(self.booklet.essays):
            key = essay_key(i)
            html = self._page(self._render("pdf/essay.html.j2",
                                           essay=self._essay_view(i, e, key)), self.css_parts)
            parts.append(Part(key, "essay", html, running_head=e.meta.title, title=e.meta.title))
        notes = self._booknotes("notes")
        if notes:
            parts.append(Part("notes", "notes", self._page(notes, self.css_parts),
                              running_head=self.labels["notes"], title=self.labels["notes"]))
        parts.append(Part("back", "back", self._page(self._colophon(), self.css_parts)))
        return parts

    def front_part(self, pages: dict[str, int]) -> Part:
        return Part("front", "front", self._page(self._front("front", pages), self.css_parts))

    def sheets(self, sheets: list[dict]) -> str:
        """The overlay: one empty page per book page, printing only folios."""
        sheets_css = (styles_dir() / "sheets.css").read_text(encoding="utf-8")
        content = self._render("pdf/folios.html.j2", sheets=sheets)
        return self._page(content, self.css_parts + "\n" + self.folios_css + "\n" + sheets_css)

