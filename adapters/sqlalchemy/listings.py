from __future__ import annotations

from dataclasses import replace

from sqlalchemy import ColumnElement, and_, delete, func, select, true, update

from adapters.sqlalchemy.errors import translated
from adapters.sqlalchemy.listing_rows import listing_from_row, listing_values
from adapters.sqlalchemy.statements import SqlRepo, insert_returning
from adapters.sqlalchemy.tables import listings
from domain.errors import NotFound
from domain.listings import Listing
from domain.pages import Page, PageRequest

_IDS_PER_QUERY = 5_000


def _no_creator(listing: Listing) -> NotFound:
    return NotFound(f"user {listing.created_by} not found", field="created_by")


def _matches(query: str | None) -> ColumnElement[bool]:
    """Every word appears, in any case, in title, seller or device model.

    `search_text` holds those three fields lower-cased by Python, and the words are
    lower-cased the same way, so PostgreSQL and SQLite agree with each other (and with the
    in-memory fake) even on non-ASCII text, and LIKE needs no case folding.
    """
    words = (query or "").lower().split()
    if not words:
        return true()
    return and_(*(listings.c.search_text.contains(word, autoescape=True) for word in words))


class SqlListingRepo(SqlRepo):
    async def add(self, listing: Listing) -> Listing:
        with translated(foreign_key=_no_creator(listing)):
            row = await insert_returning(
                self._db,
                listings,
                listing_values(listing),
                listings.c.id,
                listings.c.created_at,
                listings.c.updated_at,
            )
        return replace(listing, id=row.id, created_at=row.created_at, updated_at=row.updated_at)

    async def get(self, listing_id: int) -> Listing | None:
        query = select(listings).where(listings.c.id == listing_id)
        row = (await self._db.execute(query)).first()
        return listing_from_row(row) if row else None

    async def get_many(self, listing_ids: list[int]) -> dict[int, Listing]:
        found: dict[int, Listing] = {}
        wanted = sorted(set(listing_ids))
        # In slices: one bind parameter per id, and drivers cap them (asyncpg at 32,767).
        for start in range(0, len(wanted), _IDS_PER_QUERY):
            chunk = wanted[start : start + _IDS_PER_QUERY]
            rows = await self._db.execute(select(listings).where(listings.c.id.in_(chunk)))
            found.update((row.id, listing_from_row(row)) for row in rows)
        return {i: found[i] for i in listing_ids if i in found}

    async def update(self, listing: Listing) -> None:
        statement = (
            update(listings).where(listings.c.id == listing.id).values(listing_values(listing))
        )
        with translated(foreign_key=_no_creator(listing)):
            result = await self._db.execute(statement)
        if result.rowcount == 0:
            raise NotFound(f"listing {listing.id} not found")

    async def delete(self, listing_id: int) -> None:
        # Its collection items go with it: ON DELETE CASCADE.
        result = await self._db.execute(delete(listings).where(listings.c.id == listing_id))
        if result.rowcount == 0:
            raise NotFound(f"listing {listing_id} not found")

    async def search(self, query: str | None, page: PageRequest) -> Page[Listing]:
        where = _matches(query)
        total = await self._db.scalar(select(func.count()).select_from(listings).where(where))
        rows = await self._db.execute(
            select(listings)
            .where(where)
            .order_by(listings.c.id.desc())
            .limit(page.limit)
            .offset(page.offset)
        )
        items = [listing_from_row(row) for row in rows]
        return Page(items=items, total=total or 0, limit=page.limit, offset=page.offset)
