import os
import time

import pytest

from pipeline.errors import SetupError
from pipeline.pool import PoolLimits, TaskFailure, WorkerPool
from pipeline.worker import run_task
from tests.pipeline.faulty import behave

TARGET = "tests.pipeline.faulty:behave"


def limits(**overrides):
    values = {"timeout": 5.0, "memory_mb": 1024, "recycle_after": 100}
    return PoolLimits(**{**values, **overrides})


def run_all(pool, tasks, budget=60.0):
    for key, args in tasks.items():
        pool.submit(key, *args)
    results, deadline = {}, time.monotonic() + budget
    while len(results) < len(tasks):
        assert (
            time.monotonic() < deadline
        ), f"still waiting for {set(tasks) - set(results)}"
        results.update(pool.wait())
    return results


@pytest.fixture(scope="module")
def outcomes():
    """One pool, every kind of trouble at once, two workers."""
    tasks = {
        "ok": ("ok", 41),
        "print": ("print", "clean"),
        "hang": ("hang",),
        "abort": ("abort",),
        "segfault": ("segfault",),
        "exit": ("exit",),
        "grow": ("grow",),
        "grow_then_abort": ("grow_then_abort", 250),
        "memory_error": ("memory_error",),
        "document_error": ("document_error",),
        "bug": ("bug",),
        "after": ("ok", "still serving"),
    }
    started = time.monotonic()
    with WorkerPool(
        2,
        target=TARGET,
        warmup="tests.pipeline.faulty:slow_warmup",
        limits=limits(timeout=3.0, memory_mb=400),
    ) as pool:
        results = run_all(pool, tasks)
        spawned = pool.spawned
    return results, spawned, time.monotonic() - started


def test_values_come_back_and_stdout_noise_does_not_corrupt_frames(outcomes):
    results, _, _ = outcomes
    assert results["ok"] == 41
    assert results["print"] == "clean"
    assert results["after"] == "still serving"


@pytest.mark.parametrize(
    ("key", "reason", "detail"),
    [
        ("hang", "timeout", "no result after 3 s"),
        ("abort", "worker_crashed", "SIGABRT"),
        ("segfault", "worker_crashed", "SIGSEGV"),
        ("exit", "worker_crashed", "exit code 7"),
        ("grow", "memory", ""),
        ("grow_then_abort", "memory", "worker died (SIGABRT) at"),
        ("memory_error", "memory", "MemoryError"),
        ("document_error", "empty", "x.pdf: empty"),
        ("bug", "crashed", "RuntimeError: a bug"),
    ],
)
def test_each_failure_has_its_reason(outcomes, key, reason, detail):
    results, _, _ = outcomes
    failure = results[key]
    assert isinstance(failure, TaskFailure)
    assert (failure.reason.value, failure.fatal) == (reason, False)
    assert detail in failure.message


def test_the_pool_replaced_dead_workers_and_finished_in_bounded_time(outcomes):
    _, spawned, seconds = outcomes
    assert spawned >= 7  # every death or kill cost one worker, never the pool
    assert seconds < 45


def test_timeout_kills_the_whole_process_group(tmp_path):
    note = tmp_path / "child.pid"
    with WorkerPool(1, target=TARGET, limits=limits(timeout=2.0)) as pool:
        results = run_all(pool, {"t": ("hang_with_child", str(note))})
    assert results["t"].reason.value == "timeout"
    child = int(note.read_text())
    for _ in range(50):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the worker's child outlived the timeout")


def test_workers_are_recycled_after_n_tasks():
    with WorkerPool(1, target=TARGET, limits=limits(recycle_after=2)) as pool:
        results = run_all(pool, {n: ("pid",) for n in range(5)})
    pids = [results[n] for n in range(5)]
    assert pids[0] == pids[1] != pids[2] == pids[3] != pids[4]


def test_a_worker_left_large_by_a_task_is_recycled():
    # 800 MB left resident is over half of a 1,400 MB limit; 200 MB is not.
    with WorkerPool(
        1, target="tests.pipeline.faulty:hoard", limits=limits(memory_mb=1400)
    ) as pool:
        results = run_all(pool, {"a": (100,), "b": (100,), "c": (600,), "d": (10,)})
    assert results["a"] == results["b"] == results["c"] != results["d"]


def test_a_fatal_error_in_a_worker_is_marked_fatal():
    with WorkerPool(1, target=TARGET, limits=limits()) as pool:
        results = run_all(pool, {"f": ("fatal",)})
    assert results["f"].fatal and "tesseract" in results["f"].message


def test_a_worker_that_cannot_start_is_a_setup_error():
    with WorkerPool(1, target="no.such.module:run", limits=limits()) as pool:
        pool.submit("x", "ok")
        with pytest.raises(SetupError, match="failed to start"):
            for _ in range(600):
                pool.wait()


@pytest.mark.parametrize(
    ("action", "kind"),
    [
        ("ok", "ok"),
        ("document_error", "error"),
        ("memory_error", "memory"),
        ("fatal", "fatal"),
        ("bug", "crash"),
    ],
)
def test_run_task_reports_how_a_task_ended(action, kind):
    assert run_task(behave, 3, (action, 1))[:2] == (kind, 3)
