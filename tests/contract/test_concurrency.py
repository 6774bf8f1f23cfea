"""Concurrent units of work: nothing lost, nothing doubled (each in its own transaction)."""

from __future__ import annotations

import asyncio

from domain.collections import CollectionItem
from domain.ports import UnitOfWorkFactory

from . import seed
from .seed import T0

PARALLEL_ADDS = 20
PARALLEL_INCREMENTS = 50


async def test_parallel_adds_to_one_collection_each_land_once_in_distinct_positions(
    uow: UnitOfWorkFactory,
) -> None:
    alice = await seed.user(uow)
    deals = await seed.collection(uow, alice)
    listings = [await seed.listing(uow, f"Deal {n}") for n in range(PARALLEL_ADDS)]

    async def add(listing_id: int) -> CollectionItem:
        async with uow() as tx:
            item = await tx.collections.add_item(
                CollectionItem(collection_id=deals.id, listing_id=listing_id, added_at=T0)  # type: ignore[arg-type]
            )
            await tx.commit()
            return item

    added = await asyncio.gather(*(add(x.id) for x in listings))  # type: ignore[arg-type]

    assert sorted(item.position for item in added) == list(range(PARALLEL_ADDS))  # type: ignore[type-var]
    async with uow() as tx:
        stored = await tx.collections.items(deals.id)  # type: ignore[arg-type]
    assert sorted(i.listing_id for i in stored) == sorted(x.id for x in listings)  # type: ignore[type-var]
    assert [i.position for i in stored] == list(range(PARALLEL_ADDS))
    assert {(i.listing_id, i.position) for i in stored} == {
        (i.listing_id, i.position) for i in added
    }


async def test_parallel_view_and_copy_counts_are_never_lost(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    deals = await seed.collection(uow, alice)
    token = await seed.share_token(uow, deals)

    async def count_once() -> None:
        async with uow() as tx:
            await tx.collections.increment_view_count(deals.id)  # type: ignore[arg-type]
            await tx.collections.increment_copy_count(deals.id)  # type: ignore[arg-type]
            await tx.share_tokens.increment_view_count(token.id)  # type: ignore[arg-type]
            await tx.commit()

    await asyncio.gather(*(count_once() for _ in range(PARALLEL_INCREMENTS)))

    async with uow() as tx:
        collection = await tx.collections.get(deals.id)  # type: ignore[arg-type]
        shared = await tx.share_tokens.get(token.id)  # type: ignore[arg-type]
    assert collection is not None and shared is not None
    assert (collection.view_count, collection.copy_count) == (50, 50)
    assert shared.view_count == 50
