"""The Markdown dialect that the Markdown reader reads and the Markdown writer writes.

Both sides spell these the same way: ``SHY`` (the soft hyphen, which headings do not
keep), ``ATTRIBUTION_PREFIX`` (what starts a block quote's attribution paragraph) and
``tidy``, which puts a run of inlines into the one form both sides agree on: adjacent text
merged, empty text and empty containers dropped and, unless told not to, spaces trimmed at
the ends and around line breaks. ``strip_shy`` tidies and also removes soft hyphens.
"""

from __future__ import annotations

from dataclasses import replace

from .model import CONTAINER_INLINES, LineBreak, Link, Text

#: the soft hyphen
SHY = "\u00ad"
#: the prefix that marks a block quote's last paragraph as its attribution
ATTRIBUTION_PREFIX = "\u2014 "


def tidy(inlines, *, trim: bool = True) -> tuple:
    """Merge adjacent text, drop empty text and empty containers; trim the ends if asked."""
    out: list = []
    for node in inlines:
        if isinstance(node, CONTAINER_INLINES):
            node = replace(node, children=tidy(node.children, trim=False))
            if not node.children and not isinstance(node, Link):
                continue
        elif isinstance(node, Text):
            if not node.text:
                continue
            if out and isinstance(out[-1], Text):
                prev = out[-1].text
                joint = node.text[1:] if prev.endswith(" ") and node.text.startswith(" ") else node.text
                out[-1] = Text(prev + joint)
                continue
        out.append(node)
    return tuple(_trim(out)) if trim else tuple(out)


def _trim(out: list) -> list:
    """Strip spaces at the ends and around line breaks (Markdown cannot keep them)."""
    for i, node in enumerate(out):
        if not isinstance(node, Text):
            continue
        text = node.text
        if i == 0 or isinstance(out[i - 1], LineBreak):
            text = text.lstrip(" \t\n")
        if i == len(out) - 1 or isinstance(out[i + 1], LineBreak):
            text = text.rstrip(" \t\n")
        out[i] = Text(text)
    out = [n for n in out if not (isinstance(n, Text) and not n.text)]
    while out and isinstance(out[0], LineBreak):
        out.pop(0)
    while out and isinstance(out[-1], LineBreak):
        out.pop()
    return out


def strip_shy(inlines) -> tuple:
    """Remove soft hyphens everywhere in the run, then tidy it (for headings)."""
    out = []
    for node in inlines:
        if isinstance(node, Text):
            node = Text(node.text.replace(SHY, ""))
        elif isinstance(node, CONTAINER_INLINES):
            node = replace(node, children=strip_shy(node.children))
        out.append(node)
    return tidy(out)
