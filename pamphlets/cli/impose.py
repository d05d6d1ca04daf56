"""``pamphlets impose``: lay a finished PDF out on printer sheets (booklet or minizine)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import stage
from ..options import help_for
from ..pages import SHEETS, creep_points
from ..writers.print.impose import LAYOUTS, impose


@click.command("impose")
@click.argument("pdf", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Imposed PDF to write (default: IN-LAYOUT.pdf beside the input).")
@click.option("--layout", type=click.Choice(LAYOUTS, case_sensitive=False), default="booklet",
              show_default=True,
              help="booklet: 2 pages a side, saddle-stitched; minizine: 8 pages on one sheet.")
@click.option("--sheet", metavar="|".join(SHEETS), help=help_for("sheet"))
@click.option("--signature", type=int, metavar="N",
              help="Booklet only: fold in groups of N pages (a multiple of 4) for thick books.")
@click.option("--creep", metavar="THICKNESS", help=help_for("creep"))
def command(pdf: Path, output: Path | None, layout: str, sheet: str | None,
            signature: int | None, creep: str | None) -> None:
    """Impose PDF for home printing, then print how to print, fold and bind it.

    The output is written atomically: a failure leaves an existing file untouched.
    Pages stay vector and, by default, at 100 %: A6 pages on A5 sheets, A5 on A4, A4 on
    A3, half-letter on letter, letter on tabloid. A sheet given with --sheet that does not
    take the pages at 100 % scales them to fit, and the output says so.

    \b
    Examples:
      pamphlets impose build/sampler.pdf -o print.pdf --layout booklet
      pamphlets impose thick.pdf -o print.pdf --signature 16 --creep 0.1mm
      pamphlets impose zine.pdf -o zine-sheet.pdf --layout minizine
    """
    layout = layout.lower()
    output = output or pdf.with_name(f"{pdf.stem}-{layout}.pdf")
    thickness = creep_points(creep)
    with stage("render", pdf):
        report = impose(pdf, output, layout=layout, sheet=sheet, signature=signature,
                        creep=thickness)
    click.echo(f"wrote {output}: {report.summary()}")
    click.echo("How to print:")
    click.echo(report.instructions)
