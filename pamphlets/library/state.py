"""What a library build remembers, to rebuild only what changed.

Each built text keeps a record, ``OUT_DIR/<slug>/.build.json``: its source, the
content hash of every file its build read (the source, a manifest's essays, images,
cover), the hash of the options and of everything every build depends on (the built-in
styles and templates, the package's code and version, the rendering libraries' versions), the files written, and the catalogue's
metadata. One record per text folder means shards writing into one output folder at the
same time never touch the same file. A text is up to date when its record's hashes are
those of today and every file it lists is there.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import atomic_write_text

RECORD = ".build.json"
#: the record's layout; a record of another layout is rebuilt
RECORD_VERSION = 1


def file_hash(path: str | Path) -> str | None:
    """The SHA-256 of a file's bytes, None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def tree_hash(*folders: Path, skip: tuple[str, ...] = ()) -> str:
    """One hash of every file under ``folders`` (names and bytes), less ``skip``'d
    sub-folders."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            relative = path.relative_to(folder).as_posix()
            if relative.split("/", 1)[0] in skip or "__pycache__" in relative:
                continue
            digest.update(f"{folder.name}/{relative}\0{file_hash(path)}\0".encode())
    return digest.hexdigest()


#: the libraries whose versions change the bytes of a build
RENDERERS = ("weasyprint", "pydyf", "pikepdf", "ebooklib", "pyphen", "pypdfium2", "pillow",
             "fontpkg-eb-garamond", "lxml", "markdown-it-py", "trafilatura")


def _code_hash() -> str:
    """One hash of the package's own code: a change to a reader, a transform or a
    writer (not only a new version number) builds every text again."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        if "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(package).as_posix()}\0{file_hash(path)}\0".encode())
    return digest.hexdigest()


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in RENDERERS:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = ""
    return found


def build_key(formats: tuple[str, ...], page_sizes: tuple[str, ...]) -> str:
    """The hash of what every text's build depends on besides its own files: the
    options, the built-in styles and templates (not the catalogue's), the package's own
    code and version, and the versions of the libraries that render."""
    from .. import __version__
    from ..resources import styles_dir, templates_dir

    things = {"formats": sorted(formats), "page_sizes": list(page_sizes),
              "version": __version__, "code": _code_hash(), "libraries": _versions(),
              "resources": tree_hash(styles_dir(), templates_dir(), skip=("library",))}
    return hashlib.sha256(json.dumps(things, sort_keys=True).encode()).hexdigest()


@dataclass
class Record:
    slug: str
    #: the source's path under the source folder
    name: str
    key: str
    #: file read by the build -> its hash
    inputs: dict[str, str | None] = field(default_factory=dict)
    #: the files of the text's folder, in the order the catalogue lists them
    files: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    pages: int = 0
    #: when the outputs were built (ISO 8601, UTC)
    built: str = ""

    def up_to_date(self, folder: Path, name: str, key: str) -> bool:
        return (self.name == name and self.key == key
                and all(file_hash(path) == digest for path, digest in self.inputs.items())
                and all((folder / f).is_file() for f in self.files))

    def save(self, folder: Path) -> None:
        data = {"record": RECORD_VERSION, **self.__dict__}
        atomic_write_text(folder / RECORD, json.dumps(data, indent=1, sort_keys=True) + "\n")


def load_record(folder: Path) -> Record | None:
    """The record of one text folder; None when there is none or it is unreadable."""
    try:
        data = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        if data.pop("record", None) != RECORD_VERSION:
            return None
        return Record(**data)
    except (OSError, ValueError, TypeError):
        return None


def load_records(out_dir: Path) -> dict[str, Record]:
    """slug -> record, for every text folder of the output folder."""
    records = {}
    if out_dir.is_dir():
        for folder in sorted(p for p in out_dir.iterdir() if p.is_dir()):
            record = load_record(folder)
            if record is not None and record.slug == folder.name:
                records[record.slug] = record
    return records
