from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from domain.collections import Collection, CollectionItem
from domain.discovery import DiscoverHit, DiscoverQuery
from domain.pages import Page, PageRequest


class CollectionRepo(Protocol):
    async def add(self, collection: Collection) -> Collection: ...

    async def get(self, collection_id: int) -> Collection | None: ...

    async def update(self, collection: Collection) -> None:
        """Save name, description, visibility, moderation flag and updated_at.

        The counters are left alone: they only move through the increment methods, so a
        concurrent view or copy is never lost.
        """
        ...

    async def delete(self, collection_id: int) -> None:
        """Remove it with its items, share tokens and reports."""
        ...

    async def list_by_owner(self, owner_id: int, page: PageRequest) -> Page[Collection]:
        """The owner's collections, most recently updated first."""
        ...

    async def discover(self, query: DiscoverQuery) -> Page[DiscoverHit]:
        """Public collections not hidden by moderation, with owner username and item count.

        `text` matches whole words of name or description (any case, every word must be
        there); `owner` is an exact username. Ties in any sort are broken by id, newest first.
        """
        ...

    async def increment_view_count(self, collection_id: int) -> None: ...

    async def increment_copy_count(self, collection_id: int) -> None: ...

    async def items(self, collection_id: int) -> list[CollectionItem]:
        """Items in position order."""
        ...

    async def count_items(self, collection_ids: list[int]) -> dict[int, int]: ...

    async def get_item(self, collection_id: int, listing_id: int) -> CollectionItem | None: ...

    async def add_item(self, item: CollectionItem) -> CollectionItem:
        """Add one item; with `position` None it goes after the last one.

        The same listing twice in one collection → Conflict. Concurrent adds each land once
        with distinct positions.
        """
        ...

    async def add_items(self, items: Sequence[CollectionItem]) -> list[CollectionItem]:
        """Add items to one collection at once, in order, as `add_item` would one by one
        (an item with `position` None goes after the last one), in a few statements.

        All or nothing: a missing collection or listing → NotFound; a listing already in the
        collection, or twice among `items` → Conflict. Items of several collections →
        ValueError. Returns them as stored (positions and `added_at` filled in).
        """
        ...

    async def update_item(self, item: CollectionItem) -> None: ...

    async def remove_item(self, collection_id: int, listing_id: int) -> None: ...

    async def touch(self, collection_id: int, at: datetime) -> None:
        """Set updated_at (its items changed)."""
        ...
