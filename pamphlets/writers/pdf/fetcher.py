"""What WeasyPrint may load while rendering a booklet, and what it said while doing so.

Essays come from untrusted web pages, so their markup must not be able to pull local files
(``file:``, ``../``, symlinks, ``<base href>``) or reach the network into the PDF. WeasyPrint
sends every resource (stylesheets, ``@import``, fonts, images, SVG ``<image>``,
attachments) through one ``URLFetcher``; ``SafeFetcher`` is that fetcher with a whitelist:

* any file under the built-in ``templates/``, ``styles/`` and ``fonts/`` folders and under
  extra roots the caller names (a user's own styles folder);
* image files under an essay's own folder;
* ``data:`` URLs up to a size cap;
* ``http``/``https`` only when ``allow_remote`` is set, never following a redirect.

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
from urllib.parse import unquote_to_bytes, urlsplit
from urllib.request import url2pathname

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
    """A WeasyPrint URL fetcher that serves only whitelisted resources.

    ``essay_dirs``: folders whose image files may be embedded. ``extra_roots``: folders
    whose files may all be used (stylesheets, fonts, images). ``builtin``: the built-in
    roots, by default ``builtin_roots()``. ``refused`` lists what was refused, once each.
    """

    def __init__(
        self,
        *,
        essay_dirs: Iterable[str | os.PathLike] = (),
        extra_roots: Iterable[str | os.PathLike] = (),
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
        self.roots = [_real(p) for p in (*roots, *extra_roots)]
        self.essay_dirs = [_real(p) for p in essay_dirs]
        self.allow_remote = allow_remote
        self.data_cap = data_cap
        self.remote_cap = remote_cap
        self.refused: list[Notice] = []
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
        in_roots = any(real.is_relative_to(root) for root in self.roots)
        in_essay = real.suffix.lower() in IMAGE_SUFFIXES and any(
            real.is_relative_to(folder) for folder in self.essay_dirs
        )
        if not (in_roots or in_essay):
            raise self._refuse(url, "a file outside the allowed folders")
        if not real.is_file():
            # Inside an allowed folder but missing: an ordinary error, reported as such.
            raise FileNotFoundError(f"no such file: {real}")
        data = real.read_bytes()
        content_type = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
        # Answer with the resolved path so that nothing re-reads the file through a link.
        return URLFetcherResponse(real.as_uri(), data, {"Content-Type": content_type})

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
