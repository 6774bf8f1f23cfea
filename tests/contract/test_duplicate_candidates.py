"""ListingRepo.find_duplicate_candidates: the blocking query behind duplicate detection."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import insert, text

from adapters.sqlalchemy import listings as sql_listings
from adapters.sqlalchemy.engine import create_engine
from adapters.sqlalchemy.listing_rows import listing_values
from adapters.sqlalchemy.listings import (
    nearest_in_price_bands_postgres,
    same_title_and_seller,
    same_url,
)
from adapters.sqlalchemy.tables import listings
from domain.duplicates import ListingSummary, PriceBand, normalize_title, price_band
from domain.ports import UnitOfWorkFactory
from domain.urls import normalize_url

from . import seed


async def _find(uow: UnitOfWorkFactory, **kw: Any) -> list[ListingSummary]:
    kw.setdefault("normalized_urls", [])
    kw.setdefault("title_keys", [])
    kw.setdefault("price_bands", [])
    async with uow() as tx:
        return await tx.listings.find_duplicate_candidates(**kw)


def _ids(found: list[ListingSummary]) -> list[int]:
    return [listing.id for listing in found]


async def test_nothing_asked_finds_nothing(uow: UnitOfWorkFactory) -> None:
    await seed.listing(uow, "Anything", 100.0)
    assert await _find(uow) == []


async def test_finds_listings_by_normalized_url(uow: UnitOfWorkFactory) -> None:
    hit = await seed.listing(
        uow, "A", listing_url="HTTPS://Shop.Example/Item/?b=2&a=1&utm_source=x"
    )
    await seed.listing(uow, "B", listing_url="https://shop.example/Other")
    await seed.listing(uow, "C")

    found = await _find(uow, normalized_urls=[normalize_url("https://shop.example/Item?a=1&b=2")])
    assert found == [
        ListingSummary(hit.id, "A", None, 100.0, "https://shop.example/Item?a=1&b=2")  # type: ignore[arg-type]
    ]


async def test_finds_listings_by_normalized_title_and_exact_seller(
    uow: UnitOfWorkFactory,
) -> None:
    hit = await seed.listing(uow, "Dell OptiPlex 7050 Micro, i5-7500T!", seller="PC Outlet")
    await seed.listing(uow, "Dell OptiPlex 7050 Micro i5-7500T", seller="Other Shop")
    await seed.listing(uow, "Dell OptiPlex 7050 Micro i5-7500T")  # no seller
    await seed.listing(uow, "Dell OptiPlex 7050 Micro i5-7500T 16GB", seller="PC Outlet")
    await seed.listing(uow, "Dell OptiPlex 7050 Micro i5-7500T", seller="pc outlet")

    key = (normalize_title("DELL  optiplex 7050 micro (i5 7500t)"), "PC Outlet")
    assert _ids(await _find(uow, title_keys=[key])) == [hit.id]


async def test_titles_fold_case_beyond_ascii(uow: UnitOfWorkFactory) -> None:
    hit = await seed.listing(uow, "ÜBER Größe Mini-PC", seller="Ærø")
    await seed.listing(uow, "Über Grosse Mini PC", seller="Ærø")

    key = (normalize_title("über größe mini pc"), "Ærø")
    assert _ids(await _find(uow, title_keys=[key])) == [hit.id]


async def test_titles_match_whatever_punctuation_and_wildcards_they_hold(
    uow: UnitOfWorkFactory,
) -> None:
    """The SQL adapter pre-filters with LIKE on the key's words in order: `%` and `_` in a
    title are no wildcards to it, and words glued by punctuation are still found."""
    hit = await seed.listing(uow, "Mini_PC 100%-new (N100/16GB)", seller="S")
    glued = await seed.listing(uow, "mini.pc.100.new.n100.16gb", seller="S")
    await seed.listing(uow, "Mini PC 100 new N100 16GB 512GB", seller="S")  # says more
    await seed.listing(uow, "PC Mini 100 new N100 16GB", seller="S")  # other order
    await seed.listing(uow, "Mini PC 1000 new N100 16GB", seller="S")  # a longer word

    key = (normalize_title("MINI PC 100 NEW N100 16GB"), "S")
    assert _ids(await _find(uow, title_keys=[key])) == [hit.id, glued.id]
    assert await _find(uow, title_keys=[("mini pc 100 new n100 16gb", "s")]) == []


async def test_a_price_band_gives_the_listings_nearest_its_middle(
    uow: UnitOfWorkFactory,
) -> None:
    by_price = {p: await seed.listing(uow, f"at {p}", p) for p in (79.0, 80.0, 95.0, 101.0, 120.0)}
    await seed.listing(uow, "far", 121.0)

    found = await _find(uow, price_bands=[PriceBand(80.0, 120.0)], limit_per_band=10)
    assert _ids(found) == [by_price[p].id for p in (80.0, 95.0, 101.0, 120.0)]  # inclusive

    found = await _find(uow, price_bands=[PriceBand(80.0, 120.0)], limit_per_band=2)
    assert _ids(found) == [by_price[95.0].id, by_price[101.0].id]  # 100 is the middle


async def test_equally_near_listings_go_lower_id_first(uow: UnitOfWorkFactory) -> None:
    first = await seed.listing(uow, "above", 110.0)
    second = await seed.listing(uow, "below", 90.0)
    third = await seed.listing(uow, "above again", 110.0)

    assert _ids(await _find(uow, price_bands=[PriceBand(50.0, 150.0)], limit_per_band=1)) == [
        first.id
    ]
    found = await _find(uow, price_bands=[PriceBand(50.0, 150.0)], limit_per_band=2)
    assert _ids(found) == [first.id, second.id]
    assert third.id not in _ids(found)


async def test_a_band_may_keep_to_one_seller(uow: UnitOfWorkFactory) -> None:
    theirs = [await seed.listing(uow, "t", p, seller="Beelink") for p in (80.0, 130.0, 99.0)]
    await seed.listing(uow, "other seller, nearer", 100.0, seller="GMKtec")
    await seed.listing(uow, "no seller, nearer", 100.0)

    found = await _find(uow, price_bands=[PriceBand(80.0, 120.0, "Beelink")], limit_per_band=5)
    assert _ids(found) == [theirs[0].id, theirs[2].id]
    found = await _find(uow, price_bands=[PriceBand(80.0, 120.0, "Beelink")], limit_per_band=1)
    assert _ids(found) == [theirs[2].id]
    assert await _find(uow, price_bands=[PriceBand(80.0, 120.0, "Nobody")]) == []


async def test_summaries_carry_what_detection_reads(uow: UnitOfWorkFactory) -> None:
    stored = await seed.listing(uow, "Beelink SER5", 250.5, seller="Beelink")

    [found] = await _find(uow, price_bands=[PriceBand(200.0, 300.0)])
    assert found == ListingSummary(stored.id, "Beelink SER5", "Beelink", 250.5, None)  # type: ignore[arg-type]


async def test_results_join_every_rule_each_listing_once(uow: UnitOfWorkFactory) -> None:
    by_url = await seed.listing(uow, "x", 10.0, listing_url="https://a.example/1")
    by_title = await seed.listing(uow, "Beelink SER5", 999.0, seller="Beelink")
    both = await seed.listing(uow, "y", 200.0, listing_url="https://a.example/2")
    cheap = await seed.listing(uow, "z", 50.0)

    found = await _find(
        uow,
        normalized_urls=["https://a.example/1", "https://a.example/2"],
        title_keys=[("beelink ser5", "Beelink")],
        price_bands=[PriceBand(190.0, 210.0), PriceBand(45.0, 55.0), PriceBand(195.0, 205.0)],
    )
    assert _ids(found) == [by_url.id, by_title.id, both.id, cheap.id]


async def test_a_large_batch_is_one_call(uow: UnitOfWorkFactory) -> None:
    """More keys and bands than one statement takes: the adapter splits them itself."""
    url_hit = await seed.listing(uow, "u", 1.0, listing_url="https://a.example/last")
    title_hit = await seed.listing(uow, "Needle", 2.0, seller="seller-5999")
    band_hit = await seed.listing(uow, "b", 7_000.0)

    found = await _find(
        uow,
        normalized_urls=[f"https://a.example/{n}" for n in range(6_000)]
        + ["https://a.example/last"],
        title_keys=[(f"title {n}", f"seller-{n}") for n in range(5_999)]
        + [("needle", "seller-5999")],
        price_bands=[PriceBand(n, n + 0.5) for n in range(100, 350)]
        + [PriceBand(6_990.0, 7_010.0)],
    )
    assert _ids(found) == [url_hit.id, title_hit.id, band_hit.id]


async def test_many_bands_split_into_statements_find_the_same(
    uow: UnitOfWorkFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However the adapter splits the bands into statements, each band keeps its nearest."""
    for n in range(30):
        await seed.listing(uow, f"l{n}", 100.0 + 3 * n, seller=f"s{n % 3}")
    bands = [PriceBand(p - 10, p + 10, seller) for p in (105.0, 150.0, 180.0)
             for seller in (None, "s0", "s2")]  # fmt: skip
    whole = _ids(await _find(uow, price_bands=bands, limit_per_band=3))
    assert len(whole) > 9

    monkeypatch.setattr(sql_listings, "_BANDS_PER_QUERY", 2)
    monkeypatch.setattr(sql_listings, "_BANDS_PER_ARRAY", 2)
    assert _ids(await _find(uow, price_bands=bands, limit_per_band=3)) == whole


# -- PostgreSQL: the statements use the indexes on a catalog big enough to tell -------------


BANDS = [PriceBand(250.0, 300.0), PriceBand(100.0, 1_000.0), PriceBand(100.0, 1_000.0, "seller-7")]
ON_POSTGRES = pytest.mark.parametrize(
    "backend", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


@pytest.fixture
async def ten_thousand_listings(backend: str, uow: UnitOfWorkFactory) -> str:
    rows = [
        listing_values(
            seed.listing_of(
                f"Mini PC {n}",
                float(100 + n % 900),
                seller=f"seller-{n % 200}",
                listing_url=f"https://shop.example/{n}",
            )
        )
        for n in range(10_000)
    ]
    engine = create_engine(backend)
    try:
        async with engine.begin() as db:
            await db.execute(insert(listings), rows)
            await db.execute(text("ANALYZE listings"))
    finally:
        await engine.dispose()
    return backend


async def _plan(url: str, statement: Any) -> str:
    engine = create_engine(url)
    try:
        sql = statement.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True})
        async with engine.connect() as db:
            return "\n".join(row[0] for row in await db.execute(text(f"EXPLAIN {sql}")))
    finally:
        await engine.dispose()


@ON_POSTGRES
@pytest.mark.parametrize(
    "statement",
    [
        nearest_in_price_bands_postgres(BANDS, 50),
        same_url(["https://shop.example/1", "https://shop.example/9999"]),
        same_title_and_seller([("mini pc 7", "seller-7"), ("mini pc 8", "seller-8")]),
    ],
    ids=["price bands", "urls", "titles and sellers"],
)
async def test_postgres_answers_from_indexes(ten_thousand_listings: str, statement: Any) -> None:
    plan = await _plan(ten_thousand_listings, statement)
    assert "Index" in plan or "Bitmap" in plan, plan
    assert "Seq Scan" not in plan, plan


@ON_POSTGRES
async def test_a_sellers_band_walks_the_seller_and_price_index(ten_thousand_listings: str) -> None:
    plan = await _plan(
        ten_thousand_listings,
        nearest_in_price_bands_postgres([PriceBand(100.0, 1_000.0, "seller-7")], 50),
    )
    assert "ix_listings_seller_price_usd" in plan, plan


# -- Large batches: the bands' ranges may be read whole (ADR 0081) -----------------------------
async def test_a_large_batch_may_read_its_price_ranges_whole(uow: UnitOfWorkFactory) -> None:
    """500 bands of 50 could walk 25,000 rows: reading the 60 listings in their ranges is
    cheaper. Every listing in a band comes back, and a title-and-seller match priced
    outside every band is still found (the title lookup then looks outside the ranges)."""
    inside = [
        await seed.listing(uow, f"Mini {n}", 100.0 + n, seller=f"s{n % 4}") for n in range(60)
    ]
    far_twin = await seed.listing(uow, "Mini PC N100 16GB", 5_000.0, seller="s1")
    await seed.listing(uow, "Unrelated", 4_000.0, seller="s1")
    bands = [price_band(100.0 + n * 0.12, None if n % 2 else "s1") for n in range(500)]

    found = await _find(
        uow, price_bands=bands, title_keys=[("mini pc n100 16gb", "s1")], limit_per_band=50
    )

    assert _ids(found) == sorted([x.id for x in inside] + [far_twin.id])  # type: ignore[type-var]


async def test_reading_ranges_whole_returns_at_least_each_bands_nearest(
    uow: UnitOfWorkFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forced onto the range read, a small call returns a superset of each band's nearest
    listings, and nothing outside the bands."""
    stored = [
        await seed.listing(uow, f"l{n}", 100.0 + 3 * n, seller=f"s{n % 3}") for n in range(30)
    ]
    bands = [PriceBand(p - 10, p + 10, seller) for p in (105.0, 150.0) for seller in (None, "s0")]
    nearest = set(_ids(await _find(uow, price_bands=bands, limit_per_band=2)))

    monkeypatch.setattr(sql_listings, "_PROBED_ROWS_BEFORE_RANGES", 0)
    monkeypatch.setattr(sql_listings, "_RANGE_SHARE", 1_000.0)
    found = await _find(uow, price_bands=bands, limit_per_band=2)

    assert nearest <= set(_ids(found))
    in_bands = {x.id for x in stored if any(b.low <= x.price_usd <= b.high for b in bands)}
    assert set(_ids(found)) <= in_bands
