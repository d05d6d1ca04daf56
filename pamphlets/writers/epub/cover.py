"""A generated cover: the title, subtitle and editor set on a plain coloured page.

The same words always give the same PNG bytes (no timestamps, a fixed layout), so a
rebuilt EPUB stays byte-identical. The font is found through fontconfig; without it,
Pillow's own font is used.
"""

from __future__ import annotations

import io
import subprocess

from PIL import Image, ImageDraw, ImageFont

from ...fonts import book_font_files

WIDTH, HEIGHT = 1400, 2100
MARGIN = 150
BACKGROUND = (36, 52, 71)
INK = (244, 236, 218)
FONT_FAMILIES = ("EB Garamond", "DejaVu Serif")

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def find_font(families: tuple[str, ...] = FONT_FAMILIES) -> str | None:
    """The book face from its font package, else the file of the first family fontconfig
    really has (fontconfig never says "not found")."""
    files = book_font_files()
    if "normal" in files:
        return str(files["normal"])
    for family in families:
        try:
            result = subprocess.run(
                ["fc-match", "-f", "%{family}\n%{file}", family],
                capture_output=True, text=True, timeout=20, check=True,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        found, _, path = result.stdout.partition("\n")
        if family.lower() in found.lower() and path.strip():
            return path.strip()
    return None


def _font(path: str | None, size: int) -> Font:
    if path:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            pass
    try:
        return ImageFont.load_default(size)
    except TypeError:  # Pillow before 10.1 has one size only
        return ImageFont.load_default()


def wrap(text: str, font: Font, width: int) -> list[str]:
    """Greedy line breaking of ``text`` so that each line fits ``width`` pixels."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _fit(text: str, path: str | None, size: int, max_lines: int) -> tuple[Font, list[str]]:
    """The largest font (from ``size`` down) that sets ``text`` in at most ``max_lines``."""
    width = WIDTH - 2 * MARGIN
    while True:
        font = _font(path, size)
        lines = wrap(text, font, width)
        if (len(lines) <= max_lines and all(font.getlength(line) <= width for line in lines)) \
                or size <= 40:
            return font, lines
        size -= 8


def _draw_lines(draw: ImageDraw.ImageDraw, lines: list[str], font: Font, top: int,
                leading: float = 1.2) -> int:
    """Centred lines from ``top``; returns the y below the last line."""
    step = int(getattr(font, "size", 40) * leading)
    for i, line in enumerate(lines):
        draw.text((WIDTH // 2, top + i * step), line, font=font, fill=INK, anchor="ma")
    return top + len(lines) * step


def cover_png(title: str, subtitle: str = "", editor: str = "") -> bytes:
    """A 1400×2100 PNG cover showing the title, subtitle and editor."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    path = find_font()
    inset = MARGIN // 2
    draw.rectangle((inset, inset, WIDTH - inset, HEIGHT - inset), outline=INK, width=4)

    font, lines = _fit(title, path, 136, 5)
    y = _draw_lines(draw, lines, font, 480)
    y += 60
    draw.line((WIDTH // 2 - 160, y, WIDTH // 2 + 160, y), fill=INK, width=4)
    if subtitle:
        font, lines = _fit(subtitle, path, 72, 4)
        _draw_lines(draw, lines, font, y + 80)
    if editor:
        font, lines = _fit(editor, path, 64, 2)
        _draw_lines(draw, lines, font, HEIGHT - MARGIN - 100 - 80 * (len(lines) - 1))

    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
