"""Running heads and page numbers drawn from a few stamp pages, not one overlay page each.

Folios come from the book's own CSS (``folios.css`` and the look's ``@page`` rules), so
WeasyPrint has to lay them out; but a book of 250 pages has only a handful of different
folio pages: verso or recto, the kind of page, the running head in effect. WeasyPrint
renders one *stamp* page for each such kind of page, with the page counter set to a
probe number that holds every digit, and renders them again with a short one.
For each page of the book, the stamp's content stream is copied with the probe's glyphs
replaced by the real page number's glyphs, moved as the stamp's own alignment demands
(measured from the two probes: left, centre or right).

``FolioStamps.read`` returns ``None`` when a stamp shows the number in a way this does
not understand (roman numerals, "page 3 of 9", figures kerned against each other, a
number in two fonts); the PDF writer then renders the full overlay instead, so the
result is always what WeasyPrint itself would print.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal

import pikepdf

#: pages without running head or folio: the front matter, blank pages, the back cover
#: (the page plan, the page list and the joiner's stamps all ask this one tuple)
NO_FOLIO = ("front", "blank", "back")

#: page counter values of the stamp pages' first page: a long one with every digit and a
#: short one (together they give the glyphs, widths and alignment), then real small page
#: numbers, whose render must equal the redrawn stamp (this catches counter styles that
#: print some ranges otherwise, padded figures, and numbers overflowing their box)
PROBES = (1023456789000, 100, 1)
#: how far a redrawn number may stand from where WeasyPrint drew it, in points (widths
#: come from the font's /W table, rounded to thousandths of an em: a few hundredths off)
PLACE_SLACK = 0.1
#: how far the measured alignment may stray from [0, 1] (0: left, ½: centre, 1: right)
ALIGN_SLACK = 0.01

_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


@dataclass(frozen=True)
class StampKey:
    """What a folio page shows apart from its number."""

    kind: str  # opening, body, notes, back (as ``Slot.kind``)
    right: bool  # a recto
    #: the running heads (recto, verso) the page sets (an essay's, chapter's or the
    #: notes' opening)
    rh: tuple[str, str] | None
    head: tuple[str, str]  # the running heads in effect as the page begins


def stamp_sheets(keys: list[StampKey]) -> tuple[list[dict], list[int]]:
    """Overlay sheets for ``keys`` (``BookHTML.sheets``), each on the side it needs, after
    a blank sheet that sets the running head in effect; and the index of each key's sheet.
    Another blank sheet pads the sides where needed."""
    sheets: list[dict] = []
    where: list[int] = []
    for key in keys:
        if ((len(sheets) + 1) % 2 == 0) != key.right:
            sheets.append({"kind": "blank", "rh": None})
        sheets.append({"kind": "blank", "rh": key.head})
        where.append(len(sheets))
        sheets.append({"kind": key.kind, "rh": key.rh})
    return sheets, where


@dataclass(frozen=True)
class _Number:
    """Where one stamp page draws its page number, and how."""

    tm_at: int  # index of the ``Tm`` instruction
    show_at: int  # index of the ``TJ``/``Tj`` instruction
    tm: tuple  # the probe's text matrix
    glyphs: tuple[bytes, ...]  # glyph codes of the probe, in order
    adjust: tuple  # TJ adjustment after each glyph
    widths: dict[int, float]  # advance widths, in thousandths of the font size
    default_width: float
    size: float
    text: str  # the probe as drawn

    def width(self, codes: list[bytes], between, last) -> float:
        total = 0.0
        for i, code in enumerate(codes):
            adjust = float(between if i < len(codes) - 1 else last)
            total += self.widths.get(int.from_bytes(code, "big"), self.default_width) - adjust
        return total * self.size / 1000


class _Stamp:
    """One stamp page: its instructions, where the number is, how it aligns."""

    def __init__(self, instructions: list, number: _Number, align: float, form: pikepdf.Object):
        self.instructions = instructions
        self.number = number
        self.align = align
        self.form = form  # the stamp page as a form XObject, in the stamps' PDF
        digits = {}
        for char, code in zip(number.text, number.glyphs):
            digits[char] = code
        self.digits = digits
        self.between = number.adjust[0] if len(number.adjust) > 1 else 0
        self.last = number.adjust[-1]
        self.probe_width = number.width(list(number.glyphs), self.between, self.last)

    def content(self, page_number: int) -> bytes:
        return pikepdf.unparse_content_stream(self.instructions_for(page_number))

    def instructions_for(self, page_number: int) -> list:
        n = self.number
        codes = [self.digits[c] for c in str(page_number)]
        shown = []
        for i, code in enumerate(codes):
            shown.append(pikepdf.String(code))
            shown.append(self.between if i < len(codes) - 1 else self.last)
        x = float(n.tm[4]) + self.align * (self.probe_width - n.width(codes, self.between,
                                                                         self.last))
        tm = list(n.tm)
        tm[4] = Decimal(f"{x:.6f}")
        instructions = list(self.instructions)
        instructions[n.tm_at] = pikepdf.ContentStreamInstruction(tm, pikepdf.Operator("Tm"))
        instructions[n.show_at] = pikepdf.ContentStreamInstruction(
            [pikepdf.Array(shown)], pikepdf.Operator("TJ"))
        return instructions

    def draws_like(self, page: pikepdf.Page, page_number: int) -> bool:
        """Whether ``page`` (WeasyPrint's own render of this stamp at ``page_number``)
        shows what the redrawn stamp shows."""
        mine = self.instructions_for(page_number)
        theirs = list(pikepdf.parse_content_stream(page))
        if len(mine) != len(theirs):
            return False
        for k, (a, b) in enumerate(zip(mine, theirs)):
            if k == self.number.tm_at:
                if str(b.operator) != "Tm" or len(b.operands) != 6 or any(
                        abs(float(x) - float(y)) > PLACE_SLACK
                        for x, y in zip(a.operands, b.operands)):
                    return False
            elif k == self.number.show_at:
                if _shown(a) != _shown(b):
                    return False
            elif _unparse(a) != _unparse(b):
                return False
        return True


class FolioStamps:
    """The stamps of one book, ready to make each page's folio form XObject."""

    def __init__(self, stamps: dict[StampKey, _Stamp], docs: list[pikepdf.Pdf]):
        self._stamps = stamps
        self._docs = docs
        self._copied: dict[StampKey, tuple] = {}

    @classmethod
    def read(cls, pdfs: tuple[bytes, ...], keys: list[StampKey],
             where: list[int]) -> "FolioStamps | None":
        """Stamps from the renders at ``PROBES``, or ``None`` when a number cannot be
        redrawn safely."""
        docs = [pikepdf.open(io.BytesIO(data)) for data in pdfs]
        stamps = {}
        for key, index in zip(keys, where):
            stamp = _read_stamp(docs[0].pages[index], docs[1].pages[index],
                                (PROBES[0] + index, PROBES[1] + index))
            if stamp is not None and not stamp.draws_like(docs[2].pages[index],
                                                          PROBES[2] + index):
                stamp = None
            if stamp is None:
                for doc in docs:
                    doc.close()
                return None
            stamps[key] = stamp
        return cls(stamps, docs)

    def form(self, out: pikepdf.Pdf, key: StampKey, page_number: int) -> pikepdf.Object:
        """The folio of page ``page_number`` as a form XObject of ``out``."""
        stamp = self._stamps[key]
        if key not in self._copied:
            template = out.copy_foreign(stamp.form)
            resources = template.get("/Resources", pikepdf.Dictionary())
            if not resources.is_indirect:
                resources = out.make_indirect(resources)
            self._copied[key] = (template.BBox, resources, template.get("/Matrix"))
        bbox, resources, matrix = self._copied[key]
        form = out.make_stream(stamp.content(page_number))
        form.Type = pikepdf.Name.XObject
        form.Subtype = pikepdf.Name.Form
        form.BBox = bbox
        form.Resources = resources
        if matrix is not None:
            form.Matrix = matrix
        return form

    def close(self) -> None:
        for doc in self._docs:
            doc.close()


def _read_stamp(page_a: pikepdf.Page, page_b: pikepdf.Page,
                probes: tuple[int, int]) -> _Stamp | None:
    ops_a = list(pikepdf.parse_content_stream(page_a))
    ops_b = list(pikepdf.parse_content_stream(page_b))
    found_a = _find_number(page_a, ops_a, str(probes[0]))
    found_b = _find_number(page_b, ops_b, str(probes[1]))
    if found_a is None or found_b is None or len(ops_a) != len(ops_b):
        return None
    if (found_a.tm_at, found_a.show_at) != (found_b.tm_at, found_b.show_at):
        return None
    # everything but the number must be the same in both renders
    for i, (a, b) in enumerate(zip(ops_a, ops_b)):
        if i in (found_a.tm_at, found_a.show_at):
            continue
        if str(a.operator) != str(b.operator) or _unparse(a) != _unparse(b):
            return None
    if [float(v) for k, v in enumerate(found_a.tm) if k != 4] != \
            [float(v) for k, v in enumerate(found_b.tm) if k != 4]:
        return None
    if len(set(zip(found_a.text, found_a.glyphs))) != len(set(found_a.text)):
        return None  # one figure drawn with two glyphs (contextual alternates)
    stamp = _Stamp(ops_a, found_a, 0.0, page_a.as_form_xobject())  # aligned below
    if len(stamp.digits) != 10 or any(stamp.digits[c] != code for c, code in
                                      zip(found_b.text, found_b.glyphs)):
        return None
    if found_b.adjust[:-1] and found_b.adjust[0] != stamp.between:
        return None
    short = found_b.width(list(found_b.glyphs), stamp.between, found_b.adjust[-1])
    if abs(stamp.probe_width - short) < 1:
        return None
    align = (float(found_a.tm[4]) - float(found_b.tm[4])) / (short - stamp.probe_width)
    if not -ALIGN_SLACK <= align <= 1 + ALIGN_SLACK:
        return None
    stamp.align = min(max(align, 0.0), 1.0)
    return stamp


def _shown(instruction) -> list:
    """The glyph codes and adjustments a ``TJ``/``Tj`` shows, strings joined."""
    items = list(instruction.operands[0]) if str(instruction.operator) == "TJ" else \
        [instruction.operands[0]]
    out: list = []
    for item in items:
        if isinstance(item, pikepdf.String):
            if not bytes(item):
                continue
            if out and isinstance(out[-1], bytes):
                out[-1] += bytes(item)
            else:
                out.append(bytes(item))
        elif out and isinstance(out[-1], float):
            out[-1] = round(out[-1] + float(item), 3)
        else:
            out.append(round(float(item), 3))
    return out


def _unparse(instruction) -> bytes:
    return pikepdf.unparse_content_stream([instruction])


def _find_number(page: pikepdf.Page, ops: list, probe: str) -> _Number | None:
    """The one text object of ``page`` that draws exactly ``probe``, with nothing else."""
    fonts = page.obj.get("/Resources", pikepdf.Dictionary()).get("/Font", pikepdf.Dictionary())
    found = []
    begin = None
    for i, op in enumerate(ops):
        name = str(op.operator)
        if name == "BT":
            begin = i
        elif name == "ET" and begin is not None:
            block = ops[begin + 1:i]
            number = _read_block(block, begin + 1, fonts, probe)
            if number is not None:
                found.append(number)
            begin = None
    return found[0] if len(found) == 1 else None


def _read_block(block: list, offset: int, fonts, probe: str) -> _Number | None:
    """A text object drawing ``probe`` as ``Tm``, ``Tf`` and one ``TJ``/``Tj``."""
    names = [str(op.operator) for op in block]
    if sorted(names) not in (["TJ", "Tf", "Tm"], ["Tf", "Tj", "Tm"]):
        return None  # anything more (spacing, rise, a second run) is not redrawn
    tm = next(op for op in block if str(op.operator) == "Tm")
    tf = next(op for op in block if str(op.operator) == "Tf")
    show_at = next(k for k, op in enumerate(block) if str(op.operator) in ("TJ", "Tj"))
    show = block[show_at]
    if names.index("Tm") > show_at or names.index("Tf") > show_at:
        return None
    font = fonts.get(str(tf.operands[0]))
    if font is None or font.get("/Encoding") != pikepdf.Name("/Identity-H"):
        return None
    try:
        to_unicode = _to_unicode(font.ToUnicode.read_bytes())
        descendant = font.DescendantFonts[0]
    except (AttributeError, IndexError, KeyError, TypeError):
        return None
    items = list(show.operands[0]) if str(show.operator) == "TJ" else [show.operands[0]]
    glyphs: list[bytes] = []
    adjust: list = []
    for item in items:
        if isinstance(item, pikepdf.String):
            data = bytes(item)
            if len(data) % 2:
                return None
            for k in range(0, len(data), 2):
                glyphs.append(data[k:k + 2])
                adjust.append(0)
        elif glyphs:
            adjust[-1] = adjust[-1] + item
        else:
            return None  # a shift before the first figure
    text = "".join(to_unicode.get(g, "\ufffd") for g in glyphs)
    if text != probe or len(text) != len(glyphs) or len(set(adjust[:-1])) > 1:
        return None
    widths, default = _widths(descendant)
    return _Number(offset + names.index("Tm"), offset + show_at, tuple(tm.operands),
                   tuple(glyphs), tuple(adjust), widths, default, float(tf.operands[1]), text)


def _to_unicode(cmap: bytes) -> dict[bytes, str]:
    """Glyph code → text from a ToUnicode CMap's ``bfchar`` entries (WeasyPrint writes
    only those)."""
    found = {}
    for section in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in _BFCHAR.findall(section):
            try:
                found[bytes.fromhex(code.decode())] = bytes.fromhex(text.decode()).decode(
                    "utf-16-be")
            except ValueError:
                continue
    return found


def _widths(descendant) -> tuple[dict[int, float], float]:
    """A CID font's ``/W`` array as glyph → width, and its default width."""
    default = float(descendant.get("/DW", 1000))
    widths: dict[int, float] = {}
    items = list(descendant.get("/W", pikepdf.Array()))
    k = 0
    while k < len(items):
        first = int(items[k])
        if k + 1 < len(items) and isinstance(items[k + 1], pikepdf.Array):
            for j, w in enumerate(items[k + 1]):
                widths[first + j] = float(w)
            k += 2
        elif k + 2 < len(items):
            for gid in range(first, int(items[k + 1]) + 1):
                widths[gid] = float(items[k + 2])
            k += 3
        else:
            break
    return widths, default
