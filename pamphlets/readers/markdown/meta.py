"""Essay metadata for the Markdown reader: YAML front matter, title, authors, date.

``front_matter`` loads the YAML block (a ``ReadError`` with a hint when it is invalid or
not a mapping of keys to values). It reads no aliases (``*name``): nine nested aliases in
600 bytes expand to hundreds of millions of values. A timestamp that is no real date
(``2024-13-45``) stays text, for the metadata transform to judge; ``essay_meta`` fills ``EssayMeta`` from the fields,
taking the title from the first level-1 heading when the front matter has none (and
dropping a first heading that repeats it), then from the file name.
"""

from __future__ import annotations

import datetime as _dt
import re

import yaml
from markdown_it.token import Token

from ...errors import ReadError
from ...model import EssayMeta, Heading, normalise_heading_levels, plain_text
from .state import State, notice


def _date(value) -> str:
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value).strip()
    if re.match(r"\d{4}-\d\d-\d\d[T ]", text):
        return text[:10]
    return text


def _names(value) -> tuple[str, ...]:
    if value in (None, ""):
        return ()
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or " ".join(str(v) for v in item.values())
        if str(item).strip():
            out.append(str(item).strip())
    return tuple(out)


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases, and with timestamps that are no real date
    kept as text instead of raising ``ValueError``."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, f"YAML aliases such as *{event.anchor} are not allowed",
                event.start_mark)
        return super().compose_node(parent, index)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:  # 2024-13-45, 2024-02-30
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)

#: front matter holds a few fields; more than this is not front matter
MAX_FRONT_MATTER = 100_000


def front_matter(state: State, token: Token) -> dict:
    """The front matter's fields, keys in lower case; a ``ReadError`` if it is not a mapping."""
    if len(token.content) > MAX_FRONT_MATTER:
        raise ReadError(f"front matter is over {MAX_FRONT_MATTER:,} characters",
                        path=state.path or None, line=1,
                        hint="keep the title, author, date and a few other fields between "
                             "the '---' lines, and the text after them")
    try:
        data = yaml.load(token.content, Loader=_Loader)  # noqa: S506 - a safe loader
    except ValueError as exc:  # a number too long to convert, say
        raise ReadError(f"front matter: a value cannot be read ({exc})",
                        path=state.path or None, line=1,
                        hint="fix the YAML between the '---' lines") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "invalid YAML"
        hint = ("write the value out in full, or quote it if the '*' is part of the text"
                if isinstance(exc, yaml.composer.ComposerError) and "alias" in problem
                else "fix the YAML between the '---' lines; quote values that contain ': ' "
                     "or start with a special character")
        raise ReadError(f"front matter: {problem}", path=state.path or None, line=line,
                        hint=hint) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ReadError("front matter is not a list of 'key: value' lines",
                        path=state.path or None, line=1,
                        hint="write e.g. 'title: My essay' between the '---' lines")
    return {str(k).lower(): v for k, v in data.items()}


def essay_meta(state: State, fields: dict, blocks: list) -> tuple[EssayMeta, list]:
    """The essay's metadata, and the blocks without a heading taken as (or repeating) the title."""
    def get(*keys) -> str:
        for key in keys:
            value = fields.get(key)
            if value not in (None, "", []):
                return str(value).strip()
        return ""

    title = get("title")
    state.line = None
    heads = [i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.level == 1]
    if heads and (heads[0] == 0 or len(heads) == 1):
        first = plain_text(blocks[heads[0]].inlines).strip()
        if not title:
            title = first
            del blocks[heads[0]]
            notice(state, "info", "title taken from the first heading", first)
        elif first == title and heads[0] == 0:
            del blocks[0]
            notice(state, "duplicate", "first heading repeats the title", first)
    blocks = list(normalise_heading_levels(blocks))
    authors = _names(fields.get("author")) or _names(fields.get("authors"))
    date = fields.get("date")
    meta = EssayMeta(
        title=title, subtitle=get("subtitle"), authors=authors,
        date=_date(date) if date not in (None, "") else "",
        source=get("source", "url", "link"), lang=get("lang", "language") or "en",
        licence=get("licence", "license", "rights"), translator=get("translator"),
        description=get("description", "summary"))
    return meta, blocks
