"""The Jinja2 environment shared by the writers: sandboxed, autoescaping always on.

A user's own ``templates/`` folder (from the manifest) is searched before the built-in
one, so a user can replace any template without touching the code.

A manifest, and the templates folder beside it, may come from someone else, so templates
are untrusted code: they render in Jinja's ``ImmutableSandboxedEnvironment``. It refuses
attributes that start with an underscore (the way from ``cycler`` or ``range`` to
``__globals__`` and ``os``) and methods that change lists and dicts; the built-in
templates need neither.

A template that cannot be compiled or rendered (a syntax error, an undefined name, an
unsafe attribute, a missing include, a division by zero...) stops the build with a
``TemplateError`` naming the template file and its line, never a Jinja traceback.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Iterable, NoReturn

import jinja2
from jinja2.debug import rewrite_traceback_stack
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..errors import TemplateError
from ..resources import templates_dir

_HINT = ("fix the template at that line (or remove it from your templates folder to use "
         "the built-in one)")


class TemplateEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, turning every failure of a template into a one-line ``TemplateError``."""

    def __init__(self, search: list[str], **options) -> None:
        super().__init__(loader=jinja2.FileSystemLoader(search), **options)
        self._folders = tuple(os.path.abspath(folder) + os.sep for folder in search)

    def handle_exception(self, source: str | None = None) -> NoReturn:
        """Called by Jinja inside its ``except`` blocks (compiling and rendering)."""
        error = rewrite_traceback_stack(source=source)
        where = self._template_frame(error)
        if isinstance(error, jinja2.TemplateSyntaxError):
            path, line = error.filename or error.name or where[0], error.lineno
            what = "template syntax error: " + _one_line(error.message or "")
        elif isinstance(error, (jinja2.TemplateError, RecursionError)) or \
                (where[0] and where[2]):
            path, line = where[0], where[1]
            what = f"template error: {_describe(error)}"
        else:  # raised inside Python code a template called: our bug, kept as it is
            raise error
        raise TemplateError(what, path=path, line=line or None, hint=_HINT) from None

    def _template_frame(self, error: BaseException) -> tuple[str | None, int | None, bool]:
        """The file and line of the innermost template frame of ``error``'s traceback,
        and whether that frame is the innermost frame of all (the error is the
        template's own, not that of a function it called)."""
        path, line, innermost = None, None, False
        tb = error.__traceback__
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            is_template = filename.startswith(self._folders)
            if is_template:
                path, line = filename, tb.tb_lineno
            innermost = is_template
            tb = tb.tb_next
        return path, line, innermost


def _describe(error: BaseException) -> str:
    if isinstance(error, jinja2.TemplateNotFound):
        return f"no template named {error.name!r}"
    if isinstance(error, RecursionError):
        return "templates call each other too deeply"
    text = str(error).strip() or type(error).__name__
    if not isinstance(error, jinja2.TemplateError):
        text = f"{type(error).__name__}: {text}"
    return _one_line(text)


def _one_line(text: str) -> str:
    """Jinja's message on one line, without its closing full stop (a hint follows)."""
    return " ".join(text.split()).rstrip(".")


def environment(user_dirs: Iterable[Path] = ()) -> jinja2.Environment:
    """The environment for these template folders; made once per process and folders, so
    each template is compiled once (Jinja still reloads a file that changed)."""
    return _environment(tuple(str(p) for p in user_dirs) + (str(templates_dir()),))


@functools.lru_cache(maxsize=16)
def _environment(search: tuple[str, ...]) -> jinja2.Environment:
    return TemplateEnvironment(
        list(search),
        autoescape=True,  # every template emits HTML or XHTML
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )

