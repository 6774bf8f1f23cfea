"""The copy rules (docs/product.md §1): what a copy of a collection keeps and what it drops."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from domain.collections import NAME_MAX, Collection, CollectionItem, validate_collection
from domain.visibility import Visibility

COPY_PREFIX = "Copy of "


def copy_name(source_name: str, requested: str | None) -> str:
    if requested is not None:
        return requested
    return (COPY_PREFIX + source_name)[:NAME_MAX]


def copy_collection(
    source: Collection, new_owner_id: int, now: datetime, name: str | None = None
) -> Collection:
    """The new collection: always private, counters at zero, pointing at its source."""
    copy = Collection(
        owner_id=new_owner_id,
        name=copy_name(source.name, name),
        description=source.description,
        visibility=Visibility.PRIVATE,
        copied_from_id=source.id,
        created_at=now,
        updated_at=now,
    )
    validate_collection(copy)
    return copy


def copy_items(items: list[CollectionItem], into_collection_id: int) -> list[CollectionItem]:
    """Items keep status, notes, position, added_at and the price snapshot, in order."""
    ordered = sorted(items, key=lambda item: item.position or 0)
    return [replace(item, collection_id=into_collection_id) for item in ordered]
