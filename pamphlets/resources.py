"""Where the built-in templates, styles and fonts live.

In a source checkout they are the top-level ``templates/`` and ``styles/`` folders; an
installed wheel carries them inside the package (see ``pyproject.toml``).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"pamphlets is installed without its {name}/ folder")


def templates_dir() -> Path:
    return resource_dir("templates")


def styles_dir() -> Path:
    return resource_dir("styles")
