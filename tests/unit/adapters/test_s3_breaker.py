"""The S3 circuit breaker (docs/adr/0091): N failures in a row open it for T seconds, then
one trial call decides; driven by a fake monotonic clock, no sleeping."""

from __future__ import annotations

import pytest

from adapters.s3.breaker import BreakerState, CircuitBreaker
from domain.ports import BlobStoreUnavailable


class Ticks:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def ticks() -> Ticks:
    return Ticks()


@pytest.fixture
def breaker(ticks: Ticks) -> CircuitBreaker:
    return CircuitBreaker(3, 30.0, monotonic=ticks)


def fail(breaker: CircuitBreaker, times: int) -> None:
    for _ in range(times):
        breaker.before_call()
        breaker.failed()


def test_it_opens_after_n_failures_in_a_row_only(breaker: CircuitBreaker) -> None:
    fail(breaker, 2)
    breaker.before_call()
    breaker.succeeded()  # a success in between starts the count again
    fail(breaker, 2)
    assert breaker.state is BreakerState.CLOSED
    fail(breaker, 1)
    assert breaker.state is BreakerState.OPEN
    with pytest.raises(BlobStoreUnavailable, match="3 call"):
        breaker.before_call()


def test_after_open_s_one_trial_call_goes_through_and_closes_it(
    breaker: CircuitBreaker, ticks: Ticks
) -> None:
    fail(breaker, 3)
    ticks.now += 29.9
    with pytest.raises(BlobStoreUnavailable):
        breaker.before_call()
    ticks.now += 0.1
    breaker.before_call()  # the trial
    assert breaker.state is BreakerState.HALF_OPEN
    with pytest.raises(BlobStoreUnavailable, match="trial"):
        breaker.before_call()  # only one at a time
    breaker.succeeded()
    assert breaker.state is BreakerState.CLOSED
    breaker.before_call()


def test_a_failed_trial_opens_it_again_for_open_s(breaker: CircuitBreaker, ticks: Ticks) -> None:
    fail(breaker, 3)
    ticks.now += 30
    fail(breaker, 1)  # the trial fails: open at once, whatever the count
    assert breaker.state is BreakerState.OPEN
    ticks.now += 29
    with pytest.raises(BlobStoreUnavailable):
        breaker.before_call()
    ticks.now += 1
    breaker.before_call()
    assert breaker.state is BreakerState.HALF_OPEN


def test_an_abandoned_trial_lets_the_next_call_try(breaker: CircuitBreaker, ticks: Ticks) -> None:
    fail(breaker, 3)
    ticks.now += 30
    breaker.before_call()
    breaker.abandoned()  # cancelled: no verdict
    breaker.before_call()  # a new trial, at once
    assert breaker.state is BreakerState.HALF_OPEN


@pytest.mark.parametrize(("failures", "open_s"), [(0, 1.0), (1, 0.0)])
def test_nonsense_settings_are_refused(failures: int, open_s: float) -> None:
    with pytest.raises(ValueError):
        CircuitBreaker(failures, open_s)
