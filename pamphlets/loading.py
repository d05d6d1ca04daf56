"""From a path on disk to a ``ReadResult``: load, detect the format, read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .accounting import source_words
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


def load_essay(path: Path | str, fmt: str | None = None, *, keep_all: bool = False) -> Loaded:
    """Read one file with the reader its extension and content call for."""
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


def read_essay(path: Path | str, fmt: str | None = None, *, keep_all: bool = False) -> ReadResult:
    return load_essay(path, fmt, keep_all=keep_all).result
