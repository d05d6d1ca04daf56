"""The library's catalogue: ``index.html``, one page per text and the OPDS feeds.

Everything is made from the texts' records (``state.Record``), so a run that built
nothing still writes the same catalogue, and two runs over the same records write the
same bytes. Every link is relative: the catalogue works opened from the disk and from
any static web server.

* ``index.html`` (template ``templates/library/index.html.j2``) lists every text with its
  cover thumbnail, title, authors, date, language, pages and a link to each format;
  ``catalogue.js`` searches and sorts the list in the browser.
* ``<slug>/index.html`` (``text.html.j2``) is a text's page: its description, essays
  and downloads.
* ``opds.xml`` is an OPDS 1.2 acquisition feed of every text (Atom), with facets by
  author and language; ``opds/authors.xml`` and ``opds/languages.xml`` are navigation
  feeds, ``opds/author-*.xml`` and ``opds/lang-*.xml`` the acquisition feeds they lead to.
"""

from __future__ import annotations

import functools
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from ..atomic import atomic_write_bytes
from .state import Record

TEXT_PAGE = "index.html"
OPDS = "opds.xml"
OPDS_DIR = "opds"
#: files copied beside index.html from templates/library/
STATIC = ("catalogue.css", "catalogue.js")

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/terms/"
OPDS_NS = "http://opds-spec.org/2010/catalog"
THREAD = "http://purl.org/syndication/thread/1.0"
ACQUISITION = "application/atom+xml;profile=opds-catalog;kind=acquisition"
NAVIGATION = "application/atom+xml;profile=opds-catalog;kind=navigation"
MIME = {".pdf": "application/pdf", ".epub": "application/epub+zip", ".png": "image/png"}
#: dates OPDS's dc:issued takes (W3C date and time formats)
W3C_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
#: when no text has been built yet
EPOCH_START = "1970-01-01T00:00:00Z"


@dataclass(frozen=True)
class Download:
    label: str
    href: str
    mime: str
    #: the format's kind: pdf, print or epub
    kind: str


def downloads(record: Record) -> list[Download]:
    """A text's files a reader downloads, in the record's order, linked from its folder."""
    found = []
    for name in record.files:
        stem = name[len(record.slug) + 1:] if name.startswith(record.slug + "-") else ""
        if name == f"{record.slug}.epub":
            found.append(Download("EPUB", name, MIME[".epub"], "epub"))
        elif stem.endswith("-print.pdf"):
            size = stem[:-len("-print.pdf")].upper()
            found.append(Download(f"Print {size} (folded booklet)", name, MIME[".pdf"], "print"))
        elif stem.endswith(".pdf"):
            found.append(Download(f"PDF {stem[:-4].upper()}", name, MIME[".pdf"], "pdf"))
    return found


def cover_name(record: Record) -> str | None:
    name = f"{record.slug}-cover.png"
    return name if name in record.files else None


@functools.lru_cache(maxsize=1)
def _environment():
    import jinja2

    from ..resources import templates_dir

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir() / "library")),
        autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True)


def write_catalogue(out_dir: Path, records: list[Record], title: str = "Library") -> int:
    """Write index.html, each text's page and the OPDS feeds; return the texts listed."""
    from ..resources import templates_dir

    records = sorted(records, key=lambda r: (r.meta.get("title", "").casefold(), r.slug))
    out_dir.mkdir(parents=True, exist_ok=True)
    env = _environment()
    entries = [_entry(record) for record in records]
    _write(out_dir / "index.html", env.get_template("index.html.j2").render(
        title=title, entries=entries, updated=_updated(records)).encode())
    for entry in entries:
        _write(out_dir / entry["slug"] / TEXT_PAGE,
               env.get_template("text.html.j2").render(title=title, entry=entry).encode())
    for name in STATIC:
        _write(out_dir / name, (templates_dir() / "library" / name).read_bytes())
    write_feeds(out_dir, records, title)
    return len(records)


def _write(path: Path, data: bytes) -> None:
    """Write ``path`` atomically, unless it already holds ``data`` (a run that changed
    nothing leaves every file as it was, for the web server's caches too)."""
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    atomic_write_bytes(path, data)


def _entry(record: Record) -> dict:
    meta = record.meta
    return {"slug": record.slug, "title": meta.get("title") or record.slug,
            "subtitle": meta.get("subtitle", ""), "authors": meta.get("authors", []),
            "date": meta.get("date", ""), "lang": meta.get("lang", ""),
            "description": meta.get("description", ""), "essays": meta.get("essays", []),
            "pages": record.pages, "cover": cover_name(record), "source": record.name,
            "downloads": downloads(record), "built": record.built}


def _updated(records: list[Record]) -> str:
    return max((r.built for r in records if r.built), default=EPOCH_START)


# --------------------------------------------------------------------------- OPDS


def _id(kind: str, name: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"pamphlets-library:{kind}:{name}"))


def _slug(text: str) -> str:
    from ..transforms.ids import slugify

    return slugify(text, "x")


def write_feeds(out_dir: Path, records: list[Record], title: str) -> None:
    """opds.xml and the feeds of opds/; feeds left from authors or languages no longer in
    the library are removed."""
    authors: dict[str, list[Record]] = {}
    languages: dict[str, list[Record]] = {}
    for record in records:
        for author in record.meta.get("authors", []):
            authors.setdefault(author, []).append(record)
        languages.setdefault(_language(record), []).append(record)
    author_files = _unique_names({a: f"author-{_slug(a)}" for a in sorted(authors)})
    lang_files = _unique_names({lang: f"lang-{_slug(lang)}" for lang in sorted(languages)})

    facets = [("Author", a, f"{OPDS_DIR}/{author_files[a]}.xml", len(authors[a]))
              for a in sorted(authors)]
    facets += [("Language", lang, f"{OPDS_DIR}/{lang_files[lang]}.xml", len(languages[lang]))
               for lang in sorted(languages)]
    written = {}
    written[out_dir / OPDS] = _acquisition(title, "all", records, "", facets)
    sub = [(f, n, h[len(OPDS_DIR) + 1:], c) for f, n, h, c in facets]
    for author, name in author_files.items():
        written[out_dir / OPDS_DIR / f"{name}.xml"] = _acquisition(
            f"{title}: {author}", name, authors[author], "../", sub)
    for lang, name in lang_files.items():
        written[out_dir / OPDS_DIR / f"{name}.xml"] = _acquisition(
            f"{title}: language {lang}", name, languages[lang], "../", sub)
    written[out_dir / OPDS_DIR / "authors.xml"] = _navigation(
        f"{title}: authors", "authors",
        [(a, f"{author_files[a]}.xml", authors[a]) for a in sorted(authors)])
    written[out_dir / OPDS_DIR / "languages.xml"] = _navigation(
        f"{title}: languages", "languages",
        [(lang, f"{lang_files[lang]}.xml", languages[lang]) for lang in sorted(languages)])
    (out_dir / OPDS_DIR).mkdir(exist_ok=True)
    for path in (out_dir / OPDS_DIR).glob("*.xml"):
        if path not in written:
            path.unlink()
    for path, data in written.items():
        _write(path, data)


def _language(record: Record) -> str:
    """The text's language tag as the feeds write it: "EN", "en_GB" and "en-GB" spelt
    another way are the same tag ("en", "en-gb"); none is "und"."""
    return (record.meta.get("lang") or "und").replace("_", "-").lower()


def _unique_names(names: dict[str, str]) -> dict[str, str]:
    seen: dict[str, int] = {}
    unique = {}
    for key, name in names.items():
        seen[name] = seen.get(name, 0) + 1
        unique[key] = name if seen[name] == 1 else f"{name}-{seen[name]}"
    return unique


def _feed(title: str, kind: str, updated: str, self_href: str, kind_type: str, up: str):
    from lxml import etree

    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM, "dc": DC, "opds": OPDS_NS,
                                                   "thr": THREAD})
    etree.SubElement(feed, f"{{{ATOM}}}id").text = _id("feed", kind)
    etree.SubElement(feed, f"{{{ATOM}}}title").text = title
    etree.SubElement(feed, f"{{{ATOM}}}updated").text = updated
    author = etree.SubElement(feed, f"{{{ATOM}}}author")
    etree.SubElement(author, f"{{{ATOM}}}name").text = "pamphlets"
    _link(feed, "self", self_href, kind_type)
    _link(feed, "start", f"{up}{OPDS}", ACQUISITION, title="All texts")
    if up:
        _link(feed, "up", f"{up}{OPDS}", ACQUISITION)
    _link(feed, "alternate", f"{up}index.html", "text/html", title="The catalogue")
    return feed


def _link(parent, rel: str, href: str, mime: str, **extra):
    from lxml import etree

    attributes = {"rel": rel, "href": href, "type": mime}
    attributes.update({k: v for k, v in extra.items() if not k.startswith("opds_")})
    link = etree.SubElement(parent, f"{{{ATOM}}}link", attributes)
    for key, value in extra.items():
        if key.startswith("opds_"):
            link.set(f"{{{OPDS_NS}}}{key[5:]}", value)
    return link


def _serialised(feed) -> bytes:
    from lxml import etree

    return etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _acquisition(title: str, kind: str, records: list[Record], up: str,
                 facets: list[tuple[str, str, str, int]]) -> bytes:
    """An acquisition feed of ``records``; ``up`` leads from the feed's folder to the
    output folder."""
    from lxml import etree

    self_href = OPDS if not up else f"{kind}.xml"
    feed = _feed(title, kind, _updated(records), self_href, ACQUISITION, up)
    _link(feed, "subsection", f"{'' if up else OPDS_DIR + '/'}authors.xml", NAVIGATION,
          title="By author")
    _link(feed, "subsection", f"{'' if up else OPDS_DIR + '/'}languages.xml", NAVIGATION,
          title="By language")
    for group, name, href, count in facets:
        # the facet that is this very feed (the whole library's feed is none of them)
        active = bool(up) and href == self_href
        _link(feed, "http://opds-spec.org/facet", href, ACQUISITION, title=name,
              opds_facetGroup=group, **{"opds_activeFacet": "true"} if active else {})
        feed[-1].set(f"{{{THREAD}}}count", str(count))
    for record in records:
        entry = etree.SubElement(feed, f"{{{ATOM}}}entry")
        meta = record.meta
        etree.SubElement(entry, f"{{{ATOM}}}title").text = meta.get("title") or record.slug
        # the id follows the text's source: a slug may shift when a clashing name arrives
        etree.SubElement(entry, f"{{{ATOM}}}id").text = _id("text", record.name or record.slug)
        etree.SubElement(entry, f"{{{ATOM}}}updated").text = record.built or EPOCH_START
        for author in meta.get("authors", []):
            person = etree.SubElement(entry, f"{{{ATOM}}}author")
            etree.SubElement(person, f"{{{ATOM}}}name").text = author
        etree.SubElement(entry, f"{{{DC}}}language").text = _language(record)
        if W3C_DATE.fullmatch(meta.get("date", "")):
            etree.SubElement(entry, f"{{{DC}}}issued").text = meta["date"]
        if meta.get("description"):
            etree.SubElement(entry, f"{{{ATOM}}}summary").text = meta["description"]
        base = f"{up}{record.slug}/"
        cover = cover_name(record)
        if cover:
            _link(entry, "http://opds-spec.org/image", base + cover, MIME[".png"])
            _link(entry, "http://opds-spec.org/image/thumbnail", base + cover, MIME[".png"])
        _link(entry, "alternate", base + TEXT_PAGE, "text/html", title="About this text")
        for item in downloads(record):
            _link(entry, "http://opds-spec.org/acquisition", base + item.href, item.mime,
                  title=item.label)
    return _serialised(feed)


def _navigation(title: str, kind: str, items: list[tuple[str, str, list[Record]]]) -> bytes:
    from lxml import etree

    feed = _feed(title, kind, _updated([r for _, _, rs in items for r in rs]),
                 f"{kind}.xml", NAVIGATION, "../")
    for name, href, records in items:
        entry = etree.SubElement(feed, f"{{{ATOM}}}entry")
        etree.SubElement(entry, f"{{{ATOM}}}title").text = name
        etree.SubElement(entry, f"{{{ATOM}}}id").text = _id(kind, name)
        etree.SubElement(entry, f"{{{ATOM}}}updated").text = _updated(records)
        count = len(records)
        etree.SubElement(entry, f"{{{ATOM}}}content", type="text").text = \
            f"{count} text{'s' if count != 1 else ''}"
        _link(entry, "subsection", href, ACQUISITION)
    return _serialised(feed)
