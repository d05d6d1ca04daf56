"""The book manifest (TOML): validated into a frozen ``Manifest``.

Every problem is collected first and reported together in one error, each naming the
file, the key and what was expected.
"""

from __future__ import annotations

import re
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .context import BUILTIN_STYLES, NOTES_MODES, OPENINGS
from .errors import ConfigError
from .fetch import is_url
from .metadata import not_a_real_date
from .model import BookMeta
from .pages import PAGE_SIZES
from .readers import FORMATS as READER_FORMATS
from .sources import NotReadable, file_kind, read_regular

#: key -> (expected type, what to say when it is wrong). One line of doc per key.
BOOK_KEYS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "title": (str, "the book's title"),
    "subtitle": (str, "a line under the title"),
    "editor": (str, "who put the book together"),
    "date": ((str, int), "the book's date, such as 2026 or 2026-05-01"),
    "lang": (str, "a language tag such as en, fr, zh-Hans"),
    "description": (str, "a paragraph for the back cover and the EPUB metadata"),
    "colophon": (str, "text for the colophon page"),
    "licence": (str, "the book's licence"),
    "license": (str, "the book's licence"),
    "identifier": (str, "a fixed identifier for the EPUB (otherwise derived from the title)"),
    "cover_image": (str, "an image for the EPUB cover, relative to the manifest"),
    "page_size": (str, "one of " + ", ".join(PAGE_SIZES)),
    "notes": (str, "essay (after each essay) or book (gathered at the back)"),
    "openings": (str, "right (essays open on a right-hand page) or any (on the next page)"),
    "style": ((str, list), "a built-in look (classic, zine) or a CSS file, or a list of them"),
    "templates": (str, "a folder of your own templates, relative to the manifest"),
    "styles": (str, "a folder of your own CSS files, relative to the manifest"),
    "essays": (list, "a list of essay paths or URLs (or tables with a 'path' or 'url' key)"),
}

#: essay-table key -> expected type
ESSAY_KEYS: dict[str, type | tuple[type, ...]] = {
    "path": str, "title": str, "subtitle": str, "author": (str, list), "date": (str, int),
    "source": str, "lang": str, "licence": str, "license": str, "translator": str,
    "format": str, "url": str,
}


@dataclass(frozen=True)
class EssayEntry:
    path: Path
    overrides: tuple[tuple[str, object], ...] = ()
    format: str | None = None
    #: an essay fetched from the web (``{ url = "..." }``); ``path`` is then unused
    url: str = ""


@dataclass(frozen=True)
class Manifest:
    path: Path
    #: the book's own metadata (title, editor, description ...), as the model keeps it
    book: BookMeta
    essays: tuple[EssayEntry, ...]
    page_size: str | None = None
    notes: str | None = None
    openings: str | None = None
    styles: tuple[str, ...] = ()
    template_dirs: tuple[Path, ...] = ()
    style_dirs: tuple[Path, ...] = ()


def _type_name(t) -> str:
    names = {str: "a string", int: "a number", list: "a list", dict: "a table"}
    if isinstance(t, tuple):
        return " or ".join(names.get(x, x.__name__) for x in t)
    return names.get(t, t.__name__)


def _syntax_error(path: Path, exc: tomllib.TOMLDecodeError) -> ConfigError:
    text = str(exc)
    match = re.search(r"\(at line (\d+), column (\d+)\)", text)
    line = int(match.group(1)) if match else None
    what = re.sub(r"\s*\(at line.*\)", "", text)
    return ConfigError(f"TOML syntax error: {what}", path=str(path), line=line,
                       hint="fix the TOML at that line (strings need quotes)")


def _printable(text: str) -> str:
    """``text`` with newlines and other unprintable characters escaped, to keep one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _long_number_line(text: str) -> int | None:
    """The line of the first run of a thousand digits, if there is one."""
    found = re.search(r"[0-9a-fA-F_]{1000,}", text)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _date_problem(value) -> str | None:
    """What is wrong with a ``date`` value (a string or a year), if anything."""
    if isinstance(value, int) and not isinstance(value, bool) and not 1 <= value <= 9999:
        return "expected a year from 1 to 9999"
    if isinstance(value, str) and not_a_real_date(value):
        return f"not a real date: {value!r}; write it as YYYY-MM-DD"
    return None


def _path_problem(path: Path) -> str | None:
    """Why ``path`` is not a readable file (``None`` when it is one)."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISREG(mode):
            return None
        return f"is {file_kind(mode)}, not a file"
    except (FileNotFoundError, ValueError):  # ValueError: a NUL character in the path
        return "not found"
    except OSError as exc:  # a name too long, a loop of links...
        return f"cannot be opened ({exc.strerror or exc})"


def load_manifest(path: Path | str) -> Manifest:
    path = Path(path)
    problem = _path_problem(path)
    if problem:
        raise ConfigError(f"manifest {problem}", path=str(path),
                          hint="give the path of a .toml manifest")
    raw = b""
    try:
        raw = read_regular(path)
        data = tomllib.loads(raw.decode("utf-8"))
    except NotReadable as exc:
        raise ConfigError(f"manifest {exc.what}", path=str(path), hint=exc.hint) from None
    except OSError as exc:
        raise ConfigError(f"manifest cannot be read ({exc.strerror or exc})", path=str(path),
                          hint="check its permissions") from None
    except UnicodeDecodeError:
        raise ConfigError("manifest is not UTF-8 text", path=str(path),
                          hint="save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(path, exc) from None
    except RecursionError:
        raise ConfigError("TOML nested too deeply to read", path=str(path),
                          hint="flatten the nested arrays or tables") from None
    except ValueError:  # tomllib's int() of thousands of digits
        raise ConfigError("a number too long to read", path=str(path),
                          line=_long_number_line(raw.decode("utf-8", "replace")),
                          hint="no value here needs more than a few digits; quote it if "
                               "it is text") from None
    return _validate(path, data)


def _validate(path: Path, data: dict) -> Manifest:
    problems: list[tuple[str, str]] = []
    for key, value in data.items():
        if key not in BOOK_KEYS:
            problems.append((key, "unknown key; known keys: " + ", ".join(sorted(BOOK_KEYS))))
        elif not isinstance(value, BOOK_KEYS[key][0]) or isinstance(value, bool):
            problems.append((key, f"expected {_type_name(BOOK_KEYS[key][0])}: "
                                  f"{BOOK_KEYS[key][1]}"))
    if _date_problem(data.get("date")):
        problems.append(("date", _date_problem(data["date"])))
    if "title" not in data:
        problems.append(("title", "missing: every book needs a title"))
    if "essays" not in data:
        problems.append(("essays", "missing: list the essay files"))
    if isinstance(data.get("page_size"), str) and data["page_size"].lower() not in PAGE_SIZES:
        problems.append(("page_size", f"unknown page size '{data['page_size']}'; use one of "
                                      + ", ".join(PAGE_SIZES)))
    if isinstance(data.get("notes"), str) and data["notes"] not in NOTES_MODES:
        problems.append(("notes", "expected " + " or ".join(f"'{m}'" for m in NOTES_MODES)))
    if isinstance(data.get("openings"), str) and data["openings"] not in OPENINGS:
        problems.append(("openings", "expected " + " or ".join(f"'{m}'" for m in OPENINGS)))
    style = data.get("style", ())
    styles = (style,) if isinstance(style, str) else \
        tuple(style) if isinstance(style, list) else ()  # a wrong type is reported above
    if not all(isinstance(s, str) for s in styles):
        problems.append(("style", "expected a string or a list of strings: "
                                  + BOOK_KEYS["style"][1]))
        styles = ()

    base = path.parent
    essays = []
    if isinstance(data.get("essays"), list):
        if not data["essays"]:
            problems.append(("essays", "the list is empty; name at least one essay"))
        for i, item in enumerate(data["essays"], start=1):
            entry = _essay_entry(base, item, f"essays[{i}]", problems)
            if entry is not None:
                essays.append(entry)

    dirs = {}
    for key in ("templates", "styles"):
        if isinstance(data.get(key), str):
            folder = base / data[key]
            problem = _path_problem(folder)
            if problem != "is a folder, not a file":
                problems.append((key, f"folder not found: {data[key]!r}"))
                continue
            dirs[key] = (folder.resolve(),)

    resolved = []
    for name in styles:
        if name in BUILTIN_STYLES:
            resolved.append(name)
            continue
        css = _style_path(base, dirs, name)
        if css is None:
            problems.append(("style", f"style not found: {name!r}; use classic, zine or "
                                      "the path of a .css file"))
        else:
            resolved.append(str(css))

    if problems:
        key, what = problems[0]
        more = f" (and {len(problems) - 1} more: " + "; ".join(
            f"'{k}': {w}" for k, w in problems[1:]) + ")" if len(problems) > 1 else ""
        raise ConfigError(_printable(what + more), path=str(path), key=_printable(key),
                          hint="see 'pamphlets build --help' for the manifest keys")

    book = BookMeta(
        title=data["title"], subtitle=data.get("subtitle", ""), editor=data.get("editor", ""),
        date=str(data.get("date", "")), lang=data.get("lang", "en"),
        description=data.get("description", ""), colophon=data.get("colophon", ""),
        licence=data.get("licence", data.get("license", "")),
        identifier=data.get("identifier", ""),
        cover_image=str(base / data["cover_image"]) if data.get("cover_image") else "",
    )
    return Manifest(
        path=path, book=book, essays=tuple(essays), page_size=data.get("page_size"), notes=data.get("notes"),
        openings=data.get("openings"), styles=tuple(resolved),
        template_dirs=dirs.get("templates", ()), style_dirs=dirs.get("styles", ()),
    )


def _style_path(base: Path, dirs: dict, name: str) -> Path | None:
    """A CSS file named in the manifest: in the ``styles`` folder, else by the manifest."""
    if not name.lower().endswith(".css"):
        return None
    for candidate in [folder / name for folder in dirs.get("styles", ())] + [base / name]:
        if _path_problem(candidate) is None:
            return candidate.resolve()
    return None


def _essay_entry(base: Path, item, where: str, problems) -> EssayEntry | None:
    if isinstance(item, str):
        item = {"url": item} if is_url(item) else {"path": item}
    if not isinstance(item, dict):
        problems.append((where, "expected a path or a table with a 'path' key"))
        return None
    overrides = []
    for key, value in item.items():
        if key not in ESSAY_KEYS:
            problems.append((f"{where}.{key}", "unknown key; known keys: "
                             + ", ".join(sorted(ESSAY_KEYS))))
        elif not isinstance(value, ESSAY_KEYS[key]) or isinstance(value, bool):
            problems.append((f"{where}.{key}", f"expected {_type_name(ESSAY_KEYS[key])}"))
        elif key == "date" and _date_problem(value):
            problems.append((f"{where}.date", _date_problem(value)))
        elif key == "author" and isinstance(value, list) and \
                not all(isinstance(name, str) for name in value):
            problems.append((f"{where}.author", "expected a string or a list of strings"))
        elif key == "format" and value not in READER_FORMATS:
            problems.append((f"{where}.format", f"unknown input format '{value}'; use one of "
                             + ", ".join(READER_FORMATS)))
        elif key not in ("path", "format", "url"):
            overrides.append((key, value))
    if "url" in item:
        return _url_entry(item, tuple(overrides), where, problems)
    if not isinstance(item.get("path"), str):
        problems.append((where, "missing 'path'"))
        return None
    essay_path = base / item["path"]
    problem = _path_problem(essay_path)
    if problem:
        problems.append((where, f"essay {problem}: {item['path']!r}"))
        return None
    return EssayEntry(essay_path, tuple(overrides), item.get("format"))


def _url_entry(item: dict, overrides: tuple, where: str, problems) -> EssayEntry | None:
    """``{ url = "https://..." }``: an essay fetched when the book is built (and cached)."""
    url = item["url"]
    if "path" in item:
        problems.append((where, "give either 'path' or 'url', not both"))
        return None
    if not isinstance(url, str):
        return None  # its type is already reported
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        problems.append((f"{where}.url", f"expected an http or https address: {url!r}"))
        return None
    return EssayEntry(Path(), overrides, item.get("format"), url=url.strip())
