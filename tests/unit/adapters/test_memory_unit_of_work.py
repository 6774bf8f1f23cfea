"""The in-memory unit of work: rollback unless committed, copies out, one at a time."""

from __future__ import annotations

import asyncio

import pytest

from adapters.memory import MemoryUnitOfWorkFactory
from domain.collections import Collection, CollectionItem
from domain.listings import Listing
from domain.users import User


@pytest.fixture
def uow() -> MemoryUnitOfWorkFactory:
    return MemoryUnitOfWorkFactory()


@pytest.fixture
async def seeded(uow):
    """One user, one listing and one collection holding it, committed: (collection, listing)."""
    async with uow() as tx:
        user = await tx.users.add(User("alice", "Alice"))
        listing = await tx.listings.add(Listing(title="NUC", price_usd=0.0, created_by=user.id))
        collection = await tx.collections.add(Collection(owner_id=user.id, name="Deals"))
        await tx.collections.add_item(CollectionItem(collection.id, listing.id))
        await tx.commit()
    return collection, listing


async def test_leaving_without_commit_rolls_back(uow, seeded) -> None:
    async with uow() as tx:
        await tx.users.add(User("bob", "Bob"))
        await tx.listings.update(Listing(title="Changed", price_usd=1.0, id=seeded[1].id))
        assert tx.committed is False
    async with uow() as tx:
        assert await tx.users.get_by_username("bob") is None
        assert (await tx.listings.get(seeded[1].id)).title == "NUC"


@pytest.mark.parametrize("what", ["collection", "listing"])
async def test_a_cascading_delete_is_rolled_back(uow, seeded, what) -> None:
    collection, listing = seeded
    async with uow() as tx:
        if what == "collection":
            await tx.collections.delete(collection.id)
        else:
            await tx.listings.delete(listing.id)
        assert await tx.collections.items(collection.id) == []
    async with uow() as tx:
        assert await tx.collections.get(collection.id) == collection
        assert await tx.listings.get(listing.id) == listing
        assert [i.listing_id for i in await tx.collections.items(collection.id)] == [listing.id]


async def test_an_exception_rolls_back_and_propagates(uow, seeded) -> None:
    with pytest.raises(KeyError):
        async with uow() as tx:
            await tx.collections.delete(seeded[0].id)
            raise KeyError("boom")
    async with uow() as tx:
        assert await tx.collections.get(seeded[0].id) is not None


async def test_commit_persists(uow, seeded) -> None:
    collection, listing = seeded
    async with uow() as tx:
        await tx.collections.remove_item(collection.id, listing.id)
        await tx.commit()
        assert tx.committed is True
    async with uow() as tx:
        assert await tx.collections.items(collection.id) == []


async def test_writes_after_commit_roll_back_to_the_committed_state(uow, seeded) -> None:
    collection, _ = seeded
    async with uow() as tx:
        await tx.collections.increment_view_count(collection.id)
        await tx.commit()
        await tx.collections.increment_view_count(collection.id)
        await tx.collections.delete(collection.id)
    async with uow() as tx:
        assert (await tx.collections.get(collection.id)).view_count == 1


async def test_explicit_rollback_then_commit(uow, seeded) -> None:
    async with uow() as tx:
        await tx.users.add(User("bob", "Bob"))
        await tx.rollback()
        await tx.users.add(User("carol", "Carol"))
        await tx.commit()
    async with uow() as tx:
        assert [u.username for u in await tx.users.list()] == ["alice", "carol"]


async def test_returned_entities_are_copies(uow, seeded) -> None:
    collection, listing = seeded
    async with uow() as tx:
        got = await tx.listings.get(listing.id)
        got.title = "mutated"
        (await tx.collections.get(collection.id)).name = "mutated"
        (await tx.collections.items(collection.id))[0].notes = "mutated"
        (await tx.users.list())[0].username = "mutated"
        added = await tx.listings.add(Listing(title="Fresh", price_usd=1.0))
        added.title = "mutated after add"
        await tx.commit()
    async with uow() as tx:
        assert (await tx.listings.get(listing.id)).title == "NUC"
        assert (await tx.collections.get(collection.id)).name == "Deals"
        assert (await tx.collections.items(collection.id))[0].notes is None
        assert (await tx.users.list())[0].username == "alice"
        assert (await tx.listings.get(added.id)).title == "Fresh"


async def test_using_it_outside_its_block_fails(uow) -> None:
    tx = uow()
    with pytest.raises(RuntimeError):
        await tx.commit()
    async with tx:
        pass
    with pytest.raises(RuntimeError):
        await tx.rollback()


async def test_concurrent_units_of_work_are_serialized(uow, seeded) -> None:
    _, listing = seeded

    async def bump() -> None:
        async with uow() as tx:
            current = await tx.listings.get(listing.id)
            await asyncio.sleep(0)  # let the others run: without the lock they'd read the same
            current.price_usd += 1
            await tx.listings.update(current)
            await tx.commit()

    await asyncio.wait_for(asyncio.gather(*(bump() for _ in range(25))), timeout=5)
    async with uow() as tx:
        assert (await tx.listings.get(listing.id)).price_usd == 25


async def test_ids_of_rolled_back_rows_are_not_reused(uow) -> None:
    async with uow() as tx:
        first = await tx.users.add(User("bob", "Bob"))
    async with uow() as tx:
        second = await tx.users.add(User("bob", "Bob"))
    assert second.id > first.id
