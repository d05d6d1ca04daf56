"""Which image files an essay may use: only real files inside its own folder.

"Inside" is judged on the real path (symlinks and ``..`` resolved). A hard link has no
real path to judge: a file with more than one link may be the same file as one anywhere
else on the disk, and finding the others would mean searching it all. Such a file is
therefore refused; copying the picture into the folder makes it usable again.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from ..model import Notice


def local_image(src: str, origin: str) -> tuple[Path | None, str]:
    """The real file ``src`` names inside the folder of ``origin``, or why there is none."""
    if not origin or urlsplit(origin).scheme.lower() in ("http", "https", "ftp", "data"):
        return None, "the essay does not come from a local folder"
    if urlsplit(src).scheme or src.startswith(("/", "\\")) or Path(src).is_absolute():
        return None, "only relative paths inside the essay's folder are used"
    folder = Path(origin).parent.resolve()
    path = (folder / src).resolve()
    if not path.is_relative_to(folder):
        return None, "the path leads outside the essay's folder"
    if not path.is_file():
        return None, "no such file"
    if path.stat().st_nlink > 1:
        return None, "the file is a hard link, which may lead outside the essay's folder"
    return path, ""


def essay_image(src: str, origin: str) -> tuple[Path | None, str]:
    """``local_image``, then ``image_problem``: the file an essay's image may show, or why
    it is left out (the one check every writer makes)."""
    path, reason = local_image(src, origin)
    if path is not None:
        reason = image_problem(path)
    return (None, reason) if reason else (path, "")


#: the most pixels an image may have: a 48-megapixel camera's photo passes; decoded, the
#: limit is 200 MB of memory per image, and no page of a booklet shows more
MAX_IMAGE_PIXELS = 50_000_000


def image_problem(path: Path) -> str:
    """Why the image file at ``path`` is left out, or ``""`` when it may be used.

    A file over the input policy's size cap, or a picture of more than
    ``MAX_IMAGE_PIXELS`` (judged from its header: nothing is decoded) is left out. A file
    Pillow does not know (an SVG drawing, a text file) is for the writer to judge.
    """
    import warnings

    from PIL import Image

    from ..sources import MAX_INPUT_BYTES, megabytes

    try:
        size = path.stat().st_size
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if size > MAX_INPUT_BYTES:
        return f"over {megabytes(MAX_INPUT_BYTES)} ({megabytes(size)})"
    cap = f"over {MAX_IMAGE_PIXELS // 1_000_000} megapixels"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height = image.size
    except Image.DecompressionBombError:  # a header claiming billions of pixels
        return f"{cap}; scale it down"
    except Exception:  # not a picture Pillow reads: the writer decides what it is
        return ""
    if width * height > MAX_IMAGE_PIXELS:
        return f"{cap} ({width} x {height} pixels); scale it down"
    return ""


def cover_problem(path: Path) -> str:
    """Why the book's cover image at ``path`` is left out, or ``""`` when it may be used
    (the check every writer makes of it)."""
    if not path.is_file():
        return "unreadable"
    return image_problem(path)


def cover_left_out(problem: str, cover: str) -> Notice:
    """The warning for a cover image left out (the same words from every writer, so a
    build reports it once)."""
    return Notice("warning", f"cover image {problem}; a cover was generated instead", cover)
