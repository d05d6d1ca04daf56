"""Proof sheets: one PNG showing every page of a PDF as a thumbnail, numbered.

Portrait pages are paired as facing spreads the way the printed book opens (page 1 alone
on the right, then 2-3, 4-5 ...). Landscape pages, such as imposed printer sheets, are
shown one per slot. Rendering uses pypdfium2; the sheet is composed with Pillow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

from ...errors import BuildError, ConfigError, ReadError
from ...atomic import atomic_write, refuse_input
from .impose import ENCRYPTED_HINT

GAP = 24  # pixels between spreads and around the sheet
LABEL = 22  # pixels under each thumbnail for its number
BACKGROUND = (232, 232, 232)


@dataclass(frozen=True)
class ProofReport:
    """What :func:`proof` drew."""

    pages: int
    width: int  # pixels
    height: int
    spreads: bool
    columns: int  # page slots per row


def _open(path: Path) -> pdfium.PdfDocument:
    if not path.is_file():
        raise ReadError("no such PDF file", path=path, hint="check the path")
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadError("the PDF is encrypted", path=path, hint=ENCRYPTED_HINT) from None
        raise ReadError(f"not a readable PDF ({str(exc).rstrip('.')})", path=path,
                        hint="give a PDF file") from None
    if len(doc) == 0:
        raise ReadError("the PDF has no pages", path=path, hint="give a PDF with pages")
    for index in range(len(doc)):
        try:  # a page tree that loops, a page that is not one
            width, height = doc[index].get_size()
        except pdfium.PdfiumError as exc:
            doc.close()
            raise ReadError(f"page {index + 1} cannot be read ({str(exc).rstrip('.')})",
                            path=path, hint="give the PDF that 'pamphlets build' wrote") \
                from None
        if not (math.isfinite(width) and math.isfinite(height)) or width < 1 or height < 1:
            doc.close()
            raise ReadError(f"page {index + 1} has no size (its page box is empty or broken)",
                            path=path, hint="give the PDF that 'pamphlets build' wrote")
    return doc


def spread_slots(count: int, spreads: bool) -> list[list[int | None]]:
    """Group 0-based page indices into spreads (``None`` = empty half) or single slots."""
    if not spreads:
        return [[i] for i in range(count)]
    groups: list[list[int | None]] = [[None, 0]]
    for left in range(1, count, 2):
        groups.append([left, left + 1 if left + 1 < count else None])
    return groups


def proof(
    pdf_path: Path | str,
    png_path: Path | str,
    columns: int | None = None,
    page_width_px: int = 150,
    spreads: bool | None = None,
) -> ProofReport:
    """Render a contact sheet of ``pdf_path`` to ``png_path`` (written atomically).

    ``columns`` counts page slots per row (rounded up to even for spreads; default 8 for
    book pages, 4 for landscape sheets). ``spreads=None`` pairs pages when they are portrait.
    """
    pdf_path, png_path = Path(pdf_path), Path(png_path)
    if columns is not None and columns < 1:
        raise ConfigError("columns must be at least 1", key="columns", hint="try --columns 8")
    if page_width_px < 16:
        raise ConfigError("thumbnails must be at least 16 px wide", key="page_width_px",
                          hint="use 150")
    refuse_input(png_path, [pdf_path], key="output",
                 hint="write the proof sheet to another file (-o OTHER.png)")
    doc = _open(pdf_path)
    try:
        sizes = [doc[i].get_size() for i in range(len(doc))]
        width, height = sizes[0]
        if spreads is None:
            spreads = height > width
        per_row = columns or (8 if spreads else 4)
        if spreads:
            per_row = max(2, per_row + per_row % 2)
        cell_h = max(math.ceil(page_width_px * h / w) for w, h in sizes)
        groups = spread_slots(len(doc), spreads)
        per_group = 2 if spreads else 1
        groups_per_row = max(1, per_row // per_group)
        rows = math.ceil(len(groups) / groups_per_row)
        group_w = per_group * page_width_px
        size = (GAP + groups_per_row * (group_w + GAP), GAP + rows * (cell_h + LABEL + GAP))
        _check_sheet(*size, pdf_path)
        sheet = Image.new("RGB", size, BACKGROUND)
        draw = ImageDraw.Draw(sheet)
        font = _font()
        for g, group in enumerate(groups):
            x0 = GAP + (g % groups_per_row) * (group_w + GAP)
            y0 = GAP + (g // groups_per_row) * (cell_h + LABEL + GAP)
            for half, index in enumerate(group):
                if index is None:
                    continue
                x = x0 + half * page_width_px
                _paste(sheet, doc[index], sizes[index], x, y0, page_width_px, cell_h)
                draw.text((x + page_width_px / 2, y0 + cell_h + LABEL / 2), str(index + 1),
                          fill=(60, 60, 60), font=font, anchor="mm")
    finally:
        doc.close()
    try:
        with atomic_write(png_path, ".png") as tmp:
            sheet.save(tmp, format="PNG", optimize=True)
    except OSError as exc:
        raise BuildError(f"cannot write the PNG ({exc.strerror})", path=png_path,
                         hint="check the folder exists and is writable") from None
    return ProofReport(len(sizes), sheet.width, sheet.height, spreads, per_row)


#: the largest contact sheet drawn: 400 MB of pixels, far more than a screen shows
MAX_SHEET_PIXELS = 100_000_000


def _check_sheet(width: int, height: int, path: Path) -> None:
    if width * height > MAX_SHEET_PIXELS:
        raise ConfigError(f"the contact sheet would be {width} x {height} pixels, over "
                          f"{MAX_SHEET_PIXELS // 1_000_000} megapixels", path=path,
                          hint="use a smaller --width, or proof a PDF without extremely "
                               "long or wide pages")


def _paste(sheet: Image.Image, page, size, x: int, y: int, cell_w: int, cell_h: int) -> None:
    """Render ``page`` to fit ``cell_w`` wide, aligned to the bottom of its cell."""
    w, h = size
    image = page.render(scale=cell_w / w).to_pil().convert("RGB")
    image = image.resize((cell_w, max(1, round(cell_w * h / w))))
    sheet.paste(image, (x, y + cell_h - image.height))


def _font() -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=14)
    except TypeError:  # Pillow without FreeType support
        return ImageFont.load_default()
