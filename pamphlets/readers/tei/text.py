"""The parts of a TEI ``<text>``, for the TEI reader: front, body, back and groups.

``TextMixin`` is part of the converter class (``reader._Converter``) and uses its block
conversion (``blocks``). ``text_blocks`` reads a ``<text>`` whatever it holds:
``front``, ``body`` and ``back`` in their order, a ``group`` of further texts (a
collection: each text's own heading, from its title page, its first ``head`` or its ``n``,
becomes a heading one level up, and its divisions are counted from there), or divisions
standing in the ``<text>`` with no ``body`` at all.

The front matter's title page (``titlePage``, or a division typed as one, or
``docTitle``/``docAuthor``/``docDate`` standing in ``front``) gives the metadata the header
lacks (``front_meta``) and is left out with a counted notice; a preface, dedication or
introduction is kept as text. In the back matter, a division of notes keeps the notes no
mark pointed at (``notes``); appendices and the rest are kept.
"""

from __future__ import annotations

from ...model import Heading, Text
from .blocks import TITLE_PAGE_TYPES
from .xml import first_child, flat, local_name

#: title-page parts that may stand directly in ``front`` (TEI Lite, converters)
_TITLE_PARTS = {"docTitle", "docAuthor", "docDate", "docImprint", "docEdition", "byline",
                "titlePart"}


class TextMixin:
    """``<text>``, ``<group>``, ``<front>`` and ``<back>`` (a part of ``reader._Converter``)."""

    def text_blocks(self, text_el, depth: int) -> list:
        out: list = []
        for child in text_el:
            name = local_name(child)
            if name == "front":
                out.extend(self._front(child, depth))
            elif name in ("body", "back"):
                out.extend(self.blocks(child, depth))
            elif name == "group":
                out.extend(self._group(child, depth))
            elif name:
                self._block(child, depth, out)
            else:
                self._entity(child)
        return out

    def _group(self, group, depth: int) -> list:
        out: list = []
        for child in group:
            name = local_name(child)
            if name == "text":
                level = depth + 1
                heading = self._text_heading(child)
                if heading:
                    out.append(Heading(level, heading))
                saved = self.base
                self.base = level
                self.chapter += 1
                out.extend(self.text_blocks(child, level))
                self.base = saved
            elif name == "group":
                head = first_child(child, "head")
                if head is not None:
                    out.append(Heading(depth + 1, self.inlines(head)))
                out.extend(self._group(child, depth + 1 if head is not None else depth))
            elif name == "head":
                out.append(Heading(depth + 1, self.inlines(child)))
            elif name:
                self._block(child, depth, out)
        return out

    def _text_heading(self, text_el) -> tuple:
        """A grouped text's heading when nothing in it will make one: its title page's
        title, else its ``n``; ``()`` when its body starts with a heading of its own."""
        front = first_child(text_el, "front")
        title = None
        if front is not None:
            page = first_child(front, "titlePage")
            for where in (page, front):
                if where is not None and title is None:
                    doc = first_child(where, "docTitle")
                    if doc is not None:
                        title = doc
        if title is not None:
            return self.inlines(title)
        body = first_child(text_el, "body")
        first = next((c for c in (body if body is not None else text_el)
                      if isinstance(c.tag, str)), None)
        if first is not None and (local_name(first) == "head" or first_child(first, "head") is not None):
            return ()
        n = (text_el.get("n") or "").strip()
        return (Text(n),) if n else ()

    def _front(self, front, depth: int) -> list:
        out: list = []
        loose = [c for c in front if local_name(c) in _TITLE_PARTS]
        if loose:
            for el in loose:
                self.title_page(el)
            self._drop("title page", " ".join(t for el in loose for t in el.itertext()),
                       loose[0].sourceline)
        for child in front:
            name = local_name(child)
            if name in _TITLE_PARTS:
                continue
            if name in ("div", "div1") and (child.get("type") or "").lower() in TITLE_PAGE_TYPES:
                self.title_page(child)
            self._block(child, depth, out)
        return out

    def title_page(self, el) -> None:
        """Note what a title page says, for metadata the header lacks (the document's own
        title page only, not those of the texts a group holds)."""
        if self.base:
            return
        meta = self.front_meta
        for part in [el] + list(el.iter()):
            name = local_name(part)
            if name == "docTitle" and "title" not in meta:
                main = next((t for t in part.iter() if local_name(t) == "titlePart"
                             and (t.get("type") or "main") == "main"), None)
                meta["title"] = flat(main if main is not None else part)
            elif name == "titlePart" and (part.get("type") or "main") == "main" \
                    and "title" not in meta:
                meta["title"] = flat(part)
            elif name == "docAuthor":
                meta.setdefault("authors", []).append(flat(part))
            elif name == "docDate" and "date" not in meta:
                meta["date"] = part.get("when") or flat(part)
