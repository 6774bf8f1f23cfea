"""CPU-bound work of imports: on the offload, the cycle collector paused (ADR 0080)."""

from __future__ import annotations

import asyncio
import gc
import threading

import pytest

from adapters.system.offload import InlineOffload, ThreadOffload
from application.cpu_work import cycle_collector_paused, run_cpu_work


@pytest.fixture
def collector_enabled():  # type: ignore[no-untyped-def]
    was = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()


async def test_work_runs_on_a_worker_thread_with_the_collector_paused(collector_enabled) -> None:
    offload = ThreadOffload(workers=1)
    seen = await run_cpu_work(offload, lambda: (threading.current_thread().name, gc.isenabled()))
    assert seen[0].startswith("dealbrain-cpu") and seen[1] is False
    assert gc.isenabled()  # restored
    await offload.close()


async def test_without_an_offload_it_runs_inline(collector_enabled) -> None:
    name = await run_cpu_work(None, lambda: threading.current_thread().name)
    assert name == threading.current_thread().name
    assert await run_cpu_work(InlineOffload(), lambda: 42) == 42


async def test_errors_come_back_and_the_collector_is_restored(collector_enabled) -> None:
    def fails() -> None:
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        await run_cpu_work(ThreadOffload(workers=1), fails)
    assert gc.isenabled()


def test_overlapping_pauses_restore_once_the_last_one_ends(collector_enabled) -> None:
    first, second = cycle_collector_paused(), cycle_collector_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()  # the second work still runs
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_a_collector_found_off_stays_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        with cycle_collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()


async def test_the_pool_is_bounded() -> None:
    offload = ThreadOffload(workers=2)
    names: set[str] = set()
    gate = threading.Barrier(2, timeout=10)

    def work() -> None:
        gate.wait()  # two run at once...
        names.add(threading.current_thread().name)

    await asyncio.gather(*(offload.run(work) for _ in range(4)))
    assert len(names) == 2  # ...and never more threads than workers
    await offload.close()
    with pytest.raises(RuntimeError):
        await offload.run(lambda: None)
    with pytest.raises(ValueError):
        ThreadOffload(workers=0)
