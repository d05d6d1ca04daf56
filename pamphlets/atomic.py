"""Write output files all at once or not at all.

``atomic_write`` hands out a hidden temporary path next to the target; the target is
replaced (``os.replace``, atomic on one file system) only when the block finishes without
an exception. On any failure, Ctrl-C included (and SIGTERM or SIGHUP, which the CLI turns
into Ctrl-C), the temporary file is removed and an older target stays byte-identical.
Problems with the output folder (it is a file, it cannot be written, the disk is full)
become one ``BuildError`` with a hint.

A process killed outright (SIGKILL, a power cut) cannot clean up: its temporary files
are swept by the next write of the same target. While a writer works it holds a shared
lock on the folder; a sweep needs the folder to itself, so it never removes the
temporary file of a build still running.

``save_pdf`` is the one way a pikepdf document reaches the disk: qpdf writes into memory
and Python writes the bytes, so a full disk is an ``OSError`` that becomes the usual
one-line error (qpdf meeting it itself aborts the whole process). ``same_file`` and
``refuse_input`` keep an output from overwriting one of the inputs.
"""

from __future__ import annotations

import errno
import io
import os
import re
import secrets
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .errors import BuildError, ConfigError

try:  # POSIX; elsewhere there is no lock and no sweep
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

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


def _temp_name(target: str, suffix: str) -> str:
    """``.NAME.XXXXXXXX.tmp``, and ``.NAME.XXXXXXXX.tmp.png`` for a writer that picks its
    format by the name's ending (``suffix`` ``.png``)."""
    end = "" if suffix == ".tmp" else suffix
    return f".{target}.{secrets.token_hex(4)}.tmp{end}"


def _stale_pattern(target: str) -> re.Pattern:
    """The temporary files a crashed write of ``target`` may have left: ours (also those
    of a write nested in it, and of earlier versions that ended in ``.pdf`` or ``.png``)
    and the ones qpdf made beside them (``.pikepdf.`` + ours + random letters)."""
    return re.compile(rf"(?:\.pikepdf\.)?\.+{re.escape(target)}\.[0-9a-f]{{8}}"
                      rf"\.(?:tmp|pdf|png)(?:[.\w-]*)")


@contextmanager
def _in_use(folder: Path, stale: Iterable[re.Pattern]) -> Iterator[None]:
    """Hold a shared lock on ``folder`` while writing in it. First, if no other writer
    holds one, remove the files there whose names match a pattern of ``stale``: what
    earlier, killed writes left. Where folders cannot be locked, nothing is swept."""
    if fcntl is None:
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pass  # another writer is at work in this folder: nothing there is stale
        else:
            _sweep(folder, list(stale))
        with suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)


def _sweep(folder: Path, stale: list[re.Pattern]) -> None:
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name.startswith(".") and any(p.fullmatch(name) for p in stale):
            with suppress(OSError):
                os.unlink(folder / name)


def sweep_folder(folder: str | os.PathLike, pattern: str) -> None:
    """Remove the hidden files of ``folder`` whose names match ``pattern`` (a regular
    expression), unless a writer is at work there: for a folder that only this program
    writes in (the render cache), at start-up."""
    folder = Path(folder)
    if folder.is_dir():
        with _in_use(folder, [re.compile(pattern)]):
            pass


#: temporary file -> the process that made it, for each not yet moved into place or
#: removed (see ``remove_temporaries``)
_PENDING: dict[Path, int] = {}


def remove_temporaries() -> None:
    """Remove the temporary files this process made and still has. The CLI calls this
    on its way out of an interrupted command: a signal that lands between two steps
    (the file made, its clean-up not yet in force) would otherwise leave one behind."""
    for temp, pid in list(_PENDING.items()):
        if pid == os.getpid():
            with suppress(OSError):
                temp.unlink()
            _PENDING.pop(temp, None)


def _create_temp(target: Path, suffix: str = ".tmp") -> Path:
    """Create an empty hidden file beside ``target`` (permissions as for a new file)."""
    for _ in range(100):
        temp = target.with_name(_temp_name(target.name, suffix))
        _PENDING[temp] = os.getpid()  # before it exists: no moment unaccounted for
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            _PENDING.pop(temp, None)
            continue
        except BaseException:  # Ctrl-C may land just after the file was made
            with suppress(OSError):
                temp.unlink()
            _PENDING.pop(temp, None)
            raise
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
    folder = target.parent if str(target.parent) else Path(".")
    _prepare_folder(folder)
    with _in_use(folder, [_stale_pattern(target.name)]):
        yield from _write_through(target, suffix)


def _write_through(target: Path, suffix: str) -> Iterator[Path]:
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
        _PENDING.pop(temp, None)
    except BaseException:
        with suppress(OSError):
            temp.unlink()
        _PENDING.pop(temp, None)
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


def save_pdf(pdf, path: str | os.PathLike, **options) -> None:
    """Save the pikepdf document ``pdf`` to ``path`` with pikepdf's ``options``.

    qpdf writes into memory and Python writes the bytes into the file (the same file,
    not one qpdf puts in its place): a full disk or any other write error is then an
    ``OSError`` here, for ``atomic_write`` to turn into one line. (qpdf writing a file
    itself aborts the whole process when the disk is full, leaving its own temporary file.)
    """
    buffer = io.BytesIO()
    pdf.save(buffer, **options)
    with open(path, "wb") as handle:
        handle.write(buffer.getbuffer())


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Whether ``a`` and ``b`` name one existing file (through links, case or ``..``)."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError, TypeError):
        return False


def refuse_input(output: str | os.PathLike, inputs: Iterable[str | os.PathLike], *,
                 key: str | None = None, hint: str) -> None:
    """A ``ConfigError`` if ``output`` is the same file as one of ``inputs``: writing it
    would destroy what it is made from."""
    for source in inputs:
        if source and same_file(output, source):
            raise ConfigError(f"the output would overwrite the input '{source}'",
                              path=output, key=key, hint=hint)
