"""The Project Gutenberg plain-text reader.

``read`` (in ``reader.py``, which lists the conventions it handles) is the reader the
``READERS`` table names. It cuts off the PG header and footer (``header``), cuts the
text into chunks (``chunks``), walks them once trying the rules of ``reader.RULES`` in
order, each a plain function over one ``state.State`` (the rules live in ``notes``,
``front``, ``headings`` and ``reader``), and then makes the blocks and notes
(``blocks``, ``notes``).
"""

from .reader import read

__all__ = ["read"]
