"""The render worker pool: warm once, fork the rest, stream items, report failures."""

from __future__ import annotations

import os
import threading
import time

import pytest

from pamphlets.writers.pdf.workers import WorkerError, WorkerPool

WARMED: dict[str, int] = {}


def warm(value: int) -> None:
    WARMED["value"] = value
    WARMED["pid"] = os.getpid()


class Awkward(Exception):
    """Cannot be rebuilt from its args, and holds a lock, which does not pickle: it stays
    unportable even where a library (tblib, which Dask brings) teaches pickle to rebuild
    exceptions without calling ``__init__``."""

    def __init__(self, a, b):
        super().__init__(f"{a} and {b}")
        self.lock = threading.Lock()


def task(item):
    if item == "boom":
        raise ValueError("bad item")
    if item == "awkward":
        raise Awkward("one", "two")
    if item == "die":
        os._exit(3)
    if isinstance(item, float):
        time.sleep(item)
    return item, os.getpid(), WARMED.get("value"), WARMED.get("pid")


@pytest.mark.slow
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


@pytest.mark.slow
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
    with pytest.raises(WorkerError) as caught:
        with WorkerPool(2, task) as pool:
            list(pool.run(["die", 0.1]))
    assert time.monotonic() - started < 10
    assert "--jobs 1" in caught.value.format_message()  # one line with a hint, not a trace


def test_an_error_that_cannot_be_rebuilt_arrives_as_its_text():
    with pytest.raises(RuntimeError, match="Awkward: one and two"):
        with WorkerPool(1, task) as pool:
            list(pool.run(["awkward"]))


@pytest.mark.slow
def test_a_pool_left_mid_work_refuses_to_run_again():
    """Replies of the first run still sit in the pipes: handing them out as results of
    the second would be wrong."""
    with WorkerPool(2, task) as pool:
        for _item, _result in pool.run([0.3, 0.3, 0.3]):
            break
        with pytest.raises(WorkerError, match="mid-work"):
            list(pool.run(["x"]))
    with WorkerPool(2, task) as pool:  # a finished run leaves the pool fit for another
        assert dict(pool.run([1]))[1][0] == 1
        assert dict(pool.run([2]))[2][0] == 2


def broken_warm() -> None:
    raise ImportError("no such library")


def test_a_failed_warm_up_leaves_the_pool_working():
    """The seed still forks and serves: a real failure (WeasyPrint missing) is then met,
    and reported, by the items themselves."""
    with WorkerPool(2, task, broken_warm) as pool:
        results = dict(pool.run([1, 2, 3]))
    assert sorted(results) == [1, 2, 3]


@pytest.mark.slow  # the whole sampler, without the cache
def test_progress_reports_every_part_of_a_build(tmp_path, monkeypatch):
    """Through ``pamphlets.build`` (workers started before reading): one report per part,
    counting up, with the pages so far, ending at the book's part and page totals."""
    from conftest import SEEDS

    from pamphlets import BuildOptions, build

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    seen: list[tuple[int, int, int, str]] = []
    options = BuildOptions(out_dir=tmp_path, formats=("pdf",), jobs=2, use_cache=False)
    result = build(SEEDS / "sampler.toml", options, progress=lambda *report: seen.append(report))
    first_round = [r for r in seen if not r[3].startswith("stamps")]
    names = [r[3] for r in first_round]
    assert names.count("front") == 2  # with placeholders, then with the real numbers
    essays = {n for n in names if n.startswith("e")}
    assert essays == {f"e{i}" for i in range(1, len(result.booklet.essays) + 1)}
    parts = len(essays) + 2  # front matter and back cover
    done = [r[0] for r in seen[:parts]]
    assert done == list(range(1, parts + 1))
    assert seen[parts - 1][1] == parts
    pages = [r[2] for r in seen[:parts]]
    assert pages == sorted(pages) and pages[-1] <= result.pages
