"""Copying on the real databases: one transaction, counts that add up under concurrency."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.memory import RecordingEventSink
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory
from adapters.system.clock import SystemClock
from application.collection_items import CollectionItems
from application.collections import Collections
from application.context import Deps
from application.copying import CopyCollection
from application.listings import ListingCatalog
from application.users import UserAdmin
from domain.collections import ItemStatus
from domain.listings import Listing
from domain.visibility import Visibility


async def test_concurrent_copies_each_count_and_copies_are_independent(
    migrated_engine: AsyncEngine,
) -> None:
    deps = Deps(SqlUnitOfWorkFactory(migrated_engine), SystemClock(), RecordingEventSink())
    users = UserAdmin(deps)
    alice = await users.create_user("alice")
    copiers = [await users.create_user(f"copier{i}") for i in range(8)]
    listings = [
        await ListingCatalog(deps).create(alice, Listing(title=f"Mini {i}", price_usd=100 + i))
        for i in range(3)
    ]
    source = await Collections(deps).create(alice, "Minis", "tiny boxes", Visibility.PUBLIC)
    items = CollectionItems(deps)
    for listing in listings:
        await items.add(alice, source.id, listing.id, status=ItemStatus.SHORTLISTED, notes="ok")

    copies = await asyncio.gather(*(CopyCollection(deps).copy(c, source.id) for c in copiers))

    assert (await Collections(deps).get(alice, source.id)).collection.copy_count == len(copiers)
    first = copies[0]
    await items.update(copiers[0], first.id, listings[0].id, {"notes": "mine now"})
    await items.remove(copiers[0], first.id, listings[1].id)
    kept = await Collections(deps).get(alice, source.id)
    assert [(i.listing_id, i.notes, i.position) for i in kept.items] == [
        (listing.id, "ok", n) for n, listing in enumerate(listings)
    ]
    copied = await Collections(deps).get(copiers[1], copies[1].id)
    assert copied.collection.visibility is Visibility.PRIVATE
    assert [i.listing_id for i in copied.items] == [listing.id for listing in listings]
    assert all(i.status is ItemStatus.SHORTLISTED for i in copied.items)
