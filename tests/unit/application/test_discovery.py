"""Discover: public, unhidden collections, searched by words and owner, sorted and paged."""

from __future__ import annotations

import pytest

from domain import events as names
from domain.discovery import DiscoverQuery, DiscoverSort
from domain.errors import Invalid
from domain.pages import PageRequest
from domain.visibility import Visibility

PRIVATE, UNLISTED, PUBLIC = Visibility.PRIVATE, Visibility.UNLISTED, Visibility.PUBLIC


async def found(discover, viewer=None, **query) -> list[str]:
    page = await discover.search(viewer, DiscoverQuery(**query))
    return [hit.collection.name for hit in page.items]


async def bump(uow, collection_id: int, *, views: int = 0, copies: int = 0) -> None:
    async with uow() as tx:
        for _ in range(views):
            await tx.collections.increment_view_count(collection_id)
        for _ in range(copies):
            await tx.collections.increment_copy_count(collection_id)
        await tx.commit()


async def test_only_public_unhidden_collections_are_listed(
    discover, collections, moderation, new_collection, alice, bob
):
    for visibility in (PRIVATE, UNLISTED, PUBLIC):
        await new_collection(visibility, name=f"alice {visibility}")
    hidden = await new_collection(PUBLIC, name="hidden", by=bob)
    await moderation.set_hidden(hidden.id, True)
    made_private = await new_collection(PUBLIC, name="was public", by=bob)
    await collections.update(bob, made_private.id, {"visibility": PRIVATE})

    for viewer in (None, bob, alice):
        assert await found(discover, viewer) == ["alice public"]
    await moderation.set_hidden(hidden.id, False)
    assert await found(discover) == ["hidden", "alice public"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mini LAB", ["Mini PCs for the lab"]),
        ("min", []),
        ("lab", ["Quiet box", "Mini PCs for the lab"]),
        ("QUIET homelab", ["Quiet box"]),
        ("quiet lab", ["Quiet box"]),  # words may come from name and description
        ("quiet mini", []),  # but every word must be there
        ("pcs, mini!", ["Mini PCs for the lab"]),
        ("  ", ["Quiet box", "Mini PCs for the lab", "Servers"]),
        (None, ["Quiet box", "Mini PCs for the lab", "Servers"]),
    ],
)
async def test_text_matches_whole_words_in_any_case(
    discover, collections, alice, clock, text, expected
):
    for name, description in [
        ("Servers", "Rack gear"),
        ("Mini PCs for the lab", None),
        ("Quiet box", "for the homelab and the lab"),
    ]:
        await collections.create(alice, name, description, visibility=PUBLIC)
        clock.advance(minutes=1)
    assert await found(discover, text=text) == expected


async def test_owner_filters_by_exact_username(discover, new_collection, alice, bob, user_admin):
    await new_collection(PUBLIC, name="a")
    await new_collection(PUBLIC, name="b", by=bob)
    bobby = await user_admin.create_user("bobby", "Bobby")
    await new_collection(PUBLIC, name="c", by=bobby)

    assert await found(discover, owner="bob") == ["b"]
    assert await found(discover, owner="bobby") == ["c"]
    assert await found(discover, owner="BOB") == []
    assert await found(discover, owner="bo") == []
    assert await found(discover, owner="alice", text="a") == ["a"]


async def test_sorts_recent_updated_popular(
    discover, collections, new_collection, alice, clock, uow
):
    made = {}
    for name in ("old", "mid", "new"):
        made[name] = await new_collection(PUBLIC, name=name)
        clock.advance(minutes=1)
    await collections.update(alice, made["old"].id, {"description": "touched"})
    await bump(uow, made["mid"].id, views=1, copies=2)
    await bump(uow, made["new"].id, views=5, copies=1)
    await bump(uow, made["old"].id, views=9, copies=1)

    assert await found(discover, sort=DiscoverSort.RECENT) == ["new", "mid", "old"]
    assert await found(discover, sort=DiscoverSort.UPDATED) == ["old", "new", "mid"]
    assert await found(discover, sort=DiscoverSort.POPULAR) == ["mid", "old", "new"]


@pytest.mark.parametrize("sort", list(DiscoverSort))
async def test_ties_are_broken_by_id_newest_first(discover, new_collection, sort):
    made = [await new_collection(PUBLIC, name=f"c{i}") for i in range(4)]
    page = await discover.search(None, DiscoverQuery(sort=sort))
    assert [hit.collection.id for hit in page.items] == [c.id for c in reversed(made)]


async def test_pages_and_total(discover, new_collection, clock) -> None:
    for i in range(5):
        await new_collection(PUBLIC, name=f"c{i}")
        clock.advance(minutes=1)
    await new_collection(PRIVATE, name="private")

    first = await discover.search(None, DiscoverQuery(page=PageRequest(limit=2)))
    assert [h.collection.name for h in first.items] == ["c4", "c3"]
    assert (first.total, first.limit, first.offset) == (5, 2, 0)
    last = await discover.search(None, DiscoverQuery(page=PageRequest(limit=2, offset=4)))
    assert [h.collection.name for h in last.items] == ["c0"]
    beyond = await discover.search(None, DiscoverQuery(page=PageRequest(offset=50)))
    assert (beyond.items, beyond.total) == ([], 5)
    with pytest.raises(Invalid):
        PageRequest(limit=101)


async def test_hits_carry_owner_username_item_count_and_counters(
    discover, new_collection, new_listing, items, alice, bob, uow
):
    full = await new_collection(PUBLIC, name="full")
    for i in range(3):
        await items.add(alice, full.id, (await new_listing(f"Deal {i}")).id)
    await new_collection(PUBLIC, name="empty", by=bob)
    await bump(uow, full.id, views=4, copies=2)

    page = await discover.search(None, DiscoverQuery())
    by_name = {hit.collection.name: hit for hit in page.items}
    assert (by_name["full"].owner_username, by_name["full"].item_count) == ("alice", 3)
    assert (by_name["empty"].owner_username, by_name["empty"].item_count) == ("bob", 0)
    assert (by_name["full"].collection.view_count, by_name["full"].collection.copy_count) == (4, 2)
    assert by_name["full"].collection.created_at is not None


async def test_search_emits_discovered_without_counting_views(
    discover, new_collection, bob, events, clock, uow
):
    made = await new_collection(PUBLIC, name="Mini PCs")
    await new_collection(PUBLIC, name="Servers")
    events.published.clear()

    await discover.search(bob, DiscoverQuery(text="mini", sort=DiscoverSort.POPULAR))
    await discover.search(None, DiscoverQuery(owner="alice"))

    first, second = events.published
    assert (first.name, first.actor_id, first.occurred_at) == (
        names.COLLECTION_DISCOVERED,
        bob.id,
        clock.now(),
    )
    assert first.data == {"q": "mini", "owner": None, "sort": "popular", "total": 1}
    assert second.actor_id is None
    assert second.data == {"q": None, "owner": "alice", "sort": "recent", "total": 2}
    async with uow() as tx:
        assert (await tx.collections.get(made.id)).view_count == 0
