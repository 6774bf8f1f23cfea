"""A circuit breaker: after `failures` failed calls in a row, stop calling for `open_s`
seconds, then let one trial call through; its outcome closes or reopens the circuit
(docs/adr/0091). While open, calls fail at once with `BlobStoreUnavailable`, so a dead or
hung store costs nothing per request.

Used from one event loop (no thread safety needed); time comes from `monotonic`, so tests
drive it without sleeping.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from enum import StrEnum

from domain.ports import BlobStoreUnavailable

log = logging.getLogger("dealbrain.s3")


class BreakerState(StrEnum):
    CLOSED = "closed"  # calls go through; failures are counted
    OPEN = "open"  # calls fail at once until `open_s` has passed
    HALF_OPEN = "half-open"  # one trial call is under way; the others fail at once


class CircuitBreaker:
    def __init__(
        self,
        failures: int = 3,
        open_s: float = 30.0,
        *,
        name: str = "S3",
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if failures < 1:
            raise ValueError(f"failures must be >= 1, got {failures}")
        if open_s <= 0:
            raise ValueError(f"open_s must be > 0, got {open_s}")
        self.failures = failures
        self.open_s = open_s
        self.name = name
        self._monotonic = monotonic
        self._state = BreakerState.CLOSED
        self._failed = 0
        self._opened_at = 0.0

    @property
    def state(self) -> BreakerState:
        return self._state

    def before_call(self) -> None:
        """Raise `BlobStoreUnavailable` unless this call may go to the store."""
        if self._state is BreakerState.CLOSED:
            return
        if self._state is BreakerState.OPEN:
            waited = self._monotonic() - self._opened_at
            if waited >= self.open_s:
                self._state = BreakerState.HALF_OPEN  # this call is the trial
                log.info("%s circuit half-open: trying one call", self.name)
                return
            raise BlobStoreUnavailable(
                f"{self.name} skipped: {self._failed} call(s) failed in a row; "
                f"next try in {self.open_s - waited:.0f} s"
            )
        raise BlobStoreUnavailable(f"{self.name} skipped: a trial call is under way")

    def succeeded(self) -> None:
        if self._state is not BreakerState.CLOSED:
            log.warning("%s circuit closed: the store answers again", self.name)
        self._state = BreakerState.CLOSED
        self._failed = 0

    def failed(self) -> None:
        self._failed += 1
        if self._state is BreakerState.HALF_OPEN or (
            self._state is BreakerState.CLOSED and self._failed >= self.failures
        ):
            log.warning(
                "%s circuit open for %.0f s after %d failed call(s) in a row",
                self.name,
                self.open_s,
                self._failed,
            )
            self._state = BreakerState.OPEN
            self._opened_at = self._monotonic()

    def abandoned(self) -> None:
        """A call ended without an answer either way (cancelled): a trial may be retried."""
        if self._state is BreakerState.HALF_OPEN:
            self._state = BreakerState.OPEN
            self._opened_at = self._monotonic() - self.open_s
