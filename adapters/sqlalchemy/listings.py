from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

import msgspec
from sqlalchemy import (
    JSON,
    ColumnElement,
    CompoundSelect,
    Float,
    Result,
    Row,
    Select,
    Text,
    TextClause,
    and_,
    bindparam,
    column,
    delete,
    func,
    literal,
    or_,
    select,
    text,
    true,
    union_all,
    update,
    values,
)
from sqlalchemy.dialects.postgresql import ARRAY

from adapters.sqlalchemy.bulk import reserve_ids, slices, write_rows
from adapters.sqlalchemy.errors import translated
from adapters.sqlalchemy.listing_rows import listing_from_row, listing_values
from adapters.sqlalchemy.statements import SqlRepo, insert_returning, storable_id
from adapters.sqlalchemy.tables import listings
from domain.duplicates import ListingSummary, PriceBand, normalize_title
from domain.errors import NotFound
from domain.listings import NO_FILTERS, Listing, ListingFilters, ListingSort
from domain.pages import Page, PageRequest

_IDS_PER_QUERY = 5_000
# Title keys per statement (two bind parameters each).
_KEYS_PER_QUERY = 5_000
# SQLite: bands per statement, two arms each (SQLite allows 500 arms).
_BANDS_PER_QUERY = 25
# PostgreSQL: bands per statement, passed as arrays (one statement serves a 1,000-item batch).
_BANDS_PER_ARRAY = 5_000
# Reading the bands' ranges whole (ADR 0081): only when the probes could return this many
# rows, and the ranges hold at most this share of that.
_PROBED_ROWS_BEFORE_RANGES = 20_000
_RANGE_SHARE = 0.5
_RANGES_PER_QUERY = 200
_ROWS_PER_SLICE = 2_000


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


def _filtered(filters: ListingFilters) -> list[ColumnElement[bool]]:
    where = []
    if filters.created_by is not None:
        where.append(listings.c.created_by == filters.created_by)
    if filters.min_price is not None:
        where.append(listings.c.price_usd >= filters.min_price)
    if filters.max_price is not None:
        where.append(listings.c.price_usd <= filters.max_price)
    return where


def _order(sort: ListingSort, dialect: str) -> list[ColumnElement[Any]]:
    """The sort's own key; the caller adds `id DESC` to break ties (newest first)."""
    if sort is ListingSort.PRICE:
        return [listings.c.price_usd.asc()]
    if sort is ListingSort.PRICE_DESC:
        return [listings.c.price_usd.desc()]
    if sort is ListingSort.TITLE:
        # domain.listings.title_sort_key: ASCII folded, then code points. SQLite's lower()
        # folds only ASCII and compares bytes; PostgreSQL does the same under "C".
        title = listings.c.title.collate("C") if dialect == "postgresql" else listings.c.title
        return [func.lower(title).asc()]
    return []


# What duplicate detection reads of a listing (domain.duplicates.ListingSummary).
_SUMMARY = (
    listings.c.id,
    listings.c.title,
    listings.c.seller,
    listings.c.price_usd,
    listings.c.normalized_url,
)
_SUMMARY_FIELDS = len(_SUMMARY)


def same_url(normalized_urls: Sequence[str]) -> Select:  # type: ignore[type-arg]
    """Listings with one of these normalized URLs (index on normalized_url)."""
    return select(*_SUMMARY).where(listings.c.normalized_url.in_(normalized_urls))


def same_title_and_seller(keys: Sequence[tuple[str, str]]) -> Select:  # type: ignore[type-arg]
    """Listings of these sellers whose `search_text` holds the key's words in order: a
    superset of those whose normalized title is the key's, which the caller keeps.

    Titles are normalized by Python rules (domain/duplicates.py) that SQL cannot repeat on
    both backends, but every word of `normalize_title(title)` is a run of the lower-cased
    title, in order, and `search_text` starts with the title lower-cased by Python. So
    `LIKE '%w1%w2%…%'` never misses a match, and lets through little else: the keys join as
    a VALUES list on the seller, and only near-matches leave the database. (The words hold no
    `%`, `_` or backslash: `normalize_title` folds those to spaces.)
    """
    wanted = (
        values(column("seller", Text), column("pattern", Text), name="wanted")
        .data([(seller, _in_order(title)) for title, seller in keys])
        .cte("wanted")  # SQLite takes no column names on a VALUES in FROM
    )
    matches = and_(
        listings.c.seller == wanted.c.seller, listings.c.search_text.like(wanted.c.pattern)
    )
    return select(*_SUMMARY).select_from(listings.join(wanted, matches))


def _in_order(normalized_title: str) -> str:
    return "%" + "%".join(normalized_title.split()) + "%"


def same_url_postgres(normalized_urls: Sequence[str]) -> Select:  # type: ignore[type-arg]
    """PostgreSQL: `same_url` with the URLs as one array parameter, however many there are
    (thousands of IN parameters cost more to build and bind than the lookup itself)."""
    wanted = bindparam("urls", list(normalized_urls), type_=ARRAY(Text))
    return select(*_SUMMARY).where(listings.c.normalized_url == func.any(wanted))


def same_title_and_seller_postgres(keys: Sequence[tuple[str, str]]) -> Select:  # type: ignore[type-arg]
    """PostgreSQL: `same_title_and_seller` with the keys as two array parameters, joined as
    rows of `unnest` instead of a VALUES list of two parameters per key."""
    wanted = (
        func.unnest(
            bindparam("sellers", [seller for _, seller in keys], type_=ARRAY(Text)),
            bindparam("patterns", [_in_order(title) for title, _ in keys], type_=ARRAY(Text)),
        )
        .table_valued(column("seller", Text), column("pattern", Text))
        .render_derived(name="wanted")
    )
    matches = and_(
        listings.c.seller == wanted.c.seller, listings.c.search_text.like(wanted.c.pattern)
    )
    return select(*_SUMMARY).select_from(listings.join(wanted, matches))


def nearest_in_price_bands(bands: Sequence[PriceBand], limit: int) -> CompoundSelect:
    """SQLite: per band (numbered in `band`), up to `limit` rows each side of its middle,
    nearest first; the caller keeps the `limit` nearest of the two sides.

    Each arm walks the price index (or the seller's, by price) from the middle outwards and
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
            arm = select(*_SUMMARY, literal(n).label("band")).where(seller, where)
            arm = arm.order_by(order, listings.c.id).limit(limit)
            arms.append(select(arm.subquery()))
    return union_all(*arms)


# PostgreSQL: the bands travel as arrays, one row each once unnested; for each, LATERAL
# walks the price index (or the seller's, by price) `limit` rows each side of the middle
# and keeps the `limit` nearest. UNION: a listing near several bands comes back once.
_NEAREST_IN_BANDS = """
SELECT near.*
FROM unnest(CAST(:low AS FLOAT8[]), CAST(:high AS FLOAT8[]), CAST(:middle AS FLOAT8[]))
     AS band (low, high, middle)
CROSS JOIN LATERAL (
    SELECT * FROM (
        (SELECT id, title, seller, price_usd, normalized_url FROM listings
         WHERE price_usd >= band.middle AND price_usd <= band.high
         ORDER BY price_usd, id LIMIT :limit)
        UNION ALL
        (SELECT id, title, seller, price_usd, normalized_url FROM listings
         WHERE price_usd >= band.low AND price_usd < band.middle
         ORDER BY price_usd DESC, id LIMIT :limit)
    ) AS sides
    ORDER BY abs(price_usd - band.middle), id
    LIMIT :limit
) AS near
UNION
SELECT near.*
FROM unnest(CAST(:seller_low AS FLOAT8[]), CAST(:seller_high AS FLOAT8[]),
            CAST(:seller_middle AS FLOAT8[]), CAST(:seller AS TEXT[]))
     AS band (low, high, middle, seller)
CROSS JOIN LATERAL (
    SELECT * FROM (
        (SELECT id, title, seller, price_usd, normalized_url FROM listings
         WHERE seller = band.seller AND price_usd >= band.middle AND price_usd <= band.high
         ORDER BY price_usd, id LIMIT :limit)
        UNION ALL
        (SELECT id, title, seller, price_usd, normalized_url FROM listings
         WHERE seller = band.seller AND price_usd >= band.low AND price_usd < band.middle
         ORDER BY price_usd DESC, id LIMIT :limit)
    ) AS sides
    ORDER BY abs(price_usd - band.middle), id
    LIMIT :limit
) AS near
"""


def nearest_in_price_bands_postgres(bands: Sequence[PriceBand], limit: int) -> TextClause:
    """PostgreSQL: the `limit` listings nearest each band's middle (ties: lower id first),
    each listing once, in one statement whatever the number of bands. Each band walks its
    index outwards from the middle, so the work depends on the bands, not on the catalog's
    size; one round trip instead of one per 25 bands, and no statement to build per band.
    """
    everyone = [band for band in bands if band.seller is None]
    theirs = [band for band in bands if band.seller is not None]
    prices = ARRAY(Float)
    return text(_NEAREST_IN_BANDS).bindparams(
        bindparam("low", [b.low for b in everyone], type_=prices),
        bindparam("high", [b.high for b in everyone], type_=prices),
        bindparam("middle", [b.middle for b in everyone], type_=prices),
        bindparam("seller_low", [b.low for b in theirs], type_=prices),
        bindparam("seller_high", [b.high for b in theirs], type_=prices),
        bindparam("seller_middle", [b.middle for b in theirs], type_=prices),
        bindparam("seller", [b.seller for b in theirs], type_=ARRAY(Text)),
        bindparam("limit", limit),
    )


def _merged(ranges: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """Overlapping (low, high) ranges joined, in order."""
    merged: list[tuple[float, float]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def _in_any(ranges: Sequence[tuple[float, float]]) -> ColumnElement[bool]:
    price = listings.c.price_usd
    return or_(*(price.between(low, high) for low, high in ranges))


async def _collect(result: Result[Any], found: dict[int, ListingSummary]) -> None:
    """The rows as summaries, by id, a slice at a time with a turn for the event loop between
    slices: tens of thousands of rows are a tenth of a second of Python (ADR 0080)."""
    for rows in result.partitions(_ROWS_PER_SLICE):
        found.update((row[0], _summary(row)) for row in rows)
        await asyncio.sleep(0)


def _summary(row: Row[Any]) -> ListingSummary:
    # Every statement above selects the summary's fields first, in its order (_SUMMARY): by
    # position, a catalog-sized answer converts in a third of the time it takes by name.
    return ListingSummary(*row[:_SUMMARY_FIELDS])


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

    async def add_many(self, new: Sequence[Listing]) -> list[Listing]:
        """Ids reserved in one statement, then the rows in slices (adapters/sqlalchemy/bulk.py)."""
        if not new:
            return []
        ids, now = await reserve_ids(self._db, listings, len(new))
        creators = sorted({x.created_by for x in new if x.created_by is not None})
        missing = NotFound(f"user {', '.join(map(str, creators))} not found", field="created_by")
        stored: list[Listing] = []
        for chunk in slices(new):
            rows = []
            for listing in chunk:
                values = listing_values(listing)
                values["id"] = listing_id = ids[len(stored)]
                values.setdefault("created_at", now)
                values.setdefault("updated_at", now)
                rows.append(values)
                stored.append(
                    replace(
                        listing,
                        id=listing_id,
                        created_at=values["created_at"],
                        updated_at=values["updated_at"],
                    )
                )
            await write_rows(self._db, listings, rows, _copy_value, foreign_key=missing)
        return stored

    async def get(self, listing_id: int) -> Listing | None:
        if not storable_id(listing_id):
            return None
        query = select(listings).where(listings.c.id == listing_id)
        row = (await self._db.execute(query)).first()
        return listing_from_row(row) if row else None

    async def get_many(self, listing_ids: list[int]) -> dict[int, Listing]:
        found: dict[int, Listing] = {}
        wanted = sorted({i for i in listing_ids if storable_id(i)})
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

    async def search(
        self, query: str | None, page: PageRequest, filters: ListingFilters = NO_FILTERS
    ) -> Page[Listing]:
        where = and_(_matches(query), *_filtered(filters))
        total = await self._db.scalar(select(func.count()).select_from(listings).where(where))
        rows = await self._db.execute(
            select(listings)
            .where(where)
            .order_by(*_order(filters.sort, self._db.dialect.name), listings.c.id.desc())
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
        bands = sorted({band for band in price_bands if band.low <= band.high}, key=_band_order)
        ranges = await self._ranges_to_read_whole(bands, limit_per_band)
        found = await self._with_url(sorted(set(normalized_urls)))
        # Rows inside ranges read whole come back anyway: look for titles outside them only.
        found.update(await self._with_title_and_seller(sorted(set(title_keys)), ranges))
        if ranges:
            found.update(await self._in_ranges(ranges))
        elif limit_per_band > 0:
            found.update(await self._in_price_bands(bands, limit_per_band))
        return [found[listing_id] for listing_id in sorted(found)]

    async def _ranges_to_read_whole(
        self, bands: list[PriceBand], limit: int
    ) -> list[tuple[float, float]]:
        """The bands' price ranges, merged, when reading them whole is cheaper than walking
        each band from its middle (ADR 0081): a large batch's bands cover most of the
        catalog, and a few range scans read fewer rows than tens of thousands of probes.
        Never for small batches, nor when the ranges hold more than half the rows the
        probes could return: the work stays bounded by the bands, not the catalog."""
        if limit <= 0 or len(bands) * limit < _PROBED_ROWS_BEFORE_RANGES:
            return []
        ranges = _merged((band.low, band.high) for band in bands)
        inside = 0
        for start in range(0, len(ranges), _RANGES_PER_QUERY):
            chunk = ranges[start : start + _RANGES_PER_QUERY]
            count = select(func.count()).select_from(listings).where(_in_any(chunk))
            inside += await self._db.scalar(count) or 0
        return ranges if inside <= _RANGE_SHARE * len(bands) * limit else []

    async def _in_ranges(self, ranges: list[tuple[float, float]]) -> dict[int, ListingSummary]:
        """Every listing priced in one of the ranges; the event loop gets a turn between
        slices of rows, however many there are."""
        found: dict[int, ListingSummary] = {}
        for start in range(0, len(ranges), _RANGES_PER_QUERY):
            query = select(*_SUMMARY).where(_in_any(ranges[start : start + _RANGES_PER_QUERY]))
            # Fetched at once (a cursor would make PostgreSQL plan for the first rows, with
            # an index scan), then converted a slice at a time.
            await _collect(await self._db.execute(query), found)
        return found

    async def _with_url(self, urls: list[str]) -> dict[int, ListingSummary]:
        found: dict[int, ListingSummary] = {}
        by = same_url_postgres if self._db.dialect.name == "postgresql" else same_url
        for start in range(0, len(urls), _IDS_PER_QUERY):
            rows = await self._db.execute(by(urls[start : start + _IDS_PER_QUERY]))
            found.update((row.id, _summary(row)) for row in rows)
        return found

    async def _with_title_and_seller(
        self, keys: list[tuple[str, str]], read_whole: list[tuple[float, float]]
    ) -> dict[int, ListingSummary]:
        found: dict[int, ListingSummary] = {}
        by = (
            same_title_and_seller_postgres
            if self._db.dialect.name == "postgresql"
            else same_title_and_seller
        )
        for start in range(0, len(keys), _KEYS_PER_QUERY):
            chunk = keys[start : start + _KEYS_PER_QUERY]
            wanted = set(chunk)
            query = by(chunk)
            if read_whole:
                query = query.where(~_in_any(read_whole))
            for row in await self._db.execute(query):
                if (normalize_title(row.title), row.seller) in wanted:
                    found[row.id] = _summary(row)
        return found

    async def _in_price_bands(
        self, bands: list[PriceBand], limit: int
    ) -> dict[int, ListingSummary]:
        found: dict[int, ListingSummary] = {}
        if self._db.dialect.name == "postgresql":
            for start in range(0, len(bands), _BANDS_PER_ARRAY):
                chunk = bands[start : start + _BANDS_PER_ARRAY]
                result = await self._db.execute(nearest_in_price_bands_postgres(chunk, limit))
                await _collect(result, found)
            return found
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


_JSON_COLUMNS = frozenset(c.name for c in listings.columns if isinstance(c.type, JSON))


def _copy_value(column: str, value: Any) -> Any:
    """A value as asyncpg's COPY takes it: JSON columns as JSON text (what the engine's
    serializer would send), everything else as it is."""
    if column in _JSON_COLUMNS and value is not None:
        return msgspec.json.encode(value).decode()
    return value


def _band_order(band: PriceBand) -> tuple[float, float, str]:
    return band.low, band.high, band.seller or ""
