"""SafeFetcher: untrusted markup cannot pull local files or the network into the PDF."""

from __future__ import annotations

import base64
import io
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from pamphlets import resources
from pamphlets.writers.pdf.fetcher import (
    SafeFetcher,
    builtin_roots,
    collect_weasyprint_warnings,
    is_refusal_message,
)

MARKER = "SEKRITMARKER"
SECRET_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40">'
    f'<text x="4" y="30" font-size="20">{MARKER}</text></svg>'
)
SECRET_CSS = f'body::after {{ content: "{MARKER}"; }}'


def png_bytes(size: int = 8) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def tree(tmp_path: Path) -> dict[str, Path]:
    """An essay folder, a folder outside it holding secrets, and a symlink between them."""
    essay = tmp_path / "essay"
    outside = tmp_path / "outside"
    essay.mkdir()
    outside.mkdir()
    (outside / "secret.svg").write_text(SECRET_SVG)
    (outside / "secret.css").write_text(SECRET_CSS)
    (outside / "secret.txt").write_text(MARKER)
    (outside / "secret.png").write_bytes(png_bytes())
    (essay / "local.css").write_text(SECRET_CSS)
    (essay / "good.png").write_bytes(png_bytes())
    (essay / "link.svg").symlink_to(outside / "secret.svg")
    return {"essay": essay, "outside": outside}


def render(html: str, fetcher, base: Path | None = None) -> tuple[bytes, list[str]]:
    base_url = base.as_uri() + "/" if base else None
    with collect_weasyprint_warnings() as warnings:
        pdf = HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(
            uncompressed_pdf=True
        )
    return pdf, list(warnings)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def leaked(pdf: bytes) -> bool:
    """The marker shows in the text or the (uncompressed) file, or an image got in."""
    return MARKER in pdf_text(pdf) or MARKER.encode() in pdf or image_count(pdf) > 0


def image_count(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return sum(
            1
            for obj in doc.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        )


# Markup an essay could carry; {o} is the outside folder, {e} the essay folder.
ATTACKS = {
    "file-url": '<img src="file://{o}/secret.svg">',
    "absolute-path": '<img src="{o}/secret.svg">',
    "dotdot": '<img src="../outside/secret.svg">',
    "encoded-dotdot": '<img src="%2e%2e/outside/secret.svg">',
    "symlink": '<img src="link.svg">',
    "png-file-url": '<img src="file://{o}/secret.png">',
    "css-background": '<div style="width:30px;height:30px;background:url(../outside/secret.png)">',
    "import": '<style>@import url("../outside/secret.css");</style><p>x</p>',
    "import-file-url": '<style>@import "file://{o}/secret.css";</style><p>x</p>',
    "link-stylesheet": '<link rel="stylesheet" href="../outside/secret.css"><p>x</p>',
    "css-in-essay-folder": '<link rel="stylesheet" href="local.css"><p>x</p>',
    "link-attachment": '<link rel="attachment" href="../outside/secret.txt"><p>x</p>',
    "a-attachment": '<a rel="attachment" href="../outside/secret.txt">file</a>',
    "svg-in-data-img": '<img src="data:image/svg+xml,{svg}">',
    "inline-svg": (
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40">'
        '<image href="file://{o}/secret.svg" width="300" height="40"/></svg>'
    ),
    "base-href": '<base href="file:///"><img src="{o_rel}/secret.svg">',
}


def attack_html(name: str, tree: dict[str, Path]) -> str:
    nested = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40">'
        f'<image href="file://{tree["outside"]}/secret.svg" width="300" height="40"/></svg>'
    )
    return "<html><body><p>hello</p>" + ATTACKS[name].format(
        o=tree["outside"], e=tree["essay"], o_rel=str(tree["outside"]).lstrip("/"),
        svg=quote(nested),
    ) + "</body></html>"


# Attachments embed bytes, not text; the raw-bytes check in ``leaked`` covers them.
@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_control_plain_fetcher_does_leak(name, tree):
    """Without SafeFetcher each attack really reaches the secret: the checks have teeth."""
    pdf, _ = render(attack_html(name, tree), URLFetcher(), base=tree["essay"])
    assert leaked(pdf)


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attack_is_refused(name, tree):
    fetcher = SafeFetcher(essay_dirs=[tree["essay"]], builtin=[])
    pdf, warnings = render(attack_html(name, tree), fetcher, base=tree["essay"])
    assert pdf.startswith(b"%PDF")
    assert "hello" in pdf_text(pdf)
    assert not leaked(pdf)
    assert fetcher.refused, "the refusal was not reported"
    urls = fetcher.refused_urls
    assert len(urls) == len(set(urls))
    assert all(n.kind == "warning" and n.reason.startswith("refused") for n in fetcher.refused)
    assert not any("Refused" in w or "refused" in w for w in warnings)


def test_refusals_are_reported_once_each(tree):
    url = (tree["outside"] / "secret.svg").as_uri()
    html = f'<img src="{url}"><img src="{url}"><div style="background:url({url})">x</div>'
    fetcher = SafeFetcher(essay_dirs=[tree["essay"]], builtin=[])
    pdf, _ = render(html, fetcher, base=tree["essay"])
    assert fetcher.refused_urls == [url]
    assert fetcher.refused[0].reason == "refused a file outside the allowed folders"


def test_font_face_outside_is_refused(tree):
    (tree["outside"] / "secret.woff").write_bytes(b"wOFF not really")
    html = (
        '<style>@font-face { font-family: X; src: url(../outside/secret.woff); }'
        "p { font-family: X; }</style><p>hello</p>"
    )
    fetcher = SafeFetcher(essay_dirs=[tree["essay"]], builtin=[])
    render(html, fetcher, base=tree["essay"])
    assert fetcher.refused_urls == [(tree["outside"] / "secret.woff").as_uri()]


# --------------------------------------------------------------------------- allowed


def test_image_in_essay_folder_is_embedded(tree):
    fetcher = SafeFetcher(essay_dirs=[tree["essay"]], builtin=[])
    pdf, warnings = render('<p>x</p><img src="good.png">', fetcher, base=tree["essay"])
    assert image_count(pdf) >= 1
    assert fetcher.refused == []
    assert not any("good.png" in w for w in warnings)


def test_symlink_inside_essay_folder_is_allowed(tree):
    (tree["essay"] / "alias.png").symlink_to(tree["essay"] / "good.png")
    fetcher = SafeFetcher(essay_dirs=[tree["essay"]], builtin=[])
    pdf, _ = render('<img src="alias.png">', fetcher, base=tree["essay"])
    assert image_count(pdf) >= 1 and fetcher.refused == []


def test_style_roots_load(tmp_path, tree):
    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "ok.css").write_text('body::after { content: "STYLELOADED"; }')
    html = f'<link rel="stylesheet" href="{(styles / "ok.css").as_uri()}"><p>x</p>'
    for fetcher in (SafeFetcher(builtin=[styles]), SafeFetcher(builtin=[], extra_roots=[styles])):
        pdf, _ = render(html, fetcher)
        assert "STYLELOADED" in pdf_text(pdf)
        assert fetcher.refused == []


def test_default_roots_are_the_builtin_folders():
    roots = SafeFetcher().roots
    assert resources.styles_dir().resolve() in roots
    assert resources.templates_dir().resolve() in roots
    assert [p.resolve() for p in builtin_roots()] == roots


def test_builtin_style_file_is_served():
    css = sorted(resources.styles_dir().rglob("*.css"))
    assert css, "no built-in stylesheet found"
    response = SafeFetcher().fetch(css[0].as_uri())
    assert response.read() == css[0].read_bytes()
    assert response.content_type == "text/css"


def test_missing_file_in_allowed_folder_is_a_warning_not_a_refusal(tree):
    # The name looks like a refusal message; it must still count as a real warning.
    html = '<img src="RefusedURL%3A%20refused.png">'
    fetcher = SafeFetcher(essay_dirs=[tree["essay"]], builtin=[])
    _, warnings = render(html, fetcher, base=tree["essay"])
    assert fetcher.refused == []
    assert any("RefusedURL" in w and "Failed to load image" in w for w in warnings)


def test_data_url_under_the_cap_loads():
    url = "data:image/png;base64," + base64.b64encode(png_bytes()).decode()
    fetcher = SafeFetcher(builtin=[])
    pdf, _ = render(f'<img src="{url}">', fetcher)
    assert image_count(pdf) >= 1 and fetcher.refused == []


def test_data_url_over_the_cap_is_refused():
    data = png_bytes(64)
    url = "data:image/png;base64," + base64.b64encode(data).decode()
    fetcher = SafeFetcher(builtin=[], data_cap=len(data) - 1)
    pdf, warnings = render(f"<p>x</p><img src='{url}'>", fetcher)
    assert image_count(pdf) == 0
    assert len(fetcher.refused) == 1 and "data: URL over" in fetcher.refused[0].reason
    assert len(fetcher.refused[0].text) < 200  # shortened, not megabytes
    assert not any("Failed to load image" in w for w in warnings)


def test_default_data_cap_is_two_megabytes():
    fetcher = SafeFetcher(builtin=[])
    small = base64.b64encode(b"a" * (2 * 1024 * 1024)).decode()
    assert len(fetcher.fetch("data:text/plain;base64," + small).read()) == 2 * 1024 * 1024
    big = base64.b64encode(b"a" * (2 * 1024 * 1024 + 1)).decode()
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch("data:text/plain;base64," + big)


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1/x", "file://otherhost/etc/hostname", "javascript:1"]
)
def test_other_schemes_and_hosts_are_refused(url):
    fetcher = SafeFetcher(builtin=[])
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch(url)
    assert fetcher.refused_urls == [url]


# --------------------------------------------------------------------------- network


class Server:
    """A loopback HTTP server that counts the requests it gets."""

    def __init__(self, redirect_to: str) -> None:
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                server.requests.append(self.path)
                if self.path.startswith("/redirect"):
                    self.send_response(302)
                    self.send_header("Location", redirect_to)
                    self.end_headers()
                    return
                body = (SECRET_CSS if self.path.endswith(".css") else SECRET_SVG).encode()
                kind = "text/css" if self.path.endswith(".css") else "image/svg+xml"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def server(tree, monkeypatch):
    for name in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    running = Server(redirect_to=(tree["outside"] / "secret.svg").as_uri())
    yield running
    running.stop()


def test_loopback_is_refused_without_allow_remote(server, tree):
    html = (
        f'<link rel="stylesheet" href="{server.url}/a.css">'
        f'<style>@import "{server.url}/b.css";</style>'
        f'<p>hello</p><img src="{server.url}/c.svg">'
        f'<a rel="attachment" href="{server.url}/d.txt">x</a>'
    )
    fetcher = SafeFetcher(essay_dirs=[tree["essay"]], builtin=[], timeout=3)
    pdf, warnings = render(html, fetcher)
    assert server.requests == []
    assert not leaked(pdf)
    assert len(fetcher.refused) == 4
    assert all("network" in n.reason for n in fetcher.refused)
    assert not any("127.0.0.1" in w for w in warnings)


def test_allow_remote_lets_loopback_through(server):
    fetcher = SafeFetcher(builtin=[], allow_remote=True, timeout=3)
    pdf, _ = render(f'<img src="{server.url}/c.svg">', fetcher)
    assert server.requests == ["/c.svg"]
    assert MARKER in pdf_text(pdf)
    assert fetcher.refused == []


def test_remote_redirect_is_refused(server):
    fetcher = SafeFetcher(builtin=[], allow_remote=True, timeout=3)
    pdf, warnings = render(f'<p>x</p><img src="{server.url}/redirect">', fetcher)
    assert server.requests == ["/redirect"]
    assert not leaked(pdf)
    assert fetcher.refused_urls == [f"{server.url}/redirect"]
    assert fetcher.refused[0].reason == "refused a redirect"


# --------------------------------------------------------------------------- warnings


def test_collector_keeps_warnings_and_skips_progress_and_refusals():
    log = logging.getLogger("weasyprint")
    with collect_weasyprint_warnings() as warnings:
        log.warning("No anchor #%s for internal URI reference", "nowhere")
        log.warning("No anchor #%s for internal URI reference", "nowhere")
        logging.getLogger("weasyprint.progress").warning("Step 1 - Fetching")
        log.info("just info")
        log.error("Failed to load image at %r: %s", "x", _refusal_error())
    log.warning("after the block")
    assert warnings == ["No anchor #nowhere for internal URI reference"]


def _refusal_error() -> Exception:
    fetcher = SafeFetcher(builtin=[])
    try:
        fetcher.fetch("file:///etc/hostname")
    except Exception as error:
        return error
    raise AssertionError("not refused")


def test_is_refusal_message_matches_only_exceptions():
    record = logging.LogRecord("weasyprint", logging.ERROR, "", 0, "%s", ("RefusedURL: x",), None)
    assert not is_refusal_message(record)
    record.args = (_refusal_error(),)
    assert is_refusal_message(record)
