"""The tool's own exceptions.

Each carries what went wrong, where (file, line or key) and how to fix it. They subclass
``click.ClickException`` so the CLI prints one line and exits 1; anything else is a bug and
crashes loudly (with ``--debug`` the CLI shows the traceback of these too).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

import click


class PamphletError(click.ClickException):
    """Base class: ``message`` says what; ``path``/``line``/``key`` say where; ``hint`` how."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        key: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.what = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.key = key
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        text = where + self.what
        if self.key:
            text += f" (key '{self.key}')"
        if self.hint:
            text += f"; {self.hint}"
        return one_line(text)

    def format_message(self) -> str:  # what click prints after "Error: "
        return self.one_line()


def one_line(text: str) -> str:
    """``text`` with newlines and other control or format characters escaped (``\\n``,
    ``\\x1b``), so that a message stays one line and cannot drive the terminal."""
    if text.isprintable():
        return text
    return "".join(repr(c)[1:-1] if unicodedata.category(c) in _UNSAFE else c for c in text)


#: Unicode categories escaped in messages: controls, format characters, surrogates,
#: private use, unassigned, and the line and paragraph separators
_UNSAFE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


# --------------------------------------------------------------------------- stages

#: what a command is doing to a file: reading an input, rendering an output, writing it
STAGES = {"read": "reading", "render": "rendering", "write": "writing"}
_WHERE = "_pamphlets_stage"


@contextmanager
def stage(name: str, path: object) -> Iterator[None]:
    """Mark the work inside as stage ``name`` of the file ``path``.

    An unexpected exception (a bug, or a limit such as ``MemoryError``) passing through
    is tagged with the stage and the file, the innermost stage first, and raised on
    unchanged; the CLI then names both in its one line (``unexpected_error``). The tool's
    own errors already say where they are and pass untouched.
    """
    try:
        yield
    except PamphletError:
        raise
    except Exception as exc:
        if getattr(exc, _WHERE, None) is None:
            try:
                setattr(exc, _WHERE, (name, str(path)))
            except (AttributeError, TypeError):  # an exception that takes no attributes
                pass
        raise


class UnexpectedError(PamphletError):
    """Any other exception, as the one line the CLI prints for it."""


def unexpected_error(exc: BaseException, command: str = "") -> UnexpectedError:
    """The one-line error for an exception that is not the tool's own: the file and the
    stage it was met in (when a ``stage`` marked them), and what it was."""
    name, path = getattr(exc, _WHERE, None) or ("", None)
    try:
        delattr(exc, _WHERE)  # MemoryError instances are reused: do not keep the tag
    except (AttributeError, TypeError):
        pass
    during = f" while {STAGES.get(name, name)}" if name else ""
    rerun = f"'pamphlets --debug {command} ...'" if command else "'pamphlets --debug ...'"
    if isinstance(exc, MemoryError):
        return UnexpectedError(
            f"out of memory{during}", path=path,
            hint="the file may be far too large or built to exhaust memory; check it, or "
                 f"run {rerun} for the traceback")
    if isinstance(exc, RecursionError):
        return UnexpectedError(
            f"nested too deeply to process{during}", path=path,
            hint=f"simplify its nesting, or run {rerun} for the traceback")
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if len(detail) > 160:
        detail = detail[:157] + "..."
    what = type(exc).__name__ + (f": {detail}" if detail else "")
    return UnexpectedError(
        f"unexpected error{during} ({what})", path=path,
        hint=f"this is a bug in pamphlets; run {rerun} and report the traceback")


class ConfigError(PamphletError):
    """A manifest or option that cannot be used."""


class ReadError(PamphletError):
    """An input file that cannot be read or parsed."""


class BuildError(PamphletError):
    """Rendering or writing an output failed."""


class MissingDependency(PamphletError):
    """An optional backend (such as pandoc) is not installed."""


class FetchError(ReadError):
    """An essay named by URL that cannot be fetched: ``path`` is the URL."""


class TemplateError(ConfigError):
    """A template that cannot be compiled or rendered: ``path`` and ``line`` are the
    template's own (usually one from the manifest's ``templates`` folder)."""
