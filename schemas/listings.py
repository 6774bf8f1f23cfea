"""Listing bodies of the HTTP API: fields at top level, nested parts as in the format."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from msgspec import UNSET, UnsetType

from domain import listing_parts as parts
from domain.listings import (
    DEVICE_MODEL_MAX,
    NOTES_MAX,
    OTHER_URLS_MAX,
    SELLER_MAX,
    TITLE_MAX,
    Condition,
    Listing,
    ListingStatus,
)
from schemas.convert import set_fields, to_domain, to_wire
from schemas.listing_bodies import (
    ListingMetadata,
    Opaque,
    OtherUrl,
    Performance,
    Price,
    Url,
    Valuation,
)
from schemas.listing_parts import MetadataIn, OtherUrlIn, PerformanceIn, ValuationIn

Title = Annotated[
    str,
    msgspec.Meta(
        min_length=1, max_length=TITLE_MAX, description="What the deal is, as its listing says"
    ),
]
Seller = Annotated[
    str, msgspec.Meta(max_length=SELLER_MAX, description="Who sells it: a shop or a username")
]
DeviceModel = Annotated[
    str,
    msgspec.Meta(
        max_length=DEVICE_MODEL_MAX, description="The machine's model (`SER5`, `EliteDesk 800`)"
    ),
]
Notes = Annotated[str, msgspec.Meta(max_length=NOTES_MAX, description="Notes on the deal")]
OtherUrls = Annotated[
    list[OtherUrl],
    msgspec.Meta(max_length=OTHER_URLS_MAX, description="More links to the deal (mirrors, shops)"),
]

_PARTS: dict[str, type] = {
    "valuation": parts.Valuation,
    "performance": parts.Performance,
    "metadata": parts.ListingMetadata,
}


class ListingIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    title: Title
    price_usd: Price
    condition: Condition = Condition.USED
    status: ListingStatus = ListingStatus.ACTIVE
    listing_url: Url | None = None
    other_urls: OtherUrls = []
    seller: Seller | None = None
    price_date: datetime | None = None
    device_model: DeviceModel | None = None
    notes: Notes | None = None
    custom_fields: Opaque = {}
    valuation: Valuation | None = None
    performance: Performance | None = None
    metadata: ListingMetadata | None = None

    def to_domain(self) -> Listing:
        return to_domain(self, Listing)


class ListingPatch(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Only the fields present change; `null` clears an optional field."""

    title: Title | UnsetType = UNSET
    price_usd: Price | UnsetType = UNSET
    condition: Condition | UnsetType = UNSET
    status: ListingStatus | UnsetType = UNSET
    listing_url: Url | UnsetType | None = UNSET
    other_urls: OtherUrls | UnsetType = UNSET
    seller: Seller | UnsetType | None = UNSET
    price_date: datetime | UnsetType | None = UNSET
    device_model: DeviceModel | UnsetType | None = UNSET
    notes: Notes | UnsetType | None = UNSET
    custom_fields: Opaque | UnsetType = UNSET
    valuation: Valuation | UnsetType | None = UNSET
    performance: Performance | UnsetType | None = UNSET
    metadata: ListingMetadata | UnsetType | None = UNSET

    def changes(self) -> dict[str, Any]:
        changes = set_fields(self)
        for name, part_type in _PARTS.items():
            if changes.get(name) is not None:
                changes[name] = to_domain(changes[name], part_type)
        if "other_urls" in changes:
            urls = changes["other_urls"]
            changes["other_urls"] = tuple(to_domain(u, parts.OtherUrl) for u in urls)
        return changes


class ListingOut(msgspec.Struct, kw_only=True):
    """A listing as stored. No input limit applies on the way out: a listing kept before a
    limit existed (ADR 0101) still reads."""

    id: int
    created_by: int | None
    created_at: datetime | None
    updated_at: datetime | None
    title: str
    price_usd: float
    condition: Condition
    status: ListingStatus
    listing_url: str | None
    other_urls: list[OtherUrlIn]
    seller: str | None
    price_date: datetime | None
    device_model: str | None
    notes: str | None
    custom_fields: dict[str, Any]
    valuation: ValuationIn | None
    performance: PerformanceIn | None
    metadata: MetadataIn | None

    @classmethod
    def of(cls, listing: Listing) -> ListingOut:
        return to_wire(listing, cls)


class ListingPage(msgspec.Struct):
    items: list[ListingOut]
    total: int
    limit: int
    offset: int
