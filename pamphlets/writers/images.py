"""Which image files an essay may use: only real files inside its own folder.

"Inside" is judged on the real path (symlinks and ``..`` resolved). A hard link has no
real path to judge: a file with more than one link may be the same file as one anywhere
else on the disk, and finding the others would mean searching it all. Such a file is
therefore refused; copying the picture into the folder makes it usable again.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit


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
