"""CPU-bound work on a small pool of worker threads, away from the event loop (ADR 0080)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class ThreadOffload:
    """`workers` threads; more work waits for a free one instead of starting another.

    Threads, not processes: the work reads and returns large Python objects (a decoded
    file, thousands of listings) that a process pool would pickle both ways, and most of
    the heavy lifting is in C (msgspec, rapidfuzz). The interpreter switches threads every
    few milliseconds, so the event loop keeps answering while a worker computes.
    """

    def __init__(self, workers: int = 2) -> None:
        if workers < 1:
            raise ValueError("an offload needs at least one worker")
        self.workers = workers
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dealbrain-cpu")

    async def run(self, work: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, work)

    async def close(self) -> None:
        """Let running work finish, drop what waits; later `run` calls fail."""
        await asyncio.to_thread(self._pool.shutdown, wait=True, cancel_futures=True)


class InlineOffload:
    """Runs the work on the caller's thread, in the event loop: for tests that want no
    threads and for code paths with nothing else to serve."""

    async def run(self, work: Callable[[], T]) -> T:
        return work()
