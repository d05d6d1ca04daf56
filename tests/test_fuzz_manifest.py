"""Property tests: the manifest loader and the source decoder never crash.

Whatever TOML text (random, or a good manifest mutated) and whatever bytes they get,
they return a result or raise a ``PamphletError``: never anything else.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from pamphlets.errors import PamphletError, ReadError
from pamphlets.manifest import BOOK_KEYS, ESSAY_KEYS, Manifest, load_manifest
from pamphlets.sources import SourceText, decode, load

FUZZ = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

GOOD = '''title = "Paper and Persuasion"
subtitle = "Three short essays"
date = 2026
page_size = "a5"
notes = "book"
style = ["classic", "extra.css"]
templates = "tpl"
essays = [
  "a.md",
  { path = "b.txt", title = "Better", author = ["A. Writer", "B. Writer"] },
]
[meta]
x = 1
'''


@pytest.fixture
def folder(tmp_path):
    """A folder with the files ``GOOD`` names, so mutations reach the deeper checks."""
    (tmp_path / "a.md").write_text("---\ntitle: A\n---\n\nText.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("B\n\nText.\n", encoding="utf-8")
    (tmp_path / "extra.css").write_text("p { color: black; }\n", encoding="utf-8")
    (tmp_path / "tpl").mkdir()
    return tmp_path


def check_manifest(folder: Path, text: str | bytes) -> None:
    path = folder / "book.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        manifest = load_manifest(path)
    except PamphletError as error:
        message = error.format_message()
        assert "\n" not in message and str(path) in message
        return
    assert isinstance(manifest, Manifest)
    assert isinstance(manifest.book.title, str) and manifest.essays
    assert all(entry.path.is_file() for entry in manifest.essays)


# one mutation: (where in the text, how much to cut, what to insert)
mutation = st.tuples(st.floats(0, 1), st.integers(0, 12),
                     st.text(alphabet=st.sampled_from('"\'[]{}=,.\n\\# \tax0-+:'
                                                      "\u00e9\x00\x7f\ud800"),
                             max_size=6))


@FUZZ
@given(st.lists(mutation, min_size=1, max_size=6))
def test_mutated_manifest(folder, mutations):
    text = GOOD
    for where, cut, insert in mutations:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut:]
    check_manifest(folder, text)


@FUZZ
@given(st.text(max_size=300))
def test_random_text(folder, text):
    check_manifest(folder, text)


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_as_manifest(folder, data):
    check_manifest(folder, data)


def toml_value(value) -> str:
    """A small TOML writer for the generated values (strings, numbers, lists, tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if value == value and abs(value) != float("inf") else "nan"
    if isinstance(value, str):
        escaped = "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}"
                          for c in value if not 0xD800 <= ord(c) <= 0xDFFF)
        return f'"{escaped}"'
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f'"{k}" = {toml_value(v)}' for k, v in value.items()) + "}"


names = st.sampled_from(sorted(BOOK_KEYS) + ["colour", "", "essays\n", "é"])
essay_keys = st.sampled_from(sorted(ESSAY_KEYS) + ["colour"])
scalars = (st.sampled_from(["a.md", "b.txt", "extra.css", "tpl", ".", "", "classic",
                            "zine", "a5", "b5", "book", "md", "docx", "x" * 300, "a\x00"])
           | st.text(max_size=10) | st.integers(-3, 3) | st.booleans()
           | st.floats(allow_nan=True))
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(essay_keys, inner, max_size=3),
    max_leaves=8)


@FUZZ
@given(st.dictionaries(names, values, max_size=8))
def test_generated_manifest(folder, data):
    text = "\n".join(f'"{toml_value(k)[1:-1]}" = {toml_value(v)}' for k, v in data.items())
    check_manifest(folder, text + "\n")


@FUZZ
@given(st.binary(max_size=2000))
def test_decode_any_bytes(data):
    source = decode(data, Path("essay.txt"))
    assert isinstance(source, SourceText) and isinstance(source.text, str)
    source.text.encode("utf-8")  # strict: no lone surrogates reach the readers
    try:
        expected = data.decode("utf-8")
    except UnicodeDecodeError:
        assert source.notices or source.encoding != "utf-8"
    else:
        if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
            assert source.text == expected and not source.notices


@FUZZ
@given(st.binary(max_size=2000)
       | st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_load_any_file(tmp_path, data):
    path = tmp_path / "essay.md"
    path.write_bytes(data)
    try:
        source = load(path)
    except ReadError as error:
        assert str(path) in error.format_message()
        assert not data.strip() or b"\x00" in data
        return
    assert isinstance(source.text, str) and source.path == path
