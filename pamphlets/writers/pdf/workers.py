"""Worker processes for the PDF render, grown from one warmed-up process.

Importing WeasyPrint costs about 0.4 s of CPU, and a pool of N forked workers would
pay it N times. ``WorkerPool`` forks one *seed* process from the parent as soon as a
build starts; the seed runs ``warm`` (imports WeasyPrint, loads the fonts) while the parent
reads the essays, then forks the other workers from itself, so they start warm and share
its memory. Each worker talks to the parent over its own pipe: the parent sends an item,
the worker sends back ``(True, result)`` or ``(False, exception)``.

``WorkerPool.run`` takes the items as an iterable and starts on the first ones while the
parent is still producing the rest; once every worker is busy it takes all the remaining
items and hands them out largest first (``size``), which keeps the workers evenly loaded
at the end.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from ...errors import BuildError


def _close_all(conns: Iterable[Connection], keep: Connection | None = None) -> None:
    for conn in conns:
        if conn is not keep:
            conn.close()


def _serve(conn: Connection, task: Callable[[Any], Any]) -> None:
    """A worker's loop: items in, results out, until the parent hangs up."""
    try:
        while True:
            try:
                item = conn.recv()
            except EOFError:
                return
            try:
                reply = (True, task(item))
            except Exception as error:  # handed to the parent, which raises it
                reply = (False, _portable(error))
            try:
                conn.send(reply)
            except (pickle.PicklingError, TypeError, AttributeError):
                conn.send((False, RuntimeError(f"{type(reply[1]).__name__}: {reply[1]}")))
    except (KeyboardInterrupt, BrokenPipeError, ConnectionResetError):
        return  # the parent reports an interruption; a vanished parent needs no reply


def _portable(error: Exception) -> Exception:
    """``error`` if it survives pickling both ways, else a ``RuntimeError`` naming it."""
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:  # noqa: BLE001 - any failure to rebuild means: send its text
        return RuntimeError(f"{type(error).__name__}: {error}")


def _seed(parent_ends: list[Connection], worker_ends: list[Connection],
          task: Callable[[Any], Any], warm: Callable[..., None] | None, warm_args: tuple) -> None:
    """The first worker: warm up, fork the others from this warm state, then work."""
    _close_all(parent_ends)
    try:
        if warm is not None:
            warm(*warm_args)
    except KeyboardInterrupt:
        return
    except Exception:  # noqa: BLE001 - the first item meets the same failure and reports it
        pass
    children = []
    for conn in worker_ends[1:]:
        pid = os.fork()
        if pid == 0:
            try:
                _close_all(worker_ends, keep=conn)
                _serve(conn, task)
            finally:
                os._exit(0)
        children.append(pid)
        conn.close()
    _serve(worker_ends[0], task)
    worker_ends[0].close()
    for pid in children:
        try:
            os.waitpid(pid, 0)
        except (ChildProcessError, KeyboardInterrupt):
            pass


class WorkerError(BuildError):
    """A worker process ended without answering."""


class WorkerPool:
    """``size`` worker processes running ``task``; see the module's docstring."""

    def __init__(self, size: int, task: Callable[[Any], Any],
                 warm: Callable[..., None] | None = None, warm_args: tuple = ()):
        self.size = max(1, size)
        pairs = [multiprocessing.Pipe(duplex=True) for _ in range(self.size)]
        self._conns = [parent for parent, _ in pairs]
        worker_ends = [worker for _, worker in pairs]
        self._seed = multiprocessing.get_context("fork").Process(
            target=_seed, args=(self._conns, worker_ends, task, warm, warm_args),
            name="pamphlets-render", daemon=True)
        self._seed.start()
        _close_all(worker_ends)
        self._closed = False
        self._broken = False

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, exc_type, *exc) -> None:
        self.close(abort=exc_type is not None)

    def close(self, abort: bool = False) -> None:
        """Hang up on the workers and wait for them; ``abort``: do not wait for work
        in progress."""
        if self._closed:
            return
        self._closed = True
        _close_all(self._conns)
        if abort:
            self._seed.terminate()
        self._seed.join(timeout=None if not abort else 5)

    def run(self, items: Iterable[Any], size: Callable[[Any], int] | None = None
            ) -> Iterator[tuple[Any, Any]]:
        """``(item, result)`` for every item, in the order they finish. A run that does
        not finish (an error, or the caller stopping early) leaves replies in the pipes:
        the pool is then broken and refuses further runs."""
        if self._broken:
            raise WorkerError("the render workers were left mid-work by an earlier error",
                              hint="run the build again")
        self._broken = True
        source = iter(items)
        exhausted = False
        pending: list = []
        idle = list(self._conns)
        busy: dict[Connection, Any] = {}
        while True:
            while idle and (pending or not exhausted):
                if pending:
                    item = pending.pop(0)
                else:
                    try:
                        item = next(source)
                    except StopIteration:
                        exhausted = True
                        continue
                conn = idle.pop()
                try:
                    conn.send(item)
                except (BrokenPipeError, ConnectionResetError):
                    raise self._died() from None
                busy[conn] = item
            if not exhausted:  # every worker is busy: take the rest, largest first
                pending.extend(source)
                exhausted = True
                if size is not None:
                    pending.sort(key=size, reverse=True)
                continue
            if not busy:
                self._broken = False
                return
            for conn in wait(list(busy)):
                item = busy.pop(conn)
                try:
                    ok, result = conn.recv()
                except (EOFError, ConnectionResetError):
                    raise self._died() from None
                if not ok:
                    raise result
                idle.append(conn)
                yield item, result

    @staticmethod
    def _died() -> WorkerError:
        return WorkerError("a render worker ended without finishing its part",
                           hint="it may have run out of memory or been killed; "
                           "try again, or with --jobs 1")
