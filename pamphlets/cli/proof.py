"""``pamphlets proof``: a PNG contact sheet of every page, to check a PDF at a glance."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import stage
from ..writers.print.proof import proof


@click.command("proof")
@click.argument("pdf", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="PNG to write (default: IN-proof.png beside the input).")
@click.option("--columns", type=click.IntRange(1, 64), metavar="N",
              help="Page slots per row (default 8 for book pages, 4 for printer sheets).")
@click.option("--width", "page_width_px", type=click.IntRange(16, 2000), default=150,
              show_default=True, help="Width of each thumbnail in pixels.")
def command(pdf: Path, output: Path | None, columns: int | None, page_width_px: int) -> None:
    """Render a contact sheet of PDF: numbered thumbnails, book pages paired as spreads.

    Page 1 stands alone on the right, then 2-3, 4-5 ... as the printed book opens.
    Landscape pages (such as 'pamphlets impose' output) are shown one by one.

    \b
    Examples:
      pamphlets proof build/sampler.pdf -o proof.png
      pamphlets proof print.pdf -o sheets.png --columns 4
    """
    output = output or pdf.with_name(f"{pdf.stem}-proof.png")
    with stage("render", pdf):
        report = proof(pdf, output, columns=columns, page_width_px=page_width_px)
    kind = "spreads" if report.spreads else "pages"
    click.echo(f"wrote {output}: {report.pages} pages as {kind}, "
               f"{report.width}x{report.height} px")
