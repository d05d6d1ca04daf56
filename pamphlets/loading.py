"""From a path on disk (or a URL, through ``fetch``) to a ``ReadResult``: load, detect the
format, read."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from .accounting import source_words
from .errors import stage
from .fetch import WebOptions, WebPage, fetch_page, is_url
from .model import ReadResult
from .readers import BINARY_EXTENSIONS, detect_format, get_reader
from .sources import load, read_bytes


@dataclass(frozen=True)
class Loaded:
    result: ReadResult
    format: str
    encoding: str
    #: the words of the source, counted for the import report (``accounting``)
    source_words: int = 0
    #: the fetched page, when the essay was named by URL
    page: WebPage | None = None


def default_web_options() -> WebOptions:
    """Where pages go when the caller names no cache: the user's cache folder."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return WebOptions(Path(base) / "pamphlets" / "web")


def load_essay(path: Path | str, fmt: str | None = None, *, keep_all: bool = False,
               web: WebOptions | None = None) -> Loaded:
    """Read one file (or the page at a URL, kept in ``web``'s cache) with the reader its
    extension (or Content-Type) and content call for."""
    with stage("read", path):
        return _load_essay(path, fmt, keep_all, web)


def _load_essay(path: Path | str, fmt: str | None, keep_all: bool,
                web: WebOptions | None) -> Loaded:
    if is_url(path):
        return _load_url(str(path).strip(), fmt, keep_all, web or default_web_options())
    path = Path(path)
    if path.suffix.lower() in BINARY_EXTENSIONS and fmt in (None, "pandoc"):
        # a word-processor file is a zip: pandoc reads it from disk, not as text
        read_bytes(path, text=False)  # still refuse a missing, empty or unreadable file
        return Loaded(get_reader("pandoc")("", path=str(path), keep_all=keep_all), "pandoc", "")
    source = load(path)
    fmt = fmt or detect_format(source.path, source.text)
    result = get_reader(fmt)(source.text, path=str(source.path), keep_all=keep_all)
    if source.notices:
        result = ReadResult(result.essay, source.notices + result.notices)
    return Loaded(result, fmt, source.encoding, source_words(source.text, fmt))


def _load_url(url: str, fmt: str | None, keep_all: bool, web: WebOptions) -> Loaded:
    page = fetch_page(url, web)
    source = page.source  # its path is the page's file in the cache, beside its images
    fmt = fmt or detect_format(source.path, source.text)
    result = get_reader(fmt)(source.text, path=str(source.path), keep_all=keep_all)
    essay = result.essay
    if not essay.meta.source:
        essay = dataclasses.replace(essay, meta=dataclasses.replace(essay.meta, source=url))
    result = ReadResult(essay, source.notices + result.notices)
    return Loaded(result, fmt, source.encoding, source_words(source.text, fmt), page)


def read_essay(path: Path | str, fmt: str | None = None, *, keep_all: bool = False,
               web: WebOptions | None = None) -> ReadResult:
    return load_essay(path, fmt, keep_all=keep_all, web=web).result
