"""Hostile essays, built end to end: no local file and no network reaches any output."""

from __future__ import annotations

import threading
import zipfile
from http.server import BaseHTTPRequestHandler, HTTPServer

import pikepdf
import pytest

from conftest import build_book, pdf_pages_text

SECRET = "TOPSECRET-4711"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db0"
                    "0000000049454e44ae426082")


class _Counter(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(PNG)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    _Counter.hits = []
    httpd = HTTPServer(("127.0.0.1", 0), _Counter)
    httpd.timeout = 1
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1},
                              daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", _Counter.hits
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def hostile(tmp_path, server):
    url, _ = server
    secret_dir = tmp_path / "private"
    secret_dir.mkdir()
    (secret_dir / "secret.txt").write_text(SECRET)
    (secret_dir / "secret.css").write_text(f'body::before {{ content: "{SECRET}"; }}')
    (secret_dir / "secret.png").write_bytes(PNG)
    essays = tmp_path / "essays"
    essays.mkdir()
    (essays / "escape.png").symlink_to(secret_dir / "secret.png")
    private = secret_dir.as_uri()
    (essays / "page.html").write_text(f"""<!DOCTYPE html><html><head><title>Hostile page</title>
<base href="{private}/"><link rel="stylesheet" href="{private}/secret.css">
<style>@import url("{private}/secret.css");</style><script>document.write("x")</script>
</head><body><article><h1>Hostile page</h1>
<p>Text <img src="{private}/secret.png"> <img src="../private/secret.png">
<img src="{url}/html.png"> <img src="escape.png" onload="alert(1)">
<a href="javascript:alert(1)">click</a> <a rel="attachment" href="{private}/secret.txt">file</a></p>
<svg><image href="{private}/secret.png"/></svg><iframe src="{url}/frame"></iframe>
<form action="{url}/form"><input name="q"></form>
<p>More text for the page.</p></article></body></html>""", encoding="utf-8")
    (essays / "essay.md").write_text(f"""---
title: Hostile essay
---

Plain words.

![local]({secret_dir}/secret.png)

![up](../private/secret.png)

![remote]({url}/md.png)

<img src="{private}/secret.png"> <link rel="stylesheet" href="{url}/s.css">

A link to [a file]({private}/secret.txt) and [a script](javascript:alert(1)).
""", encoding="utf-8")
    return essays


def _outputs_text(out):
    pdf = out / "hostile.pdf"
    text = "\n".join(pdf_pages_text(pdf)) + out.joinpath("hostile.html").read_text()
    with zipfile.ZipFile(out / "hostile.epub") as z:
        text += "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                        if not n.endswith((".png", ".jpg")))
    return text


def _image_count(pdf_path):
    with pikepdf.open(pdf_path) as pdf:
        return sum(len(page.get_images()) for page in pdf.pages)


@pytest.mark.slow
def test_hostile_essays_reach_nothing(hostile, server, tmp_path):
    _, hits = server
    out = tmp_path / "out"
    result = build_book([hostile / "page.html", hostile / "essay.md"], out,
                        "--title", "Hostile", "--format", "pdf,epub,html")
    assert result.exit_code == 0, result.output
    assert hits == []
    assert SECRET not in _outputs_text(out)
    assert "href=\"javascript:" not in out.joinpath("hostile.html").read_text()
    assert _image_count(out / "hostile.pdf") == 0
    with zipfile.ZipFile(out / "hostile.epub") as z:
        images = [n for n in z.namelist() if "/images/" in n and "cover" not in n]
    assert images == []
    assert "warning" in result.output  # what was left out is said


@pytest.mark.slow
def test_allow_remote_reaches_the_loopback_server_only_when_asked(hostile, server, tmp_path):
    _, hits = server
    out = tmp_path / "out"
    result = build_book([hostile / "essay.md"], out, "--title", "Hostile", "--format", "pdf",
                        "--allow-remote")
    assert result.exit_code == 0, result.output
    assert hits and all(path.endswith("md.png") for path in hits)
    assert _image_count(out / "hostile.pdf") == 1
