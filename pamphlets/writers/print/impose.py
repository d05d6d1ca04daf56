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
from ...pages import LAYOUTS, SHEETS

if TYPE_CHECKING:
    from ...context import BuildContext
    from .. import Report

ENCRYPTED_HINT = "remove the password first: qpdf --password=PW --decrypt IN.pdf OUT.pdf"
#: US page sizes (short side, long side, in points) that belong on letter sheets
_US_SIZES = ((612, 792), (396, 612), (306, 396), (612, 1008), (792, 1224), (279, 432))


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
    blanks = [None] * (8 - count)
    pages = pages[:-1] + blanks + pages[-1:] if count > 1 else pages + blanks
    return [pages[i] for i in (4, 3, 2, 1, 5, 6, 7, 0)]


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


def _default_sheet(width: float, height: float) -> str:
    short, long_ = sorted((round(width), round(height)))
    if any(abs(short - s) <= 2 and abs(long_ - l) <= 2 for s, l in _US_SIZES):
        return "letter"
    if abs(long_ / short - math.sqrt(2)) < 0.01:
        return "a4"
    fits = {name: min(w / 2 / short, h / long_) for name, (w, h) in SHEETS.items()}
    return max(fits, key=lambda name: (fits[name], name == "a4"))


def _fit(width: float, height: float, cell_w: float, cell_h: float) -> float:
    scale = min(cell_w / width, cell_h / height)
    return 1.0 if abs(scale - 1.0) < 0.005 else scale


def _place(name: str, box, scale: float, cell, upside_down: bool = False) -> str:
    """Content-stream code drawing form ``name`` centred in ``cell`` (x, y, w, h)."""
    x0, y0, x1, y1 = box
    cx, cy, cw, ch = cell
    left = cx + (cw - (x1 - x0) * scale) / 2
    bottom = cy + (ch - (y1 - y0) * scale) / 2
    if upside_down:
        m = (-scale, 0, 0, -scale, left + scale * x1, bottom + scale * y1)
    else:
        m = (scale, 0, 0, scale, left - scale * x0, bottom - scale * y0)
    nums = " ".join(f"{v:.4f}".rstrip("0").rstrip(".") for v in m)
    return f"q {nums} cm /{name} Do Q\n"


def _check_args(layout: str, sheet: str | None, signature: int | None, path: Path) -> None:
    if layout not in LAYOUTS:
        raise ConfigError(f"unknown layout '{layout}'", path=path, key="layout",
                          hint="use booklet or minizine")
    if sheet is not None and sheet.lower() not in SHEETS:
        raise ConfigError(f"unknown sheet '{sheet}'", path=path, key="sheet",
                          hint="use a4 or letter")
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
) -> ImposeReport:
    """Impose ``in_path`` into ``out_path`` (written atomically) and report what was done."""
    in_path, out_path = Path(in_path), Path(out_path)
    _check_args(layout, sheet, signature, in_path)
    refuse_input(out_path, [in_path], key="output",
                 hint="write the imposed PDF to another file (-o OTHER.pdf)")
    with open_pdf(in_path) as src, pikepdf.new() as out:
        count = len(src.pages)
        if layout == "minizine" and count > 8:
            raise ConfigError(f"a minizine holds 8 pages, this PDF has {count}",
                              path=in_path, hint="use --layout booklet")
        report = _impose_into(src, out, layout, sheet, signature)
        try:
            with atomic_write(out_path, ".pdf") as tmp:
                save_pdf(out, tmp, compress_streams=True, deterministic_id=True,
                         object_stream_mode=pikepdf.ObjectStreamMode.generate)
        except OSError as exc:
            raise BuildError(f"cannot write the PDF ({exc.strerror})", path=out_path,
                             hint="check the folder exists and is writable") from None
    return replace(report, instructions=instructions(report))


def _impose_into(src, out, layout: str, sheet: str | None, signature: int | None):
    """Build the sheet sides of ``src`` in ``out``; return the report (no instructions)."""
    count = len(src.pages)
    forms = [out.copy_foreign(_as_form(src, page)) for page in src.pages]
    for number, form in enumerate(forms, start=1):
        _check_box(form, number, src.filename)
    box = _box(forms[0])
    width, height = box[2] - box[0], box[3] - box[1]
    sheet = sheet.lower() if sheet else _default_sheet(width, height)
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
    for side in sides:
        _add_side(out, forms, side, cells, flips, scale, (sheet_w, sheet_h))
    _copy_info(src, out)
    blanks = len(sides) * len(cells) - count
    sheets = len(sides) // 2 if layout == "booklet" else 1
    groups = _signature_sizes(count, signature) if layout == "booklet" else [8]
    return ImposeReport(layout, sheet, count, sheets, len(sides), blanks, scale, groups)


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


def _add_side(out, forms, side, cells, flips, scale, size) -> None:
    """Append one sheet side showing ``side`` (page indices or None) in ``cells``."""
    xobjects = pikepdf.Dictionary()
    code = []
    for slot, index in enumerate(side):
        if index is None:
            continue
        name = f"P{index + 1}"
        xobjects[f"/{name}"] = forms[index]
        code.append(_place(name, _box(forms[index]), scale, cells[slot], flips[slot]))
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
    paper = "A4" if report.sheet == "a4" else "US Letter"
    size = "100 % (actual size)" if report.scale == 1.0 else "actual size"
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
    return "\n".join(f"{i}. {step}" for i, step in enumerate(steps, 1))


def finish(pdf: Path, out: Path, context: "BuildContext") -> "Report":
    """The build's finisher: impose the book's PDF as the context asks."""
    from .. import Report

    report = impose(pdf, out, layout=context.impose, sheet=context.sheet,
                    signature=context.signature)
    return Report(instructions=report.instructions)
