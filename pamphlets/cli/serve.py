"""``pamphlets serve``: the bookbuilder in the browser, for a folder of essays."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import click

from ..errors import ConfigError


@click.command("serve")
@click.argument("library", required=False, default="seeds",
                type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but this machine's own (such as "
                   "0.0.0.0) lets others on the network use it.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@click.option("--allowed-host", "allowed", multiple=True, metavar="NAME",
              help="With a --host other than this machine's own: one more name or address "
                   "the page may be reached by (repeat it; '*' allows any, which gives up "
                   "the guard against DNS rebinding).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in a browser.")
@click.option("--max-upload", default=10, show_default=True, type=click.IntRange(1, 1024),
              metavar="MB", help="Largest essay file that can be uploaded, in MB.")
def command(library: Path, host: str, port: int, allowed: tuple[str, ...],
            open_browser: bool, max_upload: int):
    """Pick essays from LIBRARY (default: seeds/), order them and build the PDF and EPUB
    in a web page on this machine.

    Books are saved as manifests (BOOK.toml) in LIBRARY, and built into
    LIBRARY/build/BOOK/; each one also builds with 'pamphlets build LIBRARY/BOOK.toml'.

    \b
    Examples:
      pamphlets serve
      pamphlets serve ~/essays --port 8080 --open
    """
    import uvicorn

    from ..web import create_app
    from ..web.hosts import is_local, machine_names

    if not library.is_dir():
        raise ConfigError("the library folder does not exist", path=str(library),
                          hint="give a folder of essays, such as seeds/")
    local = is_local(host)
    # a request must name this machine as the browser reached it: a web page that rebinds
    # its own name to this address (DNS rebinding) is refused
    names = machine_names(host) + tuple(allowed)
    app = create_app(library, max_upload=max_upload * 1024 * 1024, shown_path=str(library),
                     allowed_hosts=None if "*" in names else names)
    if not local:
        click.echo(f"warning: listening on {host}: anyone who can reach this machine on "
                   f"port {port} can read the library and add to it; use --host 127.0.0.1 "
                   "to keep it to this machine", err=True)
        if "*" not in names:
            click.echo("pamphlets: the page answers to " + ", ".join(names) + "; add "
                       "--allowed-host NAME for another name of this machine", err=True)
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"
    click.echo(f"pamphlets: serving {library} at {address} (Ctrl-C to stop)")
    if open_browser:
        webbrowser.open(address)
    uvicorn.run(app, host=host, port=port, log_level="warning")
