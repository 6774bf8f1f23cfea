"""CollectionRepo (the collection itself): what every backend must do."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from domain.collections import Collection
from domain.errors import NotFound
from domain.pages import PageRequest
from domain.ports import UnitOfWorkFactory
from domain.visibility import Visibility

from . import seed
from .seed import T0, at


async def test_add_and_get_with_the_defaults(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    deals = await seed.collection(uow, alice, "Deals")

    assert deals.id is not None
    assert deals == Collection(
        owner_id=alice.id,  # type: ignore[arg-type]
        name="Deals",
        visibility=Visibility.PRIVATE,
        view_count=0,
        copy_count=0,
        hidden_by_moderation=False,
        created_at=T0,
        updated_at=T0,
        id=deals.id,
    )
    async with uow() as tx:
        assert await tx.collections.get(deals.id) == deals
        assert await tx.collections.get(deals.id + 1000) is None


async def test_every_field_round_trips(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    source = await seed.collection(uow, alice, "Source")
    copy = await seed.collection(
        uow,
        alice,
        "Copy of Source",
        Visibility.UNLISTED,
        description="Line one\nline two",
        copied_from_id=source.id,
        view_count=3,
        copy_count=2,
        hidden_by_moderation=True,
        created_at=at(1),
        updated_at=at(2),
    )

    async with uow() as tx:
        got = await tx.collections.get(copy.id)  # type: ignore[arg-type]
    assert got == copy
    assert got is not None and got.updated_at is not None
    assert got.updated_at.utcoffset() == timedelta(0)


async def test_update_saves_the_editable_fields_but_never_the_counters(
    uow: UnitOfWorkFactory,
) -> None:
    alice = await seed.user(uow)
    deals = await seed.collection(uow, alice)
    async with uow() as tx:
        await tx.collections.increment_view_count(deals.id)  # type: ignore[arg-type]
        await tx.commit()
    changed = replace(
        deals,
        name="Renamed",
        description="Now described",
        visibility=Visibility.PUBLIC,
        hidden_by_moderation=True,
        updated_at=at(5),
        view_count=100,
        copy_count=100,
    )

    async with uow() as tx:
        await tx.collections.update(changed)
        await tx.commit()

    async with uow() as tx:
        assert await tx.collections.get(deals.id) == replace(  # type: ignore[arg-type]
            changed, view_count=1, copy_count=0
        )


async def test_update_leaves_owner_provenance_and_creation_alone(
    uow: UnitOfWorkFactory,
) -> None:
    alice = await seed.user(uow, "alice")
    bob = await seed.user(uow, "bob")
    deals = await seed.collection(uow, alice)

    async with uow() as tx:
        await tx.collections.update(
            replace(deals, owner_id=bob.id, copied_from_id=77, created_at=at(60))  # type: ignore[arg-type]
        )
        await tx.commit()

    async with uow() as tx:
        assert await tx.collections.get(deals.id) == deals  # type: ignore[arg-type]


async def test_changes_to_a_missing_collection_are_not_found(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    deals = await seed.collection(uow, alice)
    missing = deals.id + 1000  # type: ignore[operator]

    async with uow() as tx:
        with pytest.raises(NotFound):
            await tx.collections.update(replace(deals, id=missing))
        with pytest.raises(NotFound):
            await tx.collections.delete(missing)
        with pytest.raises(NotFound):
            await tx.collections.increment_view_count(missing)
        with pytest.raises(NotFound):
            await tx.collections.increment_copy_count(missing)
        with pytest.raises(NotFound):
            await tx.collections.touch(missing, at(1))


async def test_delete_takes_items_share_tokens_and_reports_along(
    uow: UnitOfWorkFactory,
) -> None:
    alice = await seed.user(uow, "alice")
    bob = await seed.user(uow, "bob")
    doomed = await seed.collection(uow, alice, "Doomed")
    kept = await seed.collection(uow, alice, "Kept")
    listing = await seed.listing(uow)
    for collection, token in ((doomed, "t-doomed"), (kept, "t-kept")):
        await seed.item(uow, collection, listing)
        await seed.share_token(uow, collection, token)
        await seed.report(uow, collection, bob)

    async with uow() as tx:
        await tx.collections.delete(doomed.id)  # type: ignore[arg-type]
        await tx.commit()

    async with uow() as tx:
        assert await tx.collections.get(doomed.id) is None  # type: ignore[arg-type]
        assert await tx.collections.items(doomed.id) == []  # type: ignore[arg-type]
        assert await tx.share_tokens.list_for_collection(doomed.id) == []  # type: ignore[arg-type]
        assert await tx.share_tokens.get_by_token("t-doomed") is None
        assert [r.collection_id for r in await tx.reports.list()] == [kept.id]
        assert len(await tx.collections.items(kept.id)) == 1  # type: ignore[arg-type]
        assert await tx.share_tokens.get_by_token("t-kept") is not None
        assert await tx.listings.get(listing.id) == listing  # type: ignore[arg-type]


async def test_list_by_owner_is_most_recently_updated_first_and_paged(
    uow: UnitOfWorkFactory,
) -> None:
    alice = await seed.user(uow, "alice")
    bob = await seed.user(uow, "bob")
    a = await seed.collection(uow, alice, "A", updated_at=at(3))
    b = await seed.collection(uow, alice, "B", updated_at=at(1))
    c = await seed.collection(uow, alice, "C", updated_at=at(2))
    tie = await seed.collection(uow, alice, "D", updated_at=at(2))  # same time: newer id first
    await seed.collection(uow, bob, "Bob's", updated_at=at(9))

    async with uow() as tx:
        page = await tx.collections.list_by_owner(alice.id, PageRequest(limit=3))  # type: ignore[arg-type]
        assert [x.name for x in page.items] == ["A", "D", "C"]
        assert (page.total, page.limit, page.offset) == (4, 3, 0)
        assert page.items[0] == a
        page = await tx.collections.list_by_owner(alice.id, PageRequest(limit=3, offset=3))  # type: ignore[arg-type]
        assert page.items == [b] and page.total == 4
        empty = await tx.collections.list_by_owner(12345, PageRequest())
        assert (empty.items, empty.total) == ([], 0)
    assert c.id is not None and tie.id is not None and tie.id > c.id


async def test_touch_moves_updated_at_and_the_order(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    old = await seed.collection(uow, alice, "Old", updated_at=at(1))
    await seed.collection(uow, alice, "New", updated_at=at(2))

    async with uow() as tx:
        await tx.collections.touch(old.id, at(3))  # type: ignore[arg-type]
        await tx.commit()

    async with uow() as tx:
        got = await tx.collections.get(old.id)  # type: ignore[arg-type]
        assert got == replace(old, updated_at=at(3))
        page = await tx.collections.list_by_owner(alice.id, PageRequest())  # type: ignore[arg-type]
        assert [x.name for x in page.items] == ["Old", "New"]


async def test_counters_go_up_by_one_and_leave_updated_at(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    deals = await seed.collection(uow, alice)

    async with uow() as tx:
        for _ in range(3):
            await tx.collections.increment_view_count(deals.id)  # type: ignore[arg-type]
        await tx.collections.increment_copy_count(deals.id)  # type: ignore[arg-type]
        await tx.commit()

    async with uow() as tx:
        got = await tx.collections.get(deals.id)  # type: ignore[arg-type]
    assert got == replace(deals, view_count=3, copy_count=1)
