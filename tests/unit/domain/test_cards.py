"""Card content: the value tier, how units read, the collection card's top deals, the
fingerprint and the cache key."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from domain.cards import (
    TEMPLATE_VERSION,
    CardDeal,
    CardFormat,
    CardSize,
    CardStyle,
    CardVariant,
    CollectionCardContent,
    ValueTier,
    capacity_text,
    card_content,
    card_fingerprint,
    card_key,
    collection_card_content,
    plain_text,
    ram_text,
    storage_text,
    top_deals,
    value_tier,
)
from domain.collections import Collection, CollectionItem, ItemStatus
from domain.listing_parts import (
    Cpu,
    DdrGeneration,
    ListingMetadata,
    Metrics,
    Performance,
    Ram,
    Storage,
    StorageMedium,
    Valuation,
)
from domain.listings import Condition, Listing


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
    assert content.condition is Condition.USED  # a listing's default
    assert card_content(listing(condition=Condition.REFURB)).condition is Condition.REFURB
    assert card_content(listing(condition="new")).condition is Condition.NEW


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
        {"condition": Condition.NEW},
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


@pytest.mark.parametrize(
    ("storage", "text"),
    [
        (Storage(1024, StorageMedium.NVME), "1 TB NVMe"),
        (Storage(1000, StorageMedium.NVME), "1 TB NVMe"),
        (Storage(1024, StorageMedium.SATA_SSD), "1 TB SATA SSD"),
        (Storage(2048, StorageMedium.HDD), "2 TB HDD"),
        (Storage(2000, StorageMedium.HDD), "2 TB HDD"),
        (Storage(512, StorageMedium.NVME), "512 GB NVMe"),
        (Storage(500, StorageMedium.SATA_SSD), "500 GB SATA SSD"),
        (Storage(64, StorageMedium.EMMC), "64 GB eMMC"),
        (Storage(256, StorageMedium.UFS), "256 GB UFS"),
        (Storage(1000, StorageMedium.HYBRID), "1 TB SSHD"),
        (Storage(1536, StorageMedium.NVME), "1.5 TB NVMe"),
        (Storage(1920, StorageMedium.SATA_SSD), "1.92 TB SATA SSD"),
        (Storage(4096, None), "4 TB"),
        (Storage(256, StorageMedium.UNKNOWN), "256 GB"),
        (Storage(512, "nvme"), "512 GB NVMe"),  # type: ignore[arg-type]
        (Storage(0, StorageMedium.NVME), None),
        (None, None),
    ],
)
def test_storage_reads_as_people_write_it(storage, text) -> None:
    assert storage_text(storage) == text


@pytest.mark.parametrize(
    ("gigabytes", "text"),
    [(999, "999 GB"), (1000, "1 TB"), (1024, "1 TB"), (3840, "3.84 TB"), (8192, "8 TB")],
)
def test_capacity(gigabytes, text) -> None:
    assert capacity_text(gigabytes) == text


@pytest.mark.parametrize(
    ("ram", "text"),
    [
        (Ram(16, DdrGeneration.DDR4), "16 GB DDR4"),
        (Ram(32, DdrGeneration.LPDDR5X), "32 GB LPDDR5X"),
        (Ram(8, "ddr5"), "8 GB DDR5"),  # type: ignore[arg-type]
        (Ram(8, DdrGeneration.UNKNOWN), "8 GB"),
        (Ram(8), "8 GB"),
        (Ram(0, DdrGeneration.DDR4), None),
        (None, None),
    ],
)
def test_ram_reads_as_people_write_it(ram, text) -> None:
    assert ram_text(ram) == text


def test_plain_text_drops_bidi_controls_and_collapses_whitespace() -> None:
    controls = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    assert plain_text(f"\u202eabc{controls}\n  d\u2069 ") == "abc d"
    assert plain_text(controls) is None
    assert plain_text(None) is None
    # Joiners inside emoji sequences are not bidi controls: they stay.
    assert plain_text("👩\u200d💻") == "👩\u200d💻"


def _listing(listing_id: int, price: float | None, adjusted: float | None) -> Listing:
    valuation = (
        Valuation(base_price_usd=price or 0.0, adjusted_price_usd=adjusted)
        if adjusted is not None
        else None
    )
    return Listing(title=f"L{listing_id}", price_usd=price, valuation=valuation, id=listing_id)  # type: ignore[arg-type]


def _items(*listing_ids: int, rejected: tuple[int, ...] = ()) -> list[CollectionItem]:
    return [
        CollectionItem(
            collection_id=1,
            listing_id=lid,
            position=pos,
            status=ItemStatus.REJECTED if lid in rejected else ItemStatus.SHORTLISTED,
        )
        for pos, lid in enumerate(listing_ids)
    ]


def test_top_deals_best_value_first_unvalued_after_ties_by_position() -> None:
    listings = {
        1: _listing(1, 100.0, None),  # no tier
        2: _listing(2, 100.0, 110.0),  # +10 %
        3: _listing(3, 200.0, 260.0),  # +30 %
        4: _listing(4, 100.0, 130.0),  # +30 %, after 3 in the collection
        5: _listing(5, 100.0, 80.0),  # -20 %
    }
    ranked = top_deals(_items(1, 3, 2, 5, 4), listings, limit=5)

    assert [listing.id for listing in ranked] == [3, 4, 2, 5, 1]
    assert [listing.id for listing in top_deals(_items(1, 3, 2, 5, 4), listings)] == [3, 4, 2]


def test_top_deals_skip_rejected_and_missing_listings_and_keep_order_of_unvalued() -> None:
    listings = {1: _listing(1, 50.0, None), 2: _listing(2, 0.0, 40.0), 3: _listing(3, 10.0, 20.0)}
    ranked = top_deals(_items(2, 9, 1, 3, rejected=(3,)), listings)

    assert [listing.id for listing in ranked] == [2, 1]


def test_collection_card_content() -> None:
    collection = Collection(owner_id=1, name="Homelab", id=7)
    listings = {1: _listing(1, 100.0, 130.0), 2: _listing(2, 90.0, None)}
    content = collection_card_content(collection, "alice", _items(2, 1), listings)

    assert content == CollectionCardContent(
        collection_id=7,
        name="Homelab",
        owner="alice",
        item_count=2,
        deals=(
            CardDeal(1, "L1", 100.0, 130.0, ValueTier.GREAT),
            CardDeal(2, "L2", 90.0, None, None),
        ),
    )


def test_collection_card_key_and_fingerprint() -> None:
    collection = Collection(owner_id=1, name="Homelab", id=7)
    content = collection_card_content(collection, "alice", [], {})
    variant = CardVariant(CardStyle.DARK, CardSize.STORY, CardFormat.JPEG)

    key = card_key(content, variant)
    assert re.fullmatch(r"cards/collections/7/[0-9a-f]{32}/dark-story\.jpeg", key)
    assert key.split("/")[3] == card_fingerprint(content)
    renamed = replace(content, name="Homelab 2")
    assert card_fingerprint(renamed) != card_fingerprint(content)
    assert card_fingerprint(replace(content, owner="bob")) != card_fingerprint(content)
    assert card_fingerprint(replace(content, item_count=3)) != card_fingerprint(content)


def test_the_template_version_is_in_the_fingerprint(monkeypatch) -> None:
    content = card_content(listing())
    before = card_fingerprint(content)
    monkeypatch.setattr("domain.cards.TEMPLATE_VERSION", TEMPLATE_VERSION + "x")
    assert card_fingerprint(content) != before
