"""`pamphlets library`: discovery, sharding, the catalogue and the OPDS feeds, and (slow)
whole libraries built from the seeds, the corpus and small generated essays: the
incremental rules, a failing text, a removed text, shards and the Dask path."""

from __future__ import annotations

import functools
import json
import shutil
import unicodedata
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from conftest import SEEDS, SHARED, pdf_pages_text
from pamphlets.cli import cli
from pamphlets.library import LibraryOptions, build_library
from pamphlets.library.catalogue import downloads, write_catalogue
from pamphlets.library.discovery import discover, shard
from pamphlets.library.state import RECORD, Record, load_records

SCHEMA = Path(__file__).parent / "schemas" / "opds-catalog-1.2.rng"
ATOM = "{http://www.w3.org/2005/Atom}"
EPOCH = "1700000000"


def run(source: Path, out: Path, *extra: str, epoch: str = EPOCH):
    """The real CLI, in-process."""
    args = ["library", str(source), str(out), *extra]
    return CliRunner().invoke(cli, args, env={"SOURCE_DATE_EPOCH": epoch},
                              catch_exceptions=False)


def essay(folder: Path, name: str, title: str, author: str, paragraphs: int = 3,
          lang: str = "en") -> Path:
    body = "\n\n".join(f"Paragraph {n} of {title}, about leaflets and the people who "
                       f"fold them on kitchen tables late at night." for n in range(paragraphs))
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\nauthor: {author}\nlang: {lang}\n---\n\n{body}\n",
                    encoding="utf-8")
    return path


@functools.lru_cache(maxsize=1)
def opds_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


def validate_feeds(out: Path) -> list[Path]:
    """Every feed the library wrote, each valid against the OPDS 1.2 grammar."""
    schema = opds_schema()
    feeds = [out / "opds.xml", *sorted((out / "opds").glob("*.xml"))]
    for feed in feeds:
        document = etree.parse(str(feed))
        assert schema.validate(document), f"{feed.name}: {schema.error_log.last_error}"
    return feeds


def feed_links_resolve(out: Path) -> None:
    for feed in [out / "opds.xml", *(out / "opds").glob("*.xml")]:
        for link in etree.parse(str(feed)).iter(f"{ATOM}link"):
            assert (feed.parent / link.get("href")).is_file(), (feed.name, link.get("href"))


def mtimes(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.rglob("*")
            if p.is_file() and p.parent != out and p.parent.name != "opds"}


# --------------------------------------------------------------------------- quick


def test_discovery_gathers_essays_and_manifests_with_stable_unique_slugs(tmp_path):
    src = tmp_path / "src"
    for name in ("folding.md", "margins.md"):
        essay(src, name, name, "Ada Quire")
    (src / "sampler.toml").write_text('title = "Sampler"\nessays = ["folding.md", '
                                      '"margins.md"]\n', encoding="utf-8")
    essay(src, "More/On Print.md", "On Print", "A. Writer")
    essay(src, "more-on-print.txt", "Twin", "B. Writer")
    (src / "README.md").write_text("# about this folder\n")
    essay(src, ".hidden/secret.md", "Hidden", "C")
    essay(src, "site/built.md", "Output", "D")
    essay(src, "opds.md", "A name the catalogue uses", "E")
    texts = discover(src, src / "site")
    # every essay is a book, also one that a manifest gathers into an anthology
    assert [(t.name, t.slug) for t in texts] == [
        ("More/On Print.md", "more-on-print"),
        ("folding.md", "folding"),
        ("margins.md", "margins"),
        ("more-on-print.txt", "more-on-print-2"),
        ("opds.md", "opds-2"),
        ("sampler.toml", "sampler"),
    ]
    assert discover(src, src / "site") == texts


def test_shards_split_the_texts_between_them(tmp_path):
    for n in range(7):
        essay(tmp_path, f"e{n}.md", f"Essay {n}", "A")
    texts = discover(tmp_path)
    parts = [shard(texts, f"{i}/3") for i in (1, 2, 3)]
    assert sorted(t.slug for part in parts for t in part) == sorted(t.slug for t in texts)
    assert [len(p) for p in parts] == [3, 2, 2]
    assert parts[1] == [texts[1], texts[4]]


@pytest.mark.parametrize("args, says", [
    (["--shard", "4/3"], "bad shard '4/3'"),
    (["--shard", "x"], "bad shard 'x'"),
    (["--formats", "pdf,mobi"], "unknown library format 'mobi'"),
    (["--page-size", "a5,b7"], "unknown page size 'b7'"),
])
def test_bad_options_are_one_line_and_exit_1(tmp_path, args, says):
    result = run(tmp_path, tmp_path / "out", *args)
    assert result.exit_code == 1
    assert says in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_an_output_folder_that_is_a_file_is_one_line(tmp_path):
    essay(tmp_path / "src", "e.md", "E", "A")
    (tmp_path / "out").write_text("not a folder")
    result = run(tmp_path / "src", tmp_path / "out")
    assert result.exit_code == 1
    assert "out: the output folder is a file; give a folder" in result.output


def test_a_missing_source_folder_is_one_line(tmp_path):
    result = run(tmp_path / "nope", tmp_path / "out")
    assert result.exit_code == 1
    assert "source folder does not exist" in result.output


def _record(out: Path, slug: str, title: str, authors: list[str], lang: str) -> Record:
    files = [f"{slug}-a5.pdf", f"{slug}-a5-print.pdf", f"{slug}.epub", f"{slug}-cover.png"]
    (out / slug).mkdir(parents=True)
    for name in files:
        (out / slug / name).write_bytes(b"x")
    return Record(slug=slug, name=f"{slug}.md", key="k", files=files, pages=12,
                  meta={"title": title, "authors": authors, "lang": lang, "date": "1917",
                        "description": "About <things> & more."},
                  built="2023-11-14T22:13:20Z")


def test_the_opds_feeds_validate_and_every_link_resolves(tmp_path):
    records = [_record(tmp_path, "a", "Mutual Aid", ["Peter Kropotkin"], "en"),
               _record(tmp_path, "b", "La Conquête", ["Peter Kropotkin", "Élisée Reclus"], "fr"),
               _record(tmp_path, "c", "Anonymous", [], "en")]
    assert write_catalogue(tmp_path, records, "Shelf") == 3
    feeds = validate_feeds(tmp_path)
    assert {f.name for f in feeds} == {
        "opds.xml", "authors.xml", "languages.xml", "author-peter-kropotkin.xml",
        "author-elisee-reclus.xml", "lang-en.xml", "lang-fr.xml"}
    feed_links_resolve(tmp_path)
    root = etree.parse(str(tmp_path / "opds.xml")).getroot()
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Anonymous", "La Conquête",
                                                            "Mutual Aid"]
    conquest = entries[1]
    assert conquest.findtext("{http://purl.org/dc/terms/}language") == "fr"
    acquisitions = {(l.get("type"), l.get("href")) for l in conquest.findall(f"{ATOM}link")
                    if l.get("rel") == "http://opds-spec.org/acquisition"}
    assert acquisitions == {("application/pdf", "b/b-a5.pdf"),
                            ("application/pdf", "b/b-a5-print.pdf"),
                            ("application/epub+zip", "b/b.epub")}
    kropotkin = etree.parse(str(tmp_path / "opds" / "author-peter-kropotkin.xml")).getroot()
    assert len(kropotkin.findall(f"{ATOM}entry")) == 2
    # a feed missing its acquisition links is refused: the schema can fail
    for link in list(root.iter(f"{ATOM}link")):
        if link.get("rel") == "http://opds-spec.org/acquisition":
            link.getparent().remove(link)
    assert not opds_schema().validate(root)


def test_only_a_feeds_own_facet_is_active_and_language_tags_are_one(tmp_path):
    records = [_record(tmp_path, "a", "Principles", ["Alfred Marshall"], "en"),
               _record(tmp_path, "b", "Shouting", ["Lang En"], "EN"),
               _record(tmp_path, "c", "Colour", ["Ann Writer"], "en_GB"),
               _record(tmp_path, "d", "Color", ["Ann Writer"], "en-GB")]
    write_catalogue(tmp_path, records, "Shelf")
    validate_feeds(tmp_path)

    def active(feed: Path) -> list[str]:
        root = etree.parse(str(feed)).getroot()
        return [link.get("title") for link in root.iter(f"{ATOM}link")
                if link.get("{http://opds-spec.org/2010/catalog}activeFacet") == "true"]

    assert active(tmp_path / "opds.xml") == []  # the whole library: no facet chosen
    assert active(tmp_path / "opds" / "author-alfred-marshall.xml") == ["Alfred Marshall"]
    assert active(tmp_path / "opds" / "lang-en.xml") == ["en"]
    languages = sorted(p.name for p in (tmp_path / "opds").glob("lang-*.xml"))
    assert languages == ["lang-en-gb.xml", "lang-en.xml"]
    english = etree.parse(str(tmp_path / "opds" / "lang-en.xml")).getroot()
    assert len(english.findall(f"{ATOM}entry")) == 2  # "en" and "EN" are one language
    british = etree.parse(str(tmp_path / "opds" / "lang-en-gb.xml")).getroot()
    assert len(british.findall(f"{ATOM}entry")) == 2


def test_an_empty_source_folder_deletes_nothing_already_built(tmp_path):
    out = tmp_path / "out"
    _record(out, "a", "Mutual Aid", ["Peter Kropotkin"], "en").save(out / "a")
    (tmp_path / "src").mkdir()
    result = run(tmp_path / "src", out)
    assert result.exit_code == 1
    assert "no essay or manifest under the source folder" in result.output
    assert sorted(p.name for p in (out / "a").iterdir()) == sorted(
        [".build.json", "a-a5.pdf", "a-a5-print.pdf", "a.epub", "a-cover.png"])


def test_the_build_key_follows_the_code_and_the_renderers(monkeypatch):
    from pamphlets.library import state

    before = state.build_key(("pdf",), ("a5",))
    real = state.file_hash
    monkeypatch.setattr(state, "file_hash", lambda path: "edited" if str(path).replace(
        "\\", "/").endswith("writers/pdf/html.py") else real(path))
    assert state.build_key(("pdf",), ("a5",)) != before
    monkeypatch.setattr(state, "file_hash", real)
    assert state.build_key(("pdf",), ("a5",)) == before
    monkeypatch.setattr(state, "_versions", lambda: {"weasyprint": "99"})
    assert state.build_key(("pdf",), ("a5",)) != before


def test_feeds_of_authors_no_longer_in_the_library_are_removed(tmp_path):
    records = [_record(tmp_path, "a", "A", ["Gone Author"], "de")]
    write_catalogue(tmp_path, records)
    assert (tmp_path / "opds" / "author-gone-author.xml").is_file()
    write_catalogue(tmp_path, [])
    assert sorted(p.name for p in (tmp_path / "opds").iterdir()) == ["authors.xml",
                                                                     "languages.xml"]
    validate_feeds(tmp_path)


def test_download_labels_follow_the_file_names():
    record = Record("x", "x.md", "k", files=["x-a5.pdf", "x-a5-print.pdf", "x-a4.pdf",
                                               "x-a4-print.pdf", "x.epub", "x-cover.png"])
    assert [(d.label, d.kind) for d in downloads(record)] == [
        ("PDF A5", "pdf"), ("Print A5 (folded booklet)", "print"), ("PDF A4", "pdf"),
        ("Print A4 (folded booklet)", "print"), ("EPUB", "epub")]


# --------------------------------------------------------------------------- slow


@pytest.fixture(scope="module")
def seeds_library(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds-library")
    result = run(SEEDS, out, "--page-size", "a5,a4", "--jobs", "2")
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.slow
def test_the_seeds_become_every_output_and_a_catalogue(seeds_library):
    out = seeds_library
    folder = out / "sampler"
    assert sorted(p.name for p in folder.iterdir()) == sorted([
        ".build.json", "index.html", "sampler-a5.pdf", "sampler-a4.pdf",
        "sampler-a5-print.pdf", "sampler-a4-print.pdf", "sampler.epub", "sampler-cover.png"])
    a5, a4 = pdf_pages_text(folder / "sampler-a5.pdf"), pdf_pages_text(folder / "sampler-a4.pdf")
    assert "Paper and Persuasion" in a5[0] and "Paper and Persuasion" in a4[0]
    import pypdfium2 as pdfium

    sizes = {}
    for size in ("a5", "a4"):
        document = pdfium.PdfDocument(str(folder / f"sampler-{size}.pdf"))
        sizes[size] = round(document[0].get_width() / 72 * 25.4)
        document.close()
    assert sizes == {"a5": 148, "a4": 210}

    imposed = pdfium.PdfDocument(str(folder / "sampler-a5-print.pdf"))
    width, height = imposed[0].get_size()
    assert width > height  # landscape sheets with two pages on each side
    imposed.close()
    with zipfile.ZipFile(folder / "sampler.epub") as epub:
        assert epub.read("mimetype") == b"application/epub+zip"
        assert any("Copy Shop" in epub.read(n).decode("utf-8", "replace")
                   for n in epub.namelist() if n.endswith(".xhtml"))
    from PIL import Image

    with Image.open(folder / "sampler-cover.png") as cover:
        assert cover.width == 240 and cover.height > cover.width
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="sampler/sampler-a4.pdf"' in index and "Ada Quire" in index
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "A sampler of essays about printing" in page
    validate_feeds(out)
    feed_links_resolve(out)


@pytest.mark.slow
def test_the_catalogue_in_a_browser_finds_by_author_and_every_link_resolves(
        tmp_path, page):
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    essay(src, "kropotkin.md", "The Spirit of Revolt", "Peter Kropotkin", lang="en")
    essay(src, "reclus.md", "L'Anarchie", "Élisée Reclus", lang="fr")
    out = tmp_path / "out"
    assert run(src, out, "--formats", "pdf,epub").exit_code == 0
    page.goto((out / "index.html").as_uri())
    items = page.locator("li.text")
    # the three seed essays, the sampler that gathers them, and the two new essays
    assert items.count() == 6
    page.fill("#search", "kropotkin")
    assert page.locator("li.text h2:visible").all_inner_texts() == ["The Spirit of Revolt"]
    assert page.locator("#shown").inner_text() == "1"
    page.fill("#search", "elisee")  # accents do not matter
    assert page.locator("li.text h2:visible").all_inner_texts() == ["L\u2019Anarchie"]
    page.fill("#search", "")
    page.select_option("#sort", "author")
    shown = page.eval_on_selector_all(
        "li.text", "els => els.map(e => [e.dataset.author, e.dataset.title])")

    def fold(text):
        return "".join(c for c in unicodedata.normalize("NFD", text)
                       if not unicodedata.combining(c)).lower()

    assert [fold(a) for a, _t in shown] == sorted(fold(a) for a, _t in shown)
    assert shown[-1][0] == "Peter Kropotkin" and shown == sorted(
        shown, key=lambda at: (fold(at[0]), fold(at[1])))
    for start in [out / "index.html", *out.glob("*/index.html")]:
        page.goto(start.as_uri())
        targets = page.eval_on_selector_all(
            "a[href], img[src], link[href], script[src]",
            "els => els.map(e => e.href || e.src)")
        assert targets
        for target in targets:
            assert target.startswith("file://"), target
            path = Path(target[len("file://"):].split("#")[0])
            assert path.is_file(), f"{start}: {target}"
        images = page.eval_on_selector_all("img", "els => els.map(e => e.naturalWidth)")
        assert all(images), f"{start}: an image did not load"


@pytest.mark.slow
def test_incremental_rules(tmp_path, monkeypatch):
    src, out = tmp_path / "src", tmp_path / "out"
    for n in range(3):
        essay(src, f"e{n}.md", f"Essay {n}", f"Author {n}")
    first = run(src, out, "--formats", "pdf,epub", "--jobs", "2")
    assert first.exit_code == 0, first.output
    assert "3 built, 0 unchanged" in first.output
    before = mtimes(out)
    built_bytes = (out / "e0" / "e0-a5.pdf").read_bytes()

    again = run(src, out, "--formats", "pdf,epub")
    assert "0 built, 3 unchanged, 0 removed, 0 failed" in again.output
    assert mtimes(out) == before

    essay(src, "e1.md", "Essay One Rewritten", "Author 1")
    edited = run(src, out, "--formats", "pdf,epub")
    assert "1 built, 2 unchanged" in edited.output
    after = mtimes(out)
    assert {k for k in after if after[k] != before[k]} == {
        "e1/e1-a5.pdf", "e1/e1.epub", "e1/e1-cover.png", "e1/.build.json", "e1/index.html"}
    assert "Essay One Rewritten" in pdf_pages_text(out / "e1" / "e1-a5.pdf")[0]
    assert "Essay One Rewritten" in (out / "index.html").read_text(encoding="utf-8")

    # an option changed: every text again, and the files no longer asked for are gone
    fewer = run(src, out, "--formats", "pdf")
    assert "3 built, 0 unchanged" in fewer.output
    assert not (out / "e0" / "e0.epub").exists()
    assert (out / "e0" / "e0-a5.pdf").read_bytes() == built_bytes

    # a removed text loses its outputs and its catalogue entries
    (src / "e2.md").unlink()
    removed = run(src, out, "--formats", "pdf")
    assert "0 built" in removed.output and "1 removed" in removed.output
    assert not (out / "e2").exists()
    assert "Essay 2" not in (out / "index.html").read_text(encoding="utf-8")
    assert "Essay 2" not in (out / "opds.xml").read_text(encoding="utf-8")
    assert not (out / "opds" / "author-author-2.xml").exists()
    assert sorted(load_records(out)) == ["e0", "e1"]
    validate_feeds(out)

    # a built-in style or template changed: every text again
    import pamphlets.resources as resources

    styles = tmp_path / "styles"
    shutil.copytree(resources.styles_dir(), styles)
    with open(styles / "base.css", "a", encoding="utf-8") as css:
        css.write("\n/* changed */\n")
    monkeypatch.setattr(resources, "styles_dir", lambda: styles)
    restyled = run(src, out, "--formats", "pdf")
    assert "2 built, 0 unchanged" in restyled.output


@pytest.mark.slow
def test_a_failing_text_is_listed_the_others_built_and_nothing_clobbered(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    essay(src, "good.md", "Good", "A")
    essay(src, "later-bad.md", "Fine For Now", "B")
    assert run(src, out, "--formats", "pdf").exit_code == 0
    kept = (out / "later-bad" / "later-bad-a5.pdf").read_bytes()
    (src / "later-bad.md").write_text("---\ntitle: Broken\n---\n", encoding="utf-8")
    (src / "broken.toml").write_text('title = "X"\nessays = ["missing.md"]\n',
                                     encoding="utf-8")
    essay(src, "new.md", "New", "C")
    result = run(src, out, "--formats", "pdf")
    assert result.exit_code == 1
    failed = [line for line in result.output.splitlines() if line.startswith("failed: ")]
    assert [line.split(":")[1].strip() for line in failed] == ["broken.toml", "later-bad.md"]
    assert all("Traceback" not in line for line in result.output.splitlines())
    assert "1 built, 1 unchanged, 0 removed, 2 failed" in result.output
    assert (out / "new" / "new-a5.pdf").is_file()
    # the earlier build of the text that now fails is still there, and still listed
    assert (out / "later-bad" / "later-bad-a5.pdf").read_bytes() == kept
    assert "Fine For Now" in (out / "index.html").read_text(encoding="utf-8")
    assert not (out / "broken").exists()


@pytest.mark.slow
def test_shards_build_their_own_texts_into_one_folder(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    for n in range(4):
        essay(src, f"e{n}.md", f"Essay {n}", "A")
    seen = []
    report = build_library(src, out, LibraryOptions(formats=("pdf",), shard="1/2", jobs=2),
                           progress=seen.append)
    assert sorted(report.built) == ["e0", "e2"] and not report.failed
    assert sorted(load_records(out)) == ["e0", "e2"]
    # progress after each text: texts done of the total, pages so far, the time left
    assert [(p.done, p.total) for p in seen] == [(1, 2), (2, 2)]
    assert seen[-1].pages == report.pages > 0 and seen[-1].pages_per_second > 0
    assert seen[0].eta > 0 and seen[-1].eta == 0
    two = run(src, out, "--formats", "pdf", "--shard", "2/2")
    assert "2 built, 0 unchanged" in two.output
    assert sorted(load_records(out)) == ["e0", "e1", "e2", "e3"]
    whole = run(src, out, "--formats", "pdf")
    assert "0 built, 4 unchanged" in whole.output
    assert (out / "index.html").read_text(encoding="utf-8").count('class="text"') == 4


@pytest.mark.slow
def test_the_dask_path_gives_the_same_bytes_as_the_local_pool(tmp_path):
    distributed = pytest.importorskip("distributed")
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    essay(src, "extra.md", "Extra", "D. Writer", paragraphs=8)
    local, remote = tmp_path / "local", tmp_path / "dask"
    assert run(src, local, "--jobs", "2").exit_code == 0
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  protocol="tcp://", host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        result = run(src, remote, "--scheduler", cluster.scheduler_address)
    assert result.exit_code == 0, result.output
    files = sorted(str(p.relative_to(local)) for p in local.rglob("*") if p.is_file())
    assert files == sorted(str(p.relative_to(remote)) for p in remote.rglob("*")
                           if p.is_file())
    assert len(files) > 10
    for name in files:
        assert (local / name).read_bytes() == (remote / name).read_bytes(), name


@pytest.mark.slow
def test_an_unreachable_scheduler_is_one_line(tmp_path):
    pytest.importorskip("distributed")
    essay(tmp_path / "src", "e.md", "E", "A")
    result = run(tmp_path / "src", tmp_path / "out", "--scheduler", "tcp://127.0.0.1:9",
                 "--formats", "epub")
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'" in result.output


@pytest.mark.slow
def test_a_folder_of_corpus_texts(tmp_path):
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("the shared corpus is not beside the checkout")
    src = tmp_path / "src"
    src.mkdir()
    for path in sorted(corpus.iterdir()):
        shutil.copyfile(path, src / path.name)
    out = tmp_path / "out"
    result = run(src, out, "--formats", "pdf,epub", "--jobs", "2")
    assert result.exit_code == 0, result.output
    records = load_records(out)
    assert len(records) == 5  # the corpus's README describes the folder and is no text
    langs = {r.meta["lang"] for r in records.values()}
    assert "mk" in langs and "en" in langs
    for record in records.values():
        pdf = out / record.slug / f"{record.slug}-a5.pdf"
        assert record.pages == len(pdf_pages_text(pdf)) > 1
        with zipfile.ZipFile(out / record.slug / f"{record.slug}.epub") as epub:
            assert epub.testzip() is None
    plechanoff = records["gutenberg-txt-plechanoff-anarchism-and-socialism-30506"]
    assert plechanoff.meta["authors"] == ["George Plechanoff"]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "George Plechanoff" in index
    validate_feeds(out)
    feed_links_resolve(out)
    state = json.loads((out / plechanoff.slug / RECORD).read_text(encoding="utf-8"))
    assert state["inputs"] and all(state["inputs"].values())


def test_one_rule_says_which_files_are_essays_for_list_serve_and_library(tmp_path):
    from click.testing import CliRunner

    from pamphlets.cli import cli
    from pamphlets.readers import is_essay_name
    from pamphlets.web.library import Library

    essay(tmp_path, "on-print.md", "On Print", "A. Writer")
    for name in ("README.md", "LICENSE.txt", ".draft.md", "notes.odx"):
        (tmp_path / name).write_text("# Not an essay\n\nWords.\n", encoding="utf-8")
    assert [is_essay_name(n) for n in ("on-print.md", "README.md", "LICENSE.txt",
                                       ".draft.md", "notes.odx", "Readme-first.md")] == [
        True, False, False, False, False, True]
    listed = CliRunner().invoke(cli, ["list", str(tmp_path)]).output
    assert "on-print.md" in listed and "README" not in listed and "LICENSE" not in listed
    assert [e.name for e in Library(tmp_path).essays()] == ["on-print.md"]
    assert [t.name for t in discover(tmp_path)] == ["on-print.md"]
