"""SVG images for the EPUB, made safe: drawing kept, anything active or outside dropped.

An essay's SVG may come from any web page. EPUB readers show SVG images natively, but an
SVG can carry scripts, event handlers, HTML (``foreignObject``) and references to other
files or the network (``href``, ``url(...)``, ``@import``). ``clean_svg`` keeps the
drawing and removes all of those: elements outside the SVG namespace (editor metadata
included), scripts, ``foreignObject``, ``on*`` attributes, links other than to a
fragment of the same file, and style text that reaches outside it.
"""

from __future__ import annotations

import re

from lxml import etree

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

#: SVG elements that run code, embed other content, or change attributes over time (an
#: animation can set an ``href`` to anything once the image is shown)
ACTIVE = {"script", "foreignObject", "iframe", "handler", "listener", "animate", "set",
          "animateMotion", "animateTransform", "animateColor", "discard"}
#: ``url(...)`` to anything but ``#fragment``, or an ``@import``
_OUTSIDE = re.compile(r"@import|url\(\s*['\"]?\s*(?!#)", re.I)


def clean_svg(data: bytes) -> tuple[bytes, int] | None:
    """The SVG made safe and how many things were removed, or ``None`` if ``data`` is not
    an SVG document."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root.tag != f"{{{SVG}}}svg":
        return None
    removed = _clean_attributes(root) + _clean_children(root)
    etree.cleanup_namespaces(root)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8"), removed


def _clean_children(el) -> int:
    removed = 0
    for child in list(el):
        if _dropped(child):
            el.remove(child)
            removed += 1
            continue
        removed += _clean_attributes(child)
        if etree.QName(child).localname == "style" and _OUTSIDE.search(child.text or ""):
            child.text = ""
            removed += 1
        removed += _clean_children(child)
    return removed


def _dropped(el) -> bool:
    """Not an SVG element (entities, editor metadata, HTML), or an active or outside one."""
    if not isinstance(el.tag, str) or not el.tag.startswith(f"{{{SVG}}}"):
        return True
    return etree.QName(el).localname in ACTIVE or _external_image(el)


def _href(el) -> str | None:
    return el.get("href", el.get(f"{{{XLINK}}}href"))


def _external_image(el) -> bool:
    """An ``image`` or ``use`` that draws another file."""
    href = _href(el)
    return etree.QName(el).localname in ("image", "use", "feImage") and \
        href is not None and not href.startswith("#")


def _clean_attributes(el) -> int:
    removed = 0
    for name, value in list(el.attrib.items()):
        qname = etree.QName(name)
        keep = qname.namespace in (None, XML) or name == f"{{{XLINK}}}href"
        if qname.localname in ("href",) and not value.startswith("#"):
            keep = False
        if qname.localname.lower().startswith("on") or qname.localname == "base":
            keep = False
        if _OUTSIDE.search(value):  # style="...", and fill, filter, mask... = "url(...)"
            keep = False
        if not keep:
            del el.attrib[name]
            removed += 1
    return removed
