"""Builds off the request path: a small queue of jobs, one lock per book.

``Builds.submit(book, run)`` starts ``run(progress)`` on a worker thread and returns the
job at once; the page polls ``Builds.latest(book)`` for its state and progress (the
pipeline's ``progress(done, total, pages, part)`` callback writes into the job). Two builds
of one book wait for each other (the book's lock), builds of different books may run
side by side. A failed build keeps its one-line message; the pipeline's all-or-nothing
writes leave the earlier outputs as they were.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ..errors import PamphletError, unexpected_error

Progress = Callable[[int, int, int, str], None]


@dataclass
class Job:
    book: str
    number: int
    state: str = "queued"  # queued, running, done, failed
    done: int = 0
    total: int = 0
    pages: int = 0
    part: str = ""
    message: str = ""
    queued_at: float = field(default_factory=time.monotonic)
    started_at: float = 0.0
    finished_at: float = 0.0

    def progress(self, done: int, total: int, pages: int, part: str) -> None:
        self.done, self.total, self.pages, self.part = done, total, pages, part

    @property
    def active(self) -> bool:
        return self.state in ("queued", "running")

    def as_json(self) -> dict:
        end = self.finished_at or time.monotonic()
        return {"book": self.book, "job": self.number, "state": self.state,
                "done": self.done, "total": self.total, "pages": self.pages,
                "part": self.part, "message": self.message,
                "seconds": round(end - self.started_at, 1) if self.started_at else 0.0}


class Builds:
    def __init__(self, workers: int = 2):
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="build")
        self._locks: dict[str, threading.Lock] = {}
        self._latest: dict[str, Job] = {}
        self._guard = threading.Lock()
        self._count = 0

    def submit(self, book: str, run: Callable[[Progress], str]) -> Job:
        """Queue ``run`` for ``book``; it returns a line to show when it is done. A build
        of the book that is still waiting to start is that build (a second click on
        Build does not queue the same book twice)."""
        with self._guard:
            waiting = self._latest.get(book)
            if waiting is not None and waiting.state == "queued":
                return waiting
            self._count += 1
            job = Job(book, self._count)
            self._latest[book] = job
            lock = self._locks.setdefault(book, threading.Lock())
        self._pool.submit(self._run, job, lock, run)
        return job

    def latest(self, book: str) -> Job | None:
        with self._guard:
            return self._latest.get(book)

    def _run(self, job: Job, lock: threading.Lock, run: Callable[[Progress], str]) -> None:
        with lock:  # one build of a book at a time
            job.state, job.started_at = "running", time.monotonic()
            try:
                job.message = run(job.progress)
                job.state = "done"
            except PamphletError as error:
                job.message, job.state = error.one_line(), "failed"
            except Exception as error:  # a bug: still one line on the page
                job.message, job.state = unexpected_error(error, "build").one_line(), "failed"
            finally:
                job.finished_at = time.monotonic()

    def shutdown(self, cancel_queued: bool = True) -> None:
        """Wait for the running builds; those still queued are dropped unless
        ``cancel_queued`` is false."""
        self._pool.shutdown(wait=True, cancel_futures=cancel_queued)
