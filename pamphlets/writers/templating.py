"""The Jinja2 environment shared by the writers: autoescaping always on.

A user's own ``templates/`` folder (from the manifest) is searched before the built-in
one, so a user can replace any template without touching the code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import jinja2

from ..resources import templates_dir


def environment(user_dirs: Iterable[Path] = ()) -> jinja2.Environment:
    search = [str(p) for p in user_dirs] + [str(templates_dir())]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        autoescape=True,  # every template emits HTML or XHTML
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env
