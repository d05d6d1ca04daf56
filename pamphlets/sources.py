"""Reading input files from disk: bytes to text, with the checks every reader needs.

This is the only place readers' input touches the file system. It refuses what is not
text (a directory, an empty file, NUL bytes) and decodes what is not UTF-8 by fallback,
saying which encoding it used.
"""

from __future__ import annotations

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


def read_bytes(path: Path, *, text: bool = True) -> bytes:
    try:
        data = path.read_bytes()
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
