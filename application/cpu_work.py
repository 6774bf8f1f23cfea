"""Running CPU-bound work the way imports need it (ADR 0080): on the offload when there is
one, with Python's cycle collector paused for the duration."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from domain.ports import Offload

T = TypeVar("T")

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while CPU work runs, restored as found when the last
    such work (on any thread) ends.

    Reading and scoring a 10,000-item file allocates millions of objects and keeps most of
    them to the end, none in a cycle, so reference counting frees them all. Left running,
    the collector sets off full collections of the whole process — each one stops every
    thread, the event loop's included, for as long as it takes to walk those objects
    (ADR 0039, 0080). (Mercurial's `util.nogc` does the same for the same reason.)
    """
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()


def _paused(work: Callable[[], T]) -> T:
    with cycle_collector_paused():
        return work()


async def run_cpu_work(offload: Offload | None, work: Callable[[], T]) -> T:
    """`work()` on the offload (inline without one), the cycle collector paused meanwhile."""
    if offload is None:
        return _paused(work)
    return await offload.run(lambda: _paused(work))
