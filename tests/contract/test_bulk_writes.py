"""ListingRepo.add_many and CollectionRepo.add_items (ADR 0082): what every backend must do —
the same as `add` / `add_item` one by one, all or nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from domain.collections import CollectionItem, ItemStatus, PriceSnapshot
from domain.errors import Conflict, NotFound
from domain.ports import UnitOfWorkFactory

from . import seed
from .full_listing import full_listing, key_orders
from .seed import T0, at


async def test_add_many_stores_every_field_in_order_with_new_ids(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    before = await seed.listing(uow, "Already there")
    new = [
        replace(full_listing(created_by=alice.id), title=f"Listing {n}", price_usd=100.0 + n)
        for n in range(3)
    ]

    async with uow() as tx:
        stored = await tx.listings.add_many(new)
        await tx.commit()

    ids = [x.id for x in stored]
    assert all(isinstance(i, int) for i in ids) and len(set(ids)) == 3
    assert ids == sorted(ids) and ids[0] > before.id  # type: ignore[operator]
    assert stored == [replace(x, id=i) for x, i in zip(new, ids, strict=True)]
    async with uow() as tx:
        got = await tx.listings.get_many(ids)  # type: ignore[arg-type]
    assert [got[i] for i in ids] == stored  # type: ignore[index]
    assert key_orders(got[ids[0]].custom_fields) == key_orders(new[0].custom_fields)  # type: ignore[index]


async def test_add_many_keeps_the_times_given(uow: UnitOfWorkFactory) -> None:
    kept = seed.listing_of("Kept", created_at=at(-600), updated_at=at(-30))

    async with uow() as tx:
        [first] = await tx.listings.add_many([kept])
        await tx.commit()

    assert (first.created_at, first.updated_at) == (at(-600), at(-30))
    async with uow() as tx:
        again = await tx.listings.get(first.id)  # type: ignore[arg-type]
    assert again is not None and again.created_at == at(-600)
    assert again.created_at.utcoffset() == timedelta(0)


async def test_ids_handed_out_by_add_many_are_not_handed_out_again(uow: UnitOfWorkFactory) -> None:
    async with uow() as tx:
        many = await tx.listings.add_many([seed.listing_of(f"L{n}") for n in range(4)])
        await tx.commit()
    async with uow() as tx:
        await tx.listings.add_many([seed.listing_of("rolled back")])
        # no commit: rolled back
    one = await seed.listing(uow, "after")
    more = await seed.listing(uow, "after that")

    assert one.id > max(x.id for x in many)  # type: ignore[operator, type-var]
    assert more.id > one.id  # type: ignore[operator]


async def test_add_many_of_nothing_is_nothing(uow: UnitOfWorkFactory) -> None:
    async with uow() as tx:
        assert await tx.listings.add_many([]) == []
        assert await tx.collections.add_items([]) == []


async def test_add_many_with_a_missing_creator_stores_nothing(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    new = [seed.listing_of("ok", created_by=alice.id), seed.listing_of("bad", created_by=999)]

    with pytest.raises(NotFound) as raised:
        async with uow() as tx:
            await tx.listings.add_many(new)
            await tx.commit()

    assert raised.value.field == "created_by"
    async with uow() as tx:
        assert (await tx.listings.get_many(list(range(1, 10)))) == {}


async def _collection_with(uow: UnitOfWorkFactory, count: int):  # type: ignore[no-untyped-def]
    alice = await seed.user(uow)
    deals = await seed.collection(uow, alice)
    async with uow() as tx:
        listings = await tx.listings.add_many([seed.listing_of(f"L{n}") for n in range(count)])
        await tx.commit()
    return deals, listings


def _item(collection_id: int, listing_id: int, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("added_at", T0)
    return CollectionItem(collection_id=collection_id, listing_id=listing_id, **kw)


async def test_add_items_adds_in_order_as_add_item_would(uow: UnitOfWorkFactory) -> None:
    deals, (a, b, c, d) = await _collection_with(uow, 4)
    first = await seed.item(uow, deals, a)  # position 0
    new = [
        _item(deals.id, b.id, status=ItemStatus.BOUGHT, notes="n", added_at=at(-60),
              price_snapshot=PriceSnapshot(10.0, 9.5)),
        _item(deals.id, c.id, position=7),
        _item(deals.id, d.id),
    ]  # fmt: skip

    async with uow() as tx:
        added = await tx.collections.add_items(new)
        await tx.commit()

    assert [x.position for x in added] == [1, 7, 8]
    assert added == [replace(new[0], position=1), new[1], replace(new[2], position=8)]
    async with uow() as tx:
        stored = await tx.collections.items(deals.id)
    assert stored == [first, *added]


@pytest.mark.parametrize("where", ["in the collection", "twice in the call"])
async def test_add_items_refuses_a_listing_twice_and_adds_nothing(
    uow: UnitOfWorkFactory, where: str
) -> None:
    deals, (a, b) = await _collection_with(uow, 2)
    await seed.item(uow, deals, a)
    again = _item(deals.id, a.id) if where == "in the collection" else _item(deals.id, b.id)

    with pytest.raises(Conflict):
        async with uow() as tx:
            await tx.collections.add_items([_item(deals.id, b.id), again])
            await tx.commit()

    async with uow() as tx:
        assert [x.listing_id for x in await tx.collections.items(deals.id)] == [a.id]


async def test_add_items_to_a_missing_collection_or_listing_is_not_found(
    uow: UnitOfWorkFactory,
) -> None:
    deals, (a,) = await _collection_with(uow, 1)

    with pytest.raises(NotFound):
        async with uow() as tx:
            await tx.collections.add_items([_item(999, a.id)])
    with pytest.raises(NotFound):
        async with uow() as tx:
            await tx.collections.add_items([_item(deals.id, a.id), _item(deals.id, 999)])
            await tx.commit()

    async with uow() as tx:
        assert await tx.collections.items(deals.id) == []


async def test_add_items_takes_one_collection_at_a_time(uow: UnitOfWorkFactory) -> None:
    deals, (a, b) = await _collection_with(uow, 2)
    with pytest.raises(ValueError, match="one collection"):
        async with uow() as tx:
            await tx.collections.add_items([_item(deals.id, a.id), _item(deals.id + 1, b.id)])


async def test_thousands_of_rows_in_one_call(uow: UnitOfWorkFactory) -> None:
    """More rows than one slice of the SQL adapters, and than one statement may bind."""
    deals, listings = await _collection_with(uow, 1_234)

    async with uow() as tx:
        added = await tx.collections.add_items([_item(deals.id, x.id) for x in listings])
        await tx.commit()

    assert [x.position for x in added] == list(range(1_234))
    async with uow() as tx:
        assert await tx.collections.count_items([deals.id]) == {deals.id: 1_234}
        stored = await tx.listings.get_many([listings[0].id, listings[-1].id])  # type: ignore[list-item]
    assert stored[listings[-1].id] == listings[-1]  # type: ignore[index]
