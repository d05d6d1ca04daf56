"""The known reasons Amazon (Send to Kindle, KDP) rejects or garbles an EPUB, one check each.

``kindle_problems(path)`` returns a line per problem found, named after its check; the
tests call ``assert_kindle_safe`` on the sample, the anthology, the golden book and both
notes modes of the EPUB writer's own test book. The causes are the ones the
Send-to-Kindle fixers repair and Amazon's publishing guidelines name: an unsupported or
missing language, a file read as ISO-8859-1 for want of an encoding declaration, links
aimed at a ``<body>`` id, ``<img>`` without ``src``, a spine out of step with the NCX, CSS
custom properties, ``--`` inside CSS comments, files over 50 MB, and no
``<meta name="cover">`` (which the cover thumbnail needs).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

#: Amazon's eBook languages (KDP help, "Supported languages"), as ISO 639-1 and 639-2/3
#: codes; only the primary subtag of a language tag is compared.
KINDLE_LANGUAGES = frozenset("""
af afr gsw ar ara eu eus baq nb nob br bre ca cat zh zho chi kw cor co cos da dan nl nld
dut stq en eng fi fin fr fra fre fy fry frr gl glg de deu ger gu guj hi hin is isl ice ga
gle it ita ja jpn lb ltz mr mar ml mal gv glv no nor nn nno pl pol pt por oc oci rm roh
sco gd gla es spa sv swe ta tam cy cym wel
""".split())

MAX_BYTES = 50 * 1024 * 1024
NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "ncx": "http://www.daisy.org/z3986/2005/ncx/", "h": "http://www.w3.org/1999/xhtml"}
_DECLARATION = re.compile(rb"""^<\?xml\s+version=["'][\d.]+["']\s+encoding=["'][\w.-]+["']""")
_CUSTOM_PROPERTY = re.compile(r"(?<![\w-])--[A-Za-z_][\w-]*\s*:|var\(\s*--")
_COMMENT = re.compile(r"/\*(.*?)\*/", re.S)
_MARKUP = (".xhtml", ".html", ".htm", ".opf", ".ncx", ".svg", ".xml")


class Epub:
    """The unzipped book: its files, the package document and where it lives."""

    def __init__(self, path: Path):
        self.path = path
        with zipfile.ZipFile(path) as z:
            self.files = {info.filename: z.read(info) for info in z.infolist()}
        container = etree.fromstring(self.files["META-INF/container.xml"])
        self.opf_name = container.xpath("//*[local-name()='rootfile']/@full-path")[0]
        self.opf = etree.fromstring(self.files[self.opf_name])
        self.base = posixpath.dirname(self.opf_name)
        self.manifest = {item.get("id"): item for item in self.opf.xpath(
            "//opf:manifest/opf:item", namespaces=NS)}

    def href(self, item) -> str:
        return posixpath.normpath(posixpath.join(self.base, unquote(item.get("href"))))

    def documents(self):
        """(name, parsed tree) of every XHTML document."""
        for name, data in self.files.items():
            if name.endswith((".xhtml", ".html", ".htm")):
                yield name, etree.fromstring(data)

    def stylesheets(self):
        """(where, CSS text): the CSS files, <style> elements and style attributes."""
        for name, data in self.files.items():
            if name.endswith(".css"):
                yield name, data.decode("utf-8", "replace")
        for name, doc in self.documents():
            for style in doc.iter("{%s}style" % NS["h"]):
                yield name, style.text or ""
            for element in doc.xpath("//*[@style]"):
                yield name, element.get("style")


def check_language(book: Epub) -> list[str]:
    langs = book.opf.xpath("//opf:metadata/dc:language/text()", namespaces=NS)
    if not langs or not langs[0].strip():
        return ["no dc:language"]
    primary = langs[0].strip().split("-")[0].lower()
    return [] if primary in KINDLE_LANGUAGES else [f"language {langs[0]!r} is not Kindle's"]


def check_encoding_declaration(book: Epub) -> list[str]:
    return [f"{name}: no XML encoding declaration" for name, data in book.files.items()
            if name.endswith(_MARKUP) and not _DECLARATION.match(data.lstrip())]


def check_body_id_links(book: Epub) -> list[str]:
    bodies = {(name, body.get("id")) for name, doc in book.documents()
              for body in doc.iter("{%s}body" % NS["h"]) if body.get("id")}
    problems = []
    sources = [(name, a.get("href")) for name, doc in book.documents()
               for a in doc.iter("{%s}a" % NS["h"]) if a.get("href")]
    ncx = _ncx_name(book)
    if ncx:
        tree = etree.fromstring(book.files[ncx])
        sources += [(ncx, src) for src in tree.xpath("//ncx:content/@src", namespaces=NS)]
    for name, href in sources:
        file, _, frag = href.partition("#")
        if not frag or "://" in file:
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(file))) \
            if file else name
        if (target, frag) in bodies:
            problems.append(f"{name}: link {href!r} aims at a <body> id")
    return problems


def check_img_src(book: Epub) -> list[str]:
    return [f"{name}: <img> without src" for name, doc in book.documents()
            for img in doc.iter("{%s}img" % NS["h"]) if not (img.get("src") or "").strip()]


def _ncx_name(book: Epub) -> str:
    for item in book.manifest.values():
        if item.get("media-type") == "application/x-dtbncx+xml":
            return book.href(item)
    return ""


def check_spine_matches_ncx(book: Epub) -> list[str]:
    """The NCX's files, in play order, are met in the same order along the spine."""
    ncx = _ncx_name(book)
    if not ncx:
        return ["no NCX"]
    tree = etree.fromstring(book.files[ncx])
    points = sorted(tree.xpath("//ncx:navPoint", namespaces=NS),
                    key=lambda p: int(p.get("playOrder", "0")))
    ncx_files: list[str] = []
    for point in points:
        src = point.xpath("./ncx:content/@src", namespaces=NS)[0].partition("#")[0]
        file = posixpath.normpath(posixpath.join(posixpath.dirname(ncx), unquote(src)))
        if file not in ncx_files:
            ncx_files.append(file)
    spine = [book.href(book.manifest[ref]) for ref in
             book.opf.xpath("//opf:spine/opf:itemref/@idref", namespaces=NS)]
    missing = [f for f in ncx_files if f not in spine]
    if missing:
        return [f"NCX points to files not in the spine: {missing}"]
    in_spine = [f for f in spine if f in ncx_files]
    if in_spine != ncx_files:
        return [f"spine order {in_spine} differs from the NCX's {ncx_files}"]
    return []


def check_css_custom_properties(book: Epub) -> list[str]:
    return [f"{where}: CSS custom property" for where, css in book.stylesheets()
            if _CUSTOM_PROPERTY.search(_COMMENT.sub("", css))]


def check_css_comment_dashes(book: Epub) -> list[str]:
    return [f"{where}: '--' inside a CSS comment" for where, css in book.stylesheets()
            if any("--" in comment for comment in _COMMENT.findall(css))]


def check_size(book: Epub) -> list[str]:
    problems = [f"{name}: {len(data)} bytes" for name, data in book.files.items()
                if len(data) > MAX_BYTES]
    size = book.path.stat().st_size
    return problems + ([f"the EPUB is {size} bytes"] if size > MAX_BYTES else [])


def check_cover_meta(book: Epub) -> list[str]:
    ids = book.opf.xpath("//opf:metadata/opf:meta[@name='cover']/@content", namespaces=NS)
    if not ids:
        return ['no <meta name="cover"> in the OPF']
    item = book.manifest.get(ids[0])
    if item is None or not item.get("media-type", "").startswith("image/"):
        return [f'<meta name="cover"> names {ids[0]!r}, which is not an image in the manifest']
    return []


CHECKS = (check_language, check_encoding_declaration, check_body_id_links, check_img_src,
          check_spine_matches_ncx, check_css_custom_properties, check_css_comment_dashes,
          check_size, check_cover_meta)


def kindle_problems(path: Path) -> list[str]:
    """Every problem found, as ``check_name: what``."""
    book = Epub(Path(path))
    return [f"{check.__name__.removeprefix('check_')}: {problem}"
            for check in CHECKS for problem in check(book)]


def assert_kindle_safe(path: Path) -> None:
    problems = kindle_problems(path)
    assert problems == [], problems
