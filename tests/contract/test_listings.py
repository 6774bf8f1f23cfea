"""ListingRepo: what every backend must do."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from domain.errors import NotFound
from domain.listings import Listing, ListingFilters, ListingSort
from domain.pages import PageRequest
from domain.ports import UnitOfWorkFactory

from . import seed
from .full_listing import BREAKDOWN, CUSTOM_FIELDS, full_listing, key_orders
from .seed import at


async def test_every_field_survives_the_round_trip(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    original = full_listing(created_by=alice.id)
    async with uow() as tx:
        stored = await tx.listings.add(original)
        await tx.commit()

    assert stored.id is not None
    assert stored == replace(original, id=stored.id)
    async with uow() as tx:
        got = await tx.listings.get(stored.id)
    assert got == stored
    assert got is not None and got.valuation is not None
    assert key_orders(got.valuation.valuation_breakdown) == key_orders(BREAKDOWN)
    assert key_orders(got.custom_fields) == key_orders(CUSTOM_FIELDS)
    for moment in (got.price_date, got.created_at, got.updated_at):
        assert moment is not None and moment.utcoffset() == timedelta(0)


async def test_a_bare_listing_keeps_its_empty_parts(uow: UnitOfWorkFactory) -> None:
    bare = Listing(title="Bare", price_usd=0.0, created_at=at(0), updated_at=at(0))
    async with uow() as tx:
        stored = await tx.listings.add(bare)
        await tx.commit()

    async with uow() as tx:
        got = await tx.listings.get(stored.id)  # type: ignore[arg-type]
    assert got == replace(bare, id=stored.id)
    assert got is not None
    assert (got.valuation, got.performance, got.metadata) == (None, None, None)
    assert (got.other_urls, got.custom_fields) == ((), {})


async def test_get_many_returns_the_ones_that_exist(uow: UnitOfWorkFactory) -> None:
    a = await seed.listing(uow, "A")
    b = await seed.listing(uow, "B")

    async with uow() as tx:
        got = await tx.listings.get_many([b.id, 999_999, a.id])  # type: ignore[list-item]
        assert got == {b.id: b, a.id: a}
        assert await tx.listings.get_many([]) == {}
        assert await tx.listings.get(999_999) is None


async def test_update_replaces_the_listing(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    stored = await seed.listing(uow, "Old title", 100.0)
    changed = replace(
        full_listing(created_by=alice.id), id=stored.id, title="New title", updated_at=at(9)
    )

    async with uow() as tx:
        await tx.listings.update(changed)
        await tx.commit()

    async with uow() as tx:
        assert await tx.listings.get(stored.id) == changed  # type: ignore[arg-type]


async def test_update_and_delete_of_a_missing_listing_are_not_found(
    uow: UnitOfWorkFactory,
) -> None:
    stored = await seed.listing(uow)
    async with uow() as tx:
        with pytest.raises(NotFound):
            await tx.listings.update(replace(stored, id=999_999))
        with pytest.raises(NotFound):
            await tx.listings.delete(999_999)


async def test_delete_removes_the_listing_and_its_items(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    gone = await seed.listing(uow, "Gone")
    kept = await seed.listing(uow, "Kept")
    deals = await seed.collection(uow, alice)
    await seed.item(uow, deals, gone)
    await seed.item(uow, deals, kept)

    async with uow() as tx:
        await tx.listings.delete(gone.id)  # type: ignore[arg-type]
        await tx.commit()

    async with uow() as tx:
        assert await tx.listings.get(gone.id) is None  # type: ignore[arg-type]
        assert [i.listing_id for i in await tx.collections.items(deals.id)] == [kept.id]  # type: ignore[arg-type]


async def _search(uow: UnitOfWorkFactory, q: str | None, limit: int = 20, offset: int = 0):  # type: ignore[no-untyped-def]
    async with uow() as tx:
        return await tx.listings.search(q, PageRequest(limit=limit, offset=offset))


async def test_search_without_words_lists_everything_newest_first(uow: UnitOfWorkFactory) -> None:
    first = await seed.listing(uow, "First")
    second = await seed.listing(uow, "Second")
    third = await seed.listing(uow, "Third")

    for q in (None, "", "   "):
        page = await _search(uow, q)
        assert page.items == [third, second, first]
        assert (page.total, page.limit, page.offset) == (3, 20, 0)


async def test_search_needs_every_word_in_title_seller_or_model_in_any_case(
    uow: UnitOfWorkFactory,
) -> None:
    optiplex = await seed.listing(
        uow, "Dell OptiPlex 7050 Micro", seller="PC Outlet", device_model="D10U"
    )
    elitedesk = await seed.listing(
        uow, "HP EliteDesk 800 G3", seller="Dell Refurbished", device_model="800G3-DM"
    )
    await seed.listing(uow, "Lenovo M920q", seller="Lenovo", notes="dell in the notes only")

    def ids(page) -> list[int]:  # type: ignore[no-untyped-def]
        return [listing.id for listing in page.items]

    assert ids(await _search(uow, "dell")) == [elitedesk.id, optiplex.id]
    assert ids(await _search(uow, "DELL micro")) == [optiplex.id]
    assert ids(await _search(uow, "dell  800g3-dm")) == [elitedesk.id]  # seller + model
    assert ids(await _search(uow, "outlet d10u optiplex")) == [optiplex.id]
    assert ids(await _search(uow, "plex")) == [optiplex.id]  # words match inside words
    assert ids(await _search(uow, "dell nothing")) == []
    assert (await _search(uow, "dell nothing")).total == 0


async def test_search_folds_case_beyond_ascii(uow: UnitOfWorkFactory) -> None:
    stored = await seed.listing(uow, "Größe ÜBER Alles", seller="Ærø Ltd")

    for q in ("über", "ÜBER", "größe", "ærø"):
        assert [x.id for x in (await _search(uow, q)).items] == [stored.id], q


async def test_search_words_are_literal_text_not_patterns(uow: UnitOfWorkFactory) -> None:
    percent = await seed.listing(uow, "50% off mini PC")
    underscore = await seed.listing(uow, "mini_pc bundle")
    await seed.listing(uow, "500 off mini PC")

    assert [x.id for x in (await _search(uow, "50%")).items] == [percent.id]
    assert [x.id for x in (await _search(uow, "i_p")).items] == [underscore.id]
    assert [x.id for x in (await _search(uow, "%")).items] == [percent.id]
    assert (await _search(uow, "\\")).items == []


async def test_search_pages_and_counts_the_total(uow: UnitOfWorkFactory) -> None:
    stored = [await seed.listing(uow, f"Mini PC {n}") for n in range(7)]
    await seed.listing(uow, "Laptop")
    newest_first = [x.id for x in reversed(stored)]

    page = await _search(uow, "mini", limit=3, offset=0)
    assert [x.id for x in page.items] == newest_first[:3]
    assert (page.total, page.limit, page.offset) == (7, 3, 0)
    page = await _search(uow, "mini", limit=3, offset=6)
    assert [x.id for x in page.items] == newest_first[6:]
    assert page.total == 7
    page = await _search(uow, "mini", limit=3, offset=50)
    assert (page.items, page.total) == ([], 7)


async def test_get_many_takes_more_ids_than_one_query_can_bind(uow: UnitOfWorkFactory) -> None:
    a = await seed.listing(uow, "A")
    b = await seed.listing(uow, "B")
    wanted = [b.id, *range(10_000_000, 10_040_000), a.id]

    async with uow() as tx:
        assert await tx.listings.get_many(wanted) == {b.id: b, a.id: a}  # type: ignore[arg-type]


# -- Filters and sorts (GET /listings?mine=1&min_price=&max_price=&sort=) ---------------------
async def _filtered(uow: UnitOfWorkFactory, q: str | None = None, **filters):  # type: ignore[no-untyped-def]
    async with uow() as tx:
        page = await tx.listings.search(q, PageRequest(limit=100), ListingFilters(**filters))
    return [listing.id for listing in page.items], page.total


async def test_search_keeps_one_creators_listings(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow, "alice")
    bob = await seed.user(uow, "bob")
    hers = [await seed.listing(uow, f"Mini {n}", by=alice) for n in range(2)]
    his = await seed.listing(uow, "Mini of bob", by=bob)
    await seed.listing(uow, "Mini of nobody")

    assert await _filtered(uow, created_by=alice.id) == ([hers[1].id, hers[0].id], 2)
    assert await _filtered(uow, "mini", created_by=bob.id) == ([his.id], 1)
    assert await _filtered(uow, "nothing", created_by=alice.id) == ([], 0)


async def test_search_keeps_a_price_range_inclusive(uow: UnitOfWorkFactory) -> None:
    cheap = await seed.listing(uow, "Cheap", 50.0)
    middle = await seed.listing(uow, "Middle", 100.0)
    dear = await seed.listing(uow, "Dear", 150.5)

    assert await _filtered(uow, min_price=100) == ([dear.id, middle.id], 2)
    assert await _filtered(uow, max_price=100) == ([middle.id, cheap.id], 2)
    assert await _filtered(uow, min_price=50, max_price=150.5) == (
        [dear.id, middle.id, cheap.id],
        3,
    )
    assert await _filtered(uow, min_price=100.01, max_price=150.4) == ([], 0)
    assert await _filtered(uow, min_price=0, max_price=0) == ([], 0)


async def test_sorts_by_price_either_way_ties_newest_first(uow: UnitOfWorkFactory) -> None:
    a = await seed.listing(uow, "A", 20.0)
    b = await seed.listing(uow, "B", 10.0)
    c = await seed.listing(uow, "C", 20.0)
    d = await seed.listing(uow, "D", 5.5)

    assert await _filtered(uow, sort=ListingSort.PRICE) == ([d.id, b.id, c.id, a.id], 4)
    assert await _filtered(uow, sort=ListingSort.PRICE_DESC) == ([c.id, a.id, b.id, d.id], 4)
    assert await _filtered(uow, sort=ListingSort.NEWEST) == ([d.id, c.id, b.id, a.id], 4)
    assert await _filtered(uow, min_price=10, sort=ListingSort.PRICE) == ([b.id, c.id, a.id], 3)


async def test_sorts_by_title_alike_on_every_backend(uow: UnitOfWorkFactory) -> None:
    """ASCII letters fold to lower case, everything else by code point (title_sort_key):
    no server's locale decides, so PostgreSQL, SQLite and the fake agree."""
    titles = ["beelink", "Zotac", "Äpfel", "apple", "Apple", "_under", "10 mini", "zz", "éclair"]
    stored = {title: await seed.listing(uow, title) for title in titles}
    expected = ["10 mini", "_under", "Apple", "apple", "beelink", "Zotac", "zz", "Äpfel", "éclair"]
    # "Apple" and "apple" tie: the newer ("Apple", stored later) first.

    ids, total = await _filtered(uow, sort=ListingSort.TITLE)
    assert [next(t for t, x in stored.items() if x.id == i) for i in ids] == expected
    assert total == len(titles)


async def test_a_filtered_sorted_search_pages(uow: UnitOfWorkFactory) -> None:
    stored = [await seed.listing(uow, f"Mini {n}", float(n % 3)) for n in range(7)]
    by_price = sorted(stored, key=lambda x: (x.price_usd, -(x.id or 0)))
    filters = ListingFilters(min_price=1, sort=ListingSort.PRICE)
    wanted = [x.id for x in by_price if x.price_usd >= 1]

    async with uow() as tx:
        first = await tx.listings.search("mini", PageRequest(limit=2, offset=0), filters)
        rest = await tx.listings.search("mini", PageRequest(limit=10, offset=2), filters)
    assert [x.id for x in first.items + rest.items] == wanted
    assert first.total == rest.total == len(wanted)


@pytest.mark.parametrize("listing_id", [0, -1, 2**31, 2**31 + 5, 2**63, 2**70, -(2**70)])
async def test_an_id_no_row_can_have_finds_nothing(uow: UnitOfWorkFactory, listing_id: int) -> None:
    """Ids are 32-bit: a larger one names no listing (PostgreSQL would refuse the parameter
    rather than find nothing, so the adapter does not ask)."""
    stored = await seed.listing(uow)

    async with uow() as tx:
        assert await tx.listings.get(listing_id) is None
        assert await tx.listings.get_many([listing_id, stored.id]) == {stored.id: stored}  # type: ignore[index, dict-item]
