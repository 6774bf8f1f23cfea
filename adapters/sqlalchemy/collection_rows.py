"""Collections and their items as rows and back."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row

from adapters.sqlalchemy.statements import without_none
from domain.collections import Collection, CollectionItem, ItemStatus, PriceSnapshot
from domain.discovery import words
from domain.visibility import Visibility


def search_words(name: str, description: str | None) -> str:
    """The `collections.search_words` column: what discover matches whole words against."""
    return " ".join(words(name) + words(description))


def collection_values(collection: Collection) -> dict[str, Any]:
    values = {
        "owner_id": collection.owner_id,
        "name": collection.name,
        "description": collection.description,
        "visibility": str(collection.visibility),
        "copied_from_id": collection.copied_from_id,
        "view_count": collection.view_count,
        "copy_count": collection.copy_count,
        "hidden_by_moderation": collection.hidden_by_moderation,
        "search_words": search_words(collection.name, collection.description),
        "created_at": collection.created_at,
        "updated_at": collection.updated_at,
    }
    return without_none(values, "created_at", "updated_at")


def collection_changes(collection: Collection) -> dict[str, Any]:
    """What CollectionRepo.update saves: never the counters, owner or provenance."""
    values = {
        "name": collection.name,
        "description": collection.description,
        "visibility": str(collection.visibility),
        "hidden_by_moderation": collection.hidden_by_moderation,
        "search_words": search_words(collection.name, collection.description),
        "updated_at": collection.updated_at,
    }
    return without_none(values, "updated_at")


def collection_from_row(row: Row[Any]) -> Collection:
    return Collection(
        id=row.id,
        owner_id=row.owner_id,
        name=row.name,
        description=row.description,
        visibility=Visibility(row.visibility),
        copied_from_id=row.copied_from_id,
        view_count=row.view_count,
        copy_count=row.copy_count,
        hidden_by_moderation=row.hidden_by_moderation,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def item_values(item: CollectionItem) -> dict[str, Any]:
    values = {
        "collection_id": item.collection_id,
        "listing_id": item.listing_id,
        "status": str(item.status),
        "notes": item.notes,
        "position": item.position,
        "added_at": item.added_at,
        "price_usd": item.price_snapshot.price_usd,
        "adjusted_price_usd": item.price_snapshot.adjusted_price_usd,
    }
    # A missing position or time keeps what is stored (or takes the server default).
    return without_none(values, "position", "added_at")


def item_from_row(row: Row[Any]) -> CollectionItem:
    return CollectionItem(
        collection_id=row.collection_id,
        listing_id=row.listing_id,
        status=ItemStatus(row.status),
        notes=row.notes,
        position=row.position,
        added_at=row.added_at,
        price_snapshot=PriceSnapshot(row.price_usd, row.adjusted_price_usd),
    )
