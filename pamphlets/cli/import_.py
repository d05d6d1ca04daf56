"""``pamphlets import``: convert essays from other formats to clean Markdown."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..atomic import atomic_write_text
from ..errors import ConfigError
from ..fetch import WebOptions, copy_images, is_url
from ..importing import format_report, import_file, report_json
from ..readers import FORMATS
from ..transforms.ids import slugify


def slug(title: str) -> str:
    """A file-name-safe slug of a title: the project's one slug rule, ``essay`` when empty."""
    return slugify(title, "essay")


def write_atomic(path: Path, text: str, force: bool) -> None:
    """Write ``text`` to ``path`` with the project's atomic writer; an existing file only
    with ``force``."""
    if path.exists() and path.is_dir():
        raise ConfigError(f"{path} is a directory", hint="name a file")
    if path.exists() and not force:
        raise ConfigError(f"{path} exists; not overwritten", hint="use --force to replace it")
    atomic_write_text(path, text)


@click.command("import")
@click.argument("sources", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the Markdown to FILE (one source only). Default: standard output.")
@click.option("--out-dir", type=click.Path(path_type=Path, file_okay=False),
              help="Write one FILE per source into DIR, named after the title (TITLE-SLUG.md).")
@click.option("--from", "fmt", type=click.Choice(FORMATS),
              help="Input format (default: guessed from the extension and the content).")
@click.option("--force", is_flag=True, help="Overwrite output files that already exist.")
@click.option("--report", "report_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the import report to FILE instead of standard error "
                   "(as JSON when FILE ends in .json; see docs/import-report.md).")
@click.option("--keep-all", is_flag=True,
              help="Keep what would be dropped (licences, boilerplate, site leftovers).")
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Keep pages fetched from URLs in DIR (default: .cache/web in the output "
                   "folder).")
@click.option("--refresh", is_flag=True, help="Fetch URLs again even if they are in the cache.")
@click.option("-q", "--quiet", is_flag=True, help="Print no report.")
def command(sources, output, out_dir, fmt, force, report_file, keep_all, cache_dir, refresh,
            quiet):
    """Convert SOURCE files (text, HTML, Muse, TEI, Gutenberg, Markdown, or anything pandoc
    reads) to clean Markdown with YAML front matter and numbered footnotes.

    The report says what metadata, headings and notes were found and lists every
    line or block that was dropped, with the reason. With one SOURCE and no -o, the
    Markdown goes to standard output and the report to standard error. Existing
    files are never overwritten without --force.

    \b
    Examples:
      pamphlets import copied-from-web.txt -o essay.md
      pamphlets import page.html --from html > essay.md
      pamphlets import a.muse b.html c.txt --out-dir essays/ --report import.log
      pamphlets import https://example.org/essay.html -o essay.md

    \b
    A SOURCE may be an http(s) address: the page and its images are fetched once
    and kept in .cache/web/ in the output folder (the folder of -o FILE, --out-dir
    DIR, or the current folder), so importing again works offline; the images are
    copied into images/ next to the Markdown.
    """
    if len(sources) > 1 and not out_dir:
        raise ConfigError("several sources need --out-dir", hint="or import them one at a time with -o")
    if output and out_dir:
        raise ConfigError("use either -o or --out-dir, not both")
    folder = out_dir or (output.parent if output else Path("."))
    web = WebOptions(cache_dir or folder / ".cache" / "web", refresh=refresh)
    results = [import_file(src if is_url(src) else Path(src), fmt, keep_all=keep_all, web=web)
               for src in sources]
    reports = []
    written: set[Path] = set()
    outputs: dict[str, str] = {}
    for result in results:
        if out_dir:
            target = out_dir / (slug(result.essay.meta.title) + ".md")
            if target in written:
                raise ConfigError(f"two sources would both be written to {target}",
                                  hint="import one of them separately with -o")
            write_atomic(target, result.markdown, force)
            written.add(target)
            outputs[result.path] = str(target)
        elif output:
            write_atomic(output, result.markdown, force)
            outputs[result.path] = str(output)
        else:
            click.echo(result.markdown, nl=False)
        if result.page:
            copy_images(result.page, folder)
        reports.append(format_report(result))
    if report_file and report_file.suffix.lower() == ".json":
        data = json.dumps(report_json(results, outputs), ensure_ascii=False, indent=2)
        write_atomic(report_file, data + "\n", force=True)
        report_file = None
    if quiet:
        return
    report = "\n\n".join(reports) + "\n"
    if report_file:
        write_atomic(report_file, report, force=True)
    else:
        click.echo(report, err=True, nl=False)
