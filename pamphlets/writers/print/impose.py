"""Imposition: lay out the pages of a finished PDF on printer sheets, vector for vector.

Two layouts:

* ``booklet`` — two pages on each side of a landscape sheet in saddle-stitch order, for
  duplex printing flipped on the short edge, then folding and stapling. Optionally split
  into folded groups (signatures) of N pages for thick books.
* ``minizine`` — the one-sheet, eight-page fold-and-cut zine; the top row is upside down.

Each source page becomes a form XObject placed with a ``cm`` matrix, so text and drawings
stay vector and shared fonts are stored once. See ``docs/imposition.md``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pikepdf

from ...atomic import atomic_write, refuse_input, save_pdf
from ...errors import BuildError, ConfigError, ReadError
from ...pages import LAYOUTS, SHEET_PAPER, SHEETS

if TYPE_CHECKING:
    from ...context import BuildContext
    from .. import Report

ENCRYPTED_HINT = "remove the password first: qpdf --password=PW --decrypt IN.pdf OUT.pdf"
#: US page sizes (short side, long side, in points) that belong on US sheets
_US_SIZES = ((612, 792), (396, 612), (306, 396), (612, 1008), (792, 1224), (279, 432))
#: the sheets of each family, smallest first (from the one table, ``pages.SHEET_PAPER``):
#: the default is the first that takes the pages at 100 %
_ISO_SHEETS, _US_SHEETS = (
    tuple(sorted((name for name, (_, kind) in SHEET_PAPER.items() if kind == family),
                 key=lambda name: SHEETS[name][0] * SHEETS[name][1]))
    for family in ("iso", "us"))
#: each sheet as the print dialog names it
PAPER_NAMES = {name: paper for name, (paper, _) in SHEET_PAPER.items()}
#: the sheet used when no sheet takes the pages at 100 % (the pages are scaled to it)
_FALLBACK = {"iso": "a4", "us": "letter"}


@dataclass(frozen=True)
class ImposeReport:
    """What :func:`impose` did, and how to print the result."""

    layout: str
    sheet: str
    pages: int  # pages in the input
    sheets: int  # physical sheets of paper
    sides: int  # pages in the output (sheet sides)
    blanks: int  # blank pages added
    scale: float  # 1.0 means 100 %
    signatures: list[int] = field(default_factory=list)  # pages per folded group
    instructions: str = ""
    #: the book's page size, in points (width, height)
    page: tuple[float, float] = (0.0, 0.0)
    #: the sheet that would take the pages at 100 %, if any ("" when none does)
    true_sheet: str = ""
    #: creep compensation: the paper's thickness in points, and the largest shift made
    creep: float = 0.0
    creep_shift: float = 0.0

    def scale_note(self) -> str:
        """One line saying plainly how the pages are scaled and why ("" at 100 %)."""
        if self.scale == 1.0:
            return ""
        w, h = (round(v * 25.4 / 72) for v in self.page)
        paper = PAPER_NAMES[self.sheet]
        why = (f"{w} x {h} mm pages take {PAPER_NAMES[self.true_sheet]} sheets at 100 %"
               if self.true_sheet else f"no sheet takes {w} x {h} mm pages at 100 %")
        verb = "enlarged" if self.scale > 1 else "reduced"
        return (f"Note: pages {verb} to {self.scale * 100:.0f} % to fill the {paper} sheet "
                f"({why}); the folded booklet is {round(w * self.scale)} x "
                f"{round(h * self.scale)} mm.")

    def summary(self) -> str:
        groups = ""
        if len(self.signatures) > 1:
            groups = f", signatures of {group_text(self.signatures)} pages"
        return (
            f"{self.pages} pages -> {self.sheets} {self.sheet} sheet(s), {self.sides} sides, "
            f"{self.blanks} blank page(s) added, scale {self.scale * 100:.0f} %{groups}"
        )


def group_text(sizes: list[int]) -> str:
    """``[16, 16, 16, 8]`` -> ``'3 x 16 + 8'``."""
    runs: list[list[int]] = []
    for size in sizes:
        if runs and runs[-1][0] == size:
            runs[-1][1] += 1
        else:
            runs.append([size, 1])
    return " + ".join(f"{n} x {size}" if n > 1 else str(size) for size, n in runs)


def open_pdf(path: Path | str) -> pikepdf.Pdf:
    """Open a PDF for reading, turning every failure into a one-line ``ReadError``."""
    path = Path(path)
    if not path.is_file():
        raise ReadError("no such PDF file", path=path, hint="check the path")
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise ReadError("the PDF is encrypted", path=path, hint=ENCRYPTED_HINT) from None
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        detail = str(exc).splitlines()[0].removeprefix(f"{path}: ")[:80]
        raise ReadError(f"not a readable PDF ({detail})", path=path,
                        hint="give the PDF that 'pamphlets build' wrote") from None
    if len(pdf.pages) == 0:
        raise ReadError("the PDF has no pages", path=path, hint="give a PDF with pages")
    return pdf


def booklet_order(count: int, signature: int | None = None) -> list[list[int | None]]:
    """Sheet sides as lists of 0-based page indices (``None`` = blank), left then right.

    ``count`` is padded to a multiple of 4 with blanks placed before the last page (the
    back cover stays last). With ``signature``, pages are split into folded groups of that
    many pages, in order; the last group holds what remains.
    """
    padded = max(4, math.ceil(count / 4) * 4)
    pages: list[int | None] = list(range(count))
    blanks = [None] * (padded - count)
    pages = pages[:-1] + blanks + pages[-1:] if count > 1 else pages + blanks
    group = signature or padded
    sides: list[list[int | None]] = []
    for start in range(0, padded, group):
        chunk = pages[start : start + group]
        n = len(chunk)
        for s in range(n // 4):
            sides.append([chunk[n - 1 - 2 * s], chunk[2 * s]])  # front: outer pair
            sides.append([chunk[2 * s + 1], chunk[n - 2 - 2 * s]])  # back: inner pair
    return sides


def minizine_order(count: int) -> list[int | None]:
    """The eight cells of the zine sheet, top row (upside down) then bottom row."""
    pages: list[int | None] = list(range(count))
    blanks = [None] * (MINIZINE_PAGES - count)
    pages = pages[:-1] + blanks + pages[-1:] if count > 1 else pages + blanks
    return [pages[i] for i in (4, 3, 2, 1, 5, 6, 7, 0)]


#: the pages a mini zine's one sheet holds
MINIZINE_PAGES = 8


def sheets_for(count: int, layout: str, signature: int | None = None) -> tuple[int, int]:
    """Sheets of paper and blank pages when ``count`` pages are imposed as ``layout``
    (``booklet``: four pages a sheet, padded to whole signatures; ``minizine``: one sheet
    of eight)."""
    if layout == "minizine":
        return 1, max(0, MINIZINE_PAGES - count)
    padded = sum(_signature_sizes(count, signature))
    return padded // 4, padded - count


def _signature_sizes(count: int, signature: int | None) -> list[int]:
    padded = max(4, math.ceil(count / 4) * 4)
    group = signature or padded
    return [min(group, padded - start) for start in range(0, padded, group)]


def _box(form: pikepdf.Object) -> tuple[float, float, float, float]:
    """The form's bounding box after its own /Matrix (rotation), as x0, y0, x1, y1."""
    x0, y0, x1, y1 = (float(v) for v in form.BBox)
    a, b, c, d, e, f = (float(v) for v in form.get("/Matrix", [1, 0, 0, 1, 0, 0]))
    xs, ys = [], []
    for x, y in ((x0, y0), (x0, y1), (x1, y0), (x1, y1)):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return min(xs), min(ys), max(xs), max(ys)


def _check_box(form: pikepdf.Object, number: int, path: str) -> None:
    """Refuse a page whose box has no size (a zero MediaBox, say) or is no box at all."""
    try:
        x0, y0, x1, y1 = _box(form)
    except (TypeError, ValueError, AttributeError, pikepdf.PdfError):
        x0 = y0 = x1 = y1 = 0.0
    if not all(math.isfinite(v) for v in (x0, y0, x1, y1)) or x1 - x0 < 1 or y1 - y0 < 1:
        raise ReadError(f"page {number} has no size (its page box is empty or broken)",
                        path=path, hint="give the PDF that 'pamphlets build' wrote")


def _cell(layout: str, sheet: str) -> tuple[float, float]:
    """The room one page has on ``sheet`` in ``layout`` (width, height, in points)."""
    w, h = SHEETS[sheet]
    return (w / 2, h) if layout == "booklet" else (w / 4, h / 2)


def _true_sheet(width: float, height: float, layout: str) -> str:
    """The smallest sheet of the pages' family that takes them at 100 %, or ``""``."""
    for name in _family_sheets(width, height):
        if _fit(width, height, *_cell(layout, name)) == 1.0:
            return name
    return ""


def _family_sheets(width: float, height: float) -> tuple[str, ...]:
    short, long_ = sorted((round(width), round(height)))
    if any(abs(short - s) <= 2 and abs(long_ - l) <= 2 for s, l in _US_SIZES):
        return _US_SHEETS
    return _ISO_SHEETS


def _default_sheet(width: float, height: float, layout: str = "booklet") -> str:
    """The sheet that takes the pages at 100 % (A6 on A5, A5 on A4, A4 on A3,
    half-letter on letter, letter on tabloid); failing that A4 or letter, scaled."""
    found = _true_sheet(width, height, layout)
    if found:
        return found
    short, long_ = sorted((round(width), round(height)))
    if _family_sheets(width, height) == _US_SHEETS:
        return _FALLBACK["us"]
    if abs(long_ / short - math.sqrt(2)) < 0.01:
        return _FALLBACK["iso"]
    fits = {name: min(_cell(layout, name)[0] / short, _cell(layout, name)[1] / long_)
            for name in _FALLBACK.values()}
    return max(fits, key=lambda name: (fits[name], name == "a4"))


def _fit(width: float, height: float, cell_w: float, cell_h: float) -> float:
    scale = min(cell_w / width, cell_h / height)
    return 1.0 if abs(scale - 1.0) < 0.005 else scale


def _place(name: str, box, scale: float, cell, upside_down: bool = False,
           shift: float = 0.0) -> str:
    """Content-stream code drawing form ``name`` centred in ``cell`` (x, y, w, h), moved
    ``shift`` points to the right (creep compensation)."""
    x0, y0, x1, y1 = box
    cx, cy, cw, ch = cell
    left = cx + (cw - (x1 - x0) * scale) / 2 + shift
    bottom = cy + (ch - (y1 - y0) * scale) / 2
    if upside_down:
        m = (-scale, 0, 0, -scale, left + scale * x1, bottom + scale * y1)
    else:
        m = (scale, 0, 0, scale, left - scale * x0, bottom - scale * y0)
    nums = " ".join(f"{v:.4f}".rstrip("0").rstrip(".") for v in m)
    return f"q {nums} cm /{name} Do Q\n"


def check_args(layout: str | None, sheet: str | None, signature: int | None,
               path: Path | str | None = None, creep: float = 0.0) -> None:
    """The imposition's settings, checked once for ``build --impose`` (before anything
    renders: ``context.resolve`` calls this) and for ``pamphlets impose``."""
    if layout is None:
        for given, name in ((creep, "creep"), (signature, "signature"), (sheet, "sheet")):
            if given:
                raise ConfigError(f"--{name} applies only to an imposed book", path=path,
                                  key=name, hint=f"add --impose booklet, or drop --{name}")
        return
    if layout not in LAYOUTS:
        raise ConfigError(f"unknown layout '{layout}'", path=path, key="layout",
                          hint="use booklet or minizine")
    if sheet is not None and sheet.lower() not in SHEETS:
        raise ConfigError(f"unknown sheet '{sheet}'", path=path, key="sheet",
                          hint="use one of: " + ", ".join(SHEETS))
    if creep and layout != "booklet":
        raise ConfigError("--creep applies only to the booklet layout", path=path,
                          key="creep", hint="drop --creep for a minizine")
    if signature is not None:
        if layout != "booklet":
            raise ConfigError("--signature applies only to the booklet layout", path=path,
                              key="signature", hint="drop --signature for a minizine")
        if isinstance(signature, bool) or not isinstance(signature, int) or signature < 4 \
                or signature % 4:
            raise ConfigError(f"bad signature {signature!r}", path=path, key="signature",
                              hint="use a multiple of 4 such as 16, 20 or 32")


def impose(
    in_path: Path | str,
    out_path: Path | str,
    layout: str = "booklet",
    sheet: str | None = None,
    signature: int | None = None,
    creep: float = 0.0,
) -> ImposeReport:
    """Impose ``in_path`` into ``out_path`` (written atomically) and report what was done.
    ``creep``: the paper's thickness in points; each sheet's pages move that much towards
    the fold for every sheet folded around it (the outer sheet does not move)."""
    in_path, out_path = Path(in_path), Path(out_path)
    check_args(layout, sheet, signature, in_path, creep)
    refuse_input(out_path, [in_path], key="output",
                 hint="write the imposed PDF to another file (-o OTHER.pdf)")
    with open_pdf(in_path) as src, pikepdf.new() as out:
        count = len(src.pages)
        if layout == "minizine" and count > MINIZINE_PAGES:
            raise ConfigError(f"a minizine holds {MINIZINE_PAGES} pages, this PDF has {count}",
                              path=in_path, hint="use --layout booklet")
        report = _impose_into(src, out, layout, sheet, signature, creep)
        try:
            with atomic_write(out_path, ".pdf") as tmp:
                save_pdf(out, tmp, compress_streams=True, deterministic_id=True,
                         object_stream_mode=pikepdf.ObjectStreamMode.generate)
        except OSError as exc:
            raise BuildError(f"cannot write the PDF ({exc.strerror})", path=out_path,
                             hint="check the folder exists and is writable") from None
    return replace(report, instructions=instructions(report))


def _impose_into(src, out, layout: str, sheet: str | None, signature: int | None,
                 creep: float = 0.0):
    """Build the sheet sides of ``src`` in ``out``; return the report (no instructions)."""
    count = len(src.pages)
    forms = [out.copy_foreign(_as_form(src, page)) for page in src.pages]
    for number, form in enumerate(forms, start=1):
        _check_box(form, number, src.filename)
    box = _box(forms[0])
    width, height = box[2] - box[0], box[3] - box[1]
    true_sheet = _true_sheet(width, height, layout)
    sheet = sheet.lower() if sheet else _default_sheet(width, height, layout)
    sheet_w, sheet_h = SHEETS[sheet]
    if layout == "booklet":
        cells = [(0, 0, sheet_w / 2, sheet_h), (sheet_w / 2, 0, sheet_w / 2, sheet_h)]
        scale = _fit(width, height, sheet_w / 2, sheet_h)
        sides = booklet_order(count, signature)
        flips = [False, False]
    else:
        cw, ch = sheet_w / 4, sheet_h / 2
        cells = [(i * cw, ch, cw, ch) for i in range(4)] + [(i * cw, 0, cw, ch) for i in range(4)]
        scale = _fit(width, height, cw, ch)
        sides = [minizine_order(count)]
        flips = [True] * 4 + [False] * 4
    groups = _signature_sizes(count, signature) if layout == "booklet" else [MINIZINE_PAGES]
    depths = sheet_depths(groups) if layout == "booklet" else [0]
    for side, depth in zip(sides, depths):
        # creep: the left page moves right, the right page left, towards the fold
        shifts = [creep * depth, -creep * depth] if layout == "booklet" else None
        _add_side(out, forms, side, cells, flips, scale, (sheet_w, sheet_h), shifts)
    _copy_info(src, out)
    blanks = len(sides) * len(cells) - count
    sheets = len(sides) // 2 if layout == "booklet" else 1
    return ImposeReport(layout, sheet, count, sheets, len(sides), blanks, scale, groups,
                        page=(width, height), true_sheet=true_sheet, creep=creep,
                        creep_shift=creep * max(depths))


def sheet_depths(groups: list[int]) -> list[int]:
    """For each sheet side of a booklet (as ``booklet_order`` gives them), how many
    sheets of its folded group lie outside its sheet: 0 for the outer sheet."""
    depths = []
    for size in groups:
        for k in range(size // 4):
            depths += [k, k]  # front and back of the group's k-th sheet
    return depths


def _as_form(src: pikepdf.Pdf, page: pikepdf.Page) -> pikepdf.Object:
    """A form XObject of ``page`` whose resources stay one shared indirect object.

    Without this each form would carry an inline copy of the resources dictionary in its
    (uncompressed) stream header, a few hundred bytes per page.
    """
    form = page.as_form_xobject(True)
    own = page.obj.get("/Resources")
    if own is not None and own.is_indirect:
        form.Resources = own
    elif "/Resources" in form:
        form.Resources = src.make_indirect(form.Resources)
    return form


def _add_side(out, forms, side, cells, flips, scale, size, shifts=None) -> None:
    """Append one sheet side showing ``side`` (page indices or None) in ``cells``, each
    moved right by its ``shifts`` (points)."""
    xobjects = pikepdf.Dictionary()
    code = []
    for slot, index in enumerate(side):
        if index is None:
            continue
        name = f"P{index + 1}"
        xobjects[f"/{name}"] = forms[index]
        code.append(_place(name, _box(forms[index]), scale, cells[slot], flips[slot],
                           shifts[slot] if shifts else 0.0))
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, size[0], size[1]],
        Resources=pikepdf.Dictionary(XObject=xobjects),
        Contents=out.make_stream("".join(code).encode("ascii")),
    )
    out.pages.append(pikepdf.Page(page))


def _copy_info(src: pikepdf.Pdf, out: pikepdf.Pdf) -> None:
    for key in ("/Title", "/Author", "/Subject"):
        if key in src.docinfo:
            out.docinfo[key] = pikepdf.String(str(src.docinfo[key]))
    out.docinfo["/Creator"] = "pamphlets impose"


def instructions(report: ImposeReport) -> str:
    """How to print, fold and bind the imposed PDF, as a few numbered lines."""
    paper = PAPER_NAMES[report.sheet]
    size = "100 % (actual size, not 'fit to page')"
    if report.layout == "minizine":
        steps = [
            f"Print the single page on one {paper} sheet, one-sided, landscape, at {size}.",
            "Fold it in half along the long side (top row behind), then unfold.",
            "Fold it in half along the short side, then into quarters along the same axis; "
            "unfold.",
            "Fold along the long side again and cut the centre crease between the two "
            "middle panels.",
            "Push the ends together so the slit opens, then fold into a booklet with page 1 "
            "(bottom right) as the front cover.",
        ]
    else:
        groups = report.signatures
        bind = (
            "Fold each sheet in half and nest them in order; staple twice on the fold."
            if len(groups) == 1
            else f"Keep the sheets in order in {len(groups)} groups ({group_text(groups)} "
            "pages; a group of N pages is N/4 sheets). Fold each group as one and nest its "
            "sheets, stack the groups in order, then sew or glue the spines."
        )
        steps = [
            f"Print all {report.sides} pages on {report.sheets} {paper} sheet(s), landscape, "
            f"at {size}.",
            "Print two-sided (duplex) and choose 'flip on short edge'. Without duplex: "
            "print the odd pages, turn the stack over and feed it again, print the even "
            "pages.",
            "Check the first sheet before the rest: page 2 must be behind page 1, both "
            "upright; if the back is upside down, switch to the other flip edge.",
            bind,
        ]
    if report.creep_shift:
        steps.insert(1, f"Creep is compensated for paper {report.creep * 25.4 / 72:.2f} mm "
                     f"thick: the innermost sheet's pages sit "
                     f"{report.creep_shift * 25.4 / 72:.2f} mm closer to the fold; trim the "
                     "front edge after folding.")
    note = report.scale_note()
    return (note + "\n" if note else "") + "\n".join(
        f"{i}. {step}" for i, step in enumerate(steps, 1))


def finish(pdf: Path, out: Path, context: "BuildContext") -> "Report":
    """The build's finisher: impose the book's PDF as the context asks."""
    from .. import Report

    report = impose(pdf, out, layout=context.impose, sheet=context.sheet,
                    signature=context.signature, creep=context.creep)
    return Report(instructions=report.instructions)
