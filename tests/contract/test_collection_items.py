"""CollectionRepo (the items of a collection): what every backend must do."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from domain.collections import CollectionItem, ItemStatus, PriceSnapshot
from domain.errors import Conflict, NotFound
from domain.ports import UnitOfWorkFactory

from . import seed
from .seed import T0, at


async def _setup(uow: UnitOfWorkFactory, listings: int = 3):  # type: ignore[no-untyped-def]
    alice = await seed.user(uow)
    deals = await seed.collection(uow, alice)
    stored = [await seed.listing(uow, f"Listing {n}") for n in range(listings)]
    return deals, stored


async def test_items_without_a_position_go_after_the_last_one(uow: UnitOfWorkFactory) -> None:
    deals, (a, b, c) = await _setup(uow)

    first = await seed.item(uow, deals, a)
    second = await seed.item(uow, deals, b, position=10)
    third = await seed.item(uow, deals, c)

    assert (first.position, second.position, third.position) == (0, 10, 11)
    async with uow() as tx:
        assert await tx.collections.items(deals.id) == [first, second, third]  # type: ignore[arg-type]


async def test_an_item_round_trips_with_its_price_snapshot(uow: UnitOfWorkFactory) -> None:
    deals, (a, *_) = await _setup(uow)
    added = CollectionItem(
        collection_id=deals.id,  # type: ignore[arg-type]
        listing_id=a.id,  # type: ignore[arg-type]
        status=ItemStatus.SHORTLISTED,
        notes="Ask about the charger",
        added_at=at(7),
        price_snapshot=PriceSnapshot(price_usd=199.5, adjusted_price_usd=240.25),
    )

    async with uow() as tx:
        stored = await tx.collections.add_item(added)
        await tx.commit()

    assert stored == replace(added, position=0)
    async with uow() as tx:
        got = await tx.collections.get_item(deals.id, a.id)  # type: ignore[arg-type]
    assert got == stored
    assert got is not None and got.added_at is not None
    assert got.added_at.utcoffset() == timedelta(0)


async def test_items_come_in_position_order(uow: UnitOfWorkFactory) -> None:
    deals, (a, b, c) = await _setup(uow)
    await seed.item(uow, deals, a, position=5)
    await seed.item(uow, deals, b, position=1)
    await seed.item(uow, deals, c, position=3)

    async with uow() as tx:
        items = await tx.collections.items(deals.id)  # type: ignore[arg-type]
    assert [(i.listing_id, i.position) for i in items] == [(b.id, 1), (c.id, 3), (a.id, 5)]


async def test_the_same_listing_twice_is_a_conflict(uow: UnitOfWorkFactory) -> None:
    deals, (a, b, _) = await _setup(uow)
    await seed.item(uow, deals, a)

    async with uow() as tx:
        with pytest.raises(Conflict) as caught:
            await tx.collections.add_item(
                CollectionItem(collection_id=deals.id, listing_id=a.id, added_at=T0)  # type: ignore[arg-type]
            )
        assert caught.value.field == "listing_id"
        # The transaction is still good for more work.
        await tx.collections.add_item(
            CollectionItem(collection_id=deals.id, listing_id=b.id, added_at=T0)  # type: ignore[arg-type]
        )
        await tx.commit()

    async with uow() as tx:
        items = await tx.collections.items(deals.id)  # type: ignore[arg-type]
    assert [(i.listing_id, i.position) for i in items] == [(a.id, 0), (b.id, 1)]


async def test_adding_to_a_missing_collection_or_a_missing_listing_is_not_found(
    uow: UnitOfWorkFactory,
) -> None:
    deals, (a, *_) = await _setup(uow)

    async with uow() as tx:
        with pytest.raises(NotFound):
            await tx.collections.add_item(
                CollectionItem(collection_id=deals.id + 1000, listing_id=a.id, added_at=T0)  # type: ignore[arg-type, operator]
            )
        with pytest.raises(NotFound) as caught:
            await tx.collections.add_item(
                CollectionItem(collection_id=deals.id, listing_id=999_999, added_at=T0)  # type: ignore[arg-type]
            )
        assert caught.value.field == "listing_id"


async def test_update_item_saves_status_notes_and_position(uow: UnitOfWorkFactory) -> None:
    deals, (a, *_) = await _setup(uow)
    stored = await seed.item(uow, deals, a)
    changed = replace(stored, status=ItemStatus.BOUGHT, notes="Got it", position=4)

    async with uow() as tx:
        await tx.collections.update_item(changed)
        await tx.commit()

    async with uow() as tx:
        assert await tx.collections.get_item(deals.id, a.id) == changed  # type: ignore[arg-type]


async def test_missing_items_are_none_or_not_found(uow: UnitOfWorkFactory) -> None:
    deals, (a, b, _) = await _setup(uow)
    stored = await seed.item(uow, deals, a)

    async with uow() as tx:
        assert await tx.collections.get_item(deals.id, b.id) is None  # type: ignore[arg-type]
        with pytest.raises(NotFound):
            await tx.collections.update_item(replace(stored, listing_id=b.id))  # type: ignore[arg-type]
        with pytest.raises(NotFound):
            await tx.collections.remove_item(deals.id, b.id)  # type: ignore[arg-type]


async def test_remove_item(uow: UnitOfWorkFactory) -> None:
    deals, (a, b, _) = await _setup(uow)
    await seed.item(uow, deals, a)
    kept = await seed.item(uow, deals, b)

    async with uow() as tx:
        await tx.collections.remove_item(deals.id, a.id)  # type: ignore[arg-type]
        await tx.commit()

    async with uow() as tx:
        assert await tx.collections.items(deals.id) == [kept]  # type: ignore[arg-type]
        assert await tx.listings.get(a.id) is not None  # type: ignore[arg-type]


async def test_count_items_answers_for_every_id_asked(uow: UnitOfWorkFactory) -> None:
    deals, (a, b, _) = await _setup(uow)
    async with uow() as tx:
        owner = await tx.users.get(deals.owner_id)
    assert owner is not None
    empty = await seed.collection(uow, owner, "Empty")
    await seed.item(uow, deals, a)
    await seed.item(uow, deals, b)

    async with uow() as tx:
        counts = await tx.collections.count_items([deals.id, empty.id, 999_999])  # type: ignore[list-item]
        assert counts == {deals.id: 2, empty.id: 0, 999_999: 0}
        assert await tx.collections.count_items([]) == {}
