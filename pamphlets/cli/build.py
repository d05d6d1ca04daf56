"""``pamphlets build``: essays or a manifest in, PDF and EPUB out."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..context import NOTES_MODES, OPENINGS
from ..options import BuildOptions, help_for
from ..pages import LAYOUTS, SHEETS, page_size_option
from ..pipeline import build
from ..writers import FORMATS


def _formats(ctx, param, value: str) -> tuple[str, ...]:
    items = tuple(v.strip().lower() for v in value.split(",") if v.strip())
    bad = [v for v in items if v not in FORMATS]
    if bad or not items:
        raise click.BadParameter(f"use a comma list of {', '.join(FORMATS)}")
    return items


@click.command("build")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--title", help=help_for("title"))
@click.option("--out-dir", type=click.Path(path_type=Path), default=Path("build"),
              show_default=True, help=help_for("out_dir"))
@click.option("--format", "formats", default=",".join(BuildOptions.formats), show_default=True,
              callback=_formats, help=help_for("formats"))
@click.option("--page-size", metavar="SIZE", callback=page_size_option,
              help=help_for("page_size"))
@click.option("--notes", type=click.Choice(NOTES_MODES), help=help_for("notes"))
@click.option("--openings", type=click.Choice(OPENINGS), help=help_for("openings"))
@click.option("--style", "styles", multiple=True, metavar="NAME|FILE.css",
              help=help_for("styles"))
@click.option("--jobs", "-j", type=click.IntRange(0, 64), default=BuildOptions.jobs,
              help=help_for("jobs"))
@click.option("--no-cache", "use_cache", flag_value=False, default=BuildOptions.use_cache,
              help=help_for("use_cache"))
@click.option("--allow-remote", is_flag=True, help=help_for("allow_remote"))
@click.option("--impose", type=click.Choice(LAYOUTS), help=help_for("impose"))
@click.option("--sheet", type=click.Choice(tuple(SHEETS)), help=help_for("sheet"))
@click.option("--signature", type=int, help=help_for("signature"))
@click.option("--creep", metavar="THICKNESS", help=help_for("creep"))
@click.option("--bleed", metavar="LENGTH", help=help_for("bleed"))
@click.option("--marks", is_flag=True, help=help_for("marks"))
@click.option("--cover", type=click.Choice(["inline", "separate"]), default=BuildOptions.cover,
              show_default=True, help=help_for("cover"))
@click.option("--keep-going", is_flag=True, help=help_for("keep_going"))
@click.option("--refresh", is_flag=True, help=help_for("refresh"))
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
def command(inputs, quiet, **options):
    """Build a booklet from a manifest or from essay files.

    INPUTS is one manifest (.toml) or one or more essays (Markdown, text, HTML, Muse,
    TEI...) or http(s) addresses. Writes build/<slug>.pdf and build/<slug>.epub.
    A page named by URL is fetched once, with its images, into <out-dir>/.cache/web/;
    later builds read it from there (offline) unless --refresh is given.

    \b
    Examples:
      pamphlets build seeds/sampler.toml
      pamphlets build essay.md --title "Three Essays" --format pdf --page-size a6
      pamphlets build seeds/sampler.toml --notes book --style zine --impose booklet
      pamphlets build seeds/sampler.toml --bleed 3mm --marks --cover separate
      pamphlets build https://example.org/essay.html other.md --title "Reader"

    \b
    Manifest keys (TOML): title, subtitle, editor, date, lang, description,
    colophon, licence, identifier, cover_image, page_size, notes, openings, style,
    templates (folder), styles (folder), and essays: a list of paths, or of tables
    {path = "...", title = "...", author = "...", lang = "..."} overriding the
    essay's own metadata ({url = "https://..."} instead of path for a web page).
    """
    progress = _progress_line if not quiet and sys.stderr.isatty() else None
    options["styles"] = tuple(options["styles"])
    result = build(list(inputs), BuildOptions(**options), progress)
    if progress:
        click.echo("\r\033[K", nl=False, err=True)
    if quiet:
        return
    for reason, texts in _grouped_warnings(result.notices):
        shown = "; ".join(texts[:3]) + (f"; and {len(texts) - 3} more" if len(texts) > 3 else "")
        click.echo(f"warning: {reason}: {shown}", err=True)
    for warning in result.warnings:
        click.echo(f"warning: WeasyPrint: {warning}", err=True)
    for notice in result.notices:
        if notice.kind == "typesetting":
            click.echo(f"note: {notice.reason}: {notice.text}", err=True)
    essays = len(result.booklet.essays)
    for fmt, path in result.outputs.items():
        extra = f" ({result.pages} pages)" if fmt == "pdf" else ""
        click.echo(f"wrote {path}{extra}")
    click.echo(f"{essays} essay{'s' if essays != 1 else ''} in {result.seconds:.1f} s")
    if result.print_instructions:
        click.echo(result.print_instructions)


def _grouped_warnings(notices) -> list[tuple[str, list[str]]]:
    """Warnings with the same reason on one line each, in the order they came."""
    groups: dict[str, list[str]] = {}
    for notice in notices:
        if notice.kind == "warning":
            groups.setdefault(notice.reason, []).append(notice.text)
    return list(groups.items())


def _progress_line(done: int, total: int, pages: int, name: str) -> None:
    """One line, rewritten in place on a terminal: stage, part, pages so far."""
    width = 20
    filled = width * done // max(total, 1)
    bar = "#" * filled + "-" * (width - filled)
    click.echo(f"\r\033[Krendering [{bar}] {done}/{total} parts, {pages} pages ({name})",
               nl=False, err=True)
