"""The texts of a library: every essay and manifest under the source folder.

Every file whose extension ``pamphlets import`` reads and every manifest (``*.toml``)
is one text (an essay that a manifest gathers into an anthology is also a book of its
own, as in an online library: each text, and each collection), except hidden files and folders, the output folder, and the
folder's own notes (README, LICENSE...). Each text gets a slug from its path under the
source folder (``essays/On Print.md`` -> ``essays-on-print``), unique in the library;
the order is the sorted order of those paths, so ``--shard`` picks the same texts on
every machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError

#: names in the output folder that the catalogue uses: no text's folder may take them
RESERVED = frozenset({"opds"})


@dataclass(frozen=True)
class Text:
    slug: str
    #: the manifest or essay, resolved
    source: Path
    #: its path under the source folder, with forward slashes
    name: str


def discover(source_dir: Path, out_dir: Path | None = None) -> list[Text]:
    """The library's texts in their stable order."""
    from ..readers import is_essay_name
    from ..transforms.ids import slugify

    source_dir = source_dir.resolve()
    if not source_dir.is_dir():
        raise ConfigError("the library's source folder does not exist or is not a folder",
                          path=str(source_dir), hint="give the folder that holds the essays")
    skip = out_dir.resolve() if out_dir is not None else None
    candidates = []
    for path in sorted(source_dir.rglob("*")):
        relative = path.relative_to(source_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if skip is not None and (path == skip or skip in path.parents):
            continue
        if (is_essay_name(path.name) or path.suffix.lower() == ".toml") and path.is_file():
            candidates.append(path)
    texts: list[Text] = []
    used: set[str] = set(RESERVED)
    for path in candidates:
        name = path.relative_to(source_dir).as_posix()
        base = slugify(name.rsplit(".", 1)[0].replace("/", "-"), "text")
        slug, n = base, 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        texts.append(Text(slug, path.resolve(), name))
    return texts


def shard(texts: list[Text], spec: str | None) -> list[Text]:
    """Every N-th text for ``--shard I/N`` (I from 1 to N), in the stable order."""
    if not spec:
        return texts
    index, count = parse_shard(spec)
    return [text for n, text in enumerate(texts) if n % count == index - 1]


def parse_shard(spec: str) -> tuple[int, int]:
    try:
        left, right = spec.split("/")
        index, count = int(left), int(right)
    except ValueError:
        index = count = 0
    if not 1 <= index <= count:
        raise ConfigError(f"bad shard '{spec}'", key="shard",
                          hint="give I/N with 1 <= I <= N, e.g. 2/4 for the second of four")
    return index, count
