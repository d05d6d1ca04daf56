"""Anchor ids and where notes live: the one place every writer asks.

An essay's ids all start with its key (``e3`` for the third essay), so two essays never
clash in one document: ``e3-n2`` is note 2, ``e3-r2`` its first reference (``e3-r2-2`` the
second), ``e3-h-intro`` a heading, ``e3-b7`` the seventh top-level block. The PDF writer
cuts the book into parts named by the same keys (``e3``, its later chapters ``e3c2`` ...)
plus ``front``, ``notes`` and ``back``. Where an essay's notes are printed follows from
the build's notes mode, which the build context decides once (``pamphlets.context``):
``notes_home`` answers it.
"""

from __future__ import annotations

from ..context import BuildContext

#: PDF part names besides the essays'
FRONT_PART = "front"
BOOK_NOTES_PART = "notes"
BACK_PART = "back"
#: the id of the section of notes gathered at the back of the PDF
BOOK_NOTES_ID = "book-notes"
#: the EPUB file holding the book's notes in the ``book`` mode
BOOK_NOTES_FILE = "endnotes.xhtml"


def essay_key(index: int) -> str:
    """The key of the essay at ``index`` (counted from 0)."""
    return f"e{index + 1}"


def chapter_key(key: str, number: int) -> str:
    """The PDF part of a long essay's chapter ``number`` (2 and on; 1 is ``key`` itself)."""
    return key if number == 1 else f"{key}c{number}"


def note_id(key: str, note: str) -> str:
    return f"{key}-n{note}"


def ref_id(key: str, note: str, count: int = 1) -> str:
    """The ``count``-th reference to ``note`` in the essay (the first has no suffix)."""
    suffix = "" if count == 1 else f"-{count}"
    return f"{key}-r{note}{suffix}"


def block_id(key: str, index: int) -> str:
    """The id of the essay's top-level block at ``index`` (counted from 0): the same in
    the PDF's HTML and the EPUB, so that where a printed page begins (the PDF's anchors)
    can be marked in the EPUB."""
    return f"{key}-b{index + 1}"


def page_id(label: str) -> str:
    """The id of the EPUB's marker where printed page ``label`` begins."""
    return f"page-{label}"


def heading_id(key: str, ident: str) -> str:
    # "h-" keeps a heading called "N1" from taking note 1's id
    return f"{key}-h-{ident}"


def notes_section_id(key: str) -> str:
    """The section holding one essay's notes in the PDF's HTML."""
    return f"{key}-notes"


def epub_notes_section_id(key: str) -> str:
    """The section holding one essay's notes in the EPUB."""
    return f"notes-{key}"


def epub_essay_file(index: int) -> str:
    """The EPUB file of the essay at ``index`` (counted from 0)."""
    return f"essay-{index + 1:02d}.xhtml"


def notes_home(context: BuildContext, essay_home: str, book_home: str) -> str:
    """Where an essay's notes live: its own last part or file (``essay_home``) or the
    book's notes (``book_home``), by the notes mode."""
    return essay_home if context.notes_with_essays else book_home
