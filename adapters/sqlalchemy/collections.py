from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import delete, func, select, update

from adapters.sqlalchemy.collection_rows import (
    collection_changes,
    collection_from_row,
    collection_values,
)
from adapters.sqlalchemy.discover import discover
from adapters.sqlalchemy.errors import translated
from adapters.sqlalchemy.items import SqlCollectionItems
from adapters.sqlalchemy.statements import insert_returning, storable_id
from adapters.sqlalchemy.tables import collections
from domain.collections import Collection
from domain.discovery import DiscoverHit, DiscoverQuery
from domain.errors import NotFound
from domain.pages import Page, PageRequest


class SqlCollectionRepo(SqlCollectionItems):
    """Collections; their items are in the base class (adapters/sqlalchemy/items.py)."""

    async def add(self, collection: Collection) -> Collection:
        owner_missing = NotFound(f"user {collection.owner_id} not found", field="owner_id")
        with translated(foreign_key=owner_missing):
            row = await insert_returning(
                self._db,
                collections,
                collection_values(collection),
                collections.c.id,
                collections.c.created_at,
                collections.c.updated_at,
            )
        return replace(collection, id=row.id, created_at=row.created_at, updated_at=row.updated_at)

    async def get(self, collection_id: int) -> Collection | None:
        if not storable_id(collection_id):
            return None
        query = select(collections).where(collections.c.id == collection_id)
        row = (await self._db.execute(query)).first()
        return collection_from_row(row) if row else None

    async def update(self, collection: Collection) -> None:
        await self._change(collection.id, **collection_changes(collection))

    async def delete(self, collection_id: int) -> None:
        # Items, share tokens and reports go with it: ON DELETE CASCADE.
        statement = delete(collections).where(collections.c.id == collection_id)
        if (await self._db.execute(statement)).rowcount == 0:
            raise _missing(collection_id)

    async def list_by_owner(self, owner_id: int, page: PageRequest) -> Page[Collection]:
        mine = collections.c.owner_id == owner_id
        total = await self._db.scalar(select(func.count()).select_from(collections).where(mine))
        rows = await self._db.execute(
            select(collections)
            .where(mine)
            .order_by(collections.c.updated_at.desc(), collections.c.id.desc())
            .limit(page.limit)
            .offset(page.offset)
        )
        items = [collection_from_row(row) for row in rows]
        return Page(items=items, total=total or 0, limit=page.limit, offset=page.offset)

    async def discover(self, query: DiscoverQuery) -> Page[DiscoverHit]:
        return await discover(self._db, query)

    async def increment_view_count(self, collection_id: int) -> None:
        # One UPDATE, so concurrent views add up instead of overwriting each other.
        await self._change(collection_id, view_count=collections.c.view_count + 1)

    async def increment_copy_count(self, collection_id: int) -> None:
        await self._change(collection_id, copy_count=collections.c.copy_count + 1)

    async def touch(self, collection_id: int, at: datetime) -> None:
        await self._change(collection_id, updated_at=at)

    async def _change(self, collection_id: int | None, **values: object) -> None:
        statement = update(collections).where(collections.c.id == collection_id).values(values)
        if (await self._db.execute(statement)).rowcount == 0:
            raise _missing(collection_id)


def _missing(collection_id: int | None) -> NotFound:
    return NotFound(f"collection {collection_id} not found")
