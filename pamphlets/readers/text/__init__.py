"""The plain-text reader: essays copied out of web pages as text.

``read`` (in ``reader.py``, which lists its passes) is the reader the ``READERS`` table
names. The other modules serve it alone: ``units`` (runs of lines), ``rules`` (what one
line looks like: a date, a byline, a heading, boilerplate), ``front``, ``furniture``,
``notes`` and ``body``.
"""

from .reader import read

__all__ = ["read"]
