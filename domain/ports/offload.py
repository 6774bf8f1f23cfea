from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

T = TypeVar("T")


class Offload(Protocol):
    """Where CPU-bound work runs so the event loop keeps answering (ADR 0080).

    `run` calls `work` (synchronous, touching no unit of work and no event loop object) and
    returns its result or raises its error. Adapters bound how many run at once; callers
    wait their turn without blocking anyone else.
    """

    async def run(self, work: Callable[[], T]) -> T: ...
