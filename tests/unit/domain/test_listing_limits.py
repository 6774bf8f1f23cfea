"""How big a listing may be (ADR 0101): every Deal Brain file we have fits, a listing at
every limit exports to a file its own importer reads back, and one past any limit is
refused naming the field — without recursion, however deep the value."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from domain.cards import saving_text
from domain.collections import Collection, CollectionItem
from domain.errors import BadValue, Invalid
from domain.listing_parts import (
    Component,
    ComponentType,
    Cpu,
    OtherUrl,
    Performance,
    Port,
    Ports,
    PortType,
    Ram,
    Storage,
    Valuation,
)
from domain.listings import (
    COMPONENT_METADATA_LIMITS,
    COMPONENTS_MAX,
    LABEL_MAX,
    NOTES_MAX,
    OPAQUE_LIMITS,
    OTHER_URLS_MAX,
    PART_NOTES_MAX,
    PORTS_MAX,
    URL_MAX,
    Listing,
    ListingFilters,
    title_sort_key,
    validate_listing,
)
from domain.portability import PortableFormatError
from domain.sharing import link_expiry
from domain.validation import JsonLimits, require_json
from schemas.portable import (
    MAX_DEPTH,
    collection_of,
    listing_of,
    read_document,
    write_collection,
    write_deal,
)
from schemas.portable.parse import nesting_depth
from schemas.portable.v1 import DealDocument

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "portable"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def nested(depth: int, leaf: Any = 1) -> dict[str, Any]:
    """A JSON object `depth` containers deep (itself counting one), built without recursion."""
    value: Any = leaf
    for _ in range(depth):
        value = {"x": value}
    return value


def at_every_limit() -> Listing:
    """A listing as big as the rules allow, in every field that has a limit."""
    label = "L" * LABEL_MAX
    opaque = {f"k{i:03}": "v" for i in range(OPAQUE_LIMITS.entries - 8)}
    opaque["deep"] = nested(OPAQUE_LIMITS.depth - 1)
    metadata = {"deep": nested(COMPONENT_METADATA_LIMITS.depth - 1)}
    return Listing(
        title="T" * 255,
        price_usd=1.0,
        listing_url="https://example.com/" + "u" * (URL_MAX - 20),
        other_urls=tuple(OtherUrl("https://e.x/" + "u" * 100, label) for _ in range(10)),
        seller="S" * 128,
        device_model="D" * 255,
        notes="N" * NOTES_MAX,
        custom_fields=opaque,
        valuation=Valuation(1.0, valuation_breakdown=dict(opaque), ruleset_name=label),
        performance=Performance(
            cpu=Cpu(name=label, manufacturer=label, igpu_model=label),
            ram=Ram(total_gb=16, notes="R" * PART_NOTES_MAX),
            storage_primary=Storage(capacity_gb=1, interface=label, performance_tier=label),
            ports=Ports(tuple(Port(PortType.USB_A, 1, label) for _ in range(PORTS_MAX)), label),
            components=tuple(
                Component(ComponentType.MISC, label, 1, metadata) for _ in range(COMPONENTS_MAX)
            ),
        ),
        created_at=NOW,
        updated_at=NOW,
        id=7,
    )


def test_every_deal_brain_file_we_have_fits() -> None:
    checked = 0
    for path in sorted(FIXTURES.glob("*.json")):
        try:
            document = read_document(path.read_bytes()).document
        except PortableFormatError:
            continue  # a file that is wrong on purpose (a bad version, a bad value)
        if isinstance(document, DealDocument):
            listings = [listing_of(document.data)]
        else:
            _, pairs = collection_of(document.data, owner_id=1)
            listings = [listing for _, listing in pairs]
        for listing in listings:
            validate_listing(listing)
            checked += 1
    assert checked >= 8


def test_a_listing_at_every_limit_is_taken() -> None:
    validate_listing(at_every_limit())


def test_what_the_api_takes_exports_to_a_file_the_importer_reads() -> None:
    """Eight levels of custom_fields sit far inside the reader's 64 even in a collection."""
    listing = at_every_limit()
    deal = write_deal(listing, exported_at=NOW)
    collection = Collection(owner_id=1, name="Big", id=3, created_at=NOW, updated_at=NOW)
    item = CollectionItem(collection_id=3, listing_id=7, position=0, added_at=NOW)
    shelf = write_collection(collection, [(item, listing)], exported_at=NOW)

    for written in (deal, shelf):
        assert nesting_depth(written) <= MAX_DEPTH // 2
        document = read_document(written).document
        if isinstance(document, DealDocument):
            back = listing_of(document.data)
        else:
            [(_, back)] = collection_of(document.data, owner_id=1)[1]
        validate_listing(back)
        assert back.custom_fields == listing.custom_fields


def _with(**changes: Any) -> Listing:
    return replace(at_every_limit(), **changes)


def _perf(**changes: Any) -> Listing:
    listing = at_every_limit()
    assert listing.performance is not None
    return replace(listing, performance=replace(listing.performance, **changes))


ONE_PAST = [
    (lambda: _with(notes="N" * (NOTES_MAX + 1)), "notes"),
    (lambda: _with(listing_url="u" * (URL_MAX + 1)), "listing_url"),
    (lambda: _with(other_urls=(OtherUrl("u"),) * (OTHER_URLS_MAX + 1)), "other_urls"),
    (lambda: _with(other_urls=(OtherUrl("u", "l" * 256),)), "other_urls[0].label"),
    (lambda: _with(custom_fields={"deep": nested(OPAQUE_LIMITS.depth)}), "custom_fields"),
    (lambda: _with(custom_fields={str(i): i for i in range(257)}), "custom_fields"),
    (lambda: _with(custom_fields={"text": "c" * 16_385}), "custom_fields"),
    (lambda: _with(custom_fields={"k" * 16_385: 1}), "custom_fields"),
    (lambda: _with(custom_fields={"list": list(range(300))}), "custom_fields"),
    (
        lambda: _with(valuation=Valuation(1.0, valuation_breakdown=nested(9))),
        "valuation.valuation_breakdown",
    ),
    (lambda: _with(valuation=Valuation(1.0, ruleset_name="r" * 256)), "valuation.ruleset_name"),
    (lambda: _perf(cpu=Cpu(name="c" * 256, manufacturer="m")), "performance.cpu.name"),
    (lambda: _perf(ram=Ram(total_gb=1, notes="r" * 1001)), "performance.ram.notes"),
    (lambda: _perf(ports=Ports((Port(PortType.HDMI),) * 33)), "performance.ports.ports"),
    (lambda: _perf(components=(Component(ComponentType.RAM),) * 33), "performance.components"),
    (
        lambda: _perf(components=(Component(ComponentType.RAM, metadata=nested(9)),)),
        "performance.components[0].metadata",
    ),
    (
        lambda: _perf(components=(Component(ComponentType.RAM, metadata={"m": "x" * 1025}),)),
        "performance.components[0].metadata",
    ),
]


@pytest.mark.parametrize(("make", "field"), ONE_PAST, ids=[f for _, f in ONE_PAST])
def test_one_past_a_limit_is_refused_naming_the_field(make: Any, field: str) -> None:
    with pytest.raises(BadValue) as refused:
        validate_listing(make())
    assert refused.value.field == field


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ({"title": "a\x00b"}, "title"),
        ({"notes": "\x00"}, "notes"),
        ({"seller": "\ud800"}, "seller"),
        ({"custom_fields": {"k\x00": 1}}, "custom_fields.k\\u0000"),
        ({"custom_fields": {"k": ["ok", "n\x00"]}}, "custom_fields.k[1]"),
        ({"custom_fields": {"f": float("inf")}}, "custom_fields.f"),
        (
            {"price_date": datetime(9999, 12, 31, 23, tzinfo=timezone(-timedelta(hours=5)))},
            "price_date",
        ),
    ],
    ids=["title", "notes", "surrogate", "key", "list-item", "infinity", "time"],
)
def test_text_no_backend_stores_alike_is_refused(value: dict[str, Any], field: str) -> None:
    listing = Listing(title="ok", price_usd=1)
    with pytest.raises(BadValue) as refused:
        validate_listing(replace(listing, **value))
    assert refused.value.field == field


def test_a_million_levels_cost_no_recursion() -> None:
    with pytest.raises(BadValue, match="at most 8 levels"):
        require_json("custom_fields", nested(1_000_000), OPAQUE_LIMITS)
    with pytest.raises(BadValue, match="at most 3 entries"):
        require_json("v", [[1, 2], [3]], JsonLimits(depth=8, entries=3, characters=10))
    require_json("v", [[1, 2], 3], JsonLimits(depth=2, entries=4, characters=0))


def test_a_link_expires_at_a_time_or_in_days_not_both() -> None:
    assert link_expiry(NOW) is None
    assert link_expiry(NOW, expires_in_days=7) == datetime(2026, 1, 8, tzinfo=UTC)
    assert link_expiry(NOW, datetime(2026, 2, 1)) == datetime(2026, 2, 1, tzinfo=UTC)
    for days in (0, -1, 3651):
        with pytest.raises(BadValue, match="expires_in_days: must be 1-3650"):
            link_expiry(NOW, expires_in_days=days)
    with pytest.raises(BadValue, match="not both"):
        link_expiry(NOW, datetime(2026, 2, 1), 7)
    with pytest.raises(Invalid, match="in the future") as past:
        link_expiry(NOW, datetime(2025, 1, 1, tzinfo=UTC))
    assert not isinstance(past.value, BadValue)  # a rule in context: 422


def test_filters_refuse_an_empty_price_range() -> None:
    ListingFilters(min_price=5, max_price=5)
    with pytest.raises(BadValue, match="min_price: must be <= max_price"):
        ListingFilters(min_price=6, max_price=5)
    with pytest.raises(BadValue, match="max_price: must be a finite number"):
        ListingFilters(max_price=float("inf"))


@pytest.mark.parametrize(
    ("listing", "field"),
    [
        (Listing(title="x", price_usd=1.7e308), "price_usd"),
        (Listing(title="x", price_usd=1, valuation=Valuation(1e9 + 1)), "valuation.base_price_usd"),
        (
            Listing(title="x", price_usd=1, valuation=Valuation(1, float("inf"))),
            "valuation.adjusted_price_usd",
        ),
        (
            Listing(
                title="x",
                price_usd=1,
                performance=Performance(
                    components=(Component(ComponentType.RAM, adjustment_value_usd=-2e9),)
                ),
            ),
            "performance.components[0].adjustment_value_usd",
        ),
    ],
    ids=["price", "base", "adjusted-infinite", "adjustment"],
)
def test_prices_stay_within_a_billion(listing: Listing, field: str) -> None:
    with pytest.raises(BadValue) as refused:
        validate_listing(listing)
    assert refused.value.field == field
    validate_listing(
        replace(listing, price_usd=1e9, valuation=Valuation(1e9, 0.0), performance=None)
    )


def test_a_value_a_hair_above_nothing_says_no_percentage() -> None:
    """A billion against a value of 1e-300 is an infinite share: words, not a 500."""
    assert saving_text(1e9, 1e-300) == "$1,000,000,000 above value"
    assert saving_text(85, 100) == "$15 below value (15%)"


def test_titles_sort_by_ascii_folded_code_points() -> None:
    titles = ["beelink", "Zotac", "Äpfel", "Apple", "_x", "10"]
    assert sorted(titles, key=title_sort_key) == ["10", "_x", "Apple", "beelink", "Zotac", "Äpfel"]
    assert title_sort_key("ÄÖ Ab") == "ÄÖ ab"
