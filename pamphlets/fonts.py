"""The book face: EB Garamond from the ``fontpkg-eb-garamond`` wheel (SIL OFL).

The wheel ships the current EB Garamond as two variable fonts (roman and italic, weights
400–800) with full Latin, Greek and Cyrillic, real bold and real italic; the old Debian
build lacks Cyrillic italics and bold. The CSS names it explicitly through ``@font-face``
rules made here, with file URLs, so the rendering never depends on what fontconfig maps
a generic family to.
"""

from __future__ import annotations

from pathlib import Path

#: the family name the looks use; distinct from any system-installed EB Garamond
BOOK_FAMILY = "Pamphlets EB Garamond"


def book_font_dir() -> Path | None:
    try:
        import fontpkg_eb_garamond
    except ImportError:
        return None
    folder = Path(fontpkg_eb_garamond.__file__).resolve().parent / "files"
    return folder if folder.is_dir() else None


def book_font_files() -> dict[str, Path]:
    """``{"normal": roman file, "italic": italic file}`` of the book face, when installed."""
    folder = book_font_dir()
    if folder is None:
        return {}
    found = {}
    for path in sorted(folder.glob("*.[ot]tf")):
        found["italic" if "italic" in path.name.lower() else "normal"] = path
    return found


def font_face_css() -> str:
    """@font-face rules for the book face (empty when the font package is missing, and
    the looks fall back to the next family they name)."""
    rules = []
    for style, path in book_font_files().items():
        rules.append(f'@font-face {{ font-family: "{BOOK_FAMILY}"; src: url("{path.as_uri()}"); '
                     f"font-style: {style}; }}")
    return "\n".join(rules) + "\n" if rules else ""
