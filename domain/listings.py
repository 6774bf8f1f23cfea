"""A listing: one priced machine in the catalog, with its valuation and performance."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from domain.errors import BadValue
from domain.listing_parts import (
    Component,
    ListingMetadata,
    OtherUrl,
    Performance,
    Storage,
    Valuation,
)
from domain.validation import (
    JsonLimits,
    require_at_least,
    require_count,
    require_json,
    require_length,
    require_moment,
    require_non_negative,
    require_present,
)

# How big a listing may be (ADR 0101): every Deal Brain file we know fits many times over,
# and a page of listings stays small. The importer checks files by the same rules.
TITLE_MAX = 255
# Prices and values in USD: a billion is no PC deal, and sums and ratios of prices stay
# finite (1.7e308 is a valid JSON number; its double is not a price).
PRICE_MAX = 1_000_000_000
SELLER_MAX = 128
DEVICE_MODEL_MAX = 255
URL_MAX = 2_048
NOTES_MAX = 5_000
# A short text of a part: a CPU's name, a storage interface, a URL's label, …
LABEL_MAX = 255
PART_NOTES_MAX = 1_000
OTHER_URLS_MAX = 10
PORTS_MAX = 32
COMPONENTS_MAX = 32
# `custom_fields` and `valuation.valuation_breakdown`: free-form JSON, kept as received. Eight
# levels keep an exported file far inside the importer's 64 (schemas/portable/parse.py).
OPAQUE_LIMITS = JsonLimits(depth=8, entries=256, characters=16_384)
# A component's `metadata`: the same depth, less room (a listing has up to 32 components).
COMPONENT_METADATA_LIMITS = JsonLimits(depth=8, entries=64, characters=1_024)


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


class ListingSort(StrEnum):
    NEWEST = "newest"  # newest first (highest id)
    PRICE = "price"  # cheapest first
    PRICE_DESC = "-price"  # dearest first
    TITLE = "title"  # by title_sort_key, A to Z


@dataclass(frozen=True, slots=True)
class ListingFilters:
    """What narrows and orders a catalog search besides its words. Ties in every sort go
    newest first (highest id), so every backend pages the same way."""

    created_by: int | None = None
    min_price: float | None = None
    max_price: float | None = None
    sort: ListingSort = ListingSort.NEWEST

    def __post_init__(self) -> None:
        require_non_negative("min_price", self.min_price)
        require_non_negative("max_price", self.max_price)
        low, high = self.min_price, self.max_price
        if low is not None and high is not None and low > high:
            raise BadValue("min_price", f"must be <= max_price (got {low} > {high})")

    def admits(self, listing: Listing) -> bool:
        """Whether the listing passes the filters (the in-memory fake's rule)."""
        return (
            (self.created_by is None or listing.created_by == self.created_by)
            and (self.min_price is None or listing.price_usd >= self.min_price)
            and (self.max_price is None or listing.price_usd <= self.max_price)
        )


NO_FILTERS = ListingFilters()
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def title_sort_key(title: str) -> str:
    """A title as `sort=title` compares it: ASCII letters folded to lower case, then code
    point order. SQLite's lower() and PostgreSQL's under the "C" collation fold exactly
    these, so every backend sorts alike (a locale's order would differ from server to
    server)."""
    return title.translate(_ASCII_LOWER)


def sort_listings(listings: list[Listing], sort: ListingSort) -> list[Listing]:
    """The in-memory order of a sort; ties newest first."""
    newest = sorted(listings, key=lambda listing: listing.id or 0, reverse=True)
    if sort is ListingSort.PRICE:
        return sorted(newest, key=lambda listing: listing.price_usd)
    if sort is ListingSort.PRICE_DESC:
        return sorted(newest, key=lambda listing: -listing.price_usd)
    if sort is ListingSort.TITLE:
        return sorted(newest, key=lambda listing: title_sort_key(listing.title))
    return newest


def validate_listing(listing: Listing) -> None:
    """The catalog's own rules, the same whether a listing comes from the API or a file."""
    require_length("title", listing.title, low=1, high=TITLE_MAX)
    require_present("price_usd", listing.price_usd)
    require_price("price_usd", listing.price_usd)
    require_length("listing_url", listing.listing_url, high=URL_MAX)
    require_count("other_urls", listing.other_urls, OTHER_URLS_MAX)
    for i, other in enumerate(listing.other_urls):
        require_length(f"other_urls[{i}].url", other.url, high=URL_MAX)
        require_length(f"other_urls[{i}].label", other.label, high=LABEL_MAX)
    require_length("seller", listing.seller, high=SELLER_MAX)
    require_moment("price_date", listing.price_date)
    require_length("device_model", listing.device_model, high=DEVICE_MODEL_MAX)
    require_length("notes", listing.notes, high=NOTES_MAX)
    require_json("custom_fields", listing.custom_fields, OPAQUE_LIMITS)
    if listing.valuation is not None:
        _validate_valuation(listing.valuation)
    if listing.metadata is not None:
        meta = listing.metadata
        require_length("metadata.manufacturer", meta.manufacturer, high=64)
        require_length("metadata.series", meta.series, high=128)
        require_length("metadata.model_number", meta.model_number, high=128)
        require_length("metadata.form_factor", meta.form_factor, high=32)
    if listing.performance is not None:
        _validate_performance(listing.performance)


def require_price(field: str, value: float | None) -> None:
    """A price or value in USD: finite, 0 to PRICE_MAX."""
    require_non_negative(field, value)
    if value is not None and value > PRICE_MAX:
        raise BadValue(field, f"must be at most {PRICE_MAX:,} (got {value:g})")


def _validate_valuation(valuation: Valuation) -> None:
    require_price("valuation.base_price_usd", valuation.base_price_usd)
    require_price("valuation.adjusted_price_usd", valuation.adjusted_price_usd)
    if valuation.valuation_breakdown is not None:
        require_json("valuation.valuation_breakdown", valuation.valuation_breakdown, OPAQUE_LIMITS)
    require_length("valuation.ruleset_name", valuation.ruleset_name, high=LABEL_MAX)


def _validate_performance(perf: Performance) -> None:
    if perf.cpu is not None:
        for name in ("name", "manufacturer", "igpu_model"):
            require_length(f"performance.cpu.{name}", getattr(perf.cpu, name), high=LABEL_MAX)
    if perf.gpu is not None:
        for name in ("name", "manufacturer"):
            require_length(f"performance.gpu.{name}", getattr(perf.gpu, name), high=LABEL_MAX)
    for name in ("storage_primary", "storage_secondary"):
        storage: Storage | None = getattr(perf, name)
        if storage is not None:
            require_non_negative(f"performance.{name}.capacity_gb", storage.capacity_gb)
            for text in ("interface", "form_factor", "performance_tier"):
                value = getattr(storage, text)
                require_length(f"performance.{name}.{text}", value, high=LABEL_MAX)
    if perf.ram is not None:
        require_non_negative("performance.ram.total_gb", perf.ram.total_gb)
        require_length("performance.ram.notes", perf.ram.notes, high=PART_NOTES_MAX)
    if perf.ports is not None:
        ports = perf.ports
        require_length("performance.ports.profile_name", ports.profile_name, high=LABEL_MAX)
        require_count("performance.ports.ports", ports.ports, PORTS_MAX)
        for i, port in enumerate(ports.ports):
            require_at_least(f"performance.ports.ports[{i}].count", port.count, 1)
            spec = f"performance.ports.ports[{i}].spec_notes"
            require_length(spec, port.spec_notes, high=LABEL_MAX)
    require_count("performance.components", perf.components, COMPONENTS_MAX)
    for i, component in enumerate(perf.components or ()):
        _validate_component(i, component)


def _validate_component(i: int, component: Component) -> None:
    path = f"performance.components[{i}]"
    require_at_least(f"{path}.quantity", component.quantity, 1)
    adjustment = component.adjustment_value_usd
    if adjustment is not None and not -PRICE_MAX <= adjustment <= PRICE_MAX:  # NaN too
        raise BadValue(
            f"{path}.adjustment_value_usd",
            f"must be -{PRICE_MAX:,} to {PRICE_MAX:,} (got {adjustment:g})",
        )
    require_length(f"{path}.name", component.name, high=LABEL_MAX)
    if component.metadata is not None:
        require_json(f"{path}.metadata", component.metadata, COMPONENT_METADATA_LIMITS)
