"""The command line: a Click group whose subcommands live one per module here.

The CLI only parses options, calls the pipeline and prints. The tool's own errors
(``PamphletError``) become one line on stderr and exit code 1; ``--debug`` shows the
traceback instead. Click's usage errors keep exit code 2.
"""

from __future__ import annotations

import importlib
import sys

import click

from ..errors import PamphletError

#: subcommand modules, in the order ``--help`` lists them
COMMAND_MODULES = ("build", "list_", "import_", "impose", "proof")


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PamphletError:
            if ctx.obj and ctx.obj.get("debug"):
                raise RuntimeError("--debug traceback follows") from sys.exc_info()[1]
            raise
        except KeyboardInterrupt:
            click.echo("error: interrupted; earlier outputs are left as they were", err=True)
            ctx.exit(1)


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


def _register() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{name}":
                continue  # that command is not written yet
            raise
        cli.add_command(module.command)


_register()


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="pamphlets")
