"""``pamphlets library``: a folder of essays and manifests built into every format, with
a catalogue (index.html) and an OPDS feed; only what changed is built again."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..context import DEFAULT_PAGE_SIZE
from ..library import LIBRARY_FORMATS, LibraryOptions, Progress, build_library
from ..options import DEFAULT_OPTIONS
from ..pages import PAGE_SIZES


def _comma_list(ctx, param, value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))


@click.command("library")
@click.argument("source_dir", type=click.Path(path_type=Path))
@click.argument("out_dir", type=click.Path(path_type=Path))
@click.option("--formats", default=",".join(LIBRARY_FORMATS), show_default=True,
              callback=_comma_list,
              help="Comma list of pdf (one per page size), epub, print (the PDF imposed "
                   "as a folded booklet).")
@click.option("--page-size", "page_sizes", default=DEFAULT_PAGE_SIZE, show_default=True,
              callback=_comma_list, help="Comma list of page sizes for the PDFs, of "
                                         + ", ".join(sorted(PAGE_SIZES)) + ".")
@click.option("--jobs", "-j", type=click.IntRange(0, 64), default=DEFAULT_OPTIONS["jobs"],
              help="Texts built at once, each in its own local worker process "
                   "(0: one per core).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Build on a Dask cluster, e.g. tcp://host:8786, instead of locally.")
@click.option("--shard", metavar="I/N",
              help="Build only every N-th text, the I-th of each N (1 <= I <= N).")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
def command(source_dir, out_dir, formats, page_sizes, jobs, scheduler, shard, quiet):
    """Build every essay and manifest under SOURCE_DIR into OUT_DIR/<slug>/, and the
    catalogue OUT_DIR/index.html and OPDS feed OUT_DIR/opds.xml.

    Texts are built again only when their source, a style or template, or an option
    changed; a text whose source is gone loses its outputs and catalogue entry. A text
    that fails is reported, the others are built, and the exit code is 1.

    \b
    Examples:
      pamphlets library essays/ site/
      pamphlets library essays/ site/ --formats pdf,epub --page-size a5,a4
      pamphlets library essays/ site/ --scheduler tcp://scheduler:8786
      pamphlets library essays/ site/ --shard 2/4
    """
    options = LibraryOptions(formats=formats, page_sizes=page_sizes, jobs=jobs,
                             scheduler=scheduler, shard=shard)
    live = not quiet and sys.stderr.isatty()
    report = build_library(source_dir, out_dir, options, _progress_line if live else None)
    if live:
        click.echo("\r\033[K", nl=False, err=True)
    if not quiet:
        _warnings(report.warnings)
    if not quiet:
        click.echo(f"{len(report.built)} built, {len(report.unchanged)} unchanged, "
                   f"{len(report.removed)} removed, {len(report.failed)} failed; "
                   f"{report.catalogued} in {out_dir / 'index.html'} and "
                   f"{out_dir / 'opds.xml'} ({report.pages} pages in {report.seconds:.1f} s)")
    for name, error in report.failed:
        click.echo(f"failed: {name}: {error}", err=True)
    if report.failed:
        sys.exit(1)


def _warnings(warnings: list[tuple[str, str]]) -> None:
    """Each text's warnings on one line, the first three in full."""
    by_text: dict[str, list[str]] = {}
    for slug, warning in warnings:
        by_text.setdefault(slug, []).append(warning)
    for slug, texts in by_text.items():
        more = f"; and {len(texts) - 3} more" if len(texts) > 3 else ""
        click.echo(f"warning: {slug}: {'; '.join(texts[:3])}{more}", err=True)


def _progress_line(p: Progress) -> None:
    eta = "" if p.eta is None else f", about {_duration(p.eta)} left"
    click.echo(f"\r\033[K{p.done}/{p.total} texts, {p.pages_per_second:.1f} pages/s{eta} "
               f"({p.slug})", nl=False, err=True)


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"
