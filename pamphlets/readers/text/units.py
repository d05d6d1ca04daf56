"""Units of the plain-text reader: runs of non-blank lines, each remembering how many
blank lines came before it and, once a pass has decided, why it is not body text.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import rules


@dataclass
class Unit:
    """Lines with no blank line between them."""

    lines: list[str]
    line: int  # 1-based number of the first line
    gap: int  # blank lines before it
    #: why the unit is not body text: (notice kind, reason); "meta"/"notes" are consumed
    fate: tuple[str, str] | None = None

    @property
    def text(self) -> str:
        return " ".join(line.strip() for line in self.lines)

    @property
    def single(self) -> bool:
        return len(self.lines) == 1


def split_units(lines: list[str]) -> list[Unit]:
    units: list[Unit] = []
    gap = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            gap += 1
            continue
        if gap == 0 and units and not _starts_list(units[-1], line):
            units[-1].lines.append(line)
        else:
            units.append(Unit([line], number, gap))
        gap = 0
    return units


def _starts_list(unit: Unit, line: str) -> bool:
    """A list item straight under a paragraph line starts a unit of its own."""
    return rules.list_item(line) is not None and rules.list_item(unit.lines[0]) is None \
        and rules.indent_of(unit.lines[-1]) == 0
