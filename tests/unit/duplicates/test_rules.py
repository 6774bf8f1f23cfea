"""Bands, price bands, reasons and the candidate value."""

from __future__ import annotations

import pytest

from domain.duplicates import (
    LIKELY_SCORE,
    POSSIBLE_SCORE,
    Band,
    DuplicateCandidate,
    PriceBand,
    band_for,
    close_prices,
    price_band,
    prices_close,
    similar_reason,
)


def test_bands_by_score() -> None:
    assert band_for(100) is band_for(LIKELY_SCORE) is Band.LIKELY
    assert band_for(LIKELY_SCORE - 1) is band_for(POSSIBLE_SCORE) is Band.POSSIBLE
    assert band_for(POSSIBLE_SCORE - 1) is None
    assert band_for(0) is None


@pytest.mark.parametrize(("a", "b"), [(100.0, 85.0), (85.0, 100.0), (0.0, 0.0), (300.0, 300.0)])
def test_prices_within_fifteen_percent_of_the_higher_are_close(a: float, b: float) -> None:
    assert prices_close(a, b)
    low, high = close_prices(a)
    assert low <= b <= high


@pytest.mark.parametrize(("a", "b"), [(100.0, 84.9), (84.9, 100.0), (0.0, 1.0), (100.0, 118.0)])
def test_prices_further_apart_are_not(a: float, b: float) -> None:
    assert not prices_close(a, b)


def test_close_prices_is_the_close_test() -> None:
    low, high = close_prices(200.0)
    assert prices_close(200.0, low) and prices_close(200.0, high)
    assert (low, high) == pytest.approx((170.0, 235.294), abs=1e-3)


def test_the_fetched_band_is_centred_on_the_price_and_all_close() -> None:
    band = price_band(200.0)
    assert (band.low, band.high, band.seller) == pytest.approx((170.0, 230.0, None))
    assert band.middle == pytest.approx(200.0)
    assert prices_close(200.0, band.low) and prices_close(200.0, band.high)
    assert price_band(200.0, "Beelink") == PriceBand(band.low, band.high, "Beelink")


@pytest.mark.parametrize(
    ("score", "a", "b", "reason"),
    [
        (93, 100.0, 91.0, "titles 93% alike, price within 9%"),
        (93, 91.0, 100.0, "titles 93% alike, price within 9%"),
        (80, 250.0, 250.0, "titles 80% alike, same price"),
        (88, 1000.0, 999.0, "titles 88% alike, price within 1%"),
    ],
)
def test_similar_reason(score: int, a: float, b: float, reason: str) -> None:
    assert similar_reason(score, a, b) == reason


def test_a_candidate_names_a_listing_or_a_file_item() -> None:
    DuplicateCandidate(listing_id=7, score=100, band=Band.LIKELY, reason="same URL")
    DuplicateCandidate(None, 80, Band.POSSIBLE, "titles 80% alike, same price", file_index=0)
    with pytest.raises(ValueError):
        DuplicateCandidate(listing_id=None, score=100, band=Band.LIKELY, reason="?")
    with pytest.raises(ValueError):
        DuplicateCandidate(7, 100, Band.LIKELY, "?", file_index=3)
