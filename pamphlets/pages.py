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

    @property
    def width_pt(self) -> float:
        return self.width_mm * 72 / 25.4

    @property
    def height_pt(self) -> float:
        return self.height_mm * 72 / 25.4


PAGE_SIZES: dict[str, PageSize] = {
    "a6": PageSize("a6", 105, 148, (12, 15, 13, 10), 9),
    "a5": PageSize("a5", 148, 210, (16, 20, 19, 14), 10.5),
    "a4": PageSize("a4", 210, 297, (22, 26, 27, 20), 11.5),
    "half-letter": PageSize("half-letter", 139.7, 215.9, (16, 20, 19, 14), 10.5),
    "letter": PageSize("letter", 215.9, 279.4, (22, 26, 27, 20), 11.5),
}


def page_size(name: str, *, key: str = "page_size", path: str | None = None) -> PageSize:
    try:
        return PAGE_SIZES[name.lower()]
    except (KeyError, AttributeError):
        raise ConfigError(f"unknown page size '{name}'", path=path, key=key,
                          hint="use one of: " + ", ".join(PAGE_SIZES)) from None


def page_css(size: PageSize) -> str:
    top, bottom, inner, outer = size.margins
    return (
        f"@page {{ size: {size.width_mm}mm {size.height_mm}mm; "
        f"margin: {top}mm {outer}mm {bottom}mm {inner}mm; }}\n"
        f"@page :left {{ margin-left: {outer}mm; margin-right: {inner}mm; }}\n"
        f"@page :right {{ margin-left: {inner}mm; margin-right: {outer}mm; }}\n"
        f"html {{ --base-size: {size.base_size_pt}pt; font-size: {size.base_size_pt}pt; }}\n"
    )


def print_css(bleed: str | None, marks: bool) -> str:
    """@page rules for a copy shop: bleed beyond the trim and crop marks."""
    rules = []
    if bleed:
        if not re.fullmatch(r"\d+(\.\d+)?(mm|pt|in|cm)", bleed.strip()):
            raise ConfigError(f"bleed '{bleed}' is not a length", key="bleed",
                              hint="give it with a unit, such as 3mm or 0.125in")
        rules.append(f"bleed: {bleed.strip()};")
    if marks:
        rules.append("marks: crop;")
        if not bleed:
            rules.append("bleed: 3mm;")  # marks need room outside the trim
    return "@page { " + " ".join(rules) + " }\n" if rules else ""
