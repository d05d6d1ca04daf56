"""The Project Gutenberg plain-text reader.

``read`` (in ``reader.py``, which lists the conventions it handles) is the reader the
``READERS`` table names. The other modules are its steps: ``header`` (the PG header,
footer and metadata), ``chunks`` (runs of lines), ``blocks`` (paragraphs, verse, quotes),
``front``, ``headings`` and ``notes``.
"""

from .reader import read

__all__ = ["read"]
