"""Collection and item bodies of the HTTP API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from msgspec import UNSET, UnsetType

from domain.collections import (
    DESCRIPTION_MAX,
    ITEM_NOTES_MAX,
    NAME_MAX,
    POSITION_MAX,
    Collection,
    CollectionItem,
    ItemStatus,
)
from domain.listings import Listing
from domain.validation import ID_MAX
from domain.visibility import Visibility
from schemas.convert import set_fields, to_wire
from schemas.listings import ListingOut

Name = Annotated[
    str,
    msgspec.Meta(min_length=1, max_length=NAME_MAX, description="The collection's name"),
]
Description = Annotated[
    str, msgspec.Meta(max_length=DESCRIPTION_MAX, description="What the collection is about")
]
ItemNotes = Annotated[
    str, msgspec.Meta(max_length=ITEM_NOTES_MAX, description="The owner's notes on the item")
]
Position = Annotated[
    int,
    msgspec.Meta(
        ge=0, le=POSITION_MAX, description="Place in the collection from 0; past the end: last"
    ),
]
# An id a row could have (domain.validation.ID_MAX); larger ones are refused, not looked up.
Id = Annotated[int, msgspec.Meta(ge=1, le=ID_MAX, description="A listing's id")]
ListingId = Id


class CollectionIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    name: Name
    description: Description | None = None
    visibility: Visibility = Visibility.PRIVATE


class CollectionPatch(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    name: Name | UnsetType = UNSET
    description: Description | UnsetType | None = UNSET
    visibility: Visibility | UnsetType = UNSET

    def changes(self) -> dict[str, Any]:
        return set_fields(self)


class CollectionOut(msgspec.Struct, kw_only=True):
    id: int
    owner_id: int
    name: str
    description: str | None
    visibility: Visibility
    copied_from_id: int | None
    view_count: int
    copy_count: int
    hidden_by_moderation: bool
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def of(cls, collection: Collection) -> CollectionOut:
        return to_wire(collection, cls)


class PriceSnapshotOut(msgspec.Struct):
    price_usd: float | None
    adjusted_price_usd: float | None


class ItemIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    listing_id: ListingId
    status: ItemStatus = ItemStatus.UNDECIDED
    notes: ItemNotes | None = None
    position: Position | None = None


class ItemPatch(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    status: ItemStatus | UnsetType = UNSET
    notes: ItemNotes | UnsetType | None = UNSET
    position: Position | UnsetType = UNSET

    def changes(self) -> dict[str, Any]:
        return set_fields(self)


class ReorderIn(msgspec.Struct, forbid_unknown_fields=True):
    listing_ids: list[ListingId]


class ItemOut(msgspec.Struct, kw_only=True):
    collection_id: int
    listing_id: int
    status: ItemStatus
    notes: str | None
    position: int
    added_at: datetime | None
    price_snapshot: PriceSnapshotOut
    listing: ListingOut | None = None

    @classmethod
    def of(cls, item: CollectionItem, listing: Listing | None = None) -> ItemOut:
        out = to_wire(item, cls)
        if listing is not None:
            out.listing = ListingOut.of(listing)
        return out


class CollectionDetailOut(CollectionOut, kw_only=True):
    owner_username: str | None
    # How many items the collection holds; page through them at /collections/{id}/items.
    item_count: int
    items: list[ItemOut]


class ItemPage(msgspec.Struct):
    items: list[ItemOut]
    total: int
    limit: int
    offset: int


class CollectionPage(msgspec.Struct):
    items: list[CollectionOut]
    total: int
    limit: int
    offset: int
