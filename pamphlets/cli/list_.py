"""``pamphlets list``: the essays in a folder with their metadata and size."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import PamphletError
from ..loading import read_essay
from ..model import word_count
from ..context import DEFAULT_PAGE_SIZE
from ..pages import PAGE_SIZES, page_size, page_size_option
from ..readers import is_essay_name

@click.command("list")
@click.argument("folder", required=False, default=".",
                type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--page-size", "size_name", default=DEFAULT_PAGE_SIZE, show_default=True,
              metavar="SIZE", callback=page_size_option,
              help="Page size for the page estimate: " + ", ".join(sorted(PAGE_SIZES)) + ".")
def command(folder: Path, size_name: str):
    """List the essays found in FOLDER: title, author, words, notes, estimated pages.

    \b
    Example:
      pamphlets list seeds/
    """
    size = page_size(size_name, key="page-size")
    files = sorted(p for p in folder.iterdir() if is_essay_name(p.name) and p.is_file())
    rows = []
    for path in files:
        try:
            essay = read_essay(path).essay
        except PamphletError as exc:
            click.echo(f"skipped {path.name}: {exc.what}", err=True)
            continue
        words = word_count(essay)
        rows.append((path.name, essay.meta.title, ", ".join(essay.meta.authors) or "-",
                     words, len(essay.notes), size.estimate_pages(words)))
    if not rows:
        click.echo(f"no essays found in {folder}")
        return
    header = ("file", "title", "author", "words", "notes", "pages")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(6)]
    widths[1] = min(widths[1], 48)
    for row in [header] + rows:
        cells = [str(c)[:widths[i]].ljust(widths[i]) if i < 3 else str(c).rjust(widths[i])
                 for i, c in enumerate(row)]
        click.echo("  ".join(cells).rstrip())
