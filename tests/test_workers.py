"""The render worker pool: warm once, fork the rest, stream items, report failures."""

from __future__ import annotations

import os
import time

import pytest

from pamphlets.writers.workers import WorkerError, WorkerPool

WARMED: dict[str, int] = {}


def warm(value: int) -> None:
    WARMED["value"] = value
    WARMED["pid"] = os.getpid()


def task(item):
    if item == "boom":
        raise ValueError("bad item")
    if item == "die":
        os._exit(3)
    if isinstance(item, float):
        time.sleep(item)
    return item, os.getpid(), WARMED.get("value"), WARMED.get("pid")


def test_every_item_comes_back_from_warm_workers():
    with WorkerPool(2, task, warm, (41,)) as pool:
        results = dict(pool.run([0.2, 0.2, 1, 2, 3, 4]))
    assert sorted(results, key=str) == sorted([0.2, 1, 2, 3, 4], key=str)
    pids = {pid for _item, pid, _value, _seed in results.values()}
    assert len(pids) == 2  # both workers took items
    seeds = {seed for _item, _pid, _value, seed in results.values()}
    values = {value for _item, _pid, value, _seed in results.values()}
    assert values == {41}  # the second worker was forked after the warm-up...
    assert len(seeds) == 1 and seeds <= pids  # ...from the first one
    assert os.getpid() not in pids


def test_items_are_taken_while_the_first_ones_run():
    pulled: list[float] = []

    def items():
        for item in (0.3, 0.3, 0.01):
            pulled.append(time.monotonic())
            yield item

    started = time.monotonic()
    with WorkerPool(2, task) as pool:
        done = [(item, time.monotonic()) for item, _result in pool.run(items())]
    # the third item was pulled before the first result came back
    assert pulled[2] < min(t for _item, t in done)
    assert {item for item, _t in done} == {0.3, 0.01}
    assert len(done) == 3 and started < pulled[0]


def test_remaining_items_go_out_largest_first():
    with WorkerPool(1, task) as pool:
        order = [item for item, _ in pool.run(["a", "ccc", "bb", "dddd"], size=len)]
    assert order[0] == "a"  # the first goes out at once; the rest by size
    assert order[1:] == ["dddd", "ccc", "bb"]


def test_a_failing_item_raises_its_own_error_in_the_parent():
    with pytest.raises(ValueError, match="bad item"):
        with WorkerPool(2, task) as pool:
            list(pool.run([1, "boom", 2]))


def test_a_worker_that_dies_is_reported_not_waited_for():
    started = time.monotonic()
    with pytest.raises(WorkerError):
        with WorkerPool(2, task) as pool:
            list(pool.run(["die", 0.1]))
    assert time.monotonic() - started < 10
