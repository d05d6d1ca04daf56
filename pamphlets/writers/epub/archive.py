"""Rewrite an EPUB's zip so that the same book always gives the same bytes.

``mimetype`` comes first and is stored uncompressed (the OCF rule), the container next,
then every other entry in the order it was written; timestamps and file attributes are
fixed and no extra fields are written.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_FIRST = ("mimetype", "META-INF/container.xml")


def _rank(name: str) -> int:
    return _FIRST.index(name) if name in _FIRST else len(_FIRST)


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.create_system = 3  # Unix, so the attributes below mean the same everywhere
    info.external_attr = 0o100644 << 16
    info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
    return info


def normalise(path: Path) -> None:
    """Rewrite the zip at ``path`` in place, deterministically."""
    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info)) for info in src.infolist()]
    entries.sort(key=lambda entry: _rank(entry[0]))  # stable: keeps the written order
    tmp = path.with_name(path.name + ".part")
    with zipfile.ZipFile(tmp, "w") as out:
        for name, data in entries:
            out.writestr(_info(name), data, compresslevel=9)
    os.replace(tmp, path)
