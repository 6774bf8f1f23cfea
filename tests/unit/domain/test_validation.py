"""Entity validation: each broken rule raises Invalid naming the field path."""

from __future__ import annotations

import math

import pytest

from domain.collections import (
    Collection,
    CollectionItem,
    validate_collection,
    validate_item,
)
from domain.errors import Invalid
from domain.listing_parts import (
    Component,
    ComponentType,
    ListingMetadata,
    Performance,
    Port,
    Ports,
    PortType,
    Ram,
    Storage,
    Valuation,
)
from domain.listings import Listing, validate_listing
from domain.users import validate_username


def listing(**kw: object) -> Listing:
    return Listing(**{"title": "HP EliteDesk 800 G4", "price_usd": 150.0, **kw})


def perf_with(**kw: object) -> Performance:
    return Performance(**kw)


VALID_LISTINGS = [
    listing(),
    listing(title="x"),
    listing(title="x" * 255),
    listing(price_usd=0.0),
    listing(price_usd=0),
    listing(seller="s" * 128, device_model="d" * 255),
    listing(metadata=ListingMetadata("m" * 64, "s" * 128, "n" * 128, "f" * 32)),
    listing(valuation=Valuation(base_price_usd=0.0, adjusted_price_usd=0.0)),
    listing(performance=perf_with(ports=Ports((Port(PortType.USB_C, count=1),)))),
    listing(performance=perf_with(components=(Component(ComponentType.RAM, quantity=1),))),
]


@pytest.mark.parametrize("good", VALID_LISTINGS)
def test_valid_listings_pass(good: Listing) -> None:
    validate_listing(good)


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        (listing(title=""), "title"),
        (listing(title="x" * 256), "title"),
        (listing(price_usd=-0.01), "price_usd"),
        (listing(price_usd=-1), "price_usd"),
        (listing(price_usd=math.nan), "price_usd"),
        (listing(price_usd=math.inf), "price_usd"),
        (listing(seller="s" * 129), "seller"),
        (listing(device_model="d" * 256), "device_model"),
        (listing(valuation=Valuation(base_price_usd=-1.0)), "valuation.base_price_usd"),
        (
            listing(valuation=Valuation(base_price_usd=1.0, adjusted_price_usd=math.inf)),
            "valuation.adjusted_price_usd",
        ),
        (listing(metadata=ListingMetadata(manufacturer="m" * 65)), "metadata.manufacturer"),
        (listing(metadata=ListingMetadata(series="s" * 129)), "metadata.series"),
        (listing(metadata=ListingMetadata(model_number="n" * 129)), "metadata.model_number"),
        (listing(metadata=ListingMetadata(form_factor="f" * 33)), "metadata.form_factor"),
        (listing(performance=perf_with(ram=Ram(total_gb=-8))), "performance.ram.total_gb"),
        (
            listing(performance=perf_with(storage_secondary=Storage(capacity_gb=-1))),
            "performance.storage_secondary.capacity_gb",
        ),
        (
            listing(
                performance=perf_with(
                    ports=Ports((Port(PortType.HDMI, 2), Port(PortType.USB_A, count=0)))
                )
            ),
            "performance.ports.ports[1].count",
        ),
        (
            listing(performance=perf_with(components=(Component(ComponentType.SSD, quantity=0),))),
            "performance.components[0].quantity",
        ),
    ],
)
def test_invalid_listings_name_the_field(bad: Listing, field: str) -> None:
    with pytest.raises(Invalid) as caught:
        validate_listing(bad)
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")


def test_a_listing_needs_a_price() -> None:
    with pytest.raises(Invalid) as caught:
        validate_listing(listing(price_usd=None))
    assert caught.value.field == "price_usd"


@pytest.mark.parametrize(
    ("name", "description"), [("x", None), ("x" * 100, "d" * 1000), (" a ", "")]
)
def test_valid_collections_pass(name: str, description: str | None) -> None:
    validate_collection(Collection(owner_id=1, name=name, description=description))


@pytest.mark.parametrize(
    ("name", "description", "field"),
    [
        ("", None, "name"),
        ("   ", None, "name"),
        ("\t\n", None, "name"),
        ("x" * 101, None, "name"),
        (None, None, "name"),
        ("ok", "d" * 1001, "description"),
    ],
)
def test_invalid_collections_name_the_field(name, description, field) -> None:
    with pytest.raises(Invalid) as caught:
        validate_collection(Collection(owner_id=1, name=name, description=description))
    assert caught.value.field == field


def test_item_notes_and_position() -> None:
    validate_item(CollectionItem(1, 2, notes="n" * 500, position=0))
    for bad, field in [
        (CollectionItem(1, 2, notes="n" * 501), "notes"),
        (CollectionItem(1, 2, position=-1), "position"),
    ]:
        with pytest.raises(Invalid) as caught:
            validate_item(bad)
        assert caught.value.field == field


@pytest.mark.parametrize("good", ["abc", "a" * 32, "deal_hunter-99", "___", "0-0"])
def test_valid_usernames(good: str) -> None:
    validate_username(good)


@pytest.mark.parametrize(
    "bad", ["ab", "a" * 33, "Alice", "al ice", "alice!", "élan", "alice\n", "", "al.ce"]
)
def test_invalid_usernames(bad: str) -> None:
    with pytest.raises(Invalid) as caught:
        validate_username(bad)
    assert caught.value.field == "username"
