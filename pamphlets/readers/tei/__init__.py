"""The TEI reader: ``read(text, *, path="", keep_all=False) -> ReadResult`` turns a TEI XML
document (P5 or P4) into an essay and the notices about what was left out.

``reader`` holds ``read``; ``xml`` parses safely; ``state`` is the one state a conversion
passes to its rules; ``text``, ``blocks``, ``inlines`` and ``notes`` hold the rules, plain
functions of that state; ``meta`` reads the header.
"""

from .reader import read

__all__ = ["read"]
