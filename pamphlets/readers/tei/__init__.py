"""The TEI reader: ``read(text, *, path="", keep_all=False) -> ReadResult`` turns a TEI XML
document (P5 or P4) into an essay and the notices about what was left out.

``reader`` holds ``read``; ``xml`` parses safely;
``text``, ``blocks``, ``inlines`` and ``notes`` hold the element rules; ``meta`` reads the
header.
"""

from .reader import read

__all__ = ["read"]
