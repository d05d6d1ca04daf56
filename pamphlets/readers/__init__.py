"""Readers: one module or package per input format, found through one table.

Every reader is ``read(text: str, *, path: str = "", keep_all: bool = False) -> ReadResult``:
it turns the decoded text of one file into an ``Essay`` plus the notices (what it dropped
and why; with ``keep_all`` it drops nothing but still says what it would have dropped). Readers do
no I/O of their own; ``pamphlets.sources`` reads and decodes the file.

Layout: a format whose reader has several modules is a package named after it
(``html/``, ``text/``, ``markdown/``, ``tei/``, ``gutenberg/``), whose ``__init__`` says what it offers and exposes ``read``; a
format read by one module is that module (``muse.py``, ``pandoc.py``). Helpers that
several formats share stay at this level, with a leading underscore: ``_inline.py``
(tidying inline runs) and ``_book_words.py`` (the words of a printed book's apparatus).
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Callable

from ..errors import ConfigError, MissingDependency
from ..model import ReadResult

Reader = Callable[..., ReadResult]

#: format name -> "module:function"; modules are imported on first use
READERS: dict[str, str] = {
    "md": "pamphlets.readers.markdown:read",
    "txt": "pamphlets.readers.text:read",
    "gutenberg": "pamphlets.readers.gutenberg:read",
    "html": "pamphlets.readers.html:read",
    "muse": "pamphlets.readers.muse:read",
    "tei": "pamphlets.readers.tei:read",
    "pandoc": "pamphlets.readers.pandoc:read",
}

#: file extension -> format name
EXTENSIONS: dict[str, str] = {
    ".md": "md", ".markdown": "md", ".mdown": "md", ".mkd": "md",
    ".txt": "txt", ".text": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".muse": "muse",
    ".tei": "tei", ".xml": "tei",
    ".docx": "pandoc", ".odt": "pandoc", ".epub": "pandoc", ".rst": "pandoc",
    ".org": "pandoc", ".rtf": "pandoc", ".tex": "pandoc", ".latex": "pandoc",
}

FORMATS = tuple(READERS)

#: a document whose root element is <TEI> (P5) or <TEI.2> (P4), after any prolog
_TEI_ROOT = re.compile(r"\A\ufeff?\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>\s*)*"
                       r"<(?:\w+:)?TEI(?:\.2)?[\s>]", re.S)

#: extensions of files that are not text: only pandoc reads them, from disk
BINARY_EXTENSIONS = {".docx", ".odt", ".epub", ".rtf"}


#: file names (without extension, any case) that describe a folder rather than an essay
FOLDER_NOTES = frozenset({"readme", "license", "licence", "copying", "changelog", "changes",
                          "authors", "contributing", "notice"})


def is_essay_name(name: str) -> bool:
    """Whether a file of this name is an essay to list or build: an extension a reader
    knows, not hidden, and not the folder's own notes (README, LICENSE...). One rule for
    ``pamphlets list``, the web bookbuilder and the library."""
    stem, dot, suffix = name.rpartition(".")
    return (bool(dot) and not name.startswith(".") and f".{suffix.lower()}" in EXTENSIONS
            and stem.lower() not in FOLDER_NOTES)


def get_reader(fmt: str) -> Reader:
    try:
        target = READERS[fmt]
    except KeyError:
        raise ConfigError(f"unknown input format '{fmt}'",
                          hint="use one of: " + ", ".join(FORMATS)) from None
    module_name, func = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("pamphlets"):
            raise MissingDependency(f"the '{fmt}' reader is not available in this version") from exc
        raise MissingDependency(f"the '{fmt}' reader needs the Python package '{exc.name}'",
                                hint=f"pip install {exc.name}") from exc
    return getattr(module, func)


def detect_format(path: Path | str, text: str) -> str:
    """The format of a file, by its extension and then its content."""
    path = Path(path)
    fmt = EXTENSIONS.get(path.suffix.lower())
    head = text[:4000]
    low = head.lower()
    if fmt in (None, "txt", "tei", "html"):
        if "<tei" in low and "teiheader" in text[:20000].lower():
            return "tei"
        if _TEI_ROOT.match(head):  # a TEI document without a header (a fragment)
            return "tei"
        if fmt == "tei":
            return "html" if ("<html" in low or "<body" in low) else "tei"
        if fmt is None and ("<!doctype html" in low or "<html" in low):
            return "html"
    if fmt in (None, "txt"):
        if "project gutenberg" in text[:6000].lower() and "*** start" in text[:30000].lower().replace("***start", "*** start"):
            return "gutenberg"
        if fmt is None and any(line.startswith("#title ") for line in head.splitlines()[:30]):
            return "muse"
        if fmt is None and (head.startswith("---\n") or "[^" in text):
            return "md"
        return "txt"
    return fmt
