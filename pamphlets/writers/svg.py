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

import tinycss2
from lxml import etree

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

#: SVG elements that run code, embed other content, or change attributes over time (an
#: animation can set an ``href`` to anything once the image is shown)
ACTIVE = {"script", "foreignObject", "iframe", "handler", "listener", "animate", "set",
          "animateMotion", "animateTransform", "animateColor", "discard"}
#: CSS functions that load an image or font from a string
_LOADERS = {"image-set", "-webkit-image-set", "image", "src", "cross-fade", "element"}
#: embedded raster images an ``<image>`` may keep
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp);base64,", re.I)


def reaches_out(css: str) -> bool:
    """Whether CSS text (a style sheet, a ``style`` attribute or a presentation attribute
    such as ``fill``) loads anything but a fragment of the same file. tinycss2 tokenizes
    it, so escapes (``\\75 rl(``) and comments hide nothing."""
    return _reaches_out(tinycss2.parse_component_value_list(css))


def _reaches_out(tokens) -> bool:
    for token in tokens:
        kind = token.type
        if kind == "at-keyword" and token.lower_value == "import":
            return True
        if kind == "url" and not token.value.startswith("#"):
            return True
        if kind == "function":
            if token.lower_name in _LOADERS:
                return True
            if token.lower_name == "url":
                target = "".join(t.value for t in token.arguments
                                 if t.type in ("string", "ident", "hash", "url"))
                hashed = any(t.type == "hash" for t in token.arguments)
                if not (hashed or target.startswith("#")):
                    return True
            if _reaches_out(token.arguments):
                return True
        if kind in ("() block", "[] block", "{} block") and _reaches_out(token.content):
            return True
    return False


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
        if etree.QName(child).localname == "style":
            text = "".join(child.itertext())  # children too: they are part of the sheet
            for inner in list(child):
                child.remove(inner)
            child.text = "" if reaches_out(text) else text
            removed += text != child.text
            continue
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
    """An ``image`` or ``use`` that draws another file (an image may embed a PNG, JPEG,
    GIF or WebP as a ``data:`` URL)."""
    href = _href(el)
    if href is None or href.startswith("#"):
        return False
    name = etree.QName(el).localname
    return name in ("use", "feImage") or (name == "image" and not _DATA_IMAGE.match(href))


def _clean_attributes(el) -> int:
    removed = 0
    for name, value in list(el.attrib.items()):
        qname = etree.QName(name)
        keep = qname.namespace in (None, XML) or name == f"{{{XLINK}}}href"
        if qname.localname == "href" and not value.startswith("#") and not (
                etree.QName(el).localname == "image" and _DATA_IMAGE.match(value)):
            keep = False
        if qname.localname.lower().startswith("on") or qname.localname == "base":
            keep = False
        if "(" in value and reaches_out(value):  # style, and fill, filter, mask... = url(...)
            keep = False
        if not keep:
            del el.attrib[name]
            removed += 1
    return removed
