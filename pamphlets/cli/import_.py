"""``pamphlets import``: convert essays from other formats to clean Markdown."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..atomic import refuse_input
from ..errors import ConfigError
from ..fetch import WebOptions, is_url
from ..importing import format_report, import_file, report_json, save
from ..readers import FORMATS
from ..transforms.ids import slugify


def slug(title: str) -> str:
    """A file-name-safe slug of a title: the project's one slug rule, ``essay`` when empty."""
    return slugify(title, "essay")


def check_target(path: Path, force: bool, sources: list[Path], option: str) -> None:
    """Refuse, before anything is written, an output that is a folder, one of the
    sources, or (without ``force``) a file that exists. ``option`` names the option
    that chose ``path`` (``-o``)."""
    if path.exists() and path.is_dir():
        raise ConfigError(f"{path} is a directory", hint="name a file")
    refuse_input(path, sources, key="output" if option == "-o" else option.lstrip("-"),
                 hint=f"write to another file than the source (with {option})")
    if path.exists() and not force:
        raise ConfigError(f"{path} exists; not overwritten", hint="use --force to replace it")


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
    files are never overwritten without --force, a source never; the files are
    written all together or, on any error, none of them.

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
    local = [Path(src) for src in sources if not is_url(src)]
    results = [import_file(src if is_url(src) else Path(src), fmt, keep_all=keep_all, web=web)
               for src in sources]
    # every check first: a failed import writes nothing
    files: dict[Path, str] = {}
    outputs: dict[str, str] = {}
    for result in results:
        if out_dir:
            target = out_dir / (slug(result.essay.meta.title) + ".md")
            if target in files:
                raise ConfigError(f"two sources would both be written to {target}",
                                  hint="import one of them separately with -o")
            check_target(target, force, local, "--out-dir")
        elif output:
            target = output
            check_target(target, force, local, "-o")
        else:
            continue
        files[target] = result.markdown
        outputs[result.path] = str(target)
    # the text report goes to --report FILE, else to stderr; a FILE.json gets the JSON
    # report, and the text report still goes to stderr
    text = None if quiet else "\n\n".join(format_report(r) for r in results) + "\n"
    as_json = report_file is not None and report_file.suffix.lower() == ".json"
    if report_file and (as_json or text is not None):
        if report_file in files:
            raise ConfigError(f"the report and an essay would both be written to {report_file}",
                              hint="give --report another file")
        check_target(report_file, True, local, "--report")
        files[report_file] = text if not as_json else json.dumps(
            report_json(results, outputs), ensure_ascii=False, indent=2) + "\n"

    save(files, results, folder)
    if not (out_dir or output):
        click.echo(results[0].markdown, nl=False)
    if text is not None and (as_json or not report_file):
        click.echo(text, err=True, nl=False)
