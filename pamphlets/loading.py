"""From a path on disk to a ``ReadResult``: load, detect the format, read."""

from __future__ import annotations

from pathlib import Path

from .model import ReadResult
from .readers import detect_format, get_reader
from .sources import load


def read_essay(path: Path | str, fmt: str | None = None) -> ReadResult:
    source = load(path)
    fmt = fmt or detect_format(source.path, source.text)
    result = get_reader(fmt)(source.text, path=str(source.path))
    if source.notices:
        result = ReadResult(result.essay, source.notices + result.notices)
    return result
