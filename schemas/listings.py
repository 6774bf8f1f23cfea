"""Listing bodies of the HTTP API: fields at top level, nested parts as in the format."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from msgspec import UNSET, UnsetType

from domain.listing_parts import ListingMetadata, OtherUrl, Performance, Valuation
from domain.listings import Condition, Listing, ListingStatus
from schemas.convert import set_fields, to_domain, to_wire
from schemas.listing_parts import MetadataIn, NonNegative, OtherUrlIn, PerformanceIn, ValuationIn

Title = Annotated[str, msgspec.Meta(min_length=1, max_length=255)]
Seller = Annotated[str, msgspec.Meta(max_length=128)]
DeviceModel = Annotated[str, msgspec.Meta(max_length=255)]

_PARTS: dict[str, type] = {
    "valuation": Valuation,
    "performance": Performance,
    "metadata": ListingMetadata,
}


class ListingIn(msgspec.Struct, kw_only=True):
    title: Title
    price_usd: NonNegative
    condition: Condition = Condition.USED
    status: ListingStatus = ListingStatus.ACTIVE
    listing_url: str | None = None
    other_urls: list[OtherUrlIn] = []
    seller: Seller | None = None
    price_date: datetime | None = None
    device_model: DeviceModel | None = None
    notes: str | None = None
    custom_fields: dict[str, Any] = {}
    valuation: ValuationIn | None = None
    performance: PerformanceIn | None = None
    metadata: MetadataIn | None = None

    def to_domain(self) -> Listing:
        return to_domain(self, Listing)


class ListingPatch(msgspec.Struct, kw_only=True):
    """Only the fields present change; `null` clears an optional field."""

    title: Title | UnsetType = UNSET
    price_usd: NonNegative | UnsetType = UNSET
    condition: Condition | UnsetType = UNSET
    status: ListingStatus | UnsetType = UNSET
    listing_url: str | UnsetType | None = UNSET
    other_urls: list[OtherUrlIn] | UnsetType = UNSET
    seller: Seller | UnsetType | None = UNSET
    price_date: datetime | UnsetType | None = UNSET
    device_model: DeviceModel | UnsetType | None = UNSET
    notes: str | UnsetType | None = UNSET
    custom_fields: dict[str, Any] | UnsetType = UNSET
    valuation: ValuationIn | UnsetType | None = UNSET
    performance: PerformanceIn | UnsetType | None = UNSET
    metadata: MetadataIn | UnsetType | None = UNSET

    def changes(self) -> dict[str, Any]:
        changes = set_fields(self)
        for name, part_type in _PARTS.items():
            if changes.get(name) is not None:
                changes[name] = to_domain(changes[name], part_type)
        if "other_urls" in changes:
            changes["other_urls"] = tuple(to_domain(u, OtherUrl) for u in changes["other_urls"])
        return changes


class ListingOut(ListingIn, omit_defaults=False):
    id: int
    created_by: int | None
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def of(cls, listing: Listing) -> ListingOut:
        return to_wire(listing, cls)


class ListingPage(msgspec.Struct):
    items: list[ListingOut]
    total: int
    limit: int
    offset: int
