"""Domain objects with every field of the format set, and helpers for the fixtures."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from domain.collections import Collection, CollectionItem, ItemStatus, PriceSnapshot
from domain.listing_parts import (
    Component,
    ComponentType,
    Cpu,
    DdrGeneration,
    Gpu,
    ListingMetadata,
    Metrics,
    OtherUrl,
    Performance,
    Port,
    Ports,
    PortType,
    Ram,
    Storage,
    StorageMedium,
    Valuation,
)
from domain.listings import Condition, Listing, ListingStatus
from domain.visibility import Visibility

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "portable"
EXPORTED_AT = datetime(2025, 11, 19, 12, 0, 0, 123456, tzinfo=UTC)

# Out of alphabetical order at every level, nested lists, nulls: all must come back as is.
BREAKDOWN = {
    "zeta": {"total": -42.5, "lines": [{"rule": "RAM 16GB", "delta": 20}, {"rule": "No OS"}]},
    "alpha": None,
    "Mid": [3, [2, [1, []]], {"k": None}],
    "beta": {"z": 1, "a": 2, "m": {"y": True, "b": False}},
    "ünïcode": "ok ✓",
}
CUSTOM_FIELDS = {"warranty_months": 12, "bundle": {"z": True, "a": ["hdmi"]}, "nothing": None}


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> dict[str, Any]:
    return json.loads(fixture_bytes(name))


def full_performance() -> Performance:
    return Performance(
        cpu=Cpu("Intel Core i7-8700T", "Intel", 6, 12, 35, 12345, 2345, 1234, 2018, "UHD 630"),
        gpu=Gpu("NVIDIA Quadro P620", "NVIDIA", gpu_mark=3900, metal_score=11000),
        ram=Ram(32, DdrGeneration.DDR4, 2666, 2, 16, "two SODIMMs"),
        storage_primary=Storage(512, StorageMedium.NVME, "PCIe 3.0 x4", "M.2 2280", "fast"),
        storage_secondary=Storage(1000, StorageMedium.HDD, "SATA", "2.5in", "slow"),
        metrics=Metrics(0.12, 0.14, 0.023, 0.027, 61.0, 70.5, 12.25, 58.0, 352.7),
        ports=Ports(
            (Port(PortType.USB_A, 4), Port(PortType.HDMI), Port(PortType.OTHER, 1, "serial")),
            profile_name="EliteDesk G4 rear",
        ),
        components=(
            Component(ComponentType.RAM, "16GB DDR4", 2, {"z": [1, 2], "a": None}, 40.0),
            Component(ComponentType.OS_LICENSE),
        ),
    )


def full_listing(listing_id: int = 42, offset: float = 0.0) -> Listing:
    return Listing(
        id=listing_id,
        title=f"HP EliteDesk 800 G4 Mini — i7-8700T / 32GB #{listing_id}",
        price_usd=289.99 + offset,
        condition=Condition.REFURB,
        status=ListingStatus.PENDING,
        listing_url="https://www.ebay.com/itm/123?b=2&a=1",
        other_urls=(OtherUrl("https://example.com/a", "mirror"), OtherUrl("https://x.test/2")),
        seller="Tech Liquidators",
        price_date=datetime(2025, 11, 18, 8, 15, 30, 250000, tzinfo=UTC),
        device_model="800 G4 DM",
        notes="Small scuff on the lid.\nShips in 2 days.",
        custom_fields=CUSTOM_FIELDS,
        valuation=Valuation(289.99 + offset, 331.5, BREAKDOWN, "SFF default"),
        performance=full_performance(),
        metadata=ListingMetadata("HP", "EliteDesk", "800 G4", "mini"),
        created_at=datetime(2025, 11, 1, 9, 0, tzinfo=UTC),
        updated_at=datetime(2025, 11, 2, 10, 30, 0, 1, tzinfo=UTC),
    )


def full_collection(owner_id: int = 5) -> tuple[Collection, list[tuple[CollectionItem, Listing]]]:
    collection = Collection(
        id=15,
        owner_id=owner_id,
        name="Proxmox cluster candidates",
        description="Three nodes, 35W.",
        visibility=Visibility.UNLISTED,
        created_at=datetime(2025, 11, 1, tzinfo=UTC),
        updated_at=datetime(2025, 11, 3, tzinfo=timezone(timedelta(hours=-5))),
    )
    statuses = [ItemStatus.SHORTLISTED, ItemStatus.REJECTED, ItemStatus.BOUGHT]
    pairs = []
    for position, status in enumerate(statuses):
        listing = full_listing(100 + position, offset=position)
        item = CollectionItem(
            collection_id=15,
            listing_id=listing.id,
            status=status,
            notes=None if position == 1 else f"note {position}",
            position=position,
            added_at=datetime(2025, 11, 4, position, tzinfo=UTC),
            price_snapshot=PriceSnapshot(listing.price_usd, listing.adjusted_price_usd),
        )
        pairs.append((item, listing))
    return collection, pairs
