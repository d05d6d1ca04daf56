"""``pamphlets serve``: every page and every refusal, through Starlette's test client.

The library is a copy of the seeds in a temporary folder; books are read back as the
manifests they are saved as (``pamphlets.manifest.load_manifest``)."""

from __future__ import annotations

import os
import re
import shutil
import tomllib
import threading
import warnings
from pathlib import Path

import pytest

from pamphlets.manifest import load_manifest

from conftest import SEEDS

warnings.filterwarnings("ignore", message=".*httpx2.*")

from starlette.testclient import TestClient  # noqa: E402

from pamphlets.web import create_app  # noqa: E402
from pamphlets.web.library import Estimate, EssayInfo, estimate  # noqa: E402

FOLDING = "On Folding: A Short Guide to the Saddle-Stitched Pamphlet"
LOCAL = "http://127.0.0.1:8000"


def make_library(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    for path in SEEDS.iterdir():
        if path.is_file():
            shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One app over one library for the tests that change nothing."""
    library = make_library(tmp_path_factory.mktemp("library"))
    with TestClient(create_app(library, max_upload=2048), base_url=LOCAL) as client:
        client.get("/")  # the CSRF cookie, and every essay read once
        yield client


@pytest.fixture
def client(tmp_path):
    library = make_library(tmp_path / "library")
    with TestClient(create_app(library, max_upload=2048), base_url=LOCAL) as client:
        yield client


def token(client: TestClient, path: str = "/") -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', client.get(path).text).group(1)


def one_line(response) -> str:
    """The one line an error page says."""
    return re.search(r'<p class="error" role="alert">(.*?)</p>', response.text, re.S).group(1)


# ------------------------------------------------------------------------- pages

def test_the_start_page_lists_every_essay_with_a_checkbox_labelled_by_its_title(shared):
    html = shared.get("/").text
    labels = dict(re.findall(r'<label for="(pick-\d+)">([^<]+)</label>', html))
    assert sorted(labels.values()) == sorted([FOLDING, "Notes in the Margin",
                                              "The Copy Shop at Midnight"])
    for box in labels:
        assert f'type="checkbox" form="book" name="pick"' in html and f'id="{box}"' in html
    assert "373 words" in html and "Ada Quire" in html
    # the saved books are listed, and the form's fields carry the names tests rely on
    assert '<a href="/books/sampler">Paper and Persuasion</a>' in html
    for label in ("Title", "Page size", "Notes", "Look", "Imposition"):
        assert re.search(rf'<label for="\w+">{label}</label>', html), label
    assert re.search(r'<button[^>]*value="build"[^>]*>Build</button>', html)


def test_every_control_has_a_label(shared):
    html = shared.get("/books/sampler").text
    ids = set(re.findall(r'<label for="([\w-]+)"', html))
    for tag, attrs in re.findall(r"<(input|select)\b([^>]*)>", html):
        if 'type="hidden"' in attrs:
            continue
        control = re.search(r'id="([\w-]+)"', attrs)
        assert control and control.group(1) in ids, f"<{tag}{attrs}> has no label"


def test_a_saved_book_shows_its_essays_in_order_with_their_buttons(shared):
    html = shared.get("/books/sampler").text
    titles = re.findall(r'<span class="item-title" id="item-\d+">([^<]+)</span>', html)
    assert titles == [FOLDING, "The Copy Shop at Midnight", "Notes in the Margin", "TITLE"]
    for name in ("Move up", "Move down", "Remove"):
        assert html.count(f">{name}</button>") == 3 + 1  # and the template for new ones
    assert "About <strong>11</strong> pages" in html  # 4 of text, 3 essays, 4 front
    assert "pamphlets build seeds/sampler.toml" not in html
    assert re.search(r"pamphlets build \S+/sampler.toml --out-dir \S+/build/sampler", html)


def test_search_finds_essays_by_title_author_or_text(shared):
    def found(query):
        html = shared.get("/", params={"q": query}).text
        return re.findall(r'<label for="pick-\d+">([^<]+)</label>', html)

    assert found("pencil") == ["Notes in the Margin"]  # in its text only
    assert found("margin") == [FOLDING, "Notes in the Margin", "The Copy Shop at Midnight"]
    assert found("notes in the MARGIN") == ["Notes in the Margin"]
    assert found("bram foolscap") == ["The Copy Shop at Midnight"]
    assert found("saddle") == [FOLDING]
    assert found("no such words anywhere") == []


def test_the_estimate_counts_pages_sheets_and_blank_pages(shared):
    answer = shared.get("/estimate", params=[("essay", "folding.md"), ("essay", "margins.md"),
                                             ("page_size", "a6"), ("impose", "booklet")])
    data = answer.json()
    assert answer.status_code == 200
    assert data["pages"] == 4 + 3 + 1 + 2 + 1  # front, folding and margins on A6
    assert (data["sheets"], data["blanks"]) == (3, 1)
    assert "About <strong>11</strong> pages" in data["html"]
    # a mini zine opens its essays on any page (context.openings_mode): no page added
    zine = shared.get("/estimate", params=[("essay", "folding.md"), ("essay", "margins.md"),
                                           ("impose", "minizine")]).json()
    assert zine["pages"] == 4 + 2 + 1 and (zine["sheets"], zine["blanks"]) == (1, 1)
    assert "mini zine holds" not in zine["html"]
    small = shared.get("/estimate", params=[("essay", "folding.md"), ("essay", "margins.md"),
                                            ("page_size", "a6"), ("impose", "minizine")]).json()
    assert "A mini zine holds 8 pages" in small["html"] and small["pages"] == 4 + 3 + 2
    bad = shared.get("/estimate", params=[("essay", "folding.md"), ("page_size", "b52")])
    assert bad.status_code == 400 and "unknown page size 'b52'" in bad.json()["error"]


def test_the_url_field_fetches_web_addresses_only(client, tmp_path):
    library_dir = tmp_path / "library"
    secret = tmp_path / "diary.md"
    secret.write_text("---\ntitle: Private\n---\nMy own words.\n", encoding="utf-8")
    before = sorted(p.name for p in library_dir.iterdir())
    csrf = token(client)
    for where in (str(secret), "../diary.md", f"file://{secret}"):
        answer = client.post("/essays", data={"url": where, "csrf": csrf})
        assert answer.status_code == 400, where
        assert "only a web address" in one_line(answer) or "only http" in one_line(answer), where
    assert sorted(p.name for p in library_dir.iterdir()) == before


def test_estimate_rounds_up_to_whole_sheets():
    from pamphlets.context import resolve

    def sized(impose=None, styles=()):
        return resolve(page_size_name="a5", impose=impose, styles=styles)

    per_page = sized().page.words_per_page
    essay = EssayInfo("a.md", "A", "", round(per_page * 10 - 30), 0, "md")  # 10 pages of text
    plain = estimate([essay], sized())
    assert (plain.pages, plain.sheets, plain.blanks) == (15, 0, 0)  # and 4 + 1
    booklet = estimate([essay], sized("booklet"))
    assert (booklet.sheets, booklet.blanks) == (4, 1)
    two = estimate([essay, essay], sized("booklet"))
    assert (two.sheets, two.blanks) == (7, 2)
    # the zine look and a mini zine open essays on any page: no blank page to count
    assert estimate([essay], sized(styles=("zine",))).pages == 14
    zine = estimate([essay], sized("minizine"))
    assert (zine.pages, zine.sheets, zine.blanks, zine.fits) == (14, 1, 0, False)
    short = EssayInfo("b.md", "B", "", round(per_page * 0.9), 0, "md")
    assert estimate([short], sized("minizine")) == Estimate(5, 1, 3, True)
    assert estimate([], sized("booklet")) == Estimate(0, 0, 0)


# --------------------------------------------------------------- saving books

def test_a_new_book_is_saved_as_a_manifest_the_cli_can_build(client):
    answer = client.post("/books", data={
        "csrf": token(client), "title": "Reader", "page_size": "a6", "notes": "book",
        "style": "zine", "impose": "booklet", "pick": ["margins.md", "folding.md"],
        "shown": ["margins.md", "folding.md", "the-copy-shop.md"], "action": "save"},
        follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/books/reader"
    folder = Path(client.app.state.library.folder)
    manifest = load_manifest(folder / "reader.toml")
    assert [e.path.name for e in manifest.essays] == ["margins.md", "folding.md"]
    assert (manifest.book.title, manifest.page_size, manifest.notes) == ("Reader", "a6", "book")
    assert manifest.styles == ("zine",)
    html = client.get("/books/reader").text
    assert '<option value="booklet" selected>' in html
    assert "--impose booklet" in html


def test_reordering_and_removing_without_javascript(client):
    def post(action, order, picked=None):
        return client.post("/books/sampler", data={
            "csrf": token(client), "title": "Paper and Persuasion", "action": action,
            "order": order, "pick": picked if picked is not None else order,
            "shown": ["folding.md", "the-copy-shop.md", "margins.md"]},
            follow_redirects=False)

    folder = Path(client.app.state.library.folder)

    def essays():
        return [e.path.name for e in load_manifest(folder / "sampler.toml").essays]

    order = ["folding.md", "the-copy-shop.md", "margins.md"]
    assert post("up:margins.md", order).status_code == 303
    assert essays() == ["folding.md", "margins.md", "the-copy-shop.md"]
    post("down:folding.md", essays())
    assert essays() == ["margins.md", "folding.md", "the-copy-shop.md"]
    post("remove:folding.md", essays())
    assert essays() == ["margins.md", "the-copy-shop.md"]
    # unticking in the library removes, ticking adds at the end
    post("save", essays(), ["the-copy-shop.md", "folding.md"])
    assert essays() == ["the-copy-shop.md", "folding.md"]


def test_saving_keeps_the_manifests_other_keys(client):
    client.post("/books/sampler", data={
        "csrf": token(client), "title": "Paper", "action": "save",
        "order": ["margins.md"], "pick": ["margins.md"]}, follow_redirects=False)
    data = tomllib.loads((Path(client.app.state.library.folder) / "sampler.toml")
                         .read_text(encoding="utf-8"))
    assert data["title"] == "Paper" and data["colophon"].startswith("Set in EB Garamond")
    assert data["essays"] == [{"path": "margins.md"}]
    assert "editor" not in data  # left empty in the form


# ---------------------------------------------------------------------- refusals

def test_an_unknown_essay_is_404_with_one_clear_line(client):
    answer = client.post("/books", data={"csrf": token(client), "title": "X",
                                         "pick": ["nothing-here.md"], "action": "save"})
    assert answer.status_code == 404
    assert one_line(answer) == ("no essay named &#39;nothing-here.md&#39; in the library; "
                                "pick one of the essays the library lists")
    assert client.get("/estimate", params={"essay": "nothing.md"}).status_code == 404


def test_an_unknown_book_is_404(client):
    for path in ("/books/nothing", "/books/nothing/status", "/books/nothing/manifest",
                 "/books/nothing/files/pdf"):
        assert client.get(path).status_code == 404, path
    assert "no book named" in client.get("/books/nothing").text


def test_no_download_before_a_build(client):
    answer = client.get("/books/sampler/files/pdf")
    assert answer.status_code == 404 and "has no pdf yet; build it first" in answer.text
    assert client.get("/books/sampler/files/passwd").status_code == 404


@pytest.mark.parametrize("field, value, message", [
    ("page_size", "b9", "unknown page size 'b9' (key 'page_size'); use one of: a6, a5, a4, "
                        "half-letter, letter"),
    ("notes", "footer", "unknown notes placement 'footer' (key 'notes'); use essay or book"),
    ("impose", "scroll", "unknown imposition 'scroll' (key 'impose'); use none, booklet or "
                         "minizine"),
    ("signature", "6", "bad signature '6' (key 'signature'); use a multiple of 4 such as 16, "
                       "20 or 32, or leave it empty for one folded group"),
    ("bleed", "lots", "bleed 'lots' is not a length (key 'bleed'); give it with a unit, such "
                      "as 3mm or 0.125in"),
    ("style", "gothic", "unknown look 'gothic' (key 'style'); use classic or zine"),
])
def test_a_bad_option_is_400_with_its_one_line_message(client, field, value, message):
    answer = client.post("/books/sampler", data={
        "csrf": token(client), "title": "T", "order": ["margins.md"], "pick": ["margins.md"],
        "impose": "booklet", field: value, "action": "save"})
    assert answer.status_code == 400
    assert one_line(answer).replace("&#39;", "'") == message
    # and nothing was saved
    assert load_manifest(Path(client.app.state.library.folder) / "sampler.toml") \
        .book.title == "Paper and Persuasion"


def test_a_book_without_essays_is_400(client):
    answer = client.post("/books", data={"csrf": token(client), "title": "Empty"})
    assert answer.status_code == 400 and "the book has no essays" in one_line(answer)


@pytest.mark.parametrize("sent", [None, "", "0" * 64, "forged"])
def test_every_form_that_changes_something_needs_the_csrf_token(client, sent, tmp_path):
    data = {"title": "X", "pick": ["margins.md"], "action": "build"}
    client.get("/")  # the session's cookie is there: only the token's value can be wrong
    if sent is not None:
        data["csrf"] = sent
    for path in ("/books", "/books/sampler"):
        answer = client.post(path, data=data)
        assert answer.status_code == 403, path
        assert one_line(answer) == ("this form has no valid CSRF token; reload the page and "
                                    "send the form again")
    upload = client.post("/essays", data={"csrf": sent or ""},
                         files={"file": ("a.md", b"# A\n\nWords.\n")})
    assert upload.status_code == 403
    folder = Path(client.app.state.library.folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        p.name for p in SEEDS.iterdir() if p.is_file())


def test_a_token_from_another_session_is_refused(client, tmp_path):
    other = TestClient(client.app, base_url=LOCAL)
    stolen = token(other)
    token(client)  # this session has its own cookie and token
    answer = client.post("/books", data={"csrf": stolen, "title": "X", "pick": ["margins.md"]})
    assert answer.status_code == 403


@pytest.mark.parametrize("name", [
    "..%2f..%2fetc%2fpasswd", "..%2Fsampler.toml", "%2e%2e%2fsecret.md", "%2e%2e", "sub%2fa.md",
    "%2fetc%2fpasswd", ".hidden.md",
])
def test_path_traversal_through_a_book_name_is_404(client, name):
    for path in (f"/books/{name}", f"/books/{name}/manifest", f"/books/{name}/files/pdf"):
        answer = client.get(path)
        assert answer.status_code == 404, path


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "sub/a", "..", ".hidden",
                                  "sampler/../sampler", "sampler\\x", "nul\0"])
def test_a_decoded_book_name_never_leaves_the_library(client, name):
    from pamphlets.web.library import NotInLibrary

    library = client.app.state.library
    with pytest.raises(NotInLibrary, match="no book named"):
        library.book_path(name)
    library.book_path("sampler")  # and a real one is found


@pytest.mark.parametrize("essay", [
    "../secret.md", "../../etc/passwd", "/etc/passwd", "sub/a.md", "..\\secret.md",
    ".hidden.md", "link-out.md", "sampler.toml", "nul\0.md",
])
def test_no_essay_name_leaves_the_library(client, essay, tmp_path):
    folder = Path(client.app.state.library.folder)
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n\nDo not read.\n", encoding="utf-8")
    (folder / "link-out.md").symlink_to(secret)
    (folder / ".hidden.md").write_text("# Hidden\n\nHidden words.\n", encoding="utf-8")
    answer = client.post("/books", data={"csrf": token(client), "title": "X",
                                         "order": [essay], "action": "save"})
    assert answer.status_code == 404, essay
    assert not (folder / "x.toml").exists()
    assert client.get("/estimate", params={"essay": essay}).status_code == 404
    # and the link out is not listed
    assert "Secret" not in client.get("/").text


def test_a_symlinked_book_out_of_the_library_is_404(client, tmp_path):
    folder = Path(client.app.state.library.folder)
    outside = tmp_path / "outside.toml"
    shutil.copy(folder / "sampler.toml", outside)
    (folder / "linked.toml").symlink_to(outside)
    assert client.get("/books/linked").status_code == 404
    assert "linked" not in [name for name, _ in client.app.state.library.books()]


def test_a_request_for_another_host_name_is_refused(client):
    """A page elsewhere that points its own name at 127.0.0.1 (DNS rebinding) would be
    same-origin with the app, CSRF token and all: its Host header gives it away."""
    assert client.get("/", headers={"host": "attacker.example:8000"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8000"}).status_code == 200
    open_app = TestClient(create_app(client.app.state.library.folder, allowed_hosts=None),
                          base_url="http://192.0.2.1:8000")
    assert open_app.get("/books/nothing").status_code == 404  # any name, when told so


def test_every_answer_forbids_framing_and_other_scripts(client):
    for path in ("/", "/books/nothing", "/static/app.css"):
        headers = client.get(path).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert "default-src 'self'" in headers["content-security-policy"], path
        assert headers["x-content-type-options"] == "nosniff"


def test_the_static_files_stay_in_their_folder(client):
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/..%2f..%2fcli%2f__init__.py").status_code == 404
    assert client.get("/static/../app.py").status_code == 404


# ------------------------------------------------------------------------ uploads

def test_an_upload_goes_through_the_readers_into_the_library(client):
    text = ("Title: A Copied Page\nBy Jo Bloggs\n\nThe first paragraph of the page, with "
            "enough words in it to be kept as the essay's text.\n")
    answer = client.post("/essays", data={"csrf": token(client), "book": "sampler"},
                         files={"file": ("copied.txt", text.encode())},
                         follow_redirects=False)
    assert answer.status_code == 303
    name = answer.headers["location"].split("added=")[1].split("#")[0]
    assert answer.headers["location"].startswith("/books/sampler?added=")
    written = (Path(client.app.state.library.folder) / name).read_text(encoding="utf-8")
    assert written.startswith("---\n") and "The first paragraph of the page" in written
    assert name in client.get("/").text
    # the page says what the import did, as 'pamphlets import' does
    shown = client.get(answer.headers["location"]).text
    report = re.search(r'<details class="import-report">.*?<pre>(.*?)</pre>', shown, re.S)
    assert report and "copied.txt: txt" in report.group(1) and "words:" in report.group(1)


def test_an_oversized_upload_is_413_and_writes_nothing(client):
    big = b"# Big\n\n" + b"word " * 1000
    answer = client.post("/essays", data={"csrf": token(client)},
                         files={"file": ("big.md", big)})
    assert answer.status_code == 413
    assert one_line(answer).startswith("the upload is larger than 2048 bytes")
    folder = Path(client.app.state.library.folder)
    assert not list(folder.glob("big*"))


def test_an_upload_of_an_unknown_kind_is_400(client):
    answer = client.post("/essays", data={"csrf": token(client)},
                         files={"file": ("tool.exe", b"MZ")})
    assert answer.status_code == 400 and "unknown kind of file" in one_line(answer)
    answer = client.post("/essays", data={"csrf": token(client)})
    assert answer.status_code == 400 and "nothing to add" in one_line(answer)


def test_an_upload_never_names_its_own_path(client, tmp_path):
    answer = client.post("/essays", data={"csrf": token(client)},
                         files={"file": ("../../outside.md", b"# Outside\n\nSome words.\n")},
                         follow_redirects=False)
    assert answer.status_code == 303
    assert not (tmp_path / "outside.md").exists()
    assert (Path(client.app.state.library.folder) / "outside.md").exists()


# ---------------------------------------------------------------------- the CLI

def test_serve_warns_when_listening_beyond_this_machine(monkeypatch):
    from click.testing import CliRunner

    from pamphlets.cli import cli

    ran = {}
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: ran.update(kw, app=app))
    local = CliRunner().invoke(cli, ["serve", str(SEEDS)])
    assert local.exit_code == 0 and "warning" not in local.output
    assert ran["host"] == "127.0.0.1" and "http://127.0.0.1:8000/" in local.output
    wide = CliRunner().invoke(cli, ["serve", str(SEEDS), "--host", "0.0.0.0", "--port", "9000"])
    assert wide.exit_code == 0 and ran["host"] == "0.0.0.0"
    assert "warning: listening on 0.0.0.0" in wide.output
    # on the network the page still refuses a name that is not this machine's (DNS
    # rebinding), unless the user adds it
    with TestClient(ran["app"], base_url="http://evil.example") as stranger:
        assert stranger.get("/").status_code == 400
    with TestClient(ran["app"], base_url="http://127.0.0.1") as own:
        assert own.get("/").status_code == 200
    CliRunner().invoke(cli, ["serve", str(SEEDS), "--host", "0.0.0.0",
                             "--allowed-host", "zines.example"])
    with TestClient(ran["app"], base_url="http://zines.example") as named:
        assert named.get("/").status_code == 200
    missing = CliRunner().invoke(cli, ["serve", "no-such-folder"])
    assert missing.exit_code == 1 and "the library folder does not exist" in missing.output


if os.name != "posix":  # the symlink tests need POSIX links
    pytestmark = pytest.mark.skip


# ------------------------------------------------------------------------ builds

def test_two_builds_of_one_book_wait_for_each_other():
    import threading

    from pamphlets.web.jobs import Builds

    builds, go, order = Builds(), threading.Event(), []
    first_running, second_done = threading.Event(), threading.Event()

    def first(progress):
        order.append("first starts")
        first_running.set()
        assert go.wait(30)
        progress(1, 2, 5, "e1")
        order.append("first ends")
        return "one"

    def second(progress):
        order.append("second starts")
        second_done.set()
        return "two"

    one = builds.submit("book", first)
    assert first_running.wait(30)
    two = builds.submit("book", second)
    assert (one.state, two.state) == ("running", "queued")
    assert builds.latest("book") is two
    go.set()
    assert second_done.wait(30)
    builds.shutdown()
    assert order == ["first starts", "first ends", "second starts"]
    assert (one.state, one.message, one.done, one.total, one.pages) == ("done", "one", 1, 2, 5)
    assert two.as_json()["state"] == "done"


def test_builds_of_two_books_run_side_by_side():
    import threading

    from pamphlets.web.jobs import Builds

    builds = Builds()
    a_running, b_running = threading.Event(), threading.Event()

    def book_a(progress):
        a_running.set()
        assert b_running.wait(30), "book b never started while book a ran"
        return "a"

    def book_b(progress):
        b_running.set()
        assert a_running.wait(30)
        return "b"

    a, b = builds.submit("a", book_a), builds.submit("b", book_b)
    builds.shutdown(cancel_queued=False)
    assert (a.state, b.state) == ("done", "done")


def test_a_failed_build_keeps_its_one_line():
    from pamphlets.errors import ConfigError
    from pamphlets.web.jobs import Builds

    def bad_option(progress):
        raise ConfigError("unknown page size 'b9'", key="page-size", hint="use a5")

    def bug(progress):
        raise ValueError("a bug\nwith two lines")

    builds = Builds()
    refused, crashed = builds.submit("a", bad_option), builds.submit("b", bug)
    builds.shutdown(cancel_queued=False)
    assert (refused.state, refused.message) == (
        "failed", "unknown page size 'b9' (key 'page-size'); use a5")
    assert crashed.state == "failed"
    assert crashed.message.startswith("unexpected error (ValueError: a bug)")


def wait_for_build(client, book: str) -> dict:
    import time

    for _ in range(1200):  # at most two minutes
        state = client.get(f"/books/{book}/status").json()
        if state["state"] in ("done", "failed"):
            return state
        time.sleep(0.1)
    raise AssertionError("the build never ended")


@pytest.mark.slow
def test_a_failed_rebuild_shows_one_line_and_keeps_the_earlier_outputs(client, tmp_path):
    from conftest import pdf_pages_text

    def build():
        return client.post("/books/sampler", data={
            "csrf": token(client), "title": "Paper and Persuasion", "action": "build",
            "order": ["folding.md", "margins.md"], "pick": ["folding.md", "margins.md"],
            "impose": "booklet"}, follow_redirects=False)

    assert build().headers["location"] == "/books/sampler#build"
    done = wait_for_build(client, "sampler")
    assert done["state"] == "done" and done["pages"] >= 1
    pdf = client.get("/books/sampler/files/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get("/books/sampler/files/print").content.startswith(b"%PDF")
    assert client.get("/books/sampler/files/epub").content.startswith(b"PK")
    assert client.get("/books/sampler/files/proof").content.startswith(b"\x89PNG")
    html = client.get("/books/sampler").text
    assert re.search(r"Built: \d+ pages, built in", html)

    # the command the page shows builds the same book
    import html as entities
    import shlex

    from click.testing import CliRunner

    from pamphlets.cli import cli

    shown = entities.unescape(re.search(r"<pre class=\"wrap\"><code>(.*?)</code>", html).group(1))
    words = shlex.split(shown)
    assert words[:2] == ["pamphlets", "build"] and "--impose" in words
    words[words.index("--out-dir") + 1] = str(tmp_path / "cli")
    assert CliRunner().invoke(cli, words[1:]).exit_code == 0
    by_page = Path(client.app.state.library.folder) / "build" / "sampler"
    assert pdf_pages_text(tmp_path / "cli" / "paper-and-persuasion.pdf") == \
        pdf_pages_text(by_page / "paper-and-persuasion.pdf")
    assert len(pdf_pages_text(tmp_path / "cli" / "paper-and-persuasion-print.pdf")) == \
        len(pdf_pages_text(by_page / "paper-and-persuasion-print.pdf"))

    folder = Path(client.app.state.library.folder)
    (folder / "margins.md").write_bytes(b"\x00\x01" * 10)  # no longer an essay
    build()
    failed = wait_for_build(client, "sampler")
    assert failed["state"] == "failed"
    assert "margins.md" in failed["message"] and "\n" not in failed["message"]
    page = client.get("/books/sampler").text
    assert f"The build failed: {failed['message'][:30]}" in page.replace("&#39;", "'")
    # the earlier outputs are still there, unchanged
    again = client.get("/books/sampler/files/pdf")
    assert again.content == pdf.content
    out = folder / "build" / "sampler" / "paper-and-persuasion.pdf"
    assert "On Folding" in " ".join(pdf_pages_text(out))


@pytest.fixture
def web_page():
    """A page on a local HTTP server (127.0.0.1), for the import by address."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    body = ("<html><head><title>A Page From the Web</title></head><body><article>"
            "<h1>A Page From the Web</h1><p>" + "Words from a web page, kept. " * 30 +
            "</p></article></body></html>").encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200 if self.path == "/essay.html" else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.slow
def test_an_essay_by_address_is_fetched_into_the_library(client, web_page):
    answer = client.post("/essays", data={"csrf": token(client), "url": web_page + "/essay.html"},
                         follow_redirects=False)
    assert answer.status_code == 303, answer.text
    name = answer.headers["location"].split("added=")[1].split("#")[0]
    assert name == "a-page-from-the-web.md"
    text = (Path(client.app.state.library.folder) / name).read_text(encoding="utf-8")
    assert "Words from a web page, kept." in text
    missing = client.post("/essays", data={"csrf": token(client), "url": web_page + "/gone"})
    assert missing.status_code == 400 and "404" in one_line(missing)


def test_a_book_whose_essay_went_missing_opens_and_can_be_mended(client):
    folder = Path(client.app.state.library.folder)
    (folder / "margins.md").unlink()
    html = client.get("/books/sampler").text
    assert "This book cannot be built as it is:" in html and "margins.md" in html
    answer = client.post("/books/sampler", data={
        "csrf": token(client), "title": "Paper and Persuasion", "action": "remove:margins.md",
        "order": ["folding.md", "the-copy-shop.md", "margins.md"],
        "pick": ["folding.md", "the-copy-shop.md"]}, follow_redirects=False)
    assert answer.status_code == 303
    assert [e.path.name for e in load_manifest(folder / "sampler.toml").essays] == \
        ["folding.md", "the-copy-shop.md"]
    assert "cannot be built" not in client.get("/books/sampler").text


def test_a_manifest_that_is_not_toml_is_400_with_its_line(client):
    folder = Path(client.app.state.library.folder)
    (folder / "broken.toml").write_text('title = "A\nessays = [\n', encoding="utf-8")
    answer = client.get("/books/broken")
    assert answer.status_code == 400
    assert one_line(answer).startswith(f"{folder / 'broken.toml'}:1: TOML syntax error")
    assert "broken (unreadable)" in client.get("/").text


def test_a_second_click_while_the_book_waits_is_the_same_build():
    from pamphlets.web.jobs import Builds

    builds, go = Builds(workers=1), threading.Event()
    blocker = builds.submit("other", lambda progress: go.wait(10) and "done")
    first = builds.submit("a", lambda progress: "first")
    again = builds.submit("a", lambda progress: "second")
    assert again is first and first.state == "queued"
    go.set()
    builds.shutdown(cancel_queued=False)
    assert (blocker.state, first.state, first.message) == ("done", "done", "first")
