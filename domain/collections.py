"""Collections of listings and the items in them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.errors import BadValue
from domain.validation import ID_MAX, require_choice, require_length
from domain.visibility import Visibility

NAME_MAX = 100
DESCRIPTION_MAX = 1000
ITEM_NOTES_MAX = 500
# Positions are 32-bit like ids; a larger one would only mean "at the end" anyway.
POSITION_MAX = ID_MAX


class ItemStatus(StrEnum):
    UNDECIDED = "undecided"
    SHORTLISTED = "shortlisted"
    REJECTED = "rejected"
    BOUGHT = "bought"


@dataclass(slots=True)
class Collection:
    owner_id: int
    name: str
    description: str | None = None
    visibility: Visibility = Visibility.PRIVATE
    copied_from_id: int | None = None
    view_count: int = 0
    copy_count: int = 0
    hidden_by_moderation: bool = False
    created_at: datetime | None = None
    updated_at: datetime | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class PriceSnapshot:
    """What the listing cost when it was added, so a later price change is visible."""

    price_usd: float | None = None
    adjusted_price_usd: float | None = None


@dataclass(slots=True)
class CollectionItem:
    collection_id: int
    listing_id: int
    status: ItemStatus = ItemStatus.UNDECIDED
    notes: str | None = None
    # None asks the repository to append the item after the last one.
    position: int | None = None
    added_at: datetime | None = None
    price_snapshot: PriceSnapshot = PriceSnapshot()


def validate_collection(collection: Collection) -> None:
    if not isinstance(collection.visibility, Visibility):
        require_choice("visibility", collection.visibility, Visibility)
        collection.visibility = Visibility(collection.visibility)
    require_length("name", collection.name, low=1, high=NAME_MAX)
    if not collection.name.strip():
        raise BadValue("name", "must not be blank")
    require_length("description", collection.description, high=DESCRIPTION_MAX)


def validate_item(item: CollectionItem) -> None:
    if not isinstance(item.status, ItemStatus):
        require_choice("status", item.status, ItemStatus)
        item.status = ItemStatus(item.status)
    require_length("notes", item.notes, high=ITEM_NOTES_MAX)
    if item.position is not None and not 0 <= item.position <= POSITION_MAX:
        raise BadValue("position", f"must be 0-{POSITION_MAX} (got {item.position})")


def price_change_since_added(item: CollectionItem, current_price: float | None) -> float | None:
    """How far the listing's price moved since the item was added (negative: cheaper now).

    None when either price is unknown, so a page can say nothing rather than guess.
    """
    before = item.price_snapshot.price_usd
    if before is None or current_price is None:
        return None
    return round(current_price - before, 2)
