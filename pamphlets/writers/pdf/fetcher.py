"""What WeasyPrint may load while rendering a booklet, and what it said while doing so.

Essays come from untrusted web pages, so their markup must not be able to pull local files
(``file:``, ``../``, symlinks, hard links, ``<base href>``, an SVG's ``<image>``) or reach
the network into the PDF. WeasyPrint sends every resource (stylesheets, ``@import``,
fonts, images, SVG ``<image>``, attachments) through one ``URLFetcher``; ``SafeFetcher`` is
that fetcher with an allow-list, by purpose:

* any file under the built-in ``templates/``, ``styles/`` and ``fonts/`` folders;
* image files under an essay's own folder (``essay_dirs``), unless the file has other
  hard links: those may live anywhere, so such a file is refused;
* single files the caller names (``files``: the cover image, never its folder);
* style sheets, fonts and images under the user's style folders (``extra_roots``), for
  the style sheet only (see below);
* ``data:`` URLs up to a size cap;
* ``http``/``https`` only when ``allow_remote`` is set, never following a redirect.

The sandbox is as strict as its loosest key, so a manifest's folders must not widen what
an essay reaches (``styles = "/"`` would otherwise open every file). WeasyPrint does not
say who asks for a URL, so the renderer (``render.render_job``) uses two fetchers:

* the style sheet's, which parses the user's CSS (``@import``, ``@font-face``) and may use
  the style folders;
* the document's, which loads everything the HTML asks for, SVG drawings included. It
  has no style folders: only the images the style sheet names there
  (``style_sheet_images``: ``url()`` values in the CSS and in the style sheets it
  imported), handed to it as single ``files``.

Containment is checked on real paths (symlinks and ``..`` resolved). Anything else is
refused: the URL is recorded once as a ``Notice`` in ``SafeFetcher.refused`` and the fetch
raises ``RefusedURL``, which WeasyPrint treats as a missing resource (the render goes on).
WeasyPrint logs that failure; ``is_refusal_message`` recognises those log records so that
``collect_weasyprint_warnings`` can leave them out of the warnings it gathers.
"""

from __future__ import annotations

import base64
import binascii
import logging
import mimetypes
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import unquote_to_bytes, urljoin, urlsplit
from urllib.request import url2pathname

import tinycss2
from weasyprint.urls import UNICODE_SCHEME_RE, URLFetcher, URLFetcherResponse, URLFetchingError

from ...model import Notice
from ...fonts import font_roots
from ...resources import resource_dir

#: largest decoded ``data:`` URL served
DATA_CAP = 2 * 1024 * 1024
#: largest remote response served (only with ``allow_remote``)
REMOTE_CAP = 20 * 1024 * 1024
#: file types served from an essay's folder
IMAGE_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff", ".avif"}
)
#: file types served from a user's style folder: style sheets, fonts and images
STYLE_SUFFIXES = IMAGE_SUFFIXES | {".css", ".woff", ".woff2", ".ttf", ".otf", ".ttc"}

_NOTICE_URL_LENGTH = 120


class RefusedURL(ValueError):
    """Raised for a URL that ``SafeFetcher`` will not serve."""


def builtin_roots() -> list[Path]:
    """The package's own templates, styles and fonts folders (those that exist)."""
    roots = []
    for name in ("templates", "styles", "fonts"):
        try:
            roots.append(resource_dir(name))
        except FileNotFoundError:
            continue
    roots.extend(font_roots())
    return roots


def _real(path: str | os.PathLike) -> Path:
    return Path(os.path.realpath(path))


def _short(url: str) -> str:
    """A URL cut to a readable length (``data:`` URLs can be megabytes)."""
    if len(url) <= _NOTICE_URL_LENGTH:
        return url
    return f"{url[:_NOTICE_URL_LENGTH]}... ({len(url)} characters)"


class SafeFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves only allowed resources.

    ``essay_dirs``: folders whose image files may be embedded (files with other hard
    links excepted). ``files``: single files that may be used. ``extra_roots``: folders
    whose style sheets, fonts and images may be used (give them to the style sheet's
    fetcher only). ``builtin``: the built-in roots, whose files may all be used; by
    default ``builtin_roots()``. ``refused`` lists what was refused, once each;
    ``sheets_served`` the style sheets served, as ``(url, text)``.
    """

    def __init__(
        self,
        *,
        essay_dirs: Iterable[str | os.PathLike] = (),
        extra_roots: Iterable[str | os.PathLike] = (),
        files: Iterable[str | os.PathLike] = (),
        builtin: Iterable[str | os.PathLike] | None = None,
        allow_remote: bool = False,
        data_cap: int = DATA_CAP,
        remote_cap: int = REMOTE_CAP,
        timeout: float = 10,
    ) -> None:
        super().__init__(
            timeout=timeout,
            allowed_protocols=("http", "https"),
            allow_redirects=False,
            fail_on_errors=False,
        )
        roots = builtin_roots() if builtin is None else builtin
        self.roots = [_real(p) for p in roots]
        self.style_roots = [_real(p) for p in extra_roots]
        self.essay_dirs = [_real(p) for p in essay_dirs]
        self.files = {_real(p) for p in files}
        self.allow_remote = allow_remote
        self.data_cap = data_cap
        self.remote_cap = remote_cap
        self.refused: list[Notice] = []
        self.sheets_served: list[tuple[str, str]] = []
        self._seen: set[str] = set()

    # ----------------------------------------------------------------- bookkeeping

    @property
    def refused_urls(self) -> list[str]:
        return [notice.text for notice in self.refused]

    def _refuse(self, url: str, why: str) -> RefusedURL:
        if url not in self._seen:
            self._seen.add(url)
            self.refused.append(Notice(kind="warning", reason=f"refused {why}", text=_short(url)))
        return RefusedURL(f"refused {why}: {_short(url)}")

    # ----------------------------------------------------------------- dispatch

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        """Serve ``url`` if the policy allows it; raise ``RefusedURL`` otherwise."""
        match = UNICODE_SCHEME_RE.match(url)
        if not match:
            raise self._refuse(url, "a URL without a scheme")
        scheme = match[1].lower()
        if scheme == "data":
            return self._fetch_data(url)
        if scheme == "file":
            return self._fetch_file(url)
        if scheme in ("http", "https"):
            if not self.allow_remote:
                raise self._refuse(url, "network access (remote resources are off)")
            return self._fetch_remote(url, headers)
        raise self._refuse(url, f"the {scheme}: scheme")

    # ----------------------------------------------------------------- data:

    def _fetch_data(self, url: str) -> URLFetcherResponse:
        header, comma, payload = url[len("data:") :].partition(",")
        if not comma:
            raise ValueError(f"malformed data: URL: {_short(url)}")
        # Each decoded byte takes at least one character (a third of '%xx'), so a payload
        # this long is over the cap whatever its encoding; refuse before decoding.
        if len(payload) > 3 * self.data_cap:
            raise self._refuse(url, f"a data: URL over {self.data_cap} bytes")
        params = [part.strip() for part in header.split(";")]
        is_base64 = params[-1].lower() == "base64"
        if is_base64:
            params.pop()
        raw = unquote_to_bytes(payload)
        if is_base64:
            try:
                raw = base64.b64decode(raw)
            except binascii.Error as error:
                raise ValueError(f"malformed base64 in data: URL: {_short(url)}") from error
        if len(raw) > self.data_cap:
            raise self._refuse(url, f"a data: URL over {self.data_cap} bytes")
        media_type = ";".join(params) if params and params[0] else "text/plain;charset=US-ASCII"
        return URLFetcherResponse(url, raw, {"Content-Type": media_type})

    # ----------------------------------------------------------------- file:

    def _fetch_file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise self._refuse(url, "a file: URL on another host")
        path = url2pathname(parts.path)
        if "\x00" in path or not os.path.isabs(path):
            raise self._refuse(url, "a malformed file: URL")
        real = _real(path)
        why = self.refusal(real)
        if why:
            raise self._refuse(url, why)
        if not real.is_file():
            # Inside an allowed folder but missing: an ordinary error, reported as such.
            raise FileNotFoundError(f"no such file: {real}")
        data = real.read_bytes()
        content_type = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
        if content_type == "text/css":
            self.sheets_served.append((real.as_uri(), data.decode("utf-8", "replace")))
        # Answer with the resolved path so that nothing re-reads the file through a link.
        return URLFetcherResponse(real.as_uri(), data, {"Content-Type": content_type})

    def refusal(self, real: Path) -> str | None:
        """Why the file at the real path ``real`` may not be served (``None``: it may)."""
        if real in self.files or any(real.is_relative_to(root) for root in self.roots):
            return None
        suffix = real.suffix.lower()
        if suffix in STYLE_SUFFIXES and any(real.is_relative_to(r) for r in self.style_roots):
            return None
        if suffix in IMAGE_SUFFIXES and any(real.is_relative_to(d) for d in self.essay_dirs):
            if _other_links(real):
                return "a file with other hard links (they may lie outside the folder)"
            return None
        return "a file outside the allowed folders"

    # ----------------------------------------------------------------- http(s):

    def _fetch_remote(self, url: str, headers: dict | None) -> URLFetcherResponse:
        try:
            response = super().fetch(url, headers)
        except HTTPError as error:
            error.close()
            if 300 <= error.code < 400:
                raise self._refuse(url, "a redirect") from None
            raise
        try:
            data = response.read(self.remote_cap + 1)
        finally:
            response.close()
        if len(data) > self.remote_cap:
            raise self._refuse(url, f"a remote file over {self.remote_cap} bytes")
        return URLFetcherResponse(url, data, response.headers, response.status)


def _other_links(real: Path) -> bool:
    """Whether the file has hard links besides this one. Where they are cannot be known
    without searching the whole disk, so such a file may be a way out of its folder."""
    try:
        info = real.stat()
    except OSError:
        return False  # missing: reported as such
    return info.st_nlink > 1 and not real.is_dir()


# --------------------------------------------------------------------------- style sheets


def css_urls(text: str) -> list[str]:
    """Every ``url()`` value in a style sheet's text (as written, unresolved)."""
    found: list[str] = []

    def walk(nodes) -> None:
        for node in nodes or ():
            kind = node.type
            if kind == "url":
                found.append(node.value)
            elif kind == "function":
                if node.lower_name == "url":
                    found.extend(a.value for a in node.arguments[:1] if a.type == "string")
                walk(node.arguments)
            elif kind in ("() block", "[] block", "{} block"):
                walk(node.content)
            elif kind in ("qualified-rule", "at-rule"):
                walk(node.prelude)
                walk(node.content)

    walk(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True))
    return found


def style_sheet_images(css: str, base_url: str | None, fetcher: SafeFetcher) -> tuple[str, ...]:
    """The image files the style sheet names that its fetcher may serve: ``url()`` values
    in ``css`` (resolved against ``base_url``) and in every style sheet ``fetcher`` served
    (``@import``), as real paths. The document's fetcher is given these files, and no other
    file of the style folders: an essay's drawing cannot reach the rest."""
    images: list[str] = []
    for base, text in [(base_url, css), *fetcher.sheets_served]:
        for value in css_urls(text):
            url = urljoin(base, value) if base else value
            parts = urlsplit(url)
            if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
                continue
            path = url2pathname(parts.path)
            if "\x00" in path or not os.path.isabs(path):
                continue
            real = _real(path)
            if real.suffix.lower() in IMAGE_SUFFIXES and fetcher.refusal(real) is None \
                    and str(real) not in images:
                images.append(str(real))
    return tuple(images)


# --------------------------------------------------------------------------- logging


def is_refusal_message(record: logging.LogRecord) -> bool:
    """Whether a WeasyPrint log record reports a ``SafeFetcher`` refusal.

    WeasyPrint wraps the fetcher's exception in ``URLFetchingError`` and logs it as an
    argument; the original exception is kept as its context. Matching on the exception
    (not on text) means a URL that merely contains the words cannot hide a real warning.
    """
    args = record.args if isinstance(record.args, tuple) else (record.args,)
    for arg in args:
        if isinstance(arg, RefusedURL):
            return True
        if isinstance(arg, URLFetchingError) and isinstance(arg.__context__, RefusedURL):
            return True
    return False


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("weasyprint.progress") or is_refusal_message(record):
            return
        try:
            text = record.getMessage()
        except Exception:  # a malformed record must not break the build
            text = str(record.msg)
        if text not in self.messages:
            self.messages.append(text)


@contextmanager
def collect_weasyprint_warnings() -> Iterator[list[str]]:
    """Gather WeasyPrint's WARNING-and-above messages (once each) while the block runs.

    Yields a list that fills as WeasyPrint logs; progress messages and the fetcher's own
    refusals (read those from ``SafeFetcher.refused``) are left out.
    """
    logger = logging.getLogger("weasyprint")
    handler = _WarningCollector()
    old_level = logger.level
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
