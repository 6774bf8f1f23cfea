"""CopyCollection: a private copy of something readable, with its items, counted once."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from domain import events as names
from domain.collections import ItemStatus
from domain.errors import Invalid, NotFound, Unauthorized
from domain.pages import PageRequest
from domain.sharing import ReportReason
from domain.visibility import Visibility

PRIVATE, UNLISTED, PUBLIC = Visibility.PRIVATE, Visibility.UNLISTED, Visibility.PUBLIC


@pytest.fixture
async def source(collections, new_listing, items, alice, clock):
    """Alice's public collection with three annotated items, reordered; returns it."""
    made = await collections.create(alice, "Mini PCs", "small and quiet", visibility=PUBLIC)
    ids = []
    for i, status in enumerate([ItemStatus.BOUGHT, ItemStatus.REJECTED, ItemStatus.SHORTLISTED]):
        listing = await new_listing(f"Deal {i}", 100.0 + i, adjusted=120.0 + i)
        await items.add(alice, made.id, listing.id, status=status, notes=f"note {i}")
        ids.append(listing.id)
        clock.advance(minutes=5)
    await items.reorder(alice, made.id, [ids[2], ids[0], ids[1]])
    return made


async def stored_items(uow, collection_id: int):
    async with uow() as tx:
        return await tx.collections.items(collection_id)


async def test_copy_is_private_owned_by_the_caller_with_every_item(copier, source, bob, clock, uow):
    clock.advance(days=1)
    copy = await copier.copy(bob, source.id)

    assert copy.id not in (None, source.id)
    assert (copy.owner_id, copy.visibility, copy.copied_from_id) == (bob.id, PRIVATE, source.id)
    assert (copy.name, copy.description) == ("Copy of Mini PCs", "small and quiet")
    assert (copy.view_count, copy.copy_count, copy.hidden_by_moderation) == (0, 0, False)
    assert copy.created_at == copy.updated_at == clock.now()
    originals, copied = await stored_items(uow, source.id), await stored_items(uow, copy.id)
    assert len(copied) == 3
    assert copied == [replace(item, collection_id=copy.id) for item in originals]
    assert [i.position for i in copied] == [0, 1, 2]
    assert [i.status for i in copied] == [
        ItemStatus.SHORTLISTED,
        ItemStatus.BOUGHT,
        ItemStatus.REJECTED,
    ]
    assert copied[0].price_snapshot.adjusted_price_usd == 122.0
    assert copied[0].added_at < copy.created_at, "added_at is the source's, not the copy's"


async def test_copy_takes_a_name_or_cuts_the_default_to_100(copier, collections, alice, bob):
    long = await collections.create(alice, "n" * 100, visibility=PUBLIC)
    copy = await copier.copy(bob, long.id)
    assert copy.name == "Copy of " + "n" * 92 and len(copy.name) == 100
    named = await copier.copy(bob, long.id, name="Mine")
    assert named.name == "Mine"
    with pytest.raises(Invalid) as caught:
        await copier.copy(bob, long.id, name="x" * 101)
    assert caught.value.field == "name"


async def test_copy_counts_on_the_source_and_emits(copier, collections, source, bob, events):
    events.published.clear()
    copy = await copier.copy(bob, source.id)

    assert (await collections.get(bob, source.id)).collection.copy_count == 1
    [copied] = [e for e in events.published if e.name == names.COLLECTION_COPIED]
    assert (copied.actor_id, copied.subject) == (bob.id, f"collection:{source.id}")
    assert copied.data == {"copy_id": copy.id}


async def test_anonymous_may_not_copy(copier, source, uow, events) -> None:
    events.published.clear()
    with pytest.raises(Unauthorized):
        await copier.copy(None, source.id)
    async with uow() as tx:
        assert (await tx.collections.get(source.id)).copy_count == 0
    assert events.published == []


@pytest.mark.parametrize(
    ("visibility", "hidden"), [(PRIVATE, False), (UNLISTED, False), (PUBLIC, True)]
)
async def test_unreadable_source_is_not_found(
    copier, share_links, moderation, new_collection, alice, bob, uow, visibility, hidden
):
    made = await new_collection(visibility)
    await share_links.create(alice, made.id)  # a link does not open it by id
    if hidden:
        await moderation.set_hidden(made.id, True)
    for collection_id in (made.id, 999):
        with pytest.raises(NotFound):
            await copier.copy(bob, collection_id)
    async with uow() as tx:
        assert (await tx.collections.get(made.id)).copy_count == 0
        assert (await tx.collections.list_by_owner(bob.id, PageRequest())).total == 0


@pytest.mark.parametrize("who", ["alice", "admin"])
async def test_owner_and_admin_may_copy_a_private_collection(
    copier, new_collection, users, who
) -> None:
    made = await new_collection(PRIVATE)
    copy = await copier.copy(users[who], made.id)
    assert (copy.owner_id, copy.copied_from_id) == (users[who].id, made.id)


async def test_copy_and_source_are_independent(copier, items, source, alice, bob, uow):
    copy = await copier.copy(bob, source.id)
    before = await stored_items(uow, source.id)
    first, second, _ = await stored_items(uow, copy.id)

    await items.update(bob, copy.id, first.listing_id, {"status": ItemStatus.BOUGHT, "notes": "x"})
    await items.remove(bob, copy.id, second.listing_id)
    assert await stored_items(uow, source.id) == before

    copied_now = await stored_items(uow, copy.id)
    await items.update(alice, source.id, first.listing_id, {"notes": "changed"})
    await items.remove(alice, source.id, before[2].listing_id)
    assert await stored_items(uow, copy.id) == copied_now
    assert [i.notes for i in copied_now] == ["x", before[2].notes]


async def test_ten_concurrent_copies_all_count(copier, collections, source, bob, uow) -> None:
    copies = await asyncio.gather(*(copier.copy(bob, source.id) for _ in range(10)))

    assert len({c.id for c in copies}) == 10
    assert (await collections.get(bob, source.id)).collection.copy_count == 10
    for copy in copies:
        assert len(await stored_items(uow, copy.id)) == 3


async def test_share_tokens_and_reports_are_not_copied(
    copier, share_links, reports, moderation, source, alice, bob
):
    await share_links.create(alice, source.id)
    await reports.report(bob, source.id, ReportReason.SPAM)

    copy = await copier.copy(bob, source.id)

    assert await share_links.list(bob, copy.id) == []
    assert [r.collection_id for r in await moderation.list_reports()] == [source.id]
