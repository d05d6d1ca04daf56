"""Write output files all at once or not at all.

``atomic_write`` hands out a hidden temporary path next to the target; the target is
replaced (``os.replace``, atomic on one file system) only when the block finishes without
an exception. On any failure, Ctrl-C included, the temporary file is removed and an older
target stays byte-identical. Problems with the output folder (it is a file, it cannot be
written, the disk is full) become one ``BuildError`` with a hint.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .errors import BuildError

_NO_SPACE = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


def _prepare_folder(folder: Path) -> None:
    """Make sure ``folder`` exists and is a folder, or raise a ``BuildError``."""
    if folder.exists() and not folder.is_dir():
        raise BuildError(
            "the output folder is a file",
            path=folder,
            hint="remove that file or choose another output folder",
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as error:
        raise BuildError(
            "cannot create the output folder: part of its path is a file",
            path=folder,
            hint="choose another output folder",
        ) from error
    except OSError as error:
        raise os_error(error, folder) from error


def os_error(error: OSError, path: Path) -> BuildError:
    """Turn an ``OSError`` met while writing ``path`` into a ``BuildError``."""
    if error.errno in _NO_SPACE:
        return BuildError(
            "the disk is full", path=path, hint="free some disk space and build again"
        )
    if isinstance(error, PermissionError) or error.errno == errno.EROFS:
        return BuildError(
            "cannot write here (permission denied or read-only)",
            path=path,
            hint="check the folder's permissions or choose another output folder",
        )
    if isinstance(error, IsADirectoryError):
        return BuildError(
            "a folder is in the way of the output file",
            path=path,
            hint="remove or rename that folder",
        )
    return BuildError(f"cannot write the file: {error.strerror or error}", path=path)



def _create_temp(target: Path, suffix: str = ".tmp") -> Path:
    """Create an empty hidden file beside ``target`` (permissions as for a new file)."""
    for _ in range(100):
        temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}{suffix}")
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return temp
    raise BuildError("cannot find a free temporary file name", path=target.parent)


def _finish(temp: Path, target: Path, new_mode: int) -> None:
    """Flush ``temp`` to disk, give it an existing target's permissions (else ``new_mode``,
    in case the writer replaced the temporary file with one of its own), move it in place."""
    with open(temp, "rb") as handle:
        os.fsync(handle.fileno())
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = new_mode
    os.chmod(temp, mode)
    os.replace(temp, target)


@contextmanager
def atomic_write(path: str | os.PathLike, suffix: str = ".tmp") -> Iterator[Path]:
    """Yield a temporary path to write; move it onto ``path`` if the block succeeds.
    ``suffix`` ends the temporary name, for writers that choose a format by it (``.png``)."""
    target = Path(path)
    _prepare_folder(target.parent if str(target.parent) else Path("."))
    try:
        temp = _create_temp(target, suffix)
        new_mode = stat.S_IMODE(temp.stat().st_mode)
    except OSError as error:
        raise os_error(error, target) from error
    try:
        try:
            yield temp
        except OSError as error:
            # Only a full disk is surely about the output; other errors may be the caller's.
            if error.errno in _NO_SPACE:
                raise os_error(error, target) from error
            raise
        try:
            _finish(temp, target, new_mode)
        except OSError as error:
            raise os_error(error, target) from error
    except BaseException:
        with suppress(OSError):
            temp.unlink()
        raise


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_write(path) as temp:
        try:
            temp.write_bytes(data)
        except OSError as error:
            raise os_error(error, Path(path)) from error


def atomic_write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (no newline translation)."""
    atomic_write_bytes(path, text.encode(encoding))
