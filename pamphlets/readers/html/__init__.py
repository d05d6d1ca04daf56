"""The HTML reader: saved web pages and Project Gutenberg HTML books.

``read`` (in ``reader.py``, which lists its steps) is the reader the ``READERS`` table
names; the pandoc reader hands it the HTML that pandoc makes. The other modules are its
steps: ``parse``, ``meta``, ``extract``, ``article``, ``notes`` and ``convert``. Outside
the reader, ``pamphlets.accounting`` counts a page's words with ``parse.visible_text``.
"""

from .reader import read

__all__ = ["read"]
