"""Metadata defaults: every essay has a title, if only its file name.

Readers leave the title empty when the text names none; this is the one place that
decides what such an essay is called, whatever its format.
"""

from __future__ import annotations

import dataclasses

from ..model import Notice, ReadResult, title_from_path

#: the title of an essay that names none and came from no file (standard input)
UNTITLED = "Untitled"


def default_title(result: ReadResult) -> ReadResult:
    essay = result.essay
    if essay.meta.title.strip():
        return result
    title = title_from_path(essay.origin)
    if title:
        notice = Notice("warning", "no title found; using the file name", title)
    else:
        title = UNTITLED
        notice = Notice("warning", "no title found and no file name", f"using {UNTITLED!r}")
    meta = dataclasses.replace(essay.meta, title=title)
    return ReadResult(dataclasses.replace(essay, meta=meta), result.notices + (notice,))
