"""Between the v1.0.0 Structs and the domain: a deal is a `Listing`; a collection is a
`Collection` with its items, each paired with its listing.

Ids pass through as they are: the document's on the way in (the application assigns new
ones), the domain's on the way out. Opaque JSON (`custom_fields`, `valuation_breakdown`,
component `metadata`) is handed over untouched, key order included.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar

import msgspec

from domain.collections import Collection, CollectionItem, PriceSnapshot
from domain.listing_parts import ListingMetadata, Performance, Valuation
from domain.listings import Listing
from schemas.convert import to_domain, to_wire
from schemas.listing_parts import MetadataIn, ValuationIn
from schemas.portable.v1 import (
    CollectionData,
    DealData,
    PortableCollection,
    PortableCollectionItem,
    PortableListing,
    PortablePerformance,
)

T = TypeVar("T")
ListingInCollection = tuple[CollectionItem, Listing]
_UNSTORED_ID = 0  # what a listing or collection without an id is written as


def deal_data(listing: Listing, *, stamp: datetime) -> DealData:
    """`stamp` (the export time) stands in for a time the listing does not have yet."""
    fields = {name: getattr(listing, name) for name in PortableListing.__struct_fields__}
    fields["id"] = _UNSTORED_ID if listing.id is None else listing.id
    fields["created_at"] = listing.created_at or stamp
    fields["updated_at"] = listing.updated_at or stamp
    return DealData(
        listing=msgspec.convert(fields, PortableListing, from_attributes=True),
        valuation=_part(listing.valuation, ValuationIn),
        performance=_part(listing.performance, PortablePerformance),
        metadata=_part(listing.metadata, MetadataIn),
    )


def listing_of(deal: DealData) -> Listing:
    listing = to_domain(deal.listing, Listing)
    listing.valuation = _part(deal.valuation, Valuation)
    listing.performance = _part(deal.performance, Performance)
    listing.metadata = _part(deal.metadata, ListingMetadata)
    return listing


def collection_data(
    collection: Collection, items: Sequence[ListingInCollection], *, stamp: datetime
) -> CollectionData:
    fields = {name: getattr(collection, name) for name in PortableCollection.__struct_fields__}
    fields["id"] = _UNSTORED_ID if collection.id is None else collection.id
    fields["created_at"] = collection.created_at or stamp
    fields["updated_at"] = collection.updated_at or stamp
    return CollectionData(
        collection=msgspec.convert(fields, PortableCollection, from_attributes=True),
        items=[_item_data(item, listing, stamp) for item, listing in items],
    )


def collection_of(
    data: CollectionData, *, owner_id: int
) -> tuple[Collection, list[ListingInCollection]]:
    """The collection (owned by `owner_id`) and its items in document order. An item's
    price snapshot, which the format does not carry, is the imported listing's price."""
    return _collection(data, owner_id), [_item(data.collection.id, item) for item in data.items]


def _collection(data: CollectionData, owner_id: int) -> Collection:
    wire = data.collection
    return Collection(
        owner_id=owner_id,
        name=wire.name,
        description=wire.description,
        visibility=wire.visibility,
        created_at=wire.created_at,
        updated_at=wire.updated_at,
        id=wire.id,
    )


def _item_data(item: CollectionItem, listing: Listing, stamp: datetime) -> PortableCollectionItem:
    return PortableCollectionItem(
        listing=deal_data(listing, stamp=stamp),
        status=item.status,
        notes=item.notes,
        position=item.position,
        added_at=item.added_at or stamp,
    )


def _item(collection_id: int, data: PortableCollectionItem) -> ListingInCollection:
    listing = listing_of(data.listing)
    snapshot = PriceSnapshot(listing.price_usd, listing.adjusted_price_usd)
    item = CollectionItem(
        collection_id=collection_id,
        listing_id=data.listing.listing.id,
        status=data.status,
        notes=data.notes,
        position=data.position,
        added_at=data.added_at,
        price_snapshot=snapshot,
    )
    return item, listing


def _part(value: Any, target: type[T]) -> T | None:
    return None if value is None else to_wire(value, target)
