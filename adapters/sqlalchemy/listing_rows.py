"""A listing as a row and back. Value objects travel as JSON through msgspec."""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec
from sqlalchemy import Row

from adapters.sqlalchemy.statements import without_none
from adapters.sqlalchemy.urls import normalize_url, search_text
from domain.listing_parts import ListingMetadata, OtherUrl, Performance, Valuation
from domain.listings import Condition, Listing, ListingStatus

T = TypeVar("T")


def listing_values(listing: Listing) -> dict[str, Any]:
    values = {
        "title": listing.title,
        "listing_url": listing.listing_url,
        "normalized_url": normalize_url(listing.listing_url),
        "other_urls": msgspec.to_builtins(listing.other_urls),
        "seller": listing.seller,
        "price_usd": listing.price_usd,
        "price_date": listing.price_date,
        "condition": str(listing.condition),
        "status": str(listing.status),
        "device_model": listing.device_model,
        "notes": listing.notes,
        "custom_fields": msgspec.to_builtins(listing.custom_fields),
        "valuation": _json(listing.valuation),
        "performance": _json(listing.performance),
        "metadata": _json(listing.metadata),
        "search_text": search_text(listing.title, listing.seller, listing.device_model),
        "created_by": listing.created_by,
        "created_at": listing.created_at,
        "updated_at": listing.updated_at,
    }
    return without_none(values, "created_at", "updated_at")


def listing_from_row(row: Row[Any]) -> Listing:
    return Listing(
        id=row.id,
        title=row.title,
        price_usd=row.price_usd,
        condition=Condition(row.condition),
        status=ListingStatus(row.status),
        listing_url=row.listing_url,
        other_urls=msgspec.convert(row.other_urls, type=tuple[OtherUrl, ...]),
        seller=row.seller,
        price_date=row.price_date,
        device_model=row.device_model,
        notes=row.notes,
        custom_fields=row.custom_fields,
        valuation=_value(row.valuation, Valuation),
        performance=_value(row.performance, Performance),
        metadata=_value(row._mapping["metadata"], ListingMetadata),
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _json(value: object | None) -> Any:
    return None if value is None else msgspec.to_builtins(value)


def _value(data: Any, kind: type[T]) -> T | None:
    return None if data is None else msgspec.convert(data, type=kind)
