"""A listing: one priced machine in the catalog, with its valuation and performance."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from domain.listing_parts import (
    Component,
    ListingMetadata,
    OtherUrl,
    Performance,
    Storage,
    Valuation,
)
from domain.validation import (
    require_at_least,
    require_length,
    require_non_negative,
    require_present,
)


class Condition(StrEnum):
    NEW = "new"
    REFURB = "refurb"
    USED = "used"


class ListingStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"
    PENDING = "pending"


@dataclass(slots=True)
class Listing:
    title: str
    price_usd: float
    condition: Condition = Condition.USED
    status: ListingStatus = ListingStatus.ACTIVE
    listing_url: str | None = None
    other_urls: tuple[OtherUrl, ...] = ()
    seller: str | None = None
    price_date: datetime | None = None
    device_model: str | None = None
    notes: str | None = None
    custom_fields: dict[str, Any] = field(default_factory=dict)
    valuation: Valuation | None = None
    performance: Performance | None = None
    metadata: ListingMetadata | None = None
    created_by: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None

    @property
    def adjusted_price_usd(self) -> float | None:
        return self.valuation.adjusted_price_usd if self.valuation else None


def validate_listing(listing: Listing) -> None:
    """The catalog's own rules, the same whether a listing comes from the API or a file."""
    require_length("title", listing.title, low=1, high=255)
    require_present("price_usd", listing.price_usd)
    require_non_negative("price_usd", listing.price_usd)
    require_length("seller", listing.seller, high=128)
    require_length("device_model", listing.device_model, high=255)
    if listing.valuation is not None:
        require_non_negative("valuation.base_price_usd", listing.valuation.base_price_usd)
        require_non_negative("valuation.adjusted_price_usd", listing.valuation.adjusted_price_usd)
    if listing.metadata is not None:
        meta = listing.metadata
        require_length("metadata.manufacturer", meta.manufacturer, high=64)
        require_length("metadata.series", meta.series, high=128)
        require_length("metadata.model_number", meta.model_number, high=128)
        require_length("metadata.form_factor", meta.form_factor, high=32)
    if listing.performance is not None:
        _validate_performance(listing.performance)


def _validate_performance(perf: Performance) -> None:
    for name in ("storage_primary", "storage_secondary"):
        storage: Storage | None = getattr(perf, name)
        if storage is not None:
            require_non_negative(f"performance.{name}.capacity_gb", storage.capacity_gb)
    if perf.ram is not None:
        require_non_negative("performance.ram.total_gb", perf.ram.total_gb)
    if perf.ports is not None:
        for i, port in enumerate(perf.ports.ports):
            require_at_least(f"performance.ports.ports[{i}].count", port.count, 1)
    for i, component in enumerate(perf.components or ()):
        _validate_component(i, component)


def _validate_component(i: int, component: Component) -> None:
    require_at_least(f"performance.components[{i}].quantity", component.quantity, 1)
