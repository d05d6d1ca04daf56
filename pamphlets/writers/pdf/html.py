"""The HTML handed to WeasyPrint: one whole document, or the same pages cut into parts.

``BookHTML.document()`` is the single document (``--format html`` writes it): contents
page numbers by ``target-counter``, folios by margin boxes. ``BookHTML.parts()`` gives the
same content as separate documents (front matter, one per essay, book notes, colophon)
for rendering in parallel: a link whose target lies in another part gets an ``XREF``
URL that the PDF joiner turns back into an internal link, and the contents take their page
numbers as text. ``BookHTML.sheets()`` is the overlay that prints folios on the parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from markupsafe import Markup

from ...context import BuildContext
from ...fonts import font_face_css
from ...model import (Booklet, Essay, Heading, Notice, NoteRef, block_text, iter_block_inlines,
                      plain_text, word_count)
from .. import Report, anchors, breaks, markup
from ..anchors import essay_key
from ..images import cover_left_out, cover_problem, essay_image
from ..templating import environment

#: prefix of a link to an anchor in another part; the joiner resolves it
XREF = "https://xref.pamphlets.invalid/#"

RTL_LANGS = {"ar", "he", "fa", "ur", "yi", "ps", "dv", "ku", "sd", "ug"}
#: an essay this long, with two or more top-level headings, is printed as chapters
CHAPTER_WORDS = 12000
#: ... and only when its chapters average this many words (a FAQ is not a book)
CHAPTER_MIN_WORDS = 2500

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


def _heads_mark(head: str, book_title: str) -> Markup:
    """An empty box setting the running heads (recto, verso) where it stands."""
    return Markup('<div class="chapter-heads" data-rh="{}" data-vh="{}"></div>\n').format(
        head, book_title)


def _recto_heading(block) -> bool:
    """A heading that names the recto's running head inside a chapter part: level 2,
    with an anchor (the PDF writer finds its page by it)."""
    return isinstance(block, Heading) and block.level == 2 and bool(block.id)


def _recto_mark(head: str) -> Markup:
    """An empty box setting only the recto's running head where it stands."""
    return Markup('<div class="recto-heads" data-rh="{}"></div>').format(head)


def _chapter(body: Markup, head: str, book_title: str) -> Markup:
    """A chapter of an essay printed as chapters; its first box sets the running heads
    (on the page where the chapter opens, not on every page it spans)."""
    return Markup('<section class="chapter">\n') + _heads_mark(head, book_title) + body \
        + Markup("\n</section>")


#: a note this short is kept whole on one page (a longer one may break, never before
#: its third line)
SHORT_NOTE_WORDS = 120


def _words(blocks) -> int:
    return sum(len(block_text(b).split()) for b in blocks)


def chapter_head(blocks) -> str:
    """A chapter's running head: the text of the heading that opens it."""
    first = blocks[0] if blocks else None
    return plain_text(first.inlines) if isinstance(first, Heading) else ""


def labels_for(lang: str) -> dict[str, str]:
    return LABELS.get(lang.split("-")[0].lower(), LABELS["en"])


def text_direction(lang: str) -> str:
    return "rtl" if lang.split("-")[0].lower() in RTL_LANGS else "ltr"


def join_names(names: Iterable[str]) -> str:
    names = [n for n in names if n]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class Part:
    """One document of the parallel render."""

    name: str
    #: front, essay, notes or back: decides the folios printed over its pages
    kind: str
    html: str
    #: running heads for the part's pages: recto (the essay's or chapter's title) and
    #: verso (the book's title; "Notes" for the notes)
    running_head: str = ""
    verso_head: str = ""
    #: for a TOC entry and bookmark: the essay title (essay parts only)
    title: str = ""
    #: for a later chapter of a long essay: the essay's first part, which its bookmarks join
    parent: str = ""
    #: the style sheet, given to the renderer beside ``html`` (parsed once per worker)
    css: str = ""
    #: (anchor, text) of the headings inside the part that name the recto's running head
    recto_marks: tuple[tuple[str, str], ...] = ()


#: the parts leave every margin box empty, whatever a look says: the folios come from
#: the overlay, numbered as in the joined book
NO_MARGIN_BOXES = "@page { " + " ".join(
    f"@{box} {{ content: none !important; }}" for box in (
        "top-left-corner", "top-left", "top-center", "top-right", "top-right-corner",
        "bottom-left-corner", "bottom-left", "bottom-center", "bottom-right",
        "bottom-right-corner", "left-top", "left-middle", "left-bottom", "right-top",
        "right-middle", "right-bottom")) + " }\n"


class BookHTML:
    """The HTML of one booklet under one build context."""

    def __init__(self, booklet: Booklet, context: BuildContext):
        self.booklet = booklet
        self.context = context
        self.env = environment(context.template_dirs)
        self.labels = labels_for(booklet.meta.lang)
        #: images left out, and why (the writers report them)
        self.notices: list[Notice] = []
        #: @font-face rules: inline in the single document; a worker loads them once and
        #: shares them between the parts it renders (loading fonts is per document)
        self.font_css = font_face_css()
        css = context.css
        #: the parts print no folios; the single document and the overlay put folios.css
        #: before the look, so that a look (or the user's own CSS) can restyle them
        #: each language's hyphenation (``breaks``) comes before the look, which may restyle it
        essays = [(e.meta.lang or booklet.meta.lang, e.meta.title) for e in booklet.essays]
        languages = breaks.language_css([booklet.meta.lang, *(lang for lang, _ in essays)])
        self.notices.extend(breaks.ragged_notices(essays))
        self.css_parts = css.base + languages + css.look + "\n" + NO_MARGIN_BOXES
        self.css_folios = css.base + languages + css.folios + "\n" + css.look
        self._chapter_cache: dict[int, list[tuple]] = {}
        self.cover_url = self._cover_url()

    # ------------------------------------------------------------------ context

    def _book(self) -> dict:
        meta = self.booklet.meta
        return {
            "title": meta.title, "subtitle": meta.subtitle, "editor": meta.editor,
            "editor_label": self._byline(),
            "date": meta.date, "lang": meta.lang, "description": meta.description,
            "colophon": meta.colophon, "licence": meta.licence,
            "cover_url": self.cover_url,
        }

    def _cover_url(self) -> str:
        """The cover image's URL, or ``""`` (with a warning when it is left out)."""
        cover = self.booklet.meta.cover_image
        if not cover:
            return ""
        problem = cover_problem(Path(cover))
        if problem:
            self.notices.append(cover_left_out(problem, cover))
            return ""
        return Path(cover).resolve().as_uri()

    def _byline(self) -> str:
        meta = self.booklet.meta
        if meta.editor:
            return f"{self.labels['edited']} {meta.editor}"
        if len(self.booklet.essays) == 1:
            return join_names(self.booklet.essays[0].meta.authors)
        return ""

    def _href(self, target_id: str, target_part: str, here: str | None) -> str:
        if here is None or target_part == here:
            return "#" + target_id
        return XREF + target_id

    def chapters(self, essay: Essay) -> list[tuple]:
        """The essay's blocks cut at its top-level headings, when it is long enough to be
        printed as a book of chapters (each chapter opening on a right-hand page)."""
        cached = self._chapter_cache.get(id(essay))
        if cached is not None:
            return cached
        self._chapter_cache[id(essay)] = groups = self._cut_chapters(essay)
        return groups

    def _cut_chapters(self, essay: Essay) -> list[tuple]:
        cuts = [i for i, b in enumerate(essay.blocks) if isinstance(b, Heading) and b.level == 1]
        words = word_count(essay)
        if len(cuts) < 2 or words < CHAPTER_WORDS or words / (len(cuts) + 1) < CHAPTER_MIN_WORDS:
            return [essay.blocks]
        bounds = ([0] if cuts[0] > 0 else []) + cuts + [len(essay.blocks)]
        return [essay.blocks[a:b] for a, b in zip(bounds, bounds[1:])]

    def _part_names(self, index: int, essay: Essay) -> list[str]:
        key = essay_key(index)
        return [anchors.chapter_key(key, k) for k in range(1, len(self.chapters(essay)) + 1)]

    def _targets(self, index: int, essay: Essay, here: str | None) -> tuple[markup.Targets,
                                                                               dict[str, str]]:
        """Where the essay's links point, seen from the part ``here`` (None: the single
        document), and the part holding each note's first reference."""
        key = essay_key(index)
        names = self._part_names(index, essay)
        ref_part: dict[str, str] = {}
        for name, group in zip(names, self.chapters(essay)):
            for node in iter_block_inlines(group):
                if isinstance(node, NoteRef):
                    ref_part.setdefault(node.note_id, name)
        notes_part = anchors.notes_home(self.context, names[-1], anchors.BOOK_NOTES_PART)
        targets = markup.Targets(
            key=key,
            note_href=lambda n: self._href(anchors.note_id(key, n), notes_part, here),
            ref_href=lambda n: self._href(anchors.ref_id(key, n), ref_part.get(n, key), here),
            image_url=lambda src: self._image_url(essay, src),
            short_runs=here is not None,  # a part WeasyPrint renders, not the HTML output
            for_print=True,
            lang=essay.meta.lang or self.booklet.meta.lang,
        )
        return targets, ref_part

    def _notes(self, essay: Essay, targets: markup.Targets, ref_part: dict[str, str]) -> list:
        """The essay's notes for the templates, each linking back to its first reference."""
        notes = []
        for note in essay.notes:
            back = targets.ref_href(note.id) if note.id in ref_part else ""
            notes.append({"id": targets.note_id(note.id), "number": note.id,
                          "back": back, "body": markup.blocks(note.blocks, targets),
                          "short": _words(note.blocks) <= SHORT_NOTE_WORDS})
        return notes

    def _essay_head(self, index: int, essay: Essay) -> dict:
        meta = essay.meta
        lang = meta.lang or self.booklet.meta.lang
        return {"key": essay_key(index), "notes_id": anchors.notes_section_id(essay_key(index)),
                "title": meta.title, "subtitle": meta.subtitle,
                "authors": join_names(meta.authors), "lang": lang, "dir": text_direction(lang)}

    def _essay_view(self, index: int, essay: Essay, here: str | None,
                    chunk: int | None = None) -> dict:
        """The template context of an essay: all of it (``chunk`` None) or one chapter;
        its notes follow the last chapter when the book keeps notes with the essays."""
        groups = self.chapters(essay)
        targets, ref_part = self._targets(index, essay, here)
        if chunk is None:
            starts = [sum(len(g) for g in groups[:k]) for k in range(len(groups))]
            rendered = [self._group_body(group, targets, len(groups) > 1, start)
                        for group, start in zip(groups, starts)]
            title = self.booklet.meta.title
            sections = [self._first_chapter(rendered[0], groups)] + [
                _chapter(r, chapter_head(g), title) for r, g in zip(rendered[1:], groups[1:])]
            body = Markup("\n").join(sections)
        else:
            # only this chapter: count the references before it so that repeated
            # references keep the ids they have in the whole document
            for group in groups[:chunk]:
                targets.count_refs(group)
            body = self._group_body(groups[chunk], targets, len(groups) > 1,
                                    sum(len(g) for g in groups[:chunk]))
            body = self._first_chapter(body, groups) if chunk == 0 else _chapter(
                body, chapter_head(groups[chunk]), self.booklet.meta.title)
        last = chunk is None or chunk == len(groups) - 1
        with_notes = last and self.context.notes_with_essays
        return {**self._essay_head(index, essay),
                "body": body, "header": chunk in (None, 0), "continued": chunk not in (None, 0),
                "notes": self._notes(essay, targets, ref_part) if with_notes else []}

    def _group_body(self, group, targets: markup.Targets, chaptered: bool,
                    start: int) -> Markup:
        """One chapter's blocks (``group`` begins at block ``start`` of the essay); in an
        essay printed as chapters each level-2 heading (a chapter within a part, or a
        section) names the recto's running head from there."""
        if not chaptered:
            return markup.body(group, targets, start)
        runs: list[Markup] = []
        first = 0
        for i, block in enumerate(group):
            if i and _recto_heading(block):
                runs.append(markup.body(group[first:i], targets, start + first))
                runs.append(_recto_mark(plain_text(block.inlines)))
                first = i
        runs.append(markup.body(group[first:], targets, start + first))
        return Markup("\n").join(r for r in runs if r)

    def recto_marks(self, index: int, essay: Essay,
                    chunk: int) -> tuple[tuple[str, str], ...]:
        """The anchors of the headings that name the recto's running head in one chapter
        part (as ``_group_body`` marks them), with their text."""
        groups = self.chapters(essay)
        if len(groups) < 2:
            return ()
        key = essay_key(index)
        return tuple((anchors.heading_id(key, b.id), plain_text(b.inlines))
                     for i, b in enumerate(groups[chunk]) if i and _recto_heading(b))

    def _first_chapter(self, body: Markup, groups: list) -> Markup:
        """The essay's first chapter: when it opens with a chapter's heading, that heading
        is the recto's running head after the essay's opening page."""
        head = chapter_head(groups[0]) if len(groups) > 1 else ""
        return _heads_mark(head, self.booklet.meta.title) + body if head else body

    def _notes_view(self, index: int, essay: Essay, here: str | None) -> dict:
        """One essay's notes at the back of the book (the body is not rendered)."""
        targets, ref_part = self._targets(index, essay, here)
        targets.count_refs(essay.blocks)
        return {**self._essay_head(index, essay), "notes": self._notes(essay, targets, ref_part)}

    def _image_url(self, essay: Essay, src: str) -> str | None:
        if src.startswith("data:"):
            return src
        if self.context.allow_remote and src.lower().startswith(("http://", "https://")):
            return src  # the fetcher still refuses redirects and other schemes
        path, reason = essay_image(src, essay.origin)
        if path is None:
            self.notices.append(Notice("warning", f"image left out: {reason}", src))
            return None
        return path.as_uri()

    def _render(self, template: str, **context) -> Markup:
        return Markup(self.env.get_template(template).render(
            book=self._book(), labels=self.labels, **context))

    def _page(self, content: Markup, css: str, body_class: str = "") -> str:
        return self.env.get_template("pdf/layout.html.j2").render(
            book=self._book(), css=Markup(css), content=content, body_class=body_class)

    def _toc(self, here: str | None, pages: dict[str, int] | None) -> list[dict]:
        """The contents: each essay; under an essay printed as chapters, its chapters
        (level-1 headings, and the level-2 headings within them) and its notes; last, the
        notes gathered at the back. A one-essay book lists only what is under it."""
        entries = []
        single = len(self.booklet.essays) == 1
        for i, e in enumerate(self.booklet.essays):
            key = essay_key(i)
            lang = e.meta.lang or self.booklet.meta.lang
            base = {"lang": lang, "dir": text_direction(lang), "authors": ""}
            if not single:
                entries.append({**base, "title": e.meta.title, "level": 0,
                                "authors": join_names(e.meta.authors),
                                **self._toc_target(key, key, here, pages)})
            names = self._part_names(i, e)
            if len(names) < 2:
                continue
            for name, group in zip(names, self.chapters(e)):
                for block in group:
                    if isinstance(block, Heading) and block.level <= 2 and block.id:
                        entries.append({**base, "title": plain_text(block.inlines),
                                         "level": block.level - 1 if single else block.level,
                                         **self._toc_target(anchors.heading_id(key, block.id),
                                                            name, here, pages)})
            if self.context.notes_with_essays and e.notes:
                entries.append({**base, "title": self.labels["notes"],
                                "level": 0 if single else 1,
                                **self._toc_target(anchors.notes_section_id(key), names[-1],
                                                   here, pages)})
        if self._has_booknotes():
            entries.append({"lang": self.booklet.meta.lang,
                            "dir": text_direction(self.booklet.meta.lang),
                            "title": self.labels["notes"], "level": 0, "authors": "",
                            **self._toc_target(anchors.BOOK_NOTES_ID, anchors.BOOK_NOTES_PART,
                                               here, pages)})
        return entries

    def _toc_target(self, target: str, part: str, here: str | None,
                    pages: dict[str, int] | None) -> dict:
        return {"href": self._href(target, part, here), "target": "#" + target,
                "id": target, "page": (pages or {}).get(target, "")}

    def toc_targets(self) -> list[str]:
        """The anchors whose pages the contents print (none without a contents page)."""
        return [entry["id"] for entry in self._toc(None, None)] if self.has_contents() else []

    def has_contents(self) -> bool:
        """A contents page for every book of two or more essays, or of one essay printed
        as chapters."""
        essays = self.booklet.essays
        return len(essays) >= 2 or any(len(self.chapters(e)) > 1 for e in essays)

    def _has_booknotes(self) -> bool:
        return not self.context.notes_with_essays and any(e.notes for e in self.booklet.essays)

    def _front(self, here: str | None, pages: dict[str, int] | None) -> Markup:
        title = self._render("pdf/titlepage.html.j2")
        if not self.has_contents():  # a short one-essay book needs no contents page
            return title
        contents = self._render("pdf/contents.html.j2", toc=self._toc(here, pages),
                                literal_pages=pages is not None)
        return title + Markup("\n") + contents

    def _booknotes(self, here: str | None) -> Markup:
        if not self._has_booknotes():
            return Markup("")
        views = [self._notes_view(i, e, here) for i, e in enumerate(self.booklet.essays)]
        return self._render("pdf/booknotes.html.j2", essays=views,
                            section_id=anchors.BOOK_NOTES_ID)

    def _sources(self) -> list[dict]:
        return [{"title": e.meta.title, "authors": join_names(e.meta.authors),
                 "date": e.meta.date, "url": markup.safe_url(e.meta.source) or "",
                 "licence": e.meta.licence} for e in self.booklet.essays]

    def _colophon(self) -> Markup:
        return self._render("pdf/colophon.html.j2", sources=self._sources(),
                            build_date=self.context.build_date)

    # ------------------------------------------------------------------ outputs

    def document(self) -> str:
        """The whole book as one HTML document (with running heads and folios)."""
        pieces = [self._front(None, None)]
        for i, e in enumerate(self.booklet.essays):
            pieces.append(self._render("pdf/essay.html.j2", essay=self._essay_view(i, e, None)))
        pieces.append(self._booknotes(None))
        pieces.append(self._colophon())
        content = Markup("\n").join(p for p in pieces if p)
        return self._page(content, self.font_css + self.css_folios)

    def parts(self, pages: dict[str, int] | None = None) -> list[Part]:
        """The book as separate documents, without folios; ``pages`` fills the contents."""
        return list(self.iter_parts(pages))

    def iter_parts(self, pages: dict[str, int] | None = None) -> Iterator[Part]:
        """``parts``, one at a time, in book order."""
        css = self.css_parts
        yield self.front_part(pages)
        for i, e in enumerate(self.booklet.essays):
            groups = self.chapters(e)
            for k, name in enumerate(self._part_names(i, e)):
                view = self._essay_view(i, e, name, chunk=k)
                html = self._page(self._render("pdf/essay.html.j2", essay=view), "")
                yield Part(name, "essay" if k == 0 else "chunk", html,
                           running_head=(chapter_head(groups[k]) if len(groups) > 1 else "")
                           or e.meta.title,
                           verso_head=self.booklet.meta.title, title=e.meta.title,
                           recto_marks=self.recto_marks(i, e, k),
                           parent="" if k == 0 else essay_key(i), css=css)
        notes = self._booknotes(anchors.BOOK_NOTES_PART)
        if notes:
            yield Part(anchors.BOOK_NOTES_PART, "notes", self._page(notes, ""),
                       running_head=self.labels["notes"], verso_head=self.labels["notes"],
                       title=self.labels["notes"], css=css)
        # the back cover faces left, as in the single document: the root's break-before
        # decides the side of a document's first page
        yield Part(anchors.BACK_PART, "back", self._page(self._colophon(), ""),
                   css=css + "\nhtml { break-before: left; }\n")

    def front_part(self, pages: dict[str, int] | None) -> Part:
        return Part(anchors.FRONT_PART, "front",
                    self._page(self._front(anchors.FRONT_PART, pages), ""),
                    css=self.css_parts)

    def sheets(self, sheets: list[dict], first_page: int = 1) -> str:
        """An overlay: one empty page per book page, printing only running heads and
        folios; it starts at page number ``first_page``. Each sheet is ``kind`` (as the
        page plan's) and ``rh``: the running head it sets, or ``None``."""
        start = f"@page :first {{ counter-reset: page {first_page}; }}\n"
        content = self._render("pdf/folios.html.j2", sheets=sheets)
        return self._page(content, self.css_folios + "\n" + self.context.css.sheets + start)



def write(booklet: Booklet, out_path: Path, context: BuildContext, runtime=None) -> Report:
    """``--format html``: the single document, as WeasyPrint would render it whole."""
    book_html = BookHTML(booklet, context)
    out_path.write_text(book_html.document(), encoding="utf-8")
    return Report(notices=book_html.notices)
