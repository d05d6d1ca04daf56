"""Notes in pasted text: finding the note list (back-arrow items, a ``Notes`` heading
or bare numbers over their text) and turning glued numbers in the body into references.
"""

from __future__ import annotations

from ...model import Inline, Note, NoteRef, Notice, Para, Text
from . import rules
from .units import Unit


def take_notes(units: list[Unit], notices: list[Notice]) -> list[Note]:
    """Find the note list, mark its units consumed and return the notes."""
    run = _arrow_note_run(units) or _headed_note_run(units, notices)
    if not run:
        taken, bare = _bare_number_notes(units)
        if bare:
            notices.append(Notice("info", "numbers alone on a line, each over its text, "
                                  "read as the notes", taken[0].text, taken[0].line))
            for unit in taken:
                unit.fate = ("notes", "")
            return [Note(number, (Para((Text(text),)),)) for number, text in bare]
    notes: list[Note] = []
    paras: list[list[str]] = []
    for unit in run:
        unit.fate = ("notes", "")
        for line in unit.lines:
            parsed = rules.note_line(line)
            if parsed:
                notes.append(Note(parsed[0], ()))
                paras.append([parsed[1]])
            elif paras:
                paras[-1].append(rules.BACK_ARROW.sub("", line).strip())
    return [Note(n.id, tuple(Para((Text(p),)) for p in texts if p)) for n, texts in zip(notes, paras)]


def _bare_number_notes(units: list[Unit]) -> tuple[list[Unit], list[tuple[str, str]]]:
    """Notes printed as ``1`` alone on a line with the note's text under it (as some
    newsletter sites print them), numbered 1, 2, 3 … to the end of the essay.
    Returns the units they take and ``(number, text)`` pairs."""
    def bare(unit: Unit, n: int) -> bool:
        return unit.lines[0].strip() == str(n)

    for start in range(len(units) - 1, -1, -1):
        if not bare(units[start], 1):
            continue
        taken: list[Unit] = []
        notes: list[tuple[str, str]] = []
        i = start
        while i < len(units) and bare(units[i], len(notes) + 1):
            unit, number = units[i], str(len(notes) + 1)
            if len(unit.lines) > 1:
                notes.append((number, " ".join(x.strip() for x in unit.lines[1:])))
                taken.append(unit)
                i += 1
            elif i + 1 < len(units) and not units[i + 1].lines[0].strip().isdigit():
                notes.append((number, units[i + 1].text))
                taken += [unit, units[i + 1]]
                i += 2
            else:
                break
        if notes and all(rules.boilerplate_reason(u.text) for u in units[i:]):
            return taken, notes
    return [], []


def _is_note_unit(unit: Unit) -> bool:
    return rules.note_line(unit.lines[0]) is not None


def _arrow_note_run(units: list[Unit]) -> list[Unit]:
    """The last run of numbered units whose items end in a back-arrow."""
    last = max((i for i, u in enumerate(units)
                if _is_note_unit(u) and any(rules.has_back_arrow(x) for x in u.lines)), default=None)
    if last is None:
        return []
    first = last
    while first > 0 and (_is_note_unit(units[first - 1]) or rules.indent_of(units[first - 1].lines[0]) >= 2):
        first -= 1
    while first < last and not _is_note_unit(units[first]):
        first += 1
    end = last + 1
    while end < len(units) and rules.indent_of(units[end].lines[0]) >= 2 and not _is_note_unit(units[end]):
        end += 1
    return units[first:end]


def _headed_note_run(units: list[Unit], notices: list[Notice]) -> list[Unit]:
    """The numbered units after the last ``Notes`` line."""
    for i in range(len(units) - 1, -1, -1):
        unit = units[i]
        if unit.single and rules.NOTES_HEADING.match(unit.text) and i + 1 < len(units) \
                and _is_note_unit(units[i + 1]):
            end = i + 1
            while end < len(units) and (_is_note_unit(units[end]) or rules.indent_of(units[end].lines[0]) >= 2):
                end += 1
            unit.fate = ("notes", "")
            notices.append(Notice("info", "notes heading: its list became the essay's notes",
                                  unit.text, unit.line))
            return units[i + 1:end]
    return []


# --------------------------------------------------------------------------- note references


class NoteRefs:
    """Turns glued numbers into ``NoteRef``s, in order, only where the note exists."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = {int(i): i for i in ids}
        self.expected = min(self.ids, default=1)
        self.found: set[int] = set()
        self.orphans: list[tuple[str, int]] = []  # (context, line)

    def inlines(self, text: str, line: int) -> tuple[Inline, ...]:
        out: list[Inline] = []
        pos = 0
        for match in rules.NOTE_MARK.finditer(text):
            number, glued = rules.note_mark_number(match)
            if glued and not rules.glued_number_ok(text, match.start()):
                continue
            if number in self.ids and self.expected <= number <= self.expected + 2:
                if match.start() > pos:
                    out.append(Text(text[pos:match.start()]))
                out.append(NoteRef(self.ids[number]))
                pos = match.end()
                self.found.add(number)
                self.expected = number + 1
            elif number == self.expected and number not in self.ids:
                self.orphans.append((text[max(0, match.start() - 30):match.end()], line))
                self.expected += 1
        if pos < len(text):
            out.append(Text(text[pos:]))
        return tuple(out)

    def report(self, notices: list[Notice]) -> None:
        # Without any notes, a lone glued number is too likely a plain number to mention.
        if self.ids or len(self.orphans) >= 2:
            for context, line in self.orphans:
                notices.append(Notice("warning", "footnote number without a matching note; kept as text",
                                      context, line))
        for number, note_id in self.ids.items():
            if number not in self.found:
                notices.append(Notice("warning", f"note {note_id} has no reference in the text; kept",
                                      note_id))
