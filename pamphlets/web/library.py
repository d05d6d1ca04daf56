"""The library folder as the web app sees it: its essays, its books (manifests) and each
book's build folder.

Every name that comes from a request (an essay's file name, a book's name) is checked
here before it becomes a path: a plain name, no folder part, resolving to a file directly
inside the library folder (a link that leads out of it is refused as if it did not exist).
Books are the project's own manifests (``*.toml``), written with the keys the app edits
changed and every other key kept as it was.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import threading
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

from ..atomic import atomic_write
from ..context import BuildContext
from ..errors import ConfigError, PamphletError
from ..loading import read_essay
from ..manifest import load_manifest
from ..model import essay_text, word_count
from ..pages import PageSize
from ..readers import EXTENSIONS, is_essay_name
from ..transforms.ids import slugify
from ..writers.print.impose import MINIZINE_PAGES, sheets_for

#: pages a book has besides its essays' text (title page, contents, colophon), and the
#: page each essay may add by starting on a right-hand page (only when openings go
#: right: ``BuildContext.openings_right``); measured on the sampler
FRONT_PAGES = 4
PAGES_PER_RIGHT_OPENING = 1
#: the build folders' parent, inside the library
BUILD_FOLDER = "build"
#: a book's name: its manifest's stem
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


#: (the file's SHA-256, its extension) -> what reading it gave: an essay is read once
_READ: dict[tuple[str, str], "EssayInfo"] = {}


class NotInLibrary(PamphletError):
    """A name from a request that is no essay or book of this library (HTTP 404)."""


@dataclass(frozen=True)
class EssayInfo:
    """One essay of the library, as the page lists it."""

    name: str  # the file's name in the library folder
    title: str
    authors: str
    words: int
    notes: int
    format: str
    #: the title, authors and text in lower case, for the search
    haystack: str = field(repr=False, default="")

    def pages(self, page: PageSize) -> int:
        return page.estimate_pages(self.words)


@dataclass(frozen=True)
class Estimate:
    """How big a book will be: a guess from the words (only a build knows)."""

    pages: int
    sheets: int  # sheets of paper for the imposed print PDF (0: not imposed)
    blanks: int  # blank pages the imposition adds
    fits: bool = True  # False: more pages than the layout holds (a mini zine's 8)


def estimate(essays: list[EssayInfo], context: BuildContext) -> Estimate:
    """Pages of the book from its essays' words, at the context's page size and openings,
    and what its imposition makes of them (the counts are the imposer's own)."""
    if not essays:
        return Estimate(0, 0, 0)
    opening = PAGES_PER_RIGHT_OPENING if context.openings_right else 0
    pages = FRONT_PAGES + sum(e.pages(context.page) + opening for e in essays)
    if context.impose in ("booklet", "minizine"):
        sheets, blanks = sheets_for(pages, context.impose, context.signature)
        return Estimate(pages, sheets, blanks,
                        context.impose != "minizine" or pages <= MINIZINE_PAGES)
    return Estimate(pages, 0, 0)


class Library:
    """The essays and books of one folder. Reading an essay is slow, so each is read once
    and kept until its file changes."""

    def __init__(self, folder: Path, build_root: Path | None = None):
        self.folder = Path(folder).resolve()
        if not self.folder.is_dir():
            raise ConfigError("the library folder does not exist", path=str(folder),
                              hint="give a folder of essays (such as seeds/)")
        self.build_root = build_root or self.folder / BUILD_FOLDER
        self._cache: dict[str, tuple[tuple[int, int], EssayInfo | None]] = {}
        self._lock = threading.Lock()
        self.skipped: dict[str, str] = {}

    # ----------------------------------------------------------------- names to paths

    def _inside(self, name: str) -> Path | None:
        """``name`` as a path directly inside the library, or ``None``."""
        if not name or "/" in name or "\\" in name or "\0" in name or name.startswith("."):
            return None
        try:
            path = (self.folder / name).resolve()
        except (OSError, RuntimeError):  # a loop of links
            return None
        return path if path.parent == self.folder else None

    def essay_path(self, name: str) -> Path:
        path = self._inside(name)
        if path is None or path.suffix.lower() not in EXTENSIONS or not path.is_file():
            raise NotInLibrary(f"no essay named '{name}' in the library",
                               hint="pick one of the essays the library lists")
        return path

    def book_path(self, name: str) -> Path:
        path = self._inside(name + ".toml") if _NAME.fullmatch(name or "") else None
        if path is None or not path.is_file():
            raise NotInLibrary(f"no book named '{name}' in the library",
                               hint="open one of the books the library lists")
        return path

    def build_dir(self, name: str) -> Path:
        self.book_path(name)
        return self.build_root / name

    # ---------------------------------------------------------------------- essays

    def essays(self) -> list[EssayInfo]:
        """Every essay in the folder (a file the readers know, not hidden), by file name;
        a file that cannot be read is left out and named in ``skipped``."""
        found = []
        for entry in sorted(os.scandir(self.folder), key=lambda e: e.name):
            if not is_essay_name(entry.name):
                continue
            if self._inside(entry.name) is None or not entry.is_file():
                continue  # a link out of the library, or a folder
            info = self._info(entry.name)
            if info is not None:
                found.append(info)
        return found

    def essay(self, name: str) -> EssayInfo:
        path = self.essay_path(name)
        info = self._info(path.name)
        if info is None:
            raise NotInLibrary(f"the essay '{name}' cannot be read: {self.skipped[name]}",
                               hint="fix the file or remove it from the book")
        return info

    def _info(self, name: str) -> EssayInfo | None:
        path = self.folder / name
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            cached = self._cache.get(name)
        if cached and cached[0] == stamp:
            return cached[1]
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as error:
            self.skipped[name] = error.strerror or str(error)
            return None
        known = _READ.get((digest, path.suffix.lower()))
        if known is not None:  # the same text under another name, or in another library
            info = dataclasses.replace(known, name=name)
            with self._lock:
                self._cache[name] = (stamp, info)
            return info
        info = None
        try:
            essay = read_essay(path).essay
            meta = essay.meta
            authors = ", ".join(meta.authors)
            info = EssayInfo(name, meta.title or name, authors, word_count(essay),
                             len(essay.notes), EXTENSIONS[path.suffix.lower()],
                             "\n".join((meta.title, authors, essay_text(essay))).lower())
            self.skipped.pop(name, None)
            _READ[(digest, path.suffix.lower())] = info
        except PamphletError as error:
            self.skipped[name] = error.what
        with self._lock:
            self._cache[name] = (stamp, info)
        return info

    def search(self, query: str) -> list[EssayInfo]:
        words = query.lower().split()
        return [e for e in self.essays() if all(w in e.haystack for w in words)]

    def new_essay_name(self, title: str) -> str:
        """A free file name for an imported essay titled ``title``."""
        stem = slugify(title, "essay")
        name, n = f"{stem}.md", 2
        while (self.folder / name).exists():
            name, n = f"{stem}-{n}.md", n + 1
        return name

    # ----------------------------------------------------------------------- books

    def books(self) -> list[tuple[str, str]]:
        """(name, title) of every manifest in the folder."""
        found = []
        for path in sorted(self.folder.glob("*.toml")):
            name = path.stem
            if not _NAME.fullmatch(name) or self._inside(path.name) is None:
                continue
            try:
                title = str(tomllib.loads(path.read_text(encoding="utf-8")).get("title", name))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                title = f"{name} (unreadable)"
            found.append((name, title))
        return found

    def read_book(self, name: str) -> tuple[dict, str]:
        """The manifest's TOML as a dict, and what ``pamphlets build`` would refuse in it
        (one line; empty when nothing), so that a book whose essay went missing can still
        be opened and mended. TOML that cannot be read at all is an error."""
        path = self.book_path(name)
        try:
            load_manifest(path)
            problem = ""
        except ConfigError as error:
            problem = error.one_line()
        try:
            return tomllib.loads(path.read_text(encoding="utf-8")), problem
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError,
                ValueError):  # load_manifest has said why, in one line
            if problem:
                raise ConfigError(problem) from None
            raise ConfigError("the manifest cannot be read", path=str(path),
                              hint="fix it in a text editor") from None

    def write_book(self, name: str, data: dict) -> Path:
        """Write the manifest (atomically); it must load as ``pamphlets build`` reads it."""
        path = self.folder / f"{name}.toml"
        text = tomli_w.dumps(data)
        with atomic_write(path) as temp:
            temp.write_text(text, encoding="utf-8")
            load_manifest(temp)  # never write a manifest that the CLI would refuse
        return path

    def new_book_name(self, title: str) -> str:
        stem = slugify(title, "book")[:90]
        name, n = stem, 2
        while (self.folder / f"{name}.toml").exists():
            name, n = f"{stem}-{n}", n + 1
        return name

    # ----------------------------------------------------- what the manifest cannot say

    def print_settings(self, name: str) -> dict:
        """The book's imposition, sheet, signature, bleed and marks: options of
        ``pamphlets build`` with no manifest key, kept beside its outputs."""
        try:
            return json.loads((self.build_dir(name) / "settings.json").read_text("utf-8"))
        except (OSError, ValueError):
            return {}

    def save_print_settings(self, name: str, settings: dict) -> None:
        folder = self.build_dir(name)
        folder.mkdir(parents=True, exist_ok=True)
        with atomic_write(folder / "settings.json") as temp:
            temp.write_text(json.dumps(settings, indent=1), encoding="utf-8")

    def last_build(self, name: str) -> dict:
        """What the last good build wrote (kind -> file name), its pages and time."""
        try:
            return json.loads((self.build_dir(name) / "last-build.json").read_text("utf-8"))
        except (OSError, ValueError):
            return {}

    def save_last_build(self, name: str, record: dict) -> None:
        with atomic_write(self.build_dir(name) / "last-build.json") as temp:
            temp.write_text(json.dumps(record, indent=1), encoding="utf-8")

    def output(self, name: str, kind: str) -> Path:
        """The file of the last good build for ``kind`` (pdf, print, epub, proof)."""
        file = self.last_build(name).get("outputs", {}).get(kind)
        folder = self.build_dir(name).resolve()
        path = (folder / file).resolve() if isinstance(file, str) else None
        if path is None or path.parent != folder or not path.is_file():
            raise NotInLibrary(f"the book '{name}' has no {kind} yet",
                               hint="build it first")
        return path
