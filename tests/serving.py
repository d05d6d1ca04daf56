"""A real ``pamphlets serve`` (uvicorn) on a free port of 127.0.0.1, in a thread, over a
copy of the seeds: for the browser tests, the screenshots and the serve benchmark."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def copy_seeds(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in SEEDS.iterdir():
        if path.is_file():
            shutil.copy(path, folder / path.name)
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(library: Path, *, seeds: bool = True, **options) -> Iterator[str]:
    """Serve ``library`` (a copy of the seeds unless ``seeds=False``); yields its address."""
    import uvicorn

    from pamphlets.web import create_app

    if seeds:
        copy_seeds(library)
    port = free_port()
    config = uvicorn.Config(create_app(library, **options), host="127.0.0.1", port=port,
                            log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=60)
