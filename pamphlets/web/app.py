"""The bookbuilder's routes: a Starlette app over one library folder.

One screen does the work: the book (its fields, its essays in order, Save and Build, the
downloads of its last build) beside the library (every essay with a checkbox labelled
with its title, a search, an upload). Every action is a plain HTML form posted with a
CSRF token, so all of it works without JavaScript; ``static/app.js`` improves it
(dragging to reorder, live page estimates, build progress without reloading).

Routes::

    GET  /                          the library and a new book
    POST /books                     save a new book (and build it, or move an essay)
    GET  /books/{name}              a saved book
    POST /books/{name}              save it: Save, Build, Move up/down, Remove
    GET  /books/{name}/status       the latest build, as JSON (polled by the page)
    GET  /books/{name}/files/{kind} the last good build's pdf, print, epub or proof
    GET  /books/{name}/manifest     the book's manifest (.toml)
    GET  /estimate                  pages, sheets and blank pages, as JSON
    POST /essays                    add an essay: an uploaded file or a URL
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import shlex
from contextlib import asynccontextmanager
import tempfile
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..context import BUILTIN_STYLES, DEFAULT_PAGE_SIZE, NOTES_MODES, BuildContext, resolve
from ..errors import ConfigError, PamphletError
from ..options import BuildOptions, help_for
from ..pages import LAYOUTS, PAGE_SIZES, SHEETS
from ..readers import EXTENSIONS
from ..resources import templates_dir
from .jobs import Builds, Progress
from .library import EssayInfo, Library, NotInLibrary, estimate

#: the largest upload taken, by default (an essay, not a book of scans)
MAX_UPLOAD = 10 * 1024 * 1024
CSRF_COOKIE = "pamphlets_csrf"
STATIC = Path(__file__).resolve().parent / "static"
#: what the downloads are called on the page, by the build's output name
DOWNLOADS = (("pdf", "PDF"), ("print", "Print PDF"), ("epub", "EPUB"))


class Refused(PamphletError):
    """A request the app will not do: a missing CSRF token (403), an upload too large
    (413). ``status`` is the HTTP status."""

    def __init__(self, status: int, message: str, hint: str | None = None):
        self.status = status
        super().__init__(message, hint=hint)


@dataclass(frozen=True)
class Settings:
    """The book's settings from the form, checked."""

    title: str
    subtitle: str
    editor: str
    page_size: str
    notes: str
    style: str
    impose: str
    sheet: str
    signature: int | None
    bleed: str
    marks: bool

    def options(self, out_dir: Path, jobs: int = 0) -> BuildOptions:
        return BuildOptions(
            out_dir=out_dir, formats=("pdf", "epub"), jobs=jobs, page_size=self.page_size,
            notes=self.notes, styles=(self.style,) if self.style in BUILTIN_STYLES else (),
            impose=self.impose or None, sheet=(self.sheet or None) if self.impose else None,
            signature=self.signature if self.impose == "booklet" else None,
            bleed=self.bleed or None, marks=self.marks)

    def print_settings(self) -> dict:
        return {"impose": self.impose, "sheet": self.sheet, "signature": self.signature,
                "bleed": self.bleed, "marks": self.marks}


#: the names this machine is reached by: a request for any other (a page that made its
#: own name point at 127.0.0.1, "DNS rebinding") is refused
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
#: sent with every answer: no other site may frame the page, and it runs only its own
#: script and style
SAFETY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; img-src 'self'; "
                                 b"frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


class _SafetyHeaders:
    """ASGI middleware: ``SAFETY_HEADERS`` on every HTTP answer."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def sending(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []),
                                                  *SAFETY_HEADERS]}
            await send(message)

        await self.app(scope, receive, sending)


def create_app(library_dir: Path | str, *, max_upload: int = MAX_UPLOAD,
               build_dir: Path | None = None, jobs: int = 0,
               shown_path: str | None = None,
               allowed_hosts: tuple[str, ...] | None = LOCAL_HOSTS) -> Starlette:
    """The app for the library in ``library_dir``; books build into
    ``build_dir/<book>/`` (default: ``<library>/build/<book>/``) with ``jobs`` PDF
    workers (0: one per core). ``shown_path`` is how the library's folder is written in
    the ``pamphlets build`` command the page shows. Requests must name one of
    ``allowed_hosts`` in their Host header (``None``: any, for a server open to the
    network)."""
    library = Library(Path(library_dir), build_dir)
    # one build at a time: each uses every core through the render pool, and pypdfium2
    # (the proof) and in-process renders must not run in two threads at once
    builds = Builds(workers=1)
    #: essay file -> the report of its import through this page (shown once it is added)
    reports: dict[str, str] = {}
    secret = secrets.token_bytes(32)
    env = Environment(loader=FileSystemLoader(str(templates_dir() / "web")),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    shown = shown_path if shown_path is not None else str(library_dir)

    # ------------------------------------------------------------------ helpers

    def csrf_token(request: Request) -> str:
        session = request.cookies.get(CSRF_COOKIE) or ""
        return hmac.new(secret, session.encode(), hashlib.sha256).hexdigest() if session else ""

    def check_csrf(request: Request, form) -> None:
        given, expected = str(form.get("csrf") or ""), csrf_token(request)
        if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            raise Refused(403, "this form has no valid CSRF token",
                          hint="reload the page and send the form again")

    def page(request: Request, template: str, code: int = 200, **values) -> HTMLResponse:
        session = request.cookies.get(CSRF_COOKIE)
        fresh = session is None
        if fresh:
            session = secrets.token_urlsafe(24)
        token = hmac.new(secret, session.encode(), hashlib.sha256).hexdigest()
        html = env.get_template(template).render(csrf=token, **values)
        response = HTMLResponse(html, status_code=code)
        if fresh:
            response.set_cookie(CSRF_COOKIE, session, httponly=True, samesite="strict")
        return response

    async def read_form(request: Request, limit: int = 1024 * 1024):
        """The request's form, refusing a body over ``limit`` bytes before parsing it."""
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_large(limit)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise too_large(limit)
        sent = False

        async def replay():
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        try:
            return await Request(request.scope, replay).form(max_part_size=limit)
        except HTTPException as error:  # a malformed multipart body
            raise ConfigError(f"the form cannot be read ({error.detail})",
                              hint="send it again from the page") from None

    def too_large(limit: int) -> Refused:
        return Refused(413, f"the upload is larger than {limit // 1024 // 1024 or 1} MB"
                       if limit >= 1024 * 1024 else f"the upload is larger than {limit} bytes",
                       hint="upload a smaller file, or start 'pamphlets serve' with a "
                            "larger --max-upload")

    def choices() -> dict:
        return {"page_sizes": sorted(PAGE_SIZES), "notes_modes": NOTES_MODES,
                "looks": BUILTIN_STYLES, "layouts": LAYOUTS, "sheets": tuple(SHEETS),
                "default_page_size": DEFAULT_PAGE_SIZE,
                "help": {name: help_for(name) for name in
                         ("page_size", "notes", "styles", "impose", "sheet", "signature",
                          "bleed", "marks")}}

    def sizing(size: str, style: object, impose: str | None, signature) -> BuildContext:
        """The build's own decisions for what the estimate needs (page size, openings,
        imposition), from ``context.resolve``: a bad value is its ``ConfigError``."""
        return resolve(page_size_name=size,
                       styles=(style,) if style in BUILTIN_STYLES else (),
                       impose=impose or None,
                       signature=signature if impose == "booklet" else None)

    def entries_of(data: dict) -> list:
        """The manifest's essay entries (a path, or a table), whatever else it holds."""
        essays = data.get("essays")
        return [e for e in essays if isinstance(e, (str, dict))] \
            if isinstance(essays, list) else []

    def entry_key(entry) -> str:
        if isinstance(entry, str):
            return entry
        return str(entry.get("path") or entry.get("url") or "")

    def book_items(data: dict, by_name: dict[str, EssayInfo]) -> list[dict]:
        """The book's essays in order, each with what the page shows of it."""
        items = []
        for entry in entries_of(data):
            key = entry_key(entry)
            info = by_name.get(key)
            title = (entry.get("title") if isinstance(entry, dict) else None) or \
                (info.title if info else key)
            items.append({"key": key, "title": title, "info": info})
        return items

    def render_book(request: Request, name: str | None, data: dict, settings: dict,
                    query: str = "", added: str = "", problem: str = "") -> HTMLResponse:
        everything = library.essays()
        by_name = {e.name: e for e in everything}
        shown_essays = library.search(query) if query else everything
        items = book_items(data, by_name)
        size = str(data.get("page_size") or DEFAULT_PAGE_SIZE).lower()
        infos = [i["info"] for i in items if i["info"]]
        style = data.get("style", "classic")
        try:
            context = sizing(size, style, settings.get("impose"), settings.get("signature"))
        except ConfigError:  # a manifest edited by hand: the page still opens
            context = sizing(DEFAULT_PAGE_SIZE, style, None, None)
        guess = estimate(infos, context)
        job = builds.latest(name) if name else None
        last = library.last_build(name) if name else {}
        return page(
            request, "book.html.j2",
            name=name, data=data, items=items, picked={i["key"] for i in items},
            problem=problem,
            essays=shown_essays, query=query, added=added,
            added_report=reports.get(added, ""), books=library.books(),
            skipped=library.skipped, size=size, style=style if isinstance(style, str)
            else "custom", settings=settings, estimate=guess,
            page_size=context.page, job=job.as_json() if job else None,
            building=bool(job and job.active), last=last,
            downloads=[(kind, label) for kind, label in DOWNLOADS
                       if kind in last.get("outputs", {})],
            command=command_line(name, settings) if name else "",
            max_upload=max_upload, formats=sorted({f for f in EXTENSIONS.values()}),
            **choices())

    def command_line(name: str, settings: dict) -> str:
        """The ``pamphlets build`` command that builds the same book, with the library
        folder written as it was given to ``pamphlets serve``."""
        folder = shown.rstrip("/") or "."
        default_out = library.build_root == library.folder / "build"
        out_dir = f"{folder}/build/{name}" if default_out else str(library.build_root / name)
        words = ["pamphlets", "build", f"{folder}/{name}.toml", "--out-dir", out_dir]
        if settings.get("impose"):
            words += ["--impose", settings["impose"]]
            if settings.get("sheet"):
                words += ["--sheet", settings["sheet"]]
            if settings.get("signature") and settings["impose"] == "booklet":
                words += ["--signature", str(settings["signature"])]
        if settings.get("bleed"):
            words += ["--bleed", settings["bleed"]]
        if settings.get("marks"):
            words.append("--marks")
        return shlex.join(words)

    def read_settings(form) -> Settings:
        """The form's settings, each checked: a bad one is a ``ConfigError``."""
        def one(key: str, default: str = "") -> str:
            return " ".join(str(form.get(key) or default).split())

        size = one("page_size", DEFAULT_PAGE_SIZE).lower()
        if size not in PAGE_SIZES:
            raise ConfigError(f"unknown page size '{size}'", key="page_size",
                              hint="use one of: " + ", ".join(PAGE_SIZES))
        notes = one("notes", NOTES_MODES[0])
        if notes not in NOTES_MODES:
            raise ConfigError(f"unknown notes placement '{notes}'", key="notes",
                              hint="use " + " or ".join(NOTES_MODES))
        style = one("style", "classic")
        if style not in BUILTIN_STYLES and style != "custom":
            raise ConfigError(f"unknown look '{style}'", key="style",
                              hint="use " + " or ".join(BUILTIN_STYLES))
        impose = one("impose")
        if impose and impose not in LAYOUTS:
            raise ConfigError(f"unknown imposition '{impose}'", key="impose",
                              hint="use none, " + " or ".join(LAYOUTS))
        sheet = one("sheet")
        if sheet and sheet not in SHEETS:
            raise ConfigError(f"unknown sheet '{sheet}'", key="sheet",
                              hint="use " + " or ".join(SHEETS))
        signature = None
        if one("signature"):
            text = one("signature")
            if not text.isdigit() or int(text) < 4 or int(text) % 4:
                raise ConfigError(f"bad signature '{text}'", key="signature",
                                  hint="use a multiple of 4 such as 16, 20 or 32, or leave "
                                       "it empty for one folded group")
            signature = int(text)
        title = one("title") or "Untitled book"
        settings = Settings(title, one("subtitle"), one("editor"), size, notes, style,
                            impose, sheet, signature, one("bleed"), bool(form.get("marks")))
        # the rest of the checks are the build's own (the bleed's length, the look's file)
        from ..pipeline import resolve_context

        resolve_context(settings.options(library.build_root))
        return settings

    def new_order(form, data: dict) -> list:
        """The book's essays after the form: its order, less the essays unticked in the
        library, plus those newly ticked, then the button's move or removal."""
        entries = {entry_key(e): e for e in entries_of(data)}
        order = [str(k) for k in form.getlist("order")]
        picked = [str(k) for k in form.getlist("pick")]
        shown_names = {str(k) for k in form.getlist("shown")}
        keys: list[str] = []
        for key in order + picked:
            if key in keys or (key in shown_names and key not in picked):
                continue
            if key not in entries:
                library.essay_path(key)  # a name from the request: in the library, or 404
                entries[key] = {"path": key}
            keys.append(key)
        action = str(form.get("action") or "save")
        verb, _, target = action.partition(":")
        if verb in ("up", "down", "remove") and target in keys:
            at = keys.index(target)
            if verb == "remove":
                keys.pop(at)
            else:
                to = max(0, at - 1) if verb == "up" else min(len(keys) - 1, at + 1)
                keys.insert(to, keys.pop(at))
        elif verb not in ("save", "build", "up", "down", "remove"):
            raise ConfigError(f"unknown action '{action}'", key="action",
                              hint="use the page's buttons")
        return [entries[k] for k in keys]

    def apply(data: dict, settings: Settings, essays: list) -> dict:
        data = dict(data)
        data["title"] = settings.title
        for key in ("subtitle", "editor"):
            value = getattr(settings, key)
            if value:
                data[key] = value
            else:
                data.pop(key, None)
        data["page_size"], data["notes"] = settings.page_size, settings.notes
        if settings.style in BUILTIN_STYLES:
            data["style"] = settings.style
        data["essays"] = essays
        return data

    def start_build(name: str, settings: Settings) -> None:
        manifest = library.book_path(name)
        out_dir = library.build_dir(name)

        def run(progress: Progress) -> str:
            from .. import build
            from ..writers.print.proof import proof

            result = build(manifest, settings.options(out_dir, jobs), progress)
            outputs = {kind: path.name for kind, path in result.outputs.items()}
            warnings = [f"{n.reason}: {n.text}" for n in result.notices if n.kind == "warning"]
            if len(warnings) > 10:
                warnings = warnings[:10] + [f"and {len(warnings) - 10} more warnings"]
            pdf = result.outputs.get("pdf")
            if pdf is not None:
                sheet = pdf.with_name(f"{pdf.stem}-proof.png")
                try:  # the book is built: a contact sheet that fails is a warning
                    proof(pdf, sheet, page_width_px=110)
                    outputs["proof"] = sheet.name
                except PamphletError as error:
                    warnings.append(f"no contact sheet: {error.one_line()}")
            done = f"{result.pages} pages, built in {result.seconds:.1f} s"
            library.save_last_build(name, {"outputs": outputs, "pages": result.pages,
                                           "seconds": round(result.seconds, 1),
                                           "warnings": warnings, "summary": done,
                                           "instructions": result.print_instructions})
            return done

        builds.submit(name, run)

    # ------------------------------------------------------------------ routes

    async def index(request: Request) -> Response:
        query = request.query_params.get("q", "")
        added = request.query_params.get("added", "")
        return await run_in_threadpool(render_book, request, None, {"title": ""},
                                       {}, query, added)

    async def show_book(request: Request) -> Response:
        name = request.path_params["name"]
        query = request.query_params.get("q", "")
        added = request.query_params.get("added", "")

        def load():
            data, problem = library.read_book(name)
            return render_book(request, name, data, library.print_settings(name), query,
                               added, problem)

        return await run_in_threadpool(load)

    async def save_book(request: Request) -> Response:
        name = request.path_params.get("name")
        form = await read_form(request)
        check_csrf(request, form)

        def save() -> str:
            data = library.read_book(name)[0] if name else {}
            settings = read_settings(form)
            essays = new_order(form, data)
            if not essays:
                raise ConfigError("the book has no essays", key="essays",
                                  hint="tick at least one essay in the library")
            target = name or library.new_book_name(settings.title)
            library.write_book(target, apply(data, settings, essays))
            library.save_print_settings(target, settings.print_settings())
            if str(form.get("action")) == "build":
                start_build(target, settings)
            return target

        target = await run_in_threadpool(save)
        anchor = "#build" if str(form.get("action")) == "build" else ""
        return RedirectResponse(f"/books/{target}{anchor}", status_code=303)

    async def status(request: Request) -> Response:
        name = request.path_params["name"]
        library.book_path(name)
        job = builds.latest(name)
        return JSONResponse(job.as_json() if job else {"book": name, "state": "none"})

    async def download(request: Request) -> Response:
        name, kind = request.path_params["name"], request.path_params["kind"]
        if kind not in ("pdf", "print", "epub", "proof"):
            raise NotInLibrary(f"no download called '{kind}'",
                               hint="use pdf, print, epub or proof")
        path = library.output(name, kind)
        if kind == "proof":
            return FileResponse(path, media_type="image/png")
        return FileResponse(path, filename=path.name)

    async def manifest(request: Request) -> Response:
        name = request.path_params["name"]
        path = library.book_path(name)
        return FileResponse(path, media_type="application/toml", filename=path.name)

    async def estimate_json(request: Request) -> Response:
        params = request.query_params
        signature = params.get("signature", "")
        context = sizing(params.get("page_size", DEFAULT_PAGE_SIZE).lower(),
                         params.get("style", "classic"), params.get("impose") or None,
                         int(signature) if signature.isdigit() else None)

        def count():
            return estimate([library.essay(n) for n in params.getlist("essay")], context)

        guess = await run_in_threadpool(count)
        html = env.get_template("estimate.html.j2").render(estimate=guess)
        return JSONResponse({"pages": guess.pages, "sheets": guess.sheets,
                             "blanks": guess.blanks, "html": html.strip()})

    async def add_essay(request: Request) -> Response:
        form = await read_form(request, max_upload)
        check_csrf(request, form)
        book = str(form.get("book") or "")
        if book:
            library.book_path(book)
        upload, url = form.get("file"), str(form.get("url") or "").strip()

        def run() -> str:
            from ..fetch import WebOptions, is_url
            from ..importing import format_report, import_file, save
            from ..transforms.ids import slugify

            if url:
                if not is_url(url):  # a path here would read the server's own files
                    raise ConfigError("only a web address (http or https) can be fetched",
                                      key="url", hint="give an http(s):// address, or "
                                      "upload the file")
                result = import_file(url, web=WebOptions(library.build_root / ".cache" / "web"))
            elif upload is not None and getattr(upload, "filename", ""):
                original = Path(str(upload.filename).replace("\\", "/")).name
                suffix = Path(original).suffix.lower()
                if suffix not in EXTENSIONS:
                    raise ConfigError(f"cannot read '{original}': unknown kind of file",
                                      key="file", hint="upload one of: "
                                      + ", ".join(sorted(EXTENSIONS)))
                with tempfile.TemporaryDirectory() as folder:
                    source = Path(folder) / (slugify(Path(original).stem, "essay") + suffix)
                    source.write_bytes(upload.file.read())
                    result = import_file(source)
                    result = type(result)(**{**result.__dict__, "path": original})
            else:
                raise ConfigError("nothing to add", key="file",
                                  hint="choose a file to upload or give a URL")
            name = library.new_essay_name(result.essay.meta.title)
            save({library.folder / name: result.markdown}, [result], library.folder)
            # what the import found, dropped and changed, as `pamphlets import` reports it
            reports[name] = format_report(result)
            return name

        name = await run_in_threadpool(run)
        back = f"/books/{book}" if book else "/"
        return RedirectResponse(f"{back}?added={name}#library", status_code=303)

    # ------------------------------------------------------------------ errors

    def error_page(request: Request, status: int, line: str) -> Response:
        if request.url.path.endswith(("/status",)) or request.url.path == "/estimate":
            return JSONResponse({"error": line}, status_code=status)
        return page(request, "error.html.j2", status, status=status, line=line,
                    books=library.books())

    async def on_error(request: Request, error: Exception) -> Response:
        if isinstance(error, Refused):
            return error_page(request, error.status, error.one_line())
        if isinstance(error, NotInLibrary):
            return error_page(request, 404, error.one_line())
        if isinstance(error, PamphletError):
            return error_page(request, 400, error.one_line())
        raise error

    async def on_http(request: Request, error: HTTPException) -> Response:
        line = {404: "no such page", 405: "this page does not take that method"}.get(
            error.status_code, str(error.detail))
        return error_page(request, error.status_code, line)

    @asynccontextmanager
    async def lifespan(app):
        yield
        builds.shutdown()

    routes = [
        Route("/", index),
        Route("/books", save_book, methods=["POST"]),
        Route("/books/{name}", show_book),
        Route("/books/{name}", save_book, methods=["POST"]),
        Route("/books/{name}/status", status),
        Route("/books/{name}/files/{kind}", download),
        Route("/books/{name}/manifest", manifest),
        Route("/estimate", estimate_json),
        Route("/essays", add_essay, methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts),
                             www_redirect=False)] if allowed_hosts is not None else []
    app = Starlette(routes=routes, exception_handlers={PamphletError: on_error,
                                                        HTTPException: on_http},
                    middleware=middleware, lifespan=lifespan)
    app.add_middleware(_SafetyHeaders)
    app.state.library, app.state.builds = library, builds
    return app
