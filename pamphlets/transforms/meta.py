"""Metadata defaults: every essay has a title, if only its file name."""

from __future__ import annotations

import dataclasses

from ..model import Notice, ReadResult, title_from_path


def default_title(result: ReadResult) -> ReadResult:
    essay = result.essay
    if essay.meta.title.strip() or not title_from_path(essay.origin):
        return result
    title = title_from_path(essay.origin)
    meta = dataclasses.replace(essay.meta, title=title)
    notice = Notice("warning", "no title found; using the file name", title)
    return ReadResult(dataclasses.replace(essay, meta=meta), result.notices + (notice,))
