"""Essays named by URL: fetched once, kept in a cache, read from the cache after that.

This is the only module that touches the network, and only for what the user named: the
page at a URL and the images that page shows. The renderer still never fetches anything.

A fetched page lives in one folder of the cache (``<cache>/<name>-<hash>/``):

- ``response.json``: the URL asked for, the URL after redirects, the status and the
  ``Content-Type`` header (the headers that matter for reading the body again);
- ``body``: the bytes exactly as the server sent them (after content decoding);
- ``images.json`` and ``images/``: each image the page shows, fetched once (or why not);
- ``<page>.html`` (or ``.txt``, ``.md``, ``.xml``): the page as the reader gets it, with
  each fetched image's ``src`` pointing into ``images/``. It is the essay's file: the
  renderer finds the images inside its folder, as for any local essay.

``response.json`` is written last, so a cache entry without it is incomplete and fetched
again. With the entry in place nothing is fetched (the same bytes every time, offline)
unless ``refresh`` is asked for.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import html
import json
import os
import re
import secrets
import socket
import ssl
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from .errors import BuildError, FetchError
from .model import Notice
from .sources import SourceText, decode

MB = 1024 * 1024
HTTP_SCHEMES = ("http", "https")
USER_AGENT = "pamphlets (essay import; +https://pypi.org/project/pamphlets/)"
_URL_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


@dataclass(frozen=True)
class Limits:
    """How long and how much: generous for an essay, small enough to stop a runaway."""

    connect_timeout: float = 10.0
    #: seconds for one whole response, from the request to its last byte, redirects included
    timeout: float = 60.0
    max_bytes: int = 20 * MB
    max_image_bytes: int = 10 * MB
    max_images: int = 200
    #: all of one page's images together
    max_images_bytes: int = 100 * MB
    max_redirects: int = 5


#: the limits every fetch uses unless told otherwise
DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class WebOptions:
    """Where fetched pages are kept, and whether to fetch them again."""

    cache_dir: Path
    refresh: bool = False
    limits: Limits = field(default_factory=lambda: DEFAULT_LIMITS)


@dataclass(frozen=True)
class Response:
    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes


@dataclass(frozen=True)
class WebPage:
    """A fetched page, ready for a reader: ``source.path`` is its file in the cache."""

    url: str
    final_url: str
    content_type: str
    source: SourceText
    #: the image files the page uses, relative to the page's folder (``images/...``)
    images: tuple[str, ...] = ()
    #: True when nothing was fetched this time
    from_cache: bool = False

    @property
    def folder(self) -> Path:
        return self.source.path.parent


def is_url(value: object) -> bool:
    """Whether an essay argument names an address (``scheme://...``) rather than a file."""
    return isinstance(value, str) and bool(_URL_RE.match(value.strip()))


# ---------------------------------------------------------------------------- fetching


def fetch(url: str, limits: Limits | None = None, *, max_bytes: int | None = None,
          client=None) -> Response:
    """GET ``url`` (http or https only), following at most ``limits.max_redirects``.

    Raises ``FetchError`` for anything that gives no usable body: a timeout, a status of
    400 or more, a body over the size cap, a redirect loop, an unknown host, a refused
    connection, an address that is not http(s).
    """
    import httpx

    limits = limits or DEFAULT_LIMITS
    cap = limits.max_bytes if max_bytes is None else max_bytes
    _check_scheme(url)
    own = client is None
    if own:
        client = httpx.Client(follow_redirects=False, headers={"User-Agent": USER_AGENT},
                              verify=_tls_context())
    deadline = time.monotonic() + limits.timeout
    seen = [_without_fragment(url)]
    current = seen[0]
    try:
        for _ in range(limits.max_redirects + 1):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _timeout(url, limits)
            timeout = httpx.Timeout(remaining, connect=min(limits.connect_timeout, remaining))
            try:
                with client.stream("GET", current, timeout=timeout) as response:
                    location = response.headers.get("location")
                    if response.status_code in (301, 302, 303, 307, 308) and location:
                        target = _without_fragment(
                            urljoin(current, location.strip().replace(" ", "%20")))
                        if target in seen:
                            hops = " -> ".join(seen[seen.index(target):] + [target])
                            raise FetchError(f"redirect loop ({_short(hops, 200)})", path=url,
                                             hint="open the address in a browser; if it "
                                                  "works there, save the page and import "
                                                  "the file")
                        _check_scheme(target, asked=url)
                        seen.append(target)
                        current = target
                        continue
                    if response.status_code >= 400:
                        raise _status_error(url, response.status_code, response.reason_phrase)
                    if response.status_code >= 300:
                        raise FetchError(f"HTTP {response.status_code} with no address to "
                                         "follow", path=url, hint="check the address")
                    body = _read_capped(response, url, cap, deadline, limits)
                    return Response(url, current, response.status_code,
                                    response.headers.get("content-type", ""), body)
            except httpx.TimeoutException:
                raise _timeout(url, limits) from None
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise _network_error(url, exc) from None
        raise FetchError(f"more than {limits.max_redirects} redirects", path=url,
                         hint="open the address in a browser and use the address it ends "
                              "at")
    finally:
        if own:
            client.close()


def _read_capped(response, url: str, cap: int, deadline: float, limits: Limits) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise _too_big(url, cap)
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > cap:
            raise _too_big(url, cap)
        if time.monotonic() > deadline:
            raise _timeout(url, limits)
        chunks.append(chunk)
    return b"".join(chunks)


@functools.lru_cache(maxsize=1)
def _tls_context() -> ssl.SSLContext:
    """The certificate store, loaded once per process (loading it takes a tenth of a
    second, as long as a whole fetch from a nearby server)."""
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def _check_scheme(url: str, asked: str | None = None) -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        raise FetchError(f"not a usable address ({exc})", path=asked or url,
                         hint="check the address") from None
    if any(ord(c) < 33 or c == "\x7f" for c in url):
        raise FetchError("the address holds spaces or control characters", path=asked or url,
                         hint="check the address; write a space as %20")
    scheme = parts.scheme.lower()
    if scheme not in HTTP_SCHEMES:
        where = f"it redirects to a '{scheme}:' address" if asked else \
            f"not '{scheme}:'" if scheme else "this is not an address"
        raise FetchError(f"only http and https addresses are fetched ({where})",
                         path=asked or url,
                         hint="download the file and name the file instead")
    if not parts.hostname:
        raise FetchError("the address has no host name", path=asked or url,
                         hint="write it as http://host/path")


def _without_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(fragment=""))


def _timeout(url: str, limits: Limits) -> FetchError:
    return FetchError(f"timed out (no complete answer within {limits.timeout:g} s)", path=url,
                      hint="check the address and your connection, or try again later")


def _too_big(url: str, cap: int) -> FetchError:
    return FetchError(f"larger than {cap / MB:g} MB; stopped reading", path=url,
                      hint="this is not an essay page; save the article from a browser and "
                           "import the file")


def _status_error(url: str, status: int, reason: str) -> FetchError:
    what = f"HTTP {status}" + (f" {reason}" if reason else "")
    if status in (404, 410):
        hint = "check the address; the page may have moved"
    elif status in (401, 402, 403, 407, 451):
        hint = "the site refuses to serve it; save the page from a browser and import the file"
    elif status == 429 or status >= 500:
        hint = "the site is busy or failing; try again later"
    else:
        hint = "check the address"
    return FetchError(what, path=url, hint=hint)


def _network_error(url: str, exc: Exception) -> FetchError:
    """One plain sentence for what went wrong below HTTP (found on the exception's chain)."""
    chain, seen = [], exc
    while seen is not None and len(chain) < 10:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    host = urlsplit(url).hostname or ""
    text = " ".join(str(e) for e in chain).lower()
    if any(isinstance(e, socket.gaierror) for e in chain) or "name or service not known" in text \
            or "nodename nor servname" in text or "name resolution" in text:
        return FetchError(f"host not found: {host}", path=url,
                          hint="check the address and your network connection")
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "refused" in text:
        return FetchError("connection refused", path=url,
                          hint="check the address and its port; the site may be down")
    if any(isinstance(e, ssl.SSLError) for e in chain) or "certificate" in text:
        return FetchError("secure connection failed (TLS certificate or handshake)", path=url,
                          hint="check the address and the computer's clock, or save the page "
                                    "from a browser and import the file")
    name = type(exc).__name__
    if name in ("InvalidURL", "UnsupportedProtocol", "LocalProtocolError"):
        return FetchError(f"not a usable address ({exc})", path=url, hint="check the address")
    if name in ("RemoteProtocolError", "ReadError", "WriteError"):
        return FetchError(f"the connection broke ({exc or name})", path=url,
                          hint="try again later")
    return FetchError(f"cannot be fetched ({exc or name})", path=url,
                      hint="check the address and your network connection")


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 3] + "..."


# ------------------------------------------------------------------------------- formats

#: Content-Type (without parameters) -> the extension the page file gets; the reader is
#: then chosen as for a local file with that extension (TEI and Gutenberg by content)
CONTENT_TYPES = {
    "text/html": ".html", "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "application/xml": ".xml", "text/xml": ".xml", "application/tei+xml": ".xml",
    "text/markdown": ".md", "text/x-markdown": ".md",
    "text/x-muse": ".muse",
}

_TEXT_EXTENSIONS = (".html", ".htm", ".xhtml", ".txt", ".text", ".md", ".markdown", ".muse",
                    ".xml", ".tei")


def media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def page_extension(content_type: str, url: str) -> str:
    """The extension a fetched page is saved with: from Content-Type, else the URL's."""
    kind = media_type(content_type)
    if kind in CONTENT_TYPES:
        return CONTENT_TYPES[kind]
    suffix = os.path.splitext(urlsplit(url).path)[1].lower()
    if suffix in _TEXT_EXTENSIONS:
        return suffix
    if kind.startswith(("image/", "audio/", "video/", "font/")) or kind in (
            "application/pdf", "application/zip", "application/octet-stream",
            "application/epub+zip", "application/msword",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.oasis.opendocument.text"):
        raise FetchError(f"not a text page ({kind})", path=url,
                         hint="download the file and import the file instead")
    return ".html" if kind.endswith("+xml") or "html" in kind else ""


# ------------------------------------------------------------------------------ decoding

_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*\bencoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""")
#: labels that mean Windows-1252 on the web (as browsers read them)
_WESTERN = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii",
            "windows-1252", "cp1252", "iso_8859-1", "x-cp1252"}


def declared_charset(content_type: str, body: bytes) -> tuple[str, str]:
    """The charset the server or the page declares, and where: ``(codec, "header")``."""
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type, re.IGNORECASE)
    if match and _codec(match.group(1)):
        return _codec(match.group(1)), "the Content-Type header"
    head = body[:8192]
    found = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if found and _codec(found.group(1).decode("ascii", "ignore")):
        return _codec(found.group(1).decode("ascii", "ignore")), "the page"
    return "", ""


def _codec(label: str) -> str:
    label = label.strip().lower()
    if label in _WESTERN:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return ""


def decode_body(body: bytes, content_type: str, path: Path, url: str) -> SourceText:
    """Text from a fetched body: a byte-order mark, then the declared charset (header, then
    ``<meta charset>`` or the XML declaration), then the same fallback as for files."""
    if not body.strip():
        raise FetchError("the page is empty", path=url, hint="check the address")
    if b"\x00" in body[:1_000_000] and body[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        raise FetchError("not a text page (it holds NUL bytes)", path=url,
                         hint="download the file and import the file instead")
    if body.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode(body, path)
    codec, where = declared_charset(content_type, body)
    if codec in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):
        codec = ""  # a page that says UTF-16 without a byte-order mark is really ASCII-like
    if codec:
        for name in ((codec, "latin-1") if codec == "cp1252" else (codec,)):
            try:
                return SourceText(path, body.decode(name), name)
            except UnicodeDecodeError:
                continue
        fallback = decode(body, path)
        notice = Notice("warning", f"{where} says {codec}, but the bytes are not; decoded "
                                   f"as {fallback.encoding}", url)
        return SourceText(path, fallback.text, fallback.encoding, (notice,))
    return decode(body, path)


# ---------------------------------------------------------------------------- the cache


def entry_folder(cache_dir: Path, url: str) -> Path:
    """One folder per URL: a readable name and a hash of the exact address."""
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    parts = urlsplit(url)
    name = re.sub(r"[^a-z0-9]+", "-", f"{parts.hostname or ''} {parts.path}".lower()).strip("-")
    return Path(cache_dir) / f"{name[:48].rstrip('-') or 'page'}-{digest}"


def page_file_name(url: str, extension: str) -> str:
    """The page's file name: the last part of its path (its title when it has none)."""
    parts = urlsplit(url)
    stem = os.path.splitext(parts.path.rstrip("/").rsplit("/", 1)[-1])[0]
    stem = re.sub(r"[^\w-]+", "-", stem, flags=re.UNICODE).strip("-_")[:60]
    if not stem or stem.lower() == "index":
        stem = re.sub(r"[^\w-]+", "-", parts.hostname or "page").strip("-") or "page"
    return stem + (extension or ".txt")


def fetch_page(url: str, options: WebOptions) -> WebPage:
    """The page at ``url`` and its images, from the cache when they are there."""
    url = url.strip()
    _check_scheme(url)
    folder = entry_folder(options.cache_dir, url)
    record = None if options.refresh else _read_json(folder / "response.json")
    body_file = folder / "body"
    if record is not None and body_file.is_file() and "final_url" in record:
        body = body_file.read_bytes()
        response = Response(url, record["final_url"], int(record.get("status", 200)),
                            record.get("content_type", ""), body)
        images = _read_json(folder / "images.json") or {}
        return _prepare(response, folder, images, options, from_cache=True)
    response = fetch(url, options.limits)
    extension = page_extension(response.content_type, response.final_url)
    source = decode_body(response.body, response.content_type,
                         folder / page_file_name(response.final_url, extension), url)
    images = {}
    if extension == ".html":
        images = _fetch_images(source.text, response.final_url, folder, options)
    _write(folder / "body", response.body)
    _write(folder / "images.json", _dumps(images))
    _write(folder / "response.json", _dumps({
        "url": url, "final_url": response.final_url, "status": response.status,
        "content_type": response.content_type}))
    return _prepare(response, folder, images, options, from_cache=False)


def _prepare(response: Response, folder: Path, images: dict, options: WebOptions,
             *, from_cache: bool) -> WebPage:
    extension = page_extension(response.content_type, response.final_url)
    path = folder / page_file_name(response.final_url, extension)
    images = {address: _checked(entry, folder) for address, entry in images.items()}
    source = decode_body(response.body, response.content_type, path, response.url)
    text, used, notices = source.text, (), []
    if extension == ".html":
        text, used, notices = localise(text, response.final_url, images)
        text = with_address(text, response.final_url)
    if text != _read_text(path):
        _write(path, text.encode("utf-8"))
    source = SourceText(path, text, source.encoding, source.notices + tuple(notices))
    return WebPage(response.url, response.final_url, response.content_type, source,
                   tuple(used), from_cache)


# ------------------------------------------------------------------------------- images

_IMG_TAG = re.compile(r"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)
_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+))?""")
#: where lazy-loading pages keep the real address while ``src`` holds a placeholder
_LAZY = ("data-src", "data-lazy-src", "data-original", "data-orig-file", "data-url")
_BASE = re.compile(r"""<base\b[^>]*\bhref\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+)""", re.IGNORECASE)
IMAGE_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/jpg": ".jpg",
               "image/gif": ".gif", "image/webp": ".webp", "image/svg+xml": ".svg"}


def _img_attrs(tag: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for name, value in _ATTR.findall(tag[4:-1]):
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        attrs.setdefault(name.lower(), html.unescape(value))
    return attrs


def image_addresses(page: str, page_url: str) -> list[tuple[str, str]]:
    """Each ``<img>`` tag's text and the absolute http(s) address of its picture."""
    base = _BASE.search(page[:20000])
    base_url = urljoin(page_url, html.unescape(base.group(1).strip("'\""))) if base else page_url
    found = []
    for match in _IMG_TAG.finditer(page):
        attrs = _img_attrs(match.group(0))
        src = attrs.get("src", "").strip()
        if not src or src.lower().startswith("data:"):
            src = next((attrs[k].strip() for k in _LAZY if attrs.get(k, "").strip()), src)
        if not src or src.lower().startswith("data:"):
            continue
        absolute = _without_fragment(urljoin(base_url, src))
        if urlsplit(absolute).scheme.lower() in HTTP_SCHEMES:
            found.append((match.group(0), absolute))
    return found


def image_name(url: str, content_type: str) -> str:
    extension = IMAGE_TYPES.get(media_type(content_type), "")
    return "img-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:16] + extension


_IMAGE_FILE = re.compile(r"images/img-[0-9a-f]{16}(\.[a-z]+)?")


def _checked(entry, folder: Path) -> dict:
    """An ``images.json`` entry as ``localise`` may use it: a file of ours that is there."""
    if not isinstance(entry, dict):
        return {"problem": "unreadable cache entry"}
    name = entry.get("file")
    if name is None:
        return {"problem": str(entry.get("problem", "not fetched"))}
    if not isinstance(name, str) or not _IMAGE_FILE.fullmatch(name):
        return {"problem": "unreadable cache entry"}
    if not (folder / name).is_file():
        return {"problem": "gone from the cache; fetch again with --refresh"}
    return {"file": name}


def _fetch_images(page: str, page_url: str, folder: Path, options: WebOptions) -> dict:
    """Fetch each picture the page shows (size-capped); address -> file name or problem."""
    limits = options.limits
    results: dict[str, dict] = {}
    total = 0
    for _, address in image_addresses(page, page_url):
        if address in results:
            continue
        if len(results) >= limits.max_images:
            results[address] = {"problem": f"more than {limits.max_images} images"}
            continue
        room = limits.max_images_bytes - total
        if room <= 0:
            results[address] = {"problem": f"the page's images pass "
                                           f"{limits.max_images_bytes / MB:g} MB together"}
            continue
        try:
            response = fetch(address, limits, max_bytes=min(limits.max_image_bytes, room))
        except FetchError as exc:
            over = room < limits.max_image_bytes and exc.what.startswith("larger than")
            results[address] = {"problem": f"the page's images pass "
                                           f"{limits.max_images_bytes / MB:g} MB together"
                                if over else exc.what}
            continue
        kind = media_type(response.content_type)
        if kind not in IMAGE_TYPES:
            results[address] = {"problem": f"not an image ({kind or 'no type'})"}
            continue
        name = image_name(address, kind)
        total += len(response.body)
        _write(folder / "images" / name, response.body)
        results[address] = {"file": "images/" + name}
    return results


def localise(page: str, page_url: str, images: dict) -> tuple[str, tuple[str, ...], list]:
    """The page with each fetched picture's ``<img src>`` pointing at its file in the cache.

    Pictures that could not be fetched are taken out, with a notice saying why (the reader
    would leave a remote picture out anyway, without the reason).
    """
    files = {address: entry["file"] for address, entry in images.items() if "file" in entry}
    used: list[str] = []
    notices = []
    pieces, last = [], 0
    for tag, address in image_addresses(page, page_url):
        start = page.index(tag, last)
        pieces.append(page[last:start])
        last = start + len(tag)
        local = files.get(address)
        if local is None:
            problem = images.get(address, {}).get("problem", "not fetched")
            notices.append(Notice("warning", f"image not fetched ({problem}); left out",
                                  address[:120]))
            continue
        if local not in used:
            used.append(local)
        pieces.append(_with_src(tag, local))
    pieces.append(page[last:])
    return "".join(pieces), tuple(used), notices


_HEAD = re.compile(r"""<head\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)
_OWN_ADDRESS = re.compile(r"""<link\b[^>]*\brel\s*=\s*["']?canonical|<meta\b[^>]*\bproperty\s*=\s*["']?og:url""",
                          re.IGNORECASE)


def with_address(page: str, url: str) -> str:
    """The page with ``<link rel="canonical">`` naming where it was fetched from, unless it
    names its own address: the HTML reader takes it as the source and resolves the page's
    relative links against it, as for a page saved with its address."""
    if _OWN_ADDRESS.search(page[:200_000]):
        return page
    link = f'<link rel="canonical" href="{html.escape(url, quote=True)}">'
    head = _HEAD.search(page[:200_000])
    if head:
        return page[:head.end()] + link + page[head.end():]
    return link + page


def _with_src(tag: str, src: str) -> str:
    """``tag`` with ``src`` set to ``src`` and the lazy-loading and ``srcset`` copies gone."""
    drop = {"src", "srcset", "sizes", "loading", *_LAZY, "data-srcset", "data-lazy-srcset"}
    kept = [m.group(0) for m in _ATTR.finditer(tag[4:-1].rstrip("/"))
            if m.group(1).lower() not in drop]
    return "<img " + " ".join([f'src="{html.escape(src, quote=True)}"'] + kept) + ">"


def copy_images(page: WebPage, folder: Path) -> list[Path]:
    """Copy the page's pictures into ``folder`` (keeping ``images/...``), for an import."""
    written = []
    for relative in page.images:
        source, target = page.folder / relative, Path(folder) / relative
        data = source.read_bytes()
        if target.is_file() and target.read_bytes() == data:
            continue
        _write(target, data, "an image")
        written.append(target)
    return written


# ----------------------------------------------------------------------------- file I/O


def _dumps(data) -> bytes:
    return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None


def _write(path: Path, data: bytes, what: str = "the web cache") -> None:
    """Write through a temporary file in the same folder; a folder that cannot be written
    is an error naming it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise BuildError(f"cannot write {what} ({exc.strerror or exc})",
                         path=str(path.parent),
                         hint="check the folder is writable, or choose another folder") \
            from exc
