"""The items of a collection (part of CollectionRepo)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import ColumnElement, and_, delete, func, select, update

from adapters.sqlalchemy.collection_rows import item_from_row, item_values
from adapters.sqlalchemy.errors import translated
from adapters.sqlalchemy.statements import SqlRepo, insert_unless_taken
from adapters.sqlalchemy.tables import collection_items, collections, listings
from domain.collections import CollectionItem
from domain.errors import Conflict, NotFound

_items = collection_items


def _key(collection_id: int, listing_id: int) -> ColumnElement[bool]:
    return and_(_items.c.collection_id == collection_id, _items.c.listing_id == listing_id)


def _not_in_collection(listing_id: int) -> NotFound:
    return NotFound(f"listing {listing_id} is not in this collection")


class SqlCollectionItems(SqlRepo):
    async def items(self, collection_id: int) -> list[CollectionItem]:
        query = (
            select(_items)
            .where(_items.c.collection_id == collection_id)
            .order_by(_items.c.position, _items.c.listing_id)
        )
        return [item_from_row(row) for row in await self._db.execute(query)]

    async def count_items(self, collection_ids: list[int]) -> dict[int, int]:
        counts = dict.fromkeys(collection_ids, 0)
        if collection_ids:
            query = (
                select(_items.c.collection_id, func.count())
                .where(_items.c.collection_id.in_(set(collection_ids)))
                .group_by(_items.c.collection_id)
            )
            counts.update({cid: n for cid, n in await self._db.execute(query)})
        return counts

    async def get_item(self, collection_id: int, listing_id: int) -> CollectionItem | None:
        row = (
            await self._db.execute(select(_items).where(_key(collection_id, listing_id)))
        ).first()
        return item_from_row(row) if row else None

    async def add_item(self, item: CollectionItem) -> CollectionItem:
        """Lock the collection row first: concurrent adds to one collection queue up here,
        so each reads the max position its predecessor committed (docs/adr/0012)."""
        lock = select(collections.c.id).where(collections.c.id == item.collection_id)
        if await self._db.scalar(lock.with_for_update()) is None:
            raise NotFound(f"collection {item.collection_id} not found")
        listing_exists, next_position = (
            await self._db.execute(
                select(
                    select(listings.c.id).where(listings.c.id == item.listing_id).exists(),
                    select(func.coalesce(func.max(_items.c.position) + 1, 0))
                    .where(_items.c.collection_id == item.collection_id)
                    .scalar_subquery(),
                )
            )
        ).one()
        if not listing_exists:
            raise NotFound(f"listing {item.listing_id} not found", field="listing_id")
        if item.position is None:
            item = replace(item, position=next_position)
        with translated(foreign_key=NotFound(f"listing {item.listing_id} not found")):
            row = await insert_unless_taken(self._db, _items, item_values(item), _items.c.added_at)
        if row is None:
            raise Conflict(
                f"listing {item.listing_id} is already in collection {item.collection_id}",
                field="listing_id",
            )
        return replace(item, added_at=row.added_at)

    async def update_item(self, item: CollectionItem) -> None:
        values = item_values(item)
        del values["collection_id"], values["listing_id"]
        statement = update(_items).where(_key(item.collection_id, item.listing_id)).values(values)
        if (await self._db.execute(statement)).rowcount == 0:
            raise _not_in_collection(item.listing_id)

    async def remove_item(self, collection_id: int, listing_id: int) -> None:
        statement = delete(_items).where(_key(collection_id, listing_id))
        if (await self._db.execute(statement)).rowcount == 0:
            raise _not_in_collection(listing_id)
