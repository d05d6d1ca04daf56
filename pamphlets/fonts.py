"""The book face: EB Garamond from the ``fontpkg-eb-garamond`` wheel (SIL OFL).

The wheel ships the current EB Garamond as two variable fonts (roman and italic) with
full Latin, Greek and Cyrillic, real bold and real italic; the old Debian build lacks
Cyrillic italics and bold. WeasyPrint would instantiate a variable font again for every
document it writes (slow, and the PDF is written in many parts), so the first build makes
static regular and bold instances once, with fontTools, into a cache folder; the CSS
names them explicitly through ``@font-face`` rules made here, so the rendering never
depends on what fontconfig maps a generic family to.
"""

from __future__ import annotations

import os
from pathlib import Path

#: the family name the looks use; distinct from any system-installed EB Garamond
BOOK_FAMILY = "Pamphlets EB Garamond"
WEIGHTS = (400, 700)


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


def font_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pamphlets" / "fonts"


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("fontpkg-eb-garamond")
    except PackageNotFoundError:
        return "unknown"


def _instantiate(source: Path, weight: int, target: Path) -> None:
    """Write a static instance of a variable font (same bytes on every run)."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(source, recalcTimestamp=False)
    static = instancer.instantiateVariableFont(font, {"wght": weight}, updateFontNames=False)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    static.save(temp)
    os.replace(temp, target)


def static_faces() -> list[tuple[str, int, Path]]:
    """``(style, weight, file)`` for the book face's static instances, made on first use.

    Falls back to the variable files themselves when the cache cannot be written."""
    files = book_font_files()
    if not files:
        return []
    folder = font_cache_dir() / f"eb-garamond-{_package_version()}"
    faces = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for style, source in files.items():
            for weight in WEIGHTS:
                target = folder / f"EBGaramond-{style}-{weight}.ttf"
                if not target.is_file():
                    _instantiate(source, weight, target)
                faces.append((style, weight, target))
    except (OSError, ImportError, ValueError):
        return [(style, 0, path) for style, path in files.items()]
    return faces


def font_roots() -> list[Path]:
    """Folders the renderer may read the book face from."""
    roots = [font_cache_dir()]
    folder = book_font_dir()
    if folder is not None:
        roots.append(folder)
    return roots


def font_face_css() -> str:
    """@font-face rules for the book face (empty when the font package is missing, and
    the looks fall back to the next family they name)."""
    rules = []
    for style, weight, path in static_faces():
        weight_rule = f" font-weight: {weight};" if weight else ""
        rules.append(f'@font-face {{ font-family: "{BOOK_FAMILY}"; src: url("{path.as_uri()}"); '
                     f"font-style: {style};{weight_rule} }}")
    return "\n".join(rules) + "\n" if rules else ""
