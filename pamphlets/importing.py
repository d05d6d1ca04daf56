"""Importing: any supported input file to clean Markdown, with a report of what was done.

``import_file`` reads a file with the right reader and writes the essay back out as
Markdown; ``save`` writes imported essays (and a fetched page's images) all together or
not at all, for every front end that keeps them; ``format_report`` says, in a few lines, what was found (metadata, headings, notes)
and lists everything that was dropped or changed, grouped by kind, with its reason.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from .accounting import WordAccount, account, check
from .atomic import atomic_write, os_error
from .fetch import WebOptions, WebPage, copy_images
from .model import Essay, Heading, Notice, plain_text
from . import transforms
from .loading import load_essay
from .transforms.walk import note_refs
from .writers.markdown import write_markdown

#: the order and titles of the notice groups in the report
GROUPS = (("dropped", "Dropped"), ("caption", "Captions"), ("duplicate", "Duplicates"),
          ("warning", "Warnings"), ("info", "Notes on the conversion"))


@dataclass(frozen=True)
class ImportResult:
    essay: Essay
    markdown: str
    notices: tuple[Notice, ...]
    format: str
    encoding: str
    path: str = ""
    #: where the source's words went (kept, dropped by reason, unaccounted)
    words: WordAccount | None = None
    #: the fetched page, when the source was a URL (its images go next to the Markdown)
    page: WebPage | None = None


#: transforms left out of an import
IMPORT_SKIPS = ("typography", "break-long-words", "heading-ids")


def import_file(path: Path | str, fmt: str | None = None, keep_all: bool = False,
                web: WebOptions | None = None) -> ImportResult:
    """Read ``path`` or a URL (format detected unless given) and convert it to Markdown."""
    loaded = load_essay(path, fmt, keep_all=keep_all, web=web)
    # The Markdown keeps the author's characters and words: only cleanup and note
    # numbering run here; typography and line-breaking belong to the build.
    result = transforms.apply(loaded.result, skip=IMPORT_SKIPS)
    words = account(loaded.source_words, result)
    notices = result.notices + check(words, str(path), strict=False)
    return ImportResult(result.essay, write_markdown(result.essay), notices,
                        loaded.format, loaded.encoding, str(path), words, loaded.page)


def save(files: dict[Path, str], results: list[ImportResult], folder: Path) -> None:
    """Write each text to its file and copy the images of every fetched page into
    ``folder``/images: each file goes to a temporary one first, and all are moved into
    place together once every one is written, so an error leaves nothing half done."""
    with ExitStack() as stack:
        for target, text in files.items():
            temp = stack.enter_context(atomic_write(target))
            try:
                temp.write_bytes(text.encode("utf-8"))
            except OSError as error:
                raise os_error(error, target) from error
        for result in results:
            if result.page:
                copy_images(result.page, folder)


def format_report(result: ImportResult) -> str:
    """A short human report of one import."""
    essay, meta = result.essay, result.essay.meta
    lines = [f"{result.path or essay.origin or 'input'}: {result.format}, {result.encoding}"]
    for label, value in (("title", meta.title), ("subtitle", meta.subtitle),
                         ("author", ", ".join(meta.authors)), ("date", meta.date),
                         ("source", meta.source), ("lang", meta.lang),
                         ("translator", meta.translator), ("licence", meta.licence)):
        if value:
            lines.append(f"  {label}: {value}")
    heads = [b for b in essay.blocks if isinstance(b, Heading)]
    lines.append(f"  headings: {len(heads)}")
    lines.extend(f"    {'  ' * (h.level - 1)}{plain_text(h.inlines)}" for h in heads[:40])
    if len(heads) > 40:
        lines.append(f"    ... and {len(heads) - 40} more")
    refs = note_refs(essay.blocks) + note_refs(tuple(b for n in essay.notes for b in n.blocks))
    ids = {n.id for n in essay.notes}
    matched = len(ids & set(refs))
    lines.append(f"  notes: {len(essay.notes)} ({matched} matched to references)")
    if result.words is not None and result.words.source:
        lines.append(f"  words: {result.words.summary()}")
        lines.extend(f"    dropped, {reason}: {n:,}" for reason, n in result.words.dropped)
    for kind, title in GROUPS:
        group = [n for n in result.notices if n.kind == kind]
        if group:
            lines.append(f"  {title}: {len(group)}")
            lines.extend("    " + _notice_line(n) for n in group)
    others = [n for n in result.notices if n.kind not in dict(GROUPS)]
    lines.extend("    " + _notice_line(n) for n in others)
    return "\n".join(lines)


def _notice_line(notice: Notice) -> str:
    where = f"line {notice.line}: " if notice.line else ""
    text = " ".join(notice.text.split())
    if len(text) > 70:
        text = text[:67] + "..."
    return where + notice.reason + (f": {text!r}" if text else "")


def report_json(results: list[ImportResult], outputs: dict[str, str] | None = None) -> dict:
    """The import report as JSON-ready data; the schema is in docs/import-report.md."""
    outputs = outputs or {}
    items = []
    for result in results:
        essay, meta = result.essay, result.essay.meta
        refs = note_refs(essay.blocks) + note_refs(tuple(b for n in essay.notes for b in n.blocks))
        matched = len({n.id for n in essay.notes} & set(refs))
        words = result.words
        items.append({
            "source": result.path,
            "output": outputs.get(result.path),
            "format": result.format,
            "encoding": result.encoding,
            "metadata": {"title": meta.title, "subtitle": meta.subtitle,
                         "authors": list(meta.authors), "date": meta.date,
                         "source": meta.source, "lang": meta.lang,
                         "translator": meta.translator, "licence": meta.licence},
            "headings": [plain_text(b.inlines) for b in essay.blocks if isinstance(b, Heading)],
            "notes": {"count": len(essay.notes), "matched": matched},
            "words": words.as_json() if words is not None else None,
            "status": (words.problem or "ok") if words is not None else "ok",
            "notices": [{"kind": n.kind, "reason": n.reason, "text": n.text,
                         "line": n.line, "words": n.words} for n in result.notices],
        })
    return {"schema": "pamphlets-import-report", "version": 1, "imports": items}
