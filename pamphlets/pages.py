"""Page sizes and the @page rules generated for them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ConfigError


@dataclass(frozen=True)
class PageSize:
    name: str
    width_mm: float
    height_mm: float
    #: top, bottom, inner (gutter), outer margins in mm
    margins: tuple[float, float, float, float]
    base_size_pt: float
    #: how much text a page holds against an A5 page of the classic look (for estimates)
    text_scale: float = 1.0
    #: line height, as a multiple of the type size (longer lines want more)
    leading: float = 1.32

    @property
    def words_per_page(self) -> float:
        """Words a page of the classic look holds, for page estimates (``pamphlets list``)."""
        return WORDS_PER_A5_PAGE * self.text_scale

    def estimate_pages(self, words: int) -> int:
        """Pages ``words`` words fill in the classic look, at least one (a guess, for
        ``pamphlets list``; only a build knows)."""
        return max(1, round(words / self.words_per_page + 0.5))

    @property
    def width_pt(self) -> float:
        return self.width_mm * 72 / 25.4

    @property
    def height_pt(self) -> float:
        return self.height_mm * 72 / 25.4


#: words on an A5 page of the classic look, measured on the seeds
WORDS_PER_A5_PAGE = 290

#: every page size the tool knows: adding one here is all it takes (the CLI, the
#: manifest, the renderer and ``pamphlets list`` read this table). Each size has its own
#: type size, leading and margins, so that a line holds 45 to 75 characters (about 65 in
#: the classic look, measured with ``benchmarks/typeset.py``): the big pages get bigger
#: type and wide margins rather than lines of a hundred characters.
PAGE_SIZES: dict[str, PageSize] = {
    "a6": PageSize("a6", 105, 148, (12, 15, 13, 10), 9, 0.52, 1.28),
    "a5": PageSize("a5", 148, 210, (16, 20, 21, 17), 11, 1.0, 1.32),
    "a4": PageSize("a4", 210, 297, (24, 30, 46, 38), 13, 1.11, 1.36),
    "half-letter": PageSize("half-letter", 139.7, 215.9, (16, 20, 21, 17), 11, 0.96, 1.32),
    "letter": PageSize("letter", 215.9, 279.4, (24, 30, 49, 41), 13, 1.03, 1.36),
}


#: landscape sheet sizes in points (width, height), for imposition
SHEETS = {"a5": (595.28, 419.53), "a4": (841.89, 595.28), "a3": (1190.55, 841.89),
          "letter": (792.0, 612.0), "tabloid": (1224.0, 792.0)}
#: each sheet as a print dialog names it, and its family (ISO or US paper sizes): the
#: imposer picks the smallest sheet of the book's family that takes its pages at 100 %
SHEET_PAPER = {"a5": ("A5", "iso"), "a4": ("A4", "iso"), "a3": ("A3", "iso"),
               "letter": ("US Letter", "us"), "tabloid": ("Tabloid (11 x 17 in)", "us")}
#: how pages are imposed on sheets: folded booklets or an eight-page minizine
LAYOUTS = ("booklet", "minizine")


def page_size(name: str, *, key: str = "page_size", path: str | None = None) -> PageSize:
    try:
        return PAGE_SIZES[name.lower()]
    except (KeyError, AttributeError):
        raise ConfigError(f"unknown page size '{name}'", path=path, key=key,
                          hint="use one of: " + ", ".join(PAGE_SIZES)) from None


def page_size_option(ctx, param, value: str | None) -> str | None:
    """Click callback for ``--page-size``: checked against ``PAGE_SIZES`` when the command
    runs (so a size added to the table is accepted everywhere), a usage error otherwise."""
    if value is None:
        return None
    if value.lower() not in PAGE_SIZES:
        import click

        names = ", ".join(repr(n) for n in sorted(PAGE_SIZES))
        raise click.BadParameter(f"{value!r} is not one of {names}.")
    return value.lower()


def page_css(size: PageSize) -> str:
    top, bottom, inner, outer = size.margins
    return (
        f"@page {{ size: {size.width_mm}mm {size.height_mm}mm; "
        f"margin: {top}mm {outer}mm {bottom}mm {inner}mm; }}\n"
        f"@page :left {{ margin-left: {outer}mm; margin-right: {inner}mm; }}\n"
        f"@page :right {{ margin-left: {inner}mm; margin-right: {outer}mm; }}\n"
        f"html {{ --base-size: {size.base_size_pt}pt; font-size: {size.base_size_pt}pt; "
        f"--leading: {size.leading}; }}\n"
    )


#: points in one unit of a length the options take
UNITS = {"mm": 72 / 25.4, "cm": 720 / 25.4, "in": 72.0, "pt": 1.0}
_LENGTH = re.compile(r"(\d+(?:\.\d+)?|\.\d+)\s*(mm|cm|in|pt)")


def length(value: str, *, key: str, what: str, example: str) -> tuple[float, str]:
    """One length the options take (``3mm``, ``0.125in``, ``.1 mm``): its points and its
    CSS spelling. Anything else (no unit, negative, text) is a ``ConfigError`` naming
    ``what`` it should have been, with an ``example``."""
    text = str(value).strip().lower()
    match = _LENGTH.fullmatch(text)
    if match is None:
        shown = text if len(text) <= 30 else text[:27] + "..."
        raise ConfigError(f"{key} '{shown}' is not {what}", key=key,
                          hint=f"give it with a unit, such as {example}")
    return float(match.group(1)) * UNITS[match.group(2)], f"{float(match.group(1)):g}{match.group(2)}"


def creep_points(value: str | None, *, key: str = "creep") -> float:
    """``--creep``: a paper thickness such as ``0.1mm`` or ``0.004in``, in points (0 for
    none). Anything else (no unit, negative, over 1 mm) is a ``ConfigError``."""
    if value is None or not str(value).strip():
        return 0.0
    points, _css = length(value, key=key, what="a paper thickness", example="0.1mm or 0.004in")
    shown = str(value).strip().lower()[:30]
    if points > 72 / 25.4:
        raise ConfigError(f"creep '{shown}' is thicker than any paper (over 1 mm a sheet)",
                          key=key, hint="give one sheet's thickness, such as 0.1mm")
    return points


def print_css(bleed: str | None, marks: bool) -> str:
    """@page rules for a copy shop: bleed beyond the trim and crop marks."""
    rules = []
    if bleed:
        _points, css = length(bleed, key="bleed", what="a length", example="3mm or 0.125in")
        rules.append(f"bleed: {css};")
    if marks:
        rules.append("marks: crop;")
        if not bleed:
            rules.append("bleed: 3mm;")  # marks need room outside the trim
    return "@page { " + " ".join(rules) + " }\n" if rules else ""
