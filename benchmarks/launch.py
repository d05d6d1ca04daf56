"""Run one Python command and record its peak memory, split into itself and its children.

    python launch.py STATS.json -m MODULE [ARGS...]
    python launch.py STATS.json -c CODE [ARGS...]

behaves like ``python -m MODULE ARGS`` or ``python -c CODE ARGS``; when the command
exits (normally or through ``sys.exit``) it writes ``{"self_kb": ..., "children_kb": ...}``
to STATS.json: the peak resident set size of this process, and the largest peak among the
child processes it has waited for (the PDF writer's render workers). The wait4 rusage seen
by the benchmark only gives the larger of the two.
"""

from __future__ import annotations

import atexit
import json
import os
import resource
import runpy
import sys


def _report(path: str, pid: int) -> None:
    if os.getpid() != pid:  # a forked worker that somehow ran the exit hooks
        return
    mine = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"self_kb": mine, "children_kb": children}, f)


def main() -> None:
    stats, mode, target, *rest = sys.argv[1:]
    atexit.register(_report, stats, os.getpid())
    if mode == "-m":
        sys.argv = [target, *rest]
        sys.path[0] = os.getcwd()  # as ``python -m`` does
        runpy.run_module(target, run_name="__main__", alter_sys=True)
    elif mode == "-c":
        sys.argv = ["-c", *rest]
        sys.path[0] = ""
        exec(compile(target, "<string>", "exec"), {"__name__": "__main__"})
    else:
        raise SystemExit(f"launch.py: expected -m or -c, not {mode!r}")


if __name__ == "__main__":
    main()
