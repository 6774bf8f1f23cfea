"""Card content: the value tier, the fingerprint and the cache key."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from domain.cards import (
    CardFormat,
    CardSize,
    CardStyle,
    CardVariant,
    ValueTier,
    card_content,
    card_fingerprint,
    card_key,
    value_tier,
)
from domain.listing_parts import (
    Cpu,
    ListingMetadata,
    Metrics,
    Performance,
    Ram,
    Storage,
    StorageMedium,
    Valuation,
)
from domain.listings import Listing


@pytest.mark.parametrize(
    ("price", "adjusted", "tier"),
    [
        (100.0, 130.0, ValueTier.GREAT),
        (100.0, 115.0, ValueTier.GREAT),  # exactly +15 %
        (100.0, 114.99, ValueTier.GOOD),
        (100.0, 105.0, ValueTier.GOOD),  # exactly +5 %
        (100.0, 104.99, ValueTier.FAIR),
        (100.0, 100.0, ValueTier.FAIR),
        (100.0, 95.0, ValueTier.FAIR),  # exactly -5 %
        (100.0, 94.99, ValueTier.PREMIUM),
        (100.0, 10.0, ValueTier.PREMIUM),
        (200.0, 230.0, ValueTier.GREAT),
        (None, 100.0, None),
        (100.0, None, None),
        (None, None, None),
        (0.0, 50.0, None),  # no ratio without a price
    ],
)
def test_value_tier(price, adjusted, tier) -> None:
    assert value_tier(price, adjusted) == tier


def listing(**kw: object) -> Listing:
    base = {
        "title": "Lenovo M720q",
        "price_usd": 200.0,
        "valuation": Valuation(base_price_usd=200.0, adjusted_price_usd=240.0),
        "performance": Performance(
            cpu=Cpu(name="i5-8500T", manufacturer="Intel"),
            ram=Ram(total_gb=16, ddr_generation="ddr4"),
            storage_primary=Storage(capacity_gb=2048, medium=StorageMedium.SATA_SSD),
            metrics=Metrics(score_composite=71.5),
        ),
        "metadata": ListingMetadata(manufacturer="Lenovo", series="ThinkCentre"),
        "id": 42,
    }
    return Listing(**{**base, **kw})


def test_card_content_shows_what_product_md_lists() -> None:
    content = card_content(listing())
    assert content.tier is ValueTier.GREAT
    assert (content.cpu, content.gpu) == ("i5-8500T", None)
    assert content.ram == "16 GB DDR4"
    assert content.storage == "2 TB SATA SSD"
    assert content.composite_score == 71.5
    assert (content.manufacturer, content.series) == ("Lenovo", "ThinkCentre")


def test_card_content_of_a_bare_listing_has_no_extras() -> None:
    content = card_content(Listing(title="Bare", price_usd=10.0, id=1))
    assert content.tier is None
    assert (content.cpu, content.ram, content.storage, content.manufacturer) == (None,) * 4


def test_fingerprint_is_stable_for_the_same_content() -> None:
    assert card_fingerprint(card_content(listing())) == card_fingerprint(card_content(listing()))
    # Fields the card does not show do not change what it looks like.
    assert card_fingerprint(card_content(listing(notes="call first"))) == card_fingerprint(
        card_content(listing())
    )


@pytest.mark.parametrize(
    "change",
    [
        {"price_usd": 199.0},
        {"valuation": Valuation(base_price_usd=200.0, adjusted_price_usd=250.0)},
        {"title": "Lenovo M720q Tiny"},
    ],
)
def test_fingerprint_changes_with_what_the_card_shows(change: dict) -> None:
    before = card_fingerprint(card_content(listing()))
    assert card_fingerprint(card_content(listing(**change))) != before


def test_card_key_shape() -> None:
    content = card_content(listing())
    variant = CardVariant(CardStyle.DARK, CardSize.STORY, CardFormat.JPEG)
    key = card_key(content, variant)
    assert re.fullmatch(r"cards/42/[0-9a-f]{32}/dark-story\.jpeg", key)
    assert key.split("/")[2] == card_fingerprint(content)
    assert card_key(content, CardVariant()).endswith("/light-social.png")
    moved = card_key(replace(content, price_usd=1.0), variant)
    assert moved != key and moved.startswith("cards/42/")


def test_variants_know_their_pixels_and_content_type() -> None:
    assert CardSize.SOCIAL.pixels == (1200, 630)
    assert CardSize.SQUARE.pixels == (1080, 1080)
    assert CardSize.STORY.pixels == (1080, 1920)
    assert CardFormat.JPEG.content_type == "image/jpeg"
    assert CardFormat.PNG.content_type == "image/png"
