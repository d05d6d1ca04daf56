"""The tool's own exceptions.

Each carries what went wrong, where (file, line or key) and how to fix it. They subclass
``click.ClickException`` so the CLI prints one line and exits 1; anything else is a bug and
crashes loudly (with ``--debug`` the CLI shows the traceback of these too).
"""

from __future__ import annotations

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
        return text

    def format_message(self) -> str:  # what click prints after "Error: "
        return self.one_line()


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
