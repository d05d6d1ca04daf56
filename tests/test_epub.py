"""The EPUB writer: structure, notes wired both ways, metadata, images, reproducibility."""

from __future__ import annotations

import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import epubcheck_report
from kindle_lint import assert_kindle_safe
from lxml import etree
from PIL import Image

from pamphlets import transforms
from pamphlets.model import (
    BlockQuote,
    BookMeta,
    Booklet,
    Emph,
    Essay,
    EssayMeta,
    Figure,
    Heading,
    Link,
    ListBlock,
    Note,
    NoteRef,
    Para,
    ReadResult,
    Rule,
    Text,
    Verse,
)
from pamphlets.context import resolve
from pamphlets.writers import epub as epub_writer

NS = {
    "h": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BUILD = datetime(2024, 5, 1, 12, 30, tzinfo=timezone.utc)


# --------------------------------------------------------------------------- the book


def _p(*parts) -> Para:
    return Para(tuple(Text(p) if isinstance(p, str) else p for p in parts))


def _first_essay(folder: Path) -> Essay:
    return Essay(
        EssayMeta(title="On Walking", subtitle="A Ramble", authors=("Ada Author",),
                  source="https://example.org/walking", licence="CC BY 4.0"),
        blocks=(
            _p("Walking is good", NoteRef("a"), " for the mind."),
            Heading(1, (Text("The Road"), NoteRef("b"))),
            _p("A road goes ever on.", NoteRef("a")),
            BlockQuote((_p("All that is gold does not glitter."),), attribution=(Text("Tolkien"),)),
            ListBlock(False, ((_p("boots"),), (_p("a map"),))),
            Heading(2, (Text("Maps"),)),
            Figure("img/map.png", caption=(Text("A map of the road"),), alt="A hand-drawn map"),
            Figure("../secret.png", caption=(Text("Refused picture"),)),
            Rule(),
            Verse(((Text("The road goes ever on and on"),), (Text("Down from the door"),), (),
                   (Text("Now far ahead"),))),
            _p("See ", Link("https://example.org", (Emph((Text("elsewhere"),)),)), "."),
        ),
        notes=(
            Note("a", (_p("A first note with ", Emph((Text("emphasis"),)), "."),
                       _p("And a second paragraph."))),
            Note("b", (ListBlock(True, ((_p("one"),), (_p("two"),))),)),
            Note("orphan", (_p("Never referenced."),)),
        ),
        origin=str(folder / "walking.md"),
    )


def _macedonian_essay(folder: Path) -> Essay:
    return Essay(
        EssayMeta(title="За слободата", authors=("Марко Марковски", "Ada Author"), lang="mk",
                  translator="Тина Т.", licence="CC BY-SA 4.0"),
        blocks=(
            _p("Слободата е важна.", NoteRef("1")),
            Heading(1, (Text("Прв дел"),)),
            _p("Текст."),
        ),
        notes=(Note("1", (_p("Белешка."),)),),
        origin=str(folder / "sloboda.md"),
    )


def _russian_essay(folder: Path) -> Essay:
    return Essay(
        EssayMeta(title="О книгах", authors=("Иван Иванов",), lang="ru"),
        blocks=(_p("Книги — это «окна».", NoteRef("x")), Heading(1, (Text("Notes"),)),
                _p("Без сносок дальше.")),
        notes=(Note("x", (_p("Примечание."), _p("Второй абзац."))),),
        origin=str(folder / "knigi.md"),
    )


def write_epub(booklet: Booklet, out: Path, *, build_date: datetime | None = None,
               notes: str = "essay") -> list:
    """The EPUB writer under a build context with this notes mode and build time."""
    context = resolve(notes=notes, built_at=build_date or datetime.now(timezone.utc))
    return epub_writer.write(booklet, out, context).notices


def make_booklet(folder: Path) -> Booklet:
    (folder / "img").mkdir(exist_ok=True)
    Image.new("RGB", (40, 30), (200, 100, 50)).save(folder / "img" / "map.png")
    Image.new("RGB", (10, 10)).save(folder.parent / "secret.png")
    essays = tuple(transforms.apply(ReadResult(e)).essay for e in (
        _first_essay(folder), _macedonian_essay(folder), _russian_essay(folder)))
    meta = BookMeta(title="Essays on Things", subtitle="A Reader", editor="Ed Editor",
                    date="2024-04", description="Three essays.", colophon="Set in EB Garamond.",
                    licence="CC BY-SA 4.0")
    return Booklet(meta=meta, essays=essays)


@pytest.fixture(scope="module", params=["essay", "book"])
def built(request, tmp_path_factory):
    """Built once for the module (the tests only read it)."""
    tmp_path = tmp_path_factory.mktemp("built")
    folder = tmp_path / "essays"
    folder.mkdir()
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        booklet = make_booklet(folder)
        out = tmp_path / "book.epub"
        notices = write_epub(booklet, out, build_date=BUILD, notes=request.param)
    assert_kindle_safe(out)
    return booklet, request.param, out, notices


# --------------------------------------------------------------------------- reading it back


def _files(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def _xhtml(files: dict[str, bytes]) -> dict[str, etree._Element]:
    return {n: etree.fromstring(d) for n, d in files.items() if n.endswith(".xhtml")}


def _opf(files: dict[str, bytes]) -> etree._Element:
    container = etree.fromstring(files["META-INF/container.xml"])
    path = container.xpath("//*[local-name()='rootfile']/@full-path")[0]
    return etree.fromstring(files[path])


def _resolve(doc_name: str, href: str) -> tuple[str, str]:
    target, _, frag = href.partition("#")
    if not target:
        return doc_name, frag
    return str(Path(doc_name).parent / target), frag


def _ids(docs) -> dict[tuple[str, str], etree._Element]:
    return {(name, el.get("id")): el for name, root in docs.items() for el in root.iter()
            if isinstance(el.tag, str) and el.get("id")}


# --------------------------------------------------------------------------- tests


def test_one_file_per_essay_plus_front_and_back(built):
    booklet, notes, out, _ = built
    names = set(_files(out))
    for i in range(1, 4):
        assert f"EPUB/text/essay-{i:02d}.xhtml" in names
    for name in ("cover", "titlepage", "nav", "colophon"):
        assert f"EPUB/text/{name}.xhtml" in names
    assert ("EPUB/text/endnotes.xhtml" in names) == (notes == "book")
    assert "EPUB/toc.ncx" in names


def test_nav_toc_and_landmarks(built):
    booklet, notes, out, _ = built
    nav = _xhtml(_files(out))["EPUB/text/nav.xhtml"]
    toc = nav.xpath("//h:nav[@epub:type='toc']/h:ol", namespaces=NS)[0]
    titles = [a.text for a in toc.xpath("h:li/h:a", namespaces=NS)]
    assert [e.meta.title for e in booklet.essays] == [t for t in titles
                                                      if t not in ("Title Page", "Notes",
                                                                   "Colophon")]
    first = toc.xpath("h:li[h:a='On Walking']", namespaces=NS)[0]
    nested = first.xpath("h:ol/h:li/h:a/text()", namespaces=NS)
    assert nested == ["The Road"]  # the heading's note marker is not in the TOC
    assert first.xpath("h:ol/h:li/h:ol/h:li/h:a/text()", namespaces=NS) == ["Maps"]
    marks = nav.xpath("//h:nav[@epub:type='landmarks']//h:a/@epub:type", namespaces=NS)
    assert {"cover", "toc", "bodymatter"} <= set(marks)
    assert ("endnotes" in marks) == (notes == "book")
    ru = toc.xpath("h:li/h:a[.='О книгах']", namespaces=NS)[0]
    assert ru.get("lang") == ru.get(XML_LANG) == "ru"


def test_every_link_inside_the_book_resolves(built):
    _, _, out, _ = built
    files = _files(out)
    docs = {n: r for n, r in _xhtml(files).items()}
    ids = _ids(docs)
    for name, root in docs.items():
        for a in root.iter("{http://www.w3.org/1999/xhtml}a"):
            href = a.get("href")
            if href.startswith(("http:", "https:", "mailto:")):
                continue
            target, frag = _resolve(name, href)
            assert target in files, (name, href)
            if frag:
                assert (target, frag) in ids, (name, href)


def test_ids_are_unique_in_each_document(built):
    _, _, out, _ = built
    for name, root in _xhtml(_files(out)).items():
        ids = [el.get("id") for el in root.iter() if isinstance(el.tag, str) and el.get("id")]
        assert len(ids) == len(set(ids)), name


def test_notes_are_wired_both_ways(built):
    booklet, notes, out, _ = built
    docs = _xhtml(_files(out))
    ids = _ids(docs)
    refs = [(n, a) for n, r in docs.items()
            for a in r.xpath("//h:a[@epub:type='noteref']", namespaces=NS)]
    assert len(refs) == 5  # two to note 1 of the first essay, one in the heading, mk, ru
    for name, a in refs:
        assert a.get("role") == "doc-noteref"
        note = ids[_resolve(name, a.get("href"))]
        assert note.tag == "{http://www.w3.org/1999/xhtml}li"
        assert note.get(EPUB_TYPE) == "endnote" and note.get("role") is None
        section = note.getparent().getparent()
        while section.get(EPUB_TYPE) != "endnotes":
            section = section.getparent()
        assert section.get("role") == "doc-endnotes"
    notes = [(n, li) for n, r in docs.items()
             for li in r.xpath("//h:li[@epub:type='endnote']", namespaces=NS)]
    assert len(notes) == 5  # the unreferenced note is kept, without a back-link
    for name, li in notes:
        backs = li.xpath(".//h:a[@epub:type='backlink']", namespaces=NS)
        if li.xpath("string(.)").strip().startswith("Never referenced"):
            assert backs == []
            continue
        assert len(backs) == 1 and backs[0].get("role") == "doc-backlink"
        ref = ids[_resolve(name, backs[0].get("href"))]
        assert ref.get(EPUB_TYPE) == "noteref"
        assert _resolve(name, ref.get("href")) == (name, li.get("id"))


def test_note_content_is_kept(built):
    _, _, out, _ = built
    text = b"".join(_files(out).values()).decode("utf-8", "replace")
    assert "And a second paragraph." in text and "Второй абзац." in text
    docs = _xhtml(_files(out))
    ordered = [li for r in docs.values()
               for li in r.xpath("//h:li[@epub:type='endnote']//h:ol", namespaces=NS)]
    assert len(ordered) == 1  # the note holding a list


def test_language_on_every_document(built):
    _, _, out, _ = built
    docs = _xhtml(_files(out))
    langs = {}
    for name, root in docs.items():
        assert root.get("lang") and root.get("lang") == root.get(XML_LANG), name
        langs[name] = root.get("lang")
    assert langs["EPUB/text/essay-02.xhtml"] == "mk"
    assert langs["EPUB/text/essay-03.xhtml"] == "ru"
    assert langs["EPUB/text/nav.xhtml"] == "en"
    opf = _opf(_files(out))
    # the book's language first (the one Kindle and most readers take), then the essays'
    assert opf.xpath("//dc:language/text()", namespaces=NS) == ["en", "mk", "ru"]


def test_essay_content_and_semantics(built):
    _, _, out, _ = built
    essay = _xhtml(_files(out))["EPUB/text/essay-01.xhtml"]
    body = essay.xpath("//h:body", namespaces=NS)[0]
    assert body.get(EPUB_TYPE) == "bodymatter"
    assert essay.xpath("//h:h1/text()", namespaces=NS) == ["On Walking"]
    assert essay.xpath("//h:blockquote/h:p[@class='attribution']/text()",
                       namespaces=NS) == ["Tolkien"]
    assert len(essay.xpath("//h:div[@class='verse']/h:p[@class='stanza']", namespaces=NS)) == 2
    img = essay.xpath("//h:figure/h:img", namespaces=NS)
    assert len(img) == 1 and img[0].get("alt") == "A hand-drawn map"
    assert essay.xpath("//h:p[@class='caption']/text()", namespaces=NS) == ["Refused picture"]


def test_images_only_from_the_essay_folder(built):
    _, _, out, notices = built
    files = _files(out)
    images = sorted(n for n in files if n.startswith("EPUB/images/"))
    assert images == ["EPUB/images/cover.png", "EPUB/images/image-01.png"]
    warnings = [n for n in notices if n.kind == "warning"]
    assert len(warnings) == 1 and warnings[0].text == "../secret.png"


@pytest.mark.parametrize("src", ["/etc/hostname", "https://example.org/a.png",
                                 "data:image/png;base64,AAAA", "img/../../secret.png",
                                 "link.png", "missing.png"])
def test_refused_image_sources(tmp_path, src):
    folder = tmp_path / "essays"
    folder.mkdir()
    Image.new("RGB", (4, 4)).save(tmp_path / "secret.png")
    (folder / "link.png").symlink_to(tmp_path / "secret.png")
    essay = Essay(EssayMeta("Pictures"), (Figure(src, caption=(Text("cap"),)),),
                  origin=str(folder / "p.md"))
    booklet = Booklet(BookMeta("B"), (essay,))
    notices = write_epub(booklet, tmp_path / "b.epub", build_date=BUILD)
    assert [n.text for n in notices if n.kind == "warning"] == [src]
    assert [n for n in _files(tmp_path / "b.epub") if n.startswith("EPUB/images/image")] == []


def test_other_image_formats_become_png(tmp_path):
    folder = tmp_path / "essays"
    folder.mkdir()
    Image.new("RGB", (8, 8), (0, 128, 255)).save(folder / "pic.webp")
    essay = Essay(EssayMeta("Pictures"), (Figure("pic.webp", alt="blue"),),
                  origin=str(folder / "p.md"))
    assert write_epub(Booklet(BookMeta("B"), (essay,)), tmp_path / "b.epub",
                      build_date=BUILD) == []
    files = _files(tmp_path / "b.epub")
    assert files["EPUB/images/image-01.png"].startswith(b"\x89PNG")
    item = _opf(files).xpath("//opf:item[@href='images/image-01.png']", namespaces=NS)[0]
    assert item.get("media-type") == "image/png"


HOSTILE_SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="120" height="60"
     viewBox="0 0 120 60" onload="alert(1)" inkscape:version="1.2">
  <inkscape:grid/>
  <script>alert(2)</script>
  <style>@import url(https://example.org/x.css); .box { fill: #06c; }</style>
  <defs><linearGradient id="fade"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
  <rect class="box" width="50" height="40" onclick="steal()"/>
  <rect x="60" width="50" height="40" style="fill: url(#fade)"/>
  <rect x="60" width="5" height="5" style="fill: url(file:///etc/passwd)"/>
  <rect x="70" width="5" height="5" fill="url(https://example.org/g.svg#g)" stroke="url(#fade)"/>
  <image xlink:href="file:///etc/hostname" width="10" height="10"/>
  <a href="https://example.org/"><text x="4" y="55">Fold here</text></a>
  <a href="#top"><set attributeName="href" to="https://example.org/"/><text y="5">x</text></a>
  <foreignObject width="10" height="10"><p xmlns="http://www.w3.org/1999/xhtml">html</p></foreignObject>
</svg>"""


@pytest.mark.parametrize("css, outside", [
    (r"fill:\75 rl(http://example.org/x)", True),  # a CSS escape spells url(
    ("mask-image:image-set('http://example.org/m.png' 1x)", True),
    (r"@\69mport 'http://example.org/x.css';", True),
    ("fill: url(file:///etc/passwd)", True),
    ("fill:url('#g')", False), ('fill: url( "#g" )', False), ("fill:url(#g)", False),
    ("fill: red /* url(http://example.org/) */", False),
])
def test_svg_css_that_reaches_outside_is_told_apart(css, outside):
    from pamphlets.writers.svg import reaches_out

    assert reaches_out(css) is outside


def test_svg_style_sheets_are_read_whole_and_embedded_pictures_kept():
    from pamphlets.writers.svg import clean_svg

    data, removed = clean_svg(
        b'<svg xmlns="http://www.w3.org/2000/svg"><style><g/>@import url(http://e.org/x.css);'
        b'</style><style>.a{fill:url("#g")}</style>'
        b'<image href="data:image/png;base64,iVBORw0KGgo="/><image href="data:text/html,x"/>'
        b'</svg>')
    text = data.decode()
    assert "@import" not in text and "<g" not in text  # the text after <g/> was sheet too
    assert '.a{fill:url("#g")}' in text  # an inside reference, however quoted, stays
    assert "data:image/png" in text and "data:text/html" not in text
    assert removed == 2


@pytest.mark.slow  # EPUBCheck; the cleaning itself is tested just above
def test_svg_images_are_kept_and_made_safe(tmp_path):
    folder = tmp_path / "essays"
    folder.mkdir()
    (folder / "fold.svg").write_bytes(HOSTILE_SVG)
    essay = Essay(EssayMeta("Pictures"), (Figure("fold.svg", alt="A fold"),),
                  origin=str(folder / "p.md"))
    out = tmp_path / "b.epub"
    notices = write_epub(Booklet(BookMeta("B"), (essay,)), out, build_date=BUILD)
    assert [(n.reason, n.text) for n in notices] == [
        ("SVG image cleaned: scripts, outside references or foreign markup removed", "fold.svg")]
    files = _files(out)
    item = _opf(files).xpath("//opf:item[@href='images/image-01.svg']", namespaces=NS)[0]
    assert item.get("media-type") == "image/svg+xml"
    svg = etree.fromstring(files["EPUB/images/image-01.svg"])
    drawn = svg.xpath("//*[local-name()='rect' or local-name()='text' or local-name()='stop']")
    assert len(drawn) == 7  # the drawing stays
    assert svg.xpath("//*[local-name()='script' or local-name()='foreignObject' "
                     "or local-name()='image' or local-name()='grid' or local-name()='set']") == []
    attributes = [(a.attrname, a) for a in svg.xpath("//@*")]
    assert not [name for name, _ in attributes if name.startswith("on")]
    text = files["EPUB/images/image-01.svg"].decode()
    for outside in ("file:", "https:", "@import", "inkscape", "alert"):
        assert outside not in text
    assert text.count("url(#fade)") == 2 and ".box { fill: #06c; }" not in text  # it reached out
    report = epubcheck_report(out)
    assert (report["checker"]["nError"], report["checker"]["nWarning"]) == (0, 0), \
        [m["message"] for m in report["messages"]]


def test_metadata(built, tmp_path):
    booklet, notes, out, _ = built
    opf = _opf(_files(out))
    unique = opf.get("unique-identifier")
    ident = opf.xpath(f"//dc:identifier[@id='{unique}']/text()", namespaces=NS)[0]
    assert ident.startswith("urn:uuid:")
    assert opf.xpath("//dc:title/text()", namespaces=NS) == ["Essays on Things", "A Reader"]
    creators = opf.xpath("//dc:creator/text()", namespaces=NS)
    assert creators == ["Ed Editor", "Ada Author", "Марко Марковски", "Иван Иванов"]
    roles = opf.xpath("//opf:meta[@property='role']/text()", namespaces=NS)
    assert roles.count("edt") == 1 and roles.count("trl") == 1
    assert opf.xpath("//opf:meta[@property='dcterms:modified']/text()",
                     namespaces=NS) == ["2024-05-01T12:30:00Z"]
    assert opf.xpath("//dc:date/text()", namespaces=NS) == ["2024-04"]
    assert opf.xpath("//dc:description/text()", namespaces=NS) == ["Three essays."]
    props = {m.get("property"): m.text for m in opf.xpath("//opf:meta[@property]",
                                                           namespaces=NS)}
    for prop in ("accessMode", "accessModeSufficient", "accessibilityFeature",
                 "accessibilityHazard", "accessibilitySummary"):
        assert f"schema:{prop}" in props
    features = opf.xpath("//opf:meta[@property='schema:accessibilityFeature']/text()",
                         namespaces=NS)
    assert {"tableOfContents", "readingOrder", "structuralNavigation",
            "alternativeText"} <= set(features)
    cover = opf.xpath("//opf:item[@properties='cover-image']", namespaces=NS)
    assert cover and cover[0].get("href") == "images/cover.png"
    nav = opf.xpath("//opf:item[@properties='nav']/@href", namespaces=NS)
    assert nav == ["text/nav.xhtml"]
    ncx = etree.fromstring(_files(out)["EPUB/toc.ncx"])
    assert ncx.xpath("//ncx:meta[@name='dtb:uid']/@content", namespaces=NS) == [ident]


@pytest.mark.slow
def test_identifier_stable_and_source_date_epoch(tmp_path, monkeypatch):
    folder = tmp_path / "essays"
    folder.mkdir()
    booklet = make_booklet(folder)
    # the writer takes the build's time from the pipeline and never reads the environment
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not read here")
    write_epub(booklet, tmp_path / "a.epub",
               build_date=datetime.fromtimestamp(1700000000, timezone.utc))
    write_epub(booklet, tmp_path / "b.epub", build_date=BUILD)

    def meta(path, xp):
        return _opf(_files(path)).xpath(xp, namespaces=NS)

    assert meta(tmp_path / "a.epub", "//dc:identifier/text()") == \
        meta(tmp_path / "b.epub", "//dc:identifier/text()")
    assert meta(tmp_path / "a.epub", "//opf:meta[@property='dcterms:modified']/text()") == \
        ["2023-11-14T22:13:20Z"]
    given = Booklet(BookMeta("B", identifier="urn:isbn:9780000000002"), ())
    write_epub(given, tmp_path / "c.epub")
    assert meta(tmp_path / "c.epub", "//dc:identifier/text()") == ["urn:isbn:9780000000002"]


def test_reproducible_zip(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    folder = tmp_path / "essays"
    folder.mkdir()
    booklet = make_booklet(folder)
    write_epub(booklet, tmp_path / "a.epub", build_date=BUILD, notes="book")
    write_epub(booklet, tmp_path / "b.epub", build_date=BUILD, notes="book")
    assert (tmp_path / "a.epub").read_bytes() == (tmp_path / "b.epub").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.epub") as z:
        first = z.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert z.read("mimetype") == b"application/epub+zip"
        assert not first.extra
    assert (tmp_path / "a.epub").read_bytes()[30:38] == b"mimetype"


def test_given_cover_image_is_used(tmp_path):
    cover = tmp_path / "cover.jpg"
    Image.new("RGB", (60, 90), (10, 20, 30)).save(cover, format="JPEG")
    booklet = Booklet(BookMeta("B", cover_image=str(cover)), ())
    write_epub(booklet, tmp_path / "b.epub", build_date=BUILD)
    files = _files(tmp_path / "b.epub")
    assert files["EPUB/images/cover.jpg"] == cover.read_bytes()
    page = _xhtml(files)["EPUB/text/cover.xhtml"]
    assert page.xpath("//h:img/@src", namespaces=NS) == ["../images/cover.jpg"]


# --------------------------------------------------------------------------- EPUBCheck


@pytest.mark.slow
@pytest.mark.parametrize("notes", ["essay", "book"])
def test_epubcheck_is_clean(tmp_path, notes):
    folder = tmp_path / "essays"
    folder.mkdir()
    out = tmp_path / f"{notes}.epub"
    write_epub(make_booklet(folder), out, build_date=BUILD, notes=notes)
    report = epubcheck_report(out)
    messages = [f"{m['severity']} {m['ID']}: {m['message']}" for m in report["messages"]]
    checker = report["checker"]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), messages
    # The one usage note left: EPUB 3.3 deprecates epub:type="endnote", which Apple Books,
    # Kobo and KOReader still need for note pop-ups.
    assert all("OPF-086b" in m and '"endnote"' in m for m in messages if "USAGE" in m), messages
    assert not [m for m in messages if "USAGE" not in m], messages
