"""The command line: a Click group whose subcommands live one per module here.

The CLI only parses options, calls the pipeline and prints. The tool's own errors
(``PamphletError``) become one line on stderr and exit code 1; ``--debug`` shows the
traceback instead. Click's usage errors keep exit code 2.

Ctrl-C, and SIGTERM and SIGHUP (what ``timeout``, CI cancellation and a closed terminal
send), end a command the same way: every temporary file is removed, earlier outputs stay
as they were, one line says so and the exit code is 1.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import click

from ..atomic import remove_temporaries
from ..errors import PamphletError

#: subcommand name → its module, in the order ``--help`` lists them; a module is
#: imported only when its command runs (or ``--help`` lists them all), so that
#: ``build`` starts its render workers before anything else is loaded
COMMANDS = {"build": "build", "list": "list_", "import": "import_", "impose": "impose",
            "proof": "proof", "library": "library", "serve": "serve"}


class _Group(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        return importlib.import_module(f"{__name__}.{module}").command

    def invoke(self, ctx: click.Context):
        try:
            with _stops_as_interrupts():
                return super().invoke(ctx)
        except PamphletError:
            if ctx.obj and ctx.obj.get("debug"):
                raise RuntimeError("--debug traceback follows") from sys.exc_info()[1]
            raise
        except KeyboardInterrupt:
            remove_temporaries()
            click.echo("error: interrupted; earlier outputs are left as they were", err=True)
            ctx.exit(1)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            # A bug, or a limit reached (MemoryError): still one line and exit code 1,
            # naming the file and the stage (read, render, write) it was met in.
            if ctx.obj and ctx.obj.get("debug"):
                raise
            from ..errors import unexpected_error

            raise unexpected_error(exc, ctx.invoked_subcommand or "") from exc


#: signals that end a command the way Ctrl-C does
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                     if hasattr(signal, name))


@contextmanager
def _stops_as_interrupts() -> Iterator[None]:
    """While a command runs, SIGTERM and SIGHUP raise ``KeyboardInterrupt`` as Ctrl-C
    does, so that the same clean-up runs. A render worker forked meanwhile simply ends,
    as it did before (the command itself reports the interruption). The earlier
    handlers come back afterwards (this matters when the CLI runs inside another
    program, such as the tests)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    command = os.getpid()

    def _interrupt(signum, frame) -> None:
        if os.getpid() != command:  # in a forked worker: end the default way
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise KeyboardInterrupt

    # a signal ignored on purpose (``nohup`` ignores SIGHUP) stays ignored
    earlier = {signum: signal.signal(signum, _interrupt) for signum in STOP_SIGNALS
               if signal.getsignal(signum) is not signal.SIG_IGN}
    try:
        yield
    finally:
        for signum, handler in earlier.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="pamphlets")
@click.option("--debug", is_flag=True, help="Show a traceback for errors instead of one line.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Assemble essays into a booklet: a print-ready PDF and an EPUB 3.

    \b
    Examples:
      pamphlets build seeds/sampler.toml
      pamphlets build essay.md --format pdf --page-size a6
      pamphlets import copied-from-web.txt -o essay.md
      pamphlets impose build/sampler.pdf -o print.pdf --layout booklet
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="pamphlets")
