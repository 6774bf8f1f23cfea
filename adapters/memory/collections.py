from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from adapters.memory.base import MemoryTable
from domain.access import listed_in_discover
from domain.collections import Collection, CollectionItem
from domain.discovery import DiscoverHit, DiscoverQuery, DiscoverSort, matches_words
from domain.errors import Conflict, NotFound
from domain.pages import Page, PageRequest

# Items and their children live in other tables; deleting a collection takes them along.
_CHILD_TABLES = ("share_tokens", "reports")


class MemoryCollectionRepo(MemoryTable):
    table = "collections"

    @property
    def _items(self) -> dict[tuple[int, int], CollectionItem]:
        return self._store.tables["items"]

    async def add(self, collection: Collection) -> Collection:
        self._require_user(collection.owner_id, "owner_id")
        return self._insert(collection)

    async def get(self, collection_id: int) -> Collection | None:
        return self._get(collection_id)

    async def update(self, collection: Collection) -> None:
        stored = self._stored(collection.id)
        self.rows[collection.id] = replace(
            stored,
            name=collection.name,
            description=collection.description,
            visibility=collection.visibility,
            hidden_by_moderation=collection.hidden_by_moderation,
            updated_at=collection.updated_at or stored.updated_at,
        )

    async def delete(self, collection_id: int) -> None:
        self._stored(collection_id)
        del self.rows[collection_id]
        for key in [key for key in self._items if key[0] == collection_id]:
            del self._items[key]
        for name in _CHILD_TABLES:
            table = self._store.tables[name]
            for key in [k for k, row in table.items() if row.collection_id == collection_id]:
                del table[key]

    async def list_by_owner(self, owner_id: int, page: PageRequest) -> Page[Collection]:
        mine = [row for row in self.rows.values() if row.owner_id == owner_id]
        mine.sort(key=lambda row: (row.updated_at, row.id), reverse=True)
        chosen = [copy.deepcopy(row) for row in mine[page.offset : page.offset + page.limit]]
        return Page(items=chosen, total=len(mine), limit=page.limit, offset=page.offset)

    async def discover(self, query: DiscoverQuery) -> Page[DiscoverHit]:
        users = self._store.tables["users"]
        hits = [
            row
            for row in self.rows.values()
            if listed_in_discover(row)
            and (query.owner is None or users[row.owner_id].username == query.owner)
            and matches_words(query.text, row.name, row.description)
        ]
        hits.sort(key=_DISCOVER_ORDER[query.sort], reverse=True)
        page = query.page
        chosen = hits[page.offset : page.offset + page.limit]
        counts = await self.count_items([row.id for row in chosen])
        items = [
            DiscoverHit(copy.deepcopy(row), users[row.owner_id].username, counts[row.id])
            for row in chosen
        ]
        return Page(items=items, total=len(hits), limit=page.limit, offset=page.offset)

    async def increment_view_count(self, collection_id: int) -> None:
        stored = self._stored(collection_id)
        self.rows[collection_id] = replace(stored, view_count=stored.view_count + 1)

    async def increment_copy_count(self, collection_id: int) -> None:
        stored = self._stored(collection_id)
        self.rows[collection_id] = replace(stored, copy_count=stored.copy_count + 1)

    async def touch(self, collection_id: int, at: datetime) -> None:
        stored = self._stored(collection_id)
        self.rows[collection_id] = replace(stored, updated_at=at)

    async def items(self, collection_id: int) -> list[CollectionItem]:
        mine = [item for key, item in self._items.items() if key[0] == collection_id]
        return [copy.deepcopy(item) for item in sorted(mine, key=_position_order)]

    async def count_items(self, collection_ids: list[int]) -> dict[int, int]:
        counts = dict.fromkeys(collection_ids, 0)
        for cid, _ in self._items:
            if cid in counts:
                counts[cid] += 1
        return counts

    async def get_item(self, collection_id: int, listing_id: int) -> CollectionItem | None:
        item = self._items.get((collection_id, listing_id))
        return copy.deepcopy(item) if item is not None else None

    async def add_item(self, item: CollectionItem) -> CollectionItem:
        self._stored(item.collection_id)
        if item.listing_id not in self._store.tables["listings"]:
            raise NotFound(f"listing {item.listing_id} not found", field="listing_id")
        key = (item.collection_id, item.listing_id)
        if key in self._items:
            raise Conflict(
                f"listing {item.listing_id} is already in collection {item.collection_id}",
                field="listing_id",
            )
        if item.position is None:
            taken = [i.position for k, i in self._items.items() if k[0] == item.collection_id]
            item = replace(item, position=max(taken, default=-1) + 1)
        self._items[key] = copy.deepcopy(item)
        return copy.deepcopy(item)

    async def add_items(self, items: Sequence[CollectionItem]) -> list[CollectionItem]:
        if not items:
            return []
        collection_id = items[0].collection_id
        if any(item.collection_id != collection_id for item in items):
            raise ValueError("add_items adds to one collection at a time")
        self._stored(collection_id)
        listings = self._store.tables["listings"]
        keys: set[tuple[int, int]] = set()
        for item in items:  # every rule checked before anything is added: all or nothing
            if item.listing_id not in listings:
                raise NotFound(f"listing {item.listing_id} not found", field="listing_id")
            key = (collection_id, item.listing_id)
            if key in self._items or key in keys:
                raise Conflict(
                    f"listing {item.listing_id} is already in collection {collection_id}",
                    field="listing_id",
                )
            keys.add(key)
        taken = [i.position for k, i in self._items.items() if k[0] == collection_id]
        following = max(taken, default=-1) + 1
        added = []
        for item in items:
            if item.position is None:
                item = replace(item, position=following)
            following = max(following, item.position + 1)
            self._items[(collection_id, item.listing_id)] = copy.deepcopy(item)
            added.append(copy.deepcopy(item))
        return added

    async def update_item(self, item: CollectionItem) -> None:
        key = (item.collection_id, item.listing_id)
        if key not in self._items:
            raise NotFound(f"listing {item.listing_id} is not in this collection")
        self._items[key] = copy.deepcopy(item)

    async def remove_item(self, collection_id: int, listing_id: int) -> None:
        if self._items.pop((collection_id, listing_id), None) is None:
            raise NotFound(f"listing {listing_id} is not in this collection")

    def _stored(self, collection_id: int | None) -> Collection:
        stored = self.rows.get(collection_id)
        if stored is None:
            raise NotFound(f"collection {collection_id} not found")
        return stored


def _position_order(item: CollectionItem) -> tuple[int, int]:
    return (item.position if item.position is not None else 0, item.listing_id)


_DISCOVER_ORDER = {
    DiscoverSort.RECENT: lambda row: (row.created_at, row.id),
    DiscoverSort.UPDATED: lambda row: (row.updated_at, row.id),
    DiscoverSort.POPULAR: lambda row: (row.copy_count, row.view_count, row.id),
}
