"""Transforms: an ordered list of small named functions, ``ReadResult -> ReadResult``.

Each is pure (a new essay out, the old one untouched) and tested alone. ``apply`` runs
them in ``PIPELINE`` order: cleanup first, so later steps see tidy text; note numbering
last but one, so it sees the final tree; heading ids last. Before them all, and whatever
is skipped, the nesting cap (``nesting.py``) flattens a tree nested too deep to walk.
"""

from __future__ import annotations

from typing import Callable, Iterable

from ..model import ReadResult
from .cleanup import break_long_words, emphasis_spaces, merge_text, remove_invalid_chars, trim_space
from .details import no_break_spaces, number_ranges, spaced_dashes
from .headings import merge_label_headings
from .ids import heading_ids
from .meta import default_title
from .metadata import tidy_metadata
from .nesting import cap_nesting
from .notes import number_notes
from .typography import typography

Transform = Callable[[ReadResult], ReadResult]

PIPELINE: tuple[tuple[str, Transform], ...] = (
    ("remove-invalid-chars", remove_invalid_chars),
    ("default-title", default_title),
    ("metadata", tidy_metadata),
    ("emphasis-spaces", emphasis_spaces),
    ("merge-text", merge_text),
    ("trim-space", trim_space),
    ("break-long-words", break_long_words),
    ("merge-label-headings", merge_label_headings),
    ("typography", typography),
    ("number-ranges", number_ranges),
    ("no-break-spaces", no_break_spaces),
    ("spaced-dashes", spaced_dashes),
    ("number-notes", number_notes),
    ("heading-ids", heading_ids),
)


def apply(result: ReadResult, skip: Iterable[str] = ()) -> ReadResult:
    skipped = set(skip)
    result = cap_nesting(result)
    for name, transform in PIPELINE:
        if name not in skipped:
            result = transform(result)
    return result
