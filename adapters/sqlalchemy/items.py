"""The items of a collection (part of CollectionRepo)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, select, update

from adapters.sqlalchemy.bulk import slices, transaction_time, write_rows
from adapters.sqlalchemy.collection_rows import item_from_row, item_values
from adapters.sqlalchemy.errors import translated
from adapters.sqlalchemy.statements import SqlRepo, insert_unless_taken, storable_id
from adapters.sqlalchemy.tables import collection_items, collections, listings
from domain.collections import CollectionItem
from domain.errors import Conflict, NotFound

_items = collection_items


def _key(collection_id: int, listing_id: int) -> ColumnElement[bool]:
    return and_(_items.c.collection_id == collection_id, _items.c.listing_id == listing_id)


def _not_in_collection(listing_id: int) -> NotFound:
    return NotFound(f"listing {listing_id} is not in this collection")


def _already_in(listing_id: int, collection_id: int) -> Conflict:
    return Conflict(
        f"listing {listing_id} is already in collection {collection_id}", field="listing_id"
    )


def _first_repeated(values: Iterable[int]) -> int | None:
    seen: set[int] = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return None


def _as_is(_column: str, value: Any) -> Any:
    return value


class SqlCollectionItems(SqlRepo):
    async def items(self, collection_id: int) -> list[CollectionItem]:
        if not storable_id(collection_id):
            return []
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
        if not storable_id(collection_id, listing_id):
            return None
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

    async def add_items(self, items: Sequence[CollectionItem]) -> list[CollectionItem]:
        """The collection row locked as for `add_item`, then the rows in slices
        (adapters/sqlalchemy/bulk.py); the unique key and the foreign keys keep the rules."""
        if not items:
            return []
        collection_id = items[0].collection_id
        if any(item.collection_id != collection_id for item in items):
            raise ValueError("add_items adds to one collection at a time")
        twice = _first_repeated(item.listing_id for item in items)
        if twice is not None:
            raise _already_in(twice, collection_id)
        lock = select(collections.c.id).where(collections.c.id == collection_id)
        if await self._db.scalar(lock.with_for_update()) is None:
            raise NotFound(f"collection {collection_id} not found")
        following = await self._db.scalar(
            select(func.coalesce(func.max(_items.c.position) + 1, 0)).where(
                _items.c.collection_id == collection_id
            )
        )
        now = await transaction_time(self._db)
        added: list[CollectionItem] = []
        for chunk in slices(items):
            rows = []
            for item in chunk:
                if item.position is None:
                    item = replace(item, position=following)
                following = max(following, item.position + 1)  # type: ignore[operator]
                values = item_values(item)
                values.setdefault("added_at", now)
                rows.append(values)
                added.append(replace(item, added_at=values["added_at"]))
            await write_rows(
                self._db,
                _items,
                rows,
                _as_is,
                unique=Conflict(
                    f"a listing of these items is already in collection {collection_id}",
                    field="listing_id",
                ),
                foreign_key=NotFound("a listing of these items was not found", field="listing_id"),
            )
        return added

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
