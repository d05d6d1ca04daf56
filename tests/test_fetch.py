"""Essays straight from the web: fetched from a loopback server written here, never the
internet; kept in the cache, read from it offline; every failure one clear error."""

from __future__ import annotations

import io
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pamphlets.errors import FetchError
from pamphlets.fetch import (Limits, WebOptions, declared_charset, entry_folder, fetch,
                             fetch_page, is_url, page_extension)

# --------------------------------------------------------------------------- the server


def _png(colour=(200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 6), colour).save(out, "PNG")
    return out.getvalue()


ESSAY = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>On Paper</title></head>
<body><article><h1>On Paper</h1>
<p class="byline">By Ada Writer</p>
<p>Paper is patient: it takes whatever is written on it, and it keeps the words for as
long as anyone cares to read them again. This essay is about why that matters.</p>
<figure><img src="pics/red.png" alt="A red square"><figcaption>Red.</figcaption></figure>
<p>Pamphlets were cheap, quick and everywhere; <a href="/more.html">more here</a>.</p>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/pics/blue.png" alt="Blue">
<p>A picture that is gone: <img src="/pics/gone.png" alt="gone"> and one on another
scheme: <img src="ftp://127.0.0.1/x.png" alt="ftp"></p>
<p>The end of a short essay that a reader can print and fold and hand on to a friend.</p>
</article></body></html>
"""

LATIN1 = "Caf\u00e9 society: na\u00efve r\u00e9sum\u00e9s, written in the old way.\n\n" \
         "A second paragraph, with \u00e0 and \u00fc and \u00df.\n"

CYRILLIC = ("<html><head><meta charset=\"windows-1251\"><title>\u041e \u0431\u0443\u043c"
            "\u0430\u0433\u0435</title></head><body><p>\u0411\u0443\u043c\u0430\u0433\u0430 "
            "\u0442\u0435\u0440\u043f\u0438\u0442.</p></body></html>")

TEI = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>
<title>A TEI Essay</title><author>T. Encoder</author></titleStmt></fileDesc></teiHeader>
<text><body><p>Encoded text, with care, in a paragraph long enough to be read.</p></body>
</text></TEI>
"""

MARKDOWN = "---\ntitle: Marked Down\n---\n\nA paragraph with a note.[^1]\n\n[^1]: The note.\n"


class Handler(BaseHTTPRequestHandler):
    routes: dict = {}
    log: list = []
    sent: dict = {}

    def log_message(self, *args):  # keep the test output clean
        pass

    def do_GET(self):
        path = self.path.split("?")[0]
        self.log.append(path)
        route = self.routes.get(path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        route(self)


def _page(body: bytes, content_type: str, status: int = 200, headers=()):
    def serve(handler):
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)
    return serve


def _redirect(target: str, status: int = 302):
    def serve(handler):
        handler.send_response(status)
        handler.send_header("Location", target)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
    return serve


def _slow(handler):
    time.sleep(2.0)
    try:
        _page(b"<p>late</p>", "text/html")(handler)
    except OSError:  # the client gave up long ago (its test may be over)
        pass


def _trickle(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    handler.end_headers()
    try:
        for _ in range(40):
            handler.wfile.write(b"a few words at a time\n")
            handler.wfile.flush()
            time.sleep(0.1)
    except OSError:
        pass


def _huge(handler, declared: bool):
    total = 64 * 1024 * 1024
    handler.send_response(200)
    handler.send_header("Content-Type", "text/plain")
    if declared:
        handler.send_header("Content-Length", str(total))
    handler.end_headers()
    sent = 0
    chunk = b"word " * 13107  # 64 KiB
    try:
        while sent < total:
            handler.wfile.write(chunk)
            sent += len(chunk)
    except OSError:
        pass
    finally:
        Handler.sent[handler.path] = sent


def _routes() -> dict:
    return {
        "/essay.html": _page(ESSAY.encode(), "text/html; charset=utf-8"),
        "/pics/red.png": _page(_png(), "image/png"),
        "/pics/blue.png": _page(_png((20, 20, 220)), "image/png"),
        "/pics/fake.png": _page(b"<html>not a picture</html>", "text/html"),
        "/moved": _redirect("/essay.html", 301),
        "/loop-a": _redirect("/loop-b"),
        "/loop-b": _redirect("/loop-a"),
        **{f"/chain/{n}": _redirect(f"/chain/{n + 1}") for n in range(20)},
        "/to-ftp": _redirect("ftp://127.0.0.1/essay.txt"),
        "/gone": _page(b"gone", "text/plain", 410),
        "/broken": _page(b"oops", "text/plain", 500),
        "/slow": _slow,
        "/trickle": _trickle,
        "/huge": lambda h: _huge(h, False),
        "/huge-declared": lambda h: _huge(h, True),
        "/latin1": _page(LATIN1.encode("latin-1"), "text/plain; charset=ISO-8859-1"),
        "/cyrillic.html": _page(CYRILLIC.encode("cp1251"), "text/html"),
        "/tei": _page(TEI.encode(), "application/xml"),
        "/essay.md": _page(MARKDOWN.encode(), "text/markdown; charset=utf-8"),
        "/paper.pdf": _page(b"%PDF-1.4 not really", "application/pdf"),
        "/empty": _page(b"  \n", "text/plain"),
    }


class Server:
    def __init__(self) -> None:
        Handler.routes = _routes()
        Handler.log = []
        Handler.sent = {}
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        # a short poll, so that stop() returns at once, not after half a second
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True,
                                       kwargs={"poll_interval": 0.02})
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    @property
    def log(self) -> list:
        return Handler.log

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    srv = Server()
    yield srv
    srv.stop()


FAST = Limits(connect_timeout=2.0, timeout=1.0, max_bytes=200_000, max_image_bytes=50_000,
              max_redirects=5)


# ----------------------------------------------------------------------------- fetching


def test_fetches_a_page(server):
    response = fetch(server.url("/essay.html"), FAST)
    assert response.status == 200
    assert response.body == ESSAY.encode()
    assert response.content_type.startswith("text/html")


def test_follows_a_redirect_and_keeps_the_final_address(server):
    response = fetch(server.url("/moved"), FAST)
    assert response.final_url == server.url("/essay.html")
    assert response.url == server.url("/moved")
    assert response.body == ESSAY.encode()


@pytest.mark.slow
@pytest.mark.parametrize("path, words", [
    ("/loop-a", "redirect loop"),
    ("/chain/0", "more than 5 redirects"),
    ("/missing", "HTTP 404"),
    ("/gone", "HTTP 410"),
    ("/broken", "HTTP 500"),
    ("/slow", "timed out"),
    ("/trickle", "timed out"),
    ("/huge", "larger than"),
    ("/huge-declared", "larger than"),
    ("/to-ftp", "only http and https"),
])
def test_each_failure_is_one_fetch_error_naming_the_address(server, path, words):
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch(server.url(path), FAST)
    error = info.value
    assert words in error.what
    assert error.path == server.url(path)
    assert error.hint
    assert "\n" not in error.one_line()
    assert time.monotonic() - started < 5  # the timeout is the whole answer's, not per read


def test_a_huge_body_is_not_read_to_the_end(server):
    with pytest.raises(FetchError):
        fetch(server.url("/huge"), FAST)
    for _ in range(100):  # the server notices the closed connection soon after
        if "/huge" in Handler.sent:
            break
        time.sleep(0.05)
    assert Handler.sent["/huge"] < 64 * 1024 * 1024


def test_a_redirect_loop_is_named_with_its_addresses(server):
    with pytest.raises(FetchError) as info:
        fetch(server.url("/loop-a"), FAST)
    assert "/loop-b" in info.value.what and "/loop-a" in info.value.what


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/essay.txt", "file:///etc/hostname",
                                 "javascript://alert(1)"])
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(FetchError) as info:
        fetch(url, FAST)
    assert "only http and https" in info.value.what


@pytest.mark.parametrize("url, words", [
    ("http://", "no host name"), ("http://[::1/", "not a usable address"),
    ("http://127.0.0.1:99999/", "not a usable address"),
    ("http://127.0.0.1/a b", "spaces or control characters"),
    ("http://127.0.0.1/\x00", "spaces or control characters")])
def test_an_address_that_cannot_be_used(url, words):
    with pytest.raises(FetchError) as info:
        fetch(url, FAST)
    assert words in info.value.what


def test_a_refused_connection(server):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    with pytest.raises(FetchError) as info:
        fetch(f"http://127.0.0.1:{port}/essay.html", FAST)
    assert info.value.what == "connection refused"


def test_a_host_that_does_not_resolve(monkeypatch):
    def no_such_host(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)  # no resolver is asked
    with pytest.raises(FetchError) as info:
        fetch("http://no-such-host.invalid/essay.html", FAST)
    assert info.value.what == "host not found: no-such-host.invalid"


def test_is_url():
    assert is_url("https://example.org/a") and is_url("http://x") and is_url("ftp://x/y")
    assert not is_url("essay.md") and not is_url("C:\\essays\\a.md") and not is_url(Path("a"))
    assert not is_url("notes/http://x")


# ------------------------------------------------------------------ formats and charsets


@pytest.mark.parametrize("content_type, url, extension", [
    ("text/html; charset=utf-8", "http://h/a", ".html"),
    ("application/xhtml+xml", "http://h/a", ".html"),
    ("text/plain", "http://h/a.html", ".txt"),
    ("application/xml", "http://h/a", ".xml"),
    ("text/markdown", "http://h/a", ".md"),
    ("application/octet-stream", "http://h/a.muse", ".muse"),
    ("", "http://h/a", ""),
])
def test_the_page_format_comes_from_content_type(content_type, url, extension):
    assert page_extension(content_type, url) == extension


def test_a_pdf_is_not_a_text_page():
    with pytest.raises(FetchError) as info:
        page_extension("application/pdf", "http://h/paper.pdf")
    assert "not a text page" in info.value.what


def test_charset_from_the_header_then_the_page():
    assert declared_charset("text/html; charset=ISO-8859-1", b"") == \
        ("cp1252", "the Content-Type header")
    assert declared_charset("text/html", b'<meta charset="koi8-r">')[0] == "koi8-r"
    assert declared_charset("text/html", b'<meta http-equiv="Content-Type" '
                            b'content="text/html; charset=windows-1251">')[0] == "cp1251"
    assert declared_charset("application/xml",
                            b"<?xml version='1.0' encoding='iso-8859-2'?><a/>")[0] == "iso8859-2"
    assert declared_charset("text/html; charset=bogus", b"") == ("", "")


# --------------------------------------------------------------------- pages and cache


def _options(tmp_path, **kwargs) -> WebOptions:
    return WebOptions(tmp_path / "cache", limits=FAST, **kwargs)


def test_latin1_with_the_charset_only_in_the_header(server, tmp_path):
    page = fetch_page(server.url("/latin1"), _options(tmp_path))
    assert page.source.text == LATIN1
    assert page.source.path.suffix == ".txt"
    assert not page.source.notices


def test_charset_from_meta_when_the_header_has_none(server, tmp_path):
    page = fetch_page(server.url("/cyrillic.html"), _options(tmp_path))
    assert "\u0411\u0443\u043c\u0430\u0433\u0430" in page.source.text
    assert page.source.encoding == "cp1251"


def test_a_page_with_images_brings_them_into_its_folder(server, tmp_path):
    page = fetch_page(server.url("/essay.html"), _options(tmp_path))
    assert page.source.path.name == "essay.html"
    assert len(page.images) == 2
    for relative in page.images:
        assert relative.startswith("images/img-") and relative.endswith(".png")
        assert (page.folder / relative).read_bytes()[:4] == b"\x89PNG"
        assert f'src="{relative}"' in page.source.text
    assert "data-src" not in page.source.text
    # the page file is the text the reader gets, and names where it came from
    assert page.source.path.read_text(encoding="utf-8") == page.source.text
    assert f'<link rel="canonical" href="{server.url("/essay.html")}">' in page.source.text
    # a picture that could not be fetched is taken out, and the reason reported
    assert "gone.png" not in page.source.text and "alt=\"gone\"" not in page.source.text
    assert any("HTTP 404" in n.reason for n in page.source.notices)
    # the other scheme is not fetched at all
    assert not any("x.png" in p for p in server.log)


def test_an_image_over_its_cap_or_not_an_image_is_left_out(server, tmp_path):
    Handler.routes["/pics/red.png"] = _page(b"\x89PNG" + b"0" * 60_000, "image/png")
    Handler.routes["/pics/blue.png"] = _page(b"<html>no</html>", "text/html")
    page = fetch_page(server.url("/essay.html"), _options(tmp_path))
    assert page.images == ()
    reasons = " ".join(n.reason for n in page.source.notices)
    assert "larger than" in reasons and "not an image (text/html)" in reasons


def test_the_second_fetch_reads_the_cache_offline_and_gives_the_same_bytes(server, tmp_path):
    first = fetch_page(server.url("/essay.html"), _options(tmp_path))
    files = {p: p.read_bytes() for p in first.folder.rglob("*") if p.is_file()}
    asked = len(server.log)
    server.stop()
    second = fetch_page(server.url("/essay.html"), _options(tmp_path))
    assert second.from_cache and not first.from_cache
    assert second.source == first.source and second.images == first.images
    assert {p: p.read_bytes() for p in first.folder.rglob("*") if p.is_file()} == files
    assert len(server.log) == asked
    server.httpd = _Stopped()  # the fixture's stop() has nothing left to do


class _Stopped:
    def shutdown(self):
        pass

    def server_close(self):
        pass


def test_refresh_fetches_again(server, tmp_path):
    fetch_page(server.url("/essay.md"), _options(tmp_path))
    Handler.routes["/essay.md"] = _page(b"# Changed\n\nNew text.\n", "text/markdown")
    assert fetch_page(server.url("/essay.md"), _options(tmp_path)).source.text == MARKDOWN
    again = fetch_page(server.url("/essay.md"), _options(tmp_path, refresh=True))
    assert again.source.text.startswith("# Changed") and not again.from_cache


def test_a_failed_fetch_leaves_no_cache_entry(server, tmp_path):
    with pytest.raises(FetchError):
        fetch_page(server.url("/missing"), _options(tmp_path))
    assert not entry_folder(tmp_path / "cache", server.url("/missing")).exists()


def test_an_incomplete_cache_entry_is_fetched_again(server, tmp_path):
    page = fetch_page(server.url("/tei"), _options(tmp_path))
    (page.folder / "response.json").unlink()
    again = fetch_page(server.url("/tei"), _options(tmp_path))
    assert not again.from_cache and again.source.text == TEI
    assert again.source.path.suffix == ".xml"


@pytest.mark.parametrize("path, words", [("/paper.pdf", "not a text page"),
                                         ("/empty", "the page is empty")])
def test_what_is_not_an_essay_page(server, tmp_path, path, words):
    with pytest.raises(FetchError) as info:
        fetch_page(server.url(path), _options(tmp_path))
    assert words in info.value.what


# ------------------------------------------------------------------ the command line

from click.testing import CliRunner  # noqa: E402

import pamphlets.fetch  # noqa: E402
from pamphlets.cli import cli  # noqa: E402


@pytest.fixture
def fast(monkeypatch):
    monkeypatch.setattr(pamphlets.fetch, "DEFAULT_LIMITS", FAST)


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


def _one_error_line(result, url: str, words: str) -> None:
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith(f"Error: {url}: ") and words in lines[0]
    assert "Traceback" not in result.output


# the timeout waits a second; the fetch tests above keep it in the quick loop
FAILURES = [pytest.param("/slow", "timed out", marks=pytest.mark.slow),
            ("/missing", "HTTP 404 Not Found"),
            ("/huge", "larger than"), ("/loop-a", "redirect loop"),
            ("/to-ftp", "only http and https")]


@pytest.mark.parametrize("path, words", FAILURES)
def test_import_of_a_bad_address_is_one_line_and_exit_1(server, fast, tmp_path, path, words):
    url = server.url(path)
    result = run("import", url, "-o", tmp_path / "essay.md")
    _one_error_line(result, url, words)
    assert not (tmp_path / "essay.md").exists()


@pytest.mark.parametrize("path, words", FAILURES)
def test_build_of_a_bad_address_is_one_line_and_exit_1(server, fast, tmp_path, path, words):
    url = server.url(path)
    result = run("build", url, "--out-dir", tmp_path / "out", "--format", "html")
    _one_error_line(result, url, words)


def test_import_a_url_with_its_images(server, fast, tmp_path):
    out = tmp_path / "essays"
    result = run("import", server.url("/essay.html"), "-o", out / "paper.md")
    assert result.exit_code == 0, result.output
    markdown = (out / "paper.md").read_text(encoding="utf-8")
    assert markdown.startswith("---\ntitle: On Paper\n")
    assert f"source: {server.url('/essay.html')}" in markdown
    assert f"({server.url('/more.html')})" in markdown  # relative links made absolute
    pictures = sorted(p.name for p in (out / "images").iterdir())
    assert len(pictures) == 2
    for name in pictures:
        assert f"](images/{name}" in markdown
    assert (out / ".cache" / "web").is_dir()
    assert "image not fetched (HTTP 404 Not Found)" in result.output
    # the Markdown builds with its pictures, from its own folder
    built = run("build", out / "paper.md", "--out-dir", tmp_path / "book", "--format", "html")
    assert built.exit_code == 0, built.output
    assert "no such file" not in built.output


def test_import_cache_option_and_refresh(server, fast, tmp_path):
    url = server.url("/essay.md")
    cache = tmp_path / "cache"
    assert run("import", url, "--cache", cache, "-o", tmp_path / "a.md").exit_code == 0
    assert any(cache.iterdir())
    Handler.routes["/essay.md"] = _page(b"---\ntitle: Changed\n---\n\nNew.\n", "text/markdown")
    run("import", url, "--cache", cache, "-o", tmp_path / "b.md")
    assert "title: Marked Down" in (tmp_path / "b.md").read_text(encoding="utf-8")
    run("import", url, "--cache", cache, "--refresh", "-o", tmp_path / "c.md")
    assert "title: Changed" in (tmp_path / "c.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path, fmt, encoding", [
    ("/latin1", "txt", "cp1252"), ("/tei", "tei", "utf-8"), ("/essay.md", "md", "utf-8"),
    ("/cyrillic.html", "html", "cp1251")])
def test_the_reader_follows_the_content_type(server, tmp_path, path, fmt, encoding):
    from pamphlets.readers import detect_format

    page = fetch_page(server.url(path), _options(tmp_path))
    assert detect_format(page.source.path, page.source.text) == fmt
    assert page.source.encoding == encoding


def test_import_reports_the_address_format_and_encoding(server, fast, tmp_path):
    result = run("import", server.url("/latin1"), "-o", tmp_path / "x.md")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"{server.url('/latin1')}: txt, cp1252"
    assert "Caf\u00e9 society" in (tmp_path / "x.md").read_text(encoding="utf-8")


def _outputs(folder: Path) -> dict:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.mark.slow
def test_a_second_build_works_offline_and_gives_the_same_bytes(server, fast, tmp_path,
                                                               monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    local = tmp_path / "other.md"
    local.write_text("---\ntitle: A Local Essay\n---\n\nWritten here, read with the page "
                     "fetched from the web, and printed in one small book.\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["build", server.url("/essay.html"), local, "--title", "From the Web",
            "--out-dir", out, "--format", "html,epub"]
    first = run(*args)
    assert first.exit_code == 0, first.output
    before = _outputs(out)
    assert set(before) == {"from-the-web.html", "from-the-web.epub"}
    html = before["from-the-web.html"].decode()
    assert html.count("images/img-") == 2
    asked = len(server.log)
    server.stop()
    server.httpd = _Stopped()
    second = run(*args)
    assert second.exit_code == 0, second.output
    assert _outputs(out) == before
    assert len(server.log) == asked
    # --refresh really goes to the network, and says so when it cannot
    third = run(*args, "--refresh")
    assert third.exit_code == 1 and "connection refused" in third.output


def test_manifest_essays_by_url(server, fast, tmp_path):
    manifest = tmp_path / "book.toml"
    manifest.write_text(f'title = "Web Book"\nessays = [{{ url = "{server.url("/essay.html")}",'
                        f' title = "Paper, Renamed" }}, "{server.url("/essay.md")}"]\n',
                        encoding="utf-8")
    result = run("build", manifest, "--out-dir", tmp_path / "out", "--format", "html")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / "web-book.html").read_text(encoding="utf-8")
    assert "Paper, Renamed" in html and "Marked Down" in html
    assert (tmp_path / "out" / ".cache" / "web").is_dir()


@pytest.mark.parametrize("entry, words", [
    ('{ url = "ftp://h/x.html" }', "expected an http or https address"),
    ('{ url = "https://h/x.html", path = "x.md" }', "either 'path' or 'url'"),
    ("{ url = 3 }", "expected a string"),
])
def test_manifest_url_keys_are_checked(tmp_path, entry, words):
    manifest = tmp_path / "book.toml"
    manifest.write_text(f'title = "T"\nessays = [{entry}]\n', encoding="utf-8")
    result = run("build", manifest, "--out-dir", tmp_path / "out", "--format", "html")
    assert result.exit_code == 1 and words in result.output


def test_a_picture_gone_from_the_cache_is_left_out_with_a_hint(server, tmp_path):
    page = fetch_page(server.url("/essay.html"), _options(tmp_path))
    (page.folder / page.images[0]).unlink()
    again = fetch_page(server.url("/essay.html"), _options(tmp_path))
    assert again.from_cache and again.images == page.images[1:]
    assert any("--refresh" in n.reason for n in again.source.notices)


def test_a_tampered_cache_names_no_file_outside_its_folder(server, tmp_path):
    page = fetch_page(server.url("/essay.html"), _options(tmp_path))
    record = page.folder / "images.json"
    record.write_text(record.read_text().replace("images/img-", "../../img-"))
    again = fetch_page(server.url("/essay.html"), _options(tmp_path))
    assert again.images == ()
    assert "../" not in again.source.text


def test_the_images_of_one_page_share_a_budget(server, tmp_path):
    limits = Limits(timeout=1.0, max_image_bytes=50_000, max_images_bytes=len(_png()) + 10)
    page = fetch_page(server.url("/essay.html"), WebOptions(tmp_path / "c", limits=limits))
    assert len(page.images) == 1
    assert any("together" in n.reason for n in page.source.notices)
