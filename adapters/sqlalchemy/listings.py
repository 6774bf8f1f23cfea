from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Row,
    Select,
    and_,
    delete,
    func,
    literal,
    select,
    true,
    union_all,
    update,
)

from adapters.sqlalchemy.errors import translated
from adapters.sqlalchemy.listing_rows import listing_from_row, listing_values
from adapters.sqlalchemy.statements import SqlRepo, insert_returning
from adapters.sqlalchemy.tables import listings
from domain.duplicates import ListingSummary, PriceBand, normalize_title
from domain.errors import NotFound
from domain.listings import Listing
from domain.pages import Page, PageRequest

_IDS_PER_QUERY = 5_000
# Title keys per statement (at most one bind parameter each).
_KEYS_PER_QUERY = 5_000
# Bands per statement, two arms each. SQLite allows 500 arms; PostgreSQL plans a few
# dozen arms much faster per arm than hundreds (measured in bench/duplicates.py).
_BANDS_PER_QUERY = 25


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


# What duplicate detection reads of a listing (domain.duplicates.ListingSummary).
_SUMMARY = (
    listings.c.id,
    listings.c.title,
    listings.c.seller,
    listings.c.price_usd,
    listings.c.normalized_url,
)


def same_url(normalized_urls: Sequence[str]) -> Select:  # type: ignore[type-arg]
    """Listings with one of these normalized URLs (index on normalized_url)."""
    return select(*_SUMMARY).where(listings.c.normalized_url.in_(normalized_urls))


def same_sellers(keys: Sequence[tuple[str, str]]) -> Select:  # type: ignore[type-arg]
    """Listings of these (normalized title, seller) keys' sellers (index on seller).

    The caller keeps those whose normalized title matches: titles are normalized by Python
    (domain/duplicates.py), which SQL cannot repeat on both backends. A LIKE pre-filter per
    key would make an OR per key, which PostgreSQL answers with a sequential scan.
    """
    return select(*_SUMMARY).where(listings.c.seller.in_(sorted({s for _, s in keys})))


def nearest_in_price_bands(bands: Sequence[PriceBand], limit: int) -> CompoundSelect:
    """Per band (numbered in `band`), up to `limit` rows each side of its middle, nearest
    first; the caller keeps the `limit` nearest of the two sides.

    Each arm walks the price index (or the seller's rows) from the middle outwards and
    stops after `limit` rows: the work depends on the bands, not on the catalog's size.
    """
    arms = []
    price = listings.c.price_usd
    for n, band in enumerate(bands):
        seller = true() if band.seller is None else listings.c.seller == band.seller
        for where, order in (
            (and_(price >= band.middle, price <= band.high), price),
            (and_(price >= band.low, price < band.middle), price.desc()),
        ):
            arm = select(literal(n).label("band"), *_SUMMARY).where(seller, where)
            arm = arm.order_by(order, listings.c.id).limit(limit)
            arms.append(select(arm.subquery()))
    return union_all(*arms)


def _summary(row: Row[Any]) -> ListingSummary:
    return ListingSummary(row.id, row.title, row.seller, row.price_usd, row.normalized_url)


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

    async def find_duplicate_candidates(
        self,
        *,
        normalized_urls: Sequence[str],
        title_keys: Sequence[tuple[str, str]],
        price_bands: Sequence[PriceBand],
        limit_per_band: int = 50,
    ) -> list[ListingSummary]:
        found = await self._with_url(sorted(set(normalized_urls)))
        found.update(await self._with_title_and_seller(sorted(set(title_keys))))
        bands = sorted({band for band in price_bands if band.low <= band.high}, key=_band_order)
        if limit_per_band > 0:
            found.update(await self._in_price_bands(bands, limit_per_band))
        return [found[listing_id] for listing_id in sorted(found)]

    async def _with_url(self, urls: list[str]) -> dict[int, ListingSummary]:
        found: dict[int, ListingSummary] = {}
        for start in range(0, len(urls), _IDS_PER_QUERY):
            rows = await self._db.execute(same_url(urls[start : start + _IDS_PER_QUERY]))
            found.update((row.id, _summary(row)) for row in rows)
        return found

    async def _with_title_and_seller(
        self, keys: list[tuple[str, str]]
    ) -> dict[int, ListingSummary]:
        found: dict[int, ListingSummary] = {}
        for start in range(0, len(keys), _KEYS_PER_QUERY):
            chunk = keys[start : start + _KEYS_PER_QUERY]
            wanted = set(chunk)
            for row in await self._db.execute(same_sellers(chunk)):
                if (normalize_title(row.title), row.seller) in wanted:
                    found[row.id] = _summary(row)
        return found

    async def _in_price_bands(
        self, bands: list[PriceBand], limit: int
    ) -> dict[int, ListingSummary]:
        found: dict[int, ListingSummary] = {}
        for start in range(0, len(bands), _BANDS_PER_QUERY):
            chunk = bands[start : start + _BANDS_PER_QUERY]
            near: dict[int, list[tuple[float, int, ListingSummary]]] = defaultdict(list)
            for row in await self._db.execute(nearest_in_price_bands(chunk, limit)):
                distance = abs(row.price_usd - chunk[row.band].middle)
                near[row.band].append((distance, row.id, _summary(row)))
            for rows in near.values():
                rows.sort(key=lambda row: row[:2])
                found.update((listing_id, summary) for _, listing_id, summary in rows[:limit])
        return found


def _band_order(band: PriceBand) -> tuple[float, float, str]:
    return band.low, band.high, band.seller or ""
