"""Reader for everything else pandoc reads (docx, odt, epub, rst, org, rtf, LaTeX ...).

The file at ``path`` is converted by pandoc (through the optional ``pypandoc`` package,
installed as ``pypandoc-binary``) to standalone HTML5 with end notes, and that HTML goes
through the HTML reader. Binary formats such as docx cannot survive decoding, so the
file is always read from ``path``; ``text`` is used only when there is no path.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import MissingDependency, ReadError
from ..model import Notice, ReadResult
from . import html

#: file extension -> pandoc input format
PANDOC_FORMATS = {
    ".docx": "docx", ".odt": "odt", ".epub": "epub", ".rst": "rst", ".org": "org",
    ".rtf": "rtf", ".tex": "latex", ".latex": "latex", ".textile": "textile",
    ".fb2": "fb2", ".ipynb": "ipynb", ".typ": "typst", ".dbk": "docbook", ".opml": "opml",
}

_HINT = "pip install pypandoc-binary"


def _pypandoc():
    try:
        import pypandoc
    except ImportError:
        raise MissingDependency("reading this format needs pandoc (the 'pypandoc' package)",
                                hint=_HINT) from None
    return pypandoc


def read(text: str, *, path: str = "", keep_all: bool = False) -> ReadResult:
    """Convert with pandoc to HTML, then read that with the HTML reader."""
    pypandoc = _pypandoc()
    suffix = Path(path).suffix.lower() if path else ""
    fmt = PANDOC_FORMATS.get(suffix)
    args = ["--standalone", "--wrap=none", "--reference-location=document"]
    try:
        if path and Path(path).is_file():
            converted = pypandoc.convert_file(path, "html5", format=fmt, extra_args=args)
        elif text and fmt not in ("docx", "odt", "epub"):
            converted = pypandoc.convert_text(text, "html5", format=fmt or "markdown",
                                              extra_args=args)
        else:
            raise ReadError("pandoc needs the file itself for this format", path=path or None,
                            hint="give the path of the document")
    except OSError as exc:
        raise MissingDependency(f"pandoc cannot be run ({exc})", hint=_HINT) from exc
    except RuntimeError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "unknown error"
        raise ReadError(f"pandoc could not convert it: {first}", path=path or None,
                        hint="check that the file opens in its own program") from exc
    result = html.read(converted, path=path, keep_all=keep_all)
    note = Notice("info", f"converted by pandoc from {fmt or 'its own guess of the format'}")
    return ReadResult(result.essay, (note,) + result.notices)
