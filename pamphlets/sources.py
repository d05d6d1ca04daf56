"""Reading input files from disk: bytes to text, with the checks every reader needs.

This is the only place readers' input touches the file system. It refuses what is not
text (a directory, an empty file, NUL bytes) and decodes what is not UTF-8 by fallback,
saying which encoding it used.

The input policy, the same for every input file (essays, manifests, images): only
regular files are read, never a FIFO, a device or a socket (a link is followed to what it
names), and none larger than ``MAX_INPUT_BYTES``. ``read_regular`` applies it.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import ReadError
from .model import Notice


@dataclass(frozen=True)
class SourceText:
    path: Path
    text: str
    encoding: str
    notices: tuple[Notice, ...] = ()


#: the largest input file read: far above any essay, manifest or picture for a booklet,
#: far below what would exhaust memory
MAX_INPUT_BYTES = 50 * 1024 * 1024


class NotReadable(Exception):
    """A path the input policy refuses: ``what`` is wrong with it, ``hint`` what to do."""

    def __init__(self, what: str, hint: str) -> None:
        super().__init__(what)
        self.what = what
        self.hint = hint


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def megabytes(size: int) -> str:
    """``52428800`` -> ``'50 MB'``; ``52953088`` -> ``'50.5 MB'``."""
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MB"


def _check(info: os.stat_result, path: Path, limit: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not stat.S_ISREG(info.st_mode):
        raise NotReadable(f"is {file_kind(info.st_mode)}, not a regular file",
                          "save the contents to a file and name that file")
    if info.st_size > limit:
        raise NotReadable(f"is {megabytes(info.st_size)}, over the {megabytes(limit)} "
                          "an input file may be", "split it, or leave it out")


def read_regular(path: Path | str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises ``NotReadable`` for a FIFO, a device or a socket (none of them is opened for
    reading: a FIFO would wait for a writer, ``/dev/zero`` never ends) and for a file over
    ``limit``; ``OSError`` (``IsADirectoryError`` for a folder) and ``ValueError`` (a NUL
    in the path) as ``open`` would.
    """
    path = Path(path)
    _check(os.stat(path), path, limit)
    # O_NONBLOCK: should the path be swapped for a FIFO after the check, opening it must
    # not wait for a writer; the open file is checked again below
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
        | getattr(os, "O_BINARY", 0)
    with open(os.open(path, flags), "rb", closefd=True) as handle:
        _check(os.fstat(handle.fileno()), path, limit)
        data = handle.read(limit + 1)
    if len(data) > limit:  # it grew while it was read
        raise NotReadable(f"is over the {megabytes(limit)} an input file may be",
                          "split it, or leave it out")
    return data


def read_bytes(path: Path, *, text: bool = True) -> bytes:
    try:
        data = read_regular(path)
    except NotReadable as exc:
        raise ReadError(exc.what, path=str(path), hint=exc.hint) from None
    except FileNotFoundError:
        raise ReadError("file not found", path=str(path),
                        hint="check the path and its spelling") from None
    except IsADirectoryError:
        raise ReadError("is a directory, not an essay file", path=str(path),
                        hint="name the files inside it, or use 'pamphlets list DIR'") from None
    except ValueError:  # a NUL character in the path itself
        raise ReadError("the file name holds a NUL character", path=repr(str(path)),
                        hint="check the path") from None
    except OSError as exc:
        raise ReadError(f"cannot be read ({exc.strerror or exc})", path=str(path),
                        hint="check the path and its permissions") from exc
    if not data.strip():
        raise ReadError("is empty", path=str(path), hint="write the essay into it or leave it out")
    if text and b"\x00" in data[:1_000_000] and not _utf16_bom(data):
        raise ReadError("holds NUL bytes, so it is not a text file", path=str(path),
                        hint="export the document as text, Markdown or HTML first")
    return data


def _utf16_bom(data: bytes) -> bool:
    return data[:2] in (b"\xff\xfe", b"\xfe\xff")


def decode(data: bytes, path: Path) -> SourceText:
    """UTF-8 when it is; else charset-normalizer's guess, else cp1252, else Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _lenient(data[3:], "utf-8", "utf-8-sig", path)
    if _utf16_bom(data):
        return _lenient(data, "utf-16", "utf-16", path)
    try:
        return SourceText(path, data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    encoding = _guess(data)
    text = data.decode(encoding, "replace")
    notice = Notice("warning", f"not valid UTF-8; decoded as {encoding}", str(path))
    return SourceText(path, text, encoding, (notice,))


def _lenient(data: bytes, codec: str, name: str, path: Path) -> SourceText:
    """Decode with a byte-order mark's codec, replacing (and reporting) broken bytes."""
    try:
        return SourceText(path, data.decode(codec), name)
    except UnicodeDecodeError:
        notice = Notice("warning", f"invalid {name} bytes replaced with \ufffd", str(path))
        return SourceText(path, data.decode(codec, "replace"), name, (notice,))


def _guess(data: bytes) -> str:
    try:
        from charset_normalizer import from_bytes

        matches = list(from_bytes(data))
    except Exception:  # pragma: no cover - the library is a dependency, but stay safe
        matches = []
    guess = matches[0].encoding if matches else ""
    # Short Western text often fits several code pages equally well (cp1250 reads "è" as
    # "č"); among the equally good guesses, take the Western one.
    tied = [m.encoding for m in matches
            if m.chaos <= matches[0].chaos and m.coherence >= matches[0].coherence]
    for western in ("cp1252", "latin_1", "iso8859_15"):
        if western in tied:
            return western
    # charset-normalizer sometimes picks an exotic code page for Western text; the
    # Windows and ISO Western pages are by far the likeliest for essays, so prefer them.
    if guess.replace("_", "-").lower() in {"cp1252", "windows-1252", "latin-1", "iso-8859-1",
                                           "latin1", "iso8859-1", "cp1250", "cp1251",
                                           "koi8-r", "gb18030", "big5", "shift-jis", "euc-jp",
                                           "euc-kr", "iso8859-15", "cp1256", "iso8859-5"}:
        return guess
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def load(path: Path | str) -> SourceText:
    path = Path(path)
    return decode(read_bytes(path), path)
