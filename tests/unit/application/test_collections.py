"""Collections: create, read and change under the access rules; visibility events."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain import events as names
from domain.errors import Forbidden, Invalid, NotFound, Unauthorized
from domain.pages import PageRequest
from domain.visibility import Visibility

PRIVATE, UNLISTED, PUBLIC = Visibility.PRIVATE, Visibility.UNLISTED, Visibility.PUBLIC


async def test_create_stores_a_private_collection(collections, alice, clock) -> None:
    made = await collections.create(alice, "Mini PCs", "small and cheap")

    assert made.id is not None and made.owner_id == alice.id
    assert (made.name, made.description, made.visibility) == (
        "Mini PCs",
        "small and cheap",
        PRIVATE,
    )
    assert made.created_at == made.updated_at == clock.now()
    assert (made.view_count, made.copy_count, made.copied_from_id) == (0, 0, None)
    detail = await collections.get(alice, made.id)
    assert detail.collection == made and detail.owner == alice and detail.items == []


async def test_create_needs_a_user_and_valid_fields(collections, alice) -> None:
    with pytest.raises(Unauthorized):
        await collections.create(None, "Deals")
    with pytest.raises(Invalid) as caught:
        await collections.create(alice, " ")
    assert caught.value.field == "name"
    with pytest.raises(Invalid) as caught:
        await collections.create(alice, "ok", "d" * 1001)
    assert caught.value.field == "description"
    assert (await collections.list_mine(alice, PageRequest())).total == 0


@pytest.mark.parametrize(
    ("visibility", "who", "readable"),
    [
        (PRIVATE, "alice", True),
        (PRIVATE, "admin", True),
        (PRIVATE, "bob", False),
        (PRIVATE, None, False),
        (UNLISTED, "bob", False),
        (UNLISTED, None, False),
        (PUBLIC, "bob", True),
        (PUBLIC, None, True),
    ],
)
async def test_get_follows_the_access_rules(
    users, new_collection, collections, visibility, who, readable
):
    made = await new_collection(visibility)
    if readable:
        seen = (await collections.get(users[who], made.id)).collection
        # A read by anyone but the owner or an admin counts as one view (ADR 0060).
        views = 0 if who in ("alice", "admin") else 1
        assert replace(seen, view_count=0) == made
        assert seen.view_count == views
    else:
        with pytest.raises(NotFound):
            await collections.get(users[who], made.id)


async def test_get_unknown_is_not_found(collections, alice) -> None:
    with pytest.raises(NotFound):
        await collections.get(alice, 999)


async def test_list_mine_pages_most_recently_updated_first(collections, alice, bob, clock):
    made = []
    for i in range(3):
        made.append(await collections.create(alice, f"c{i}"))
        clock.advance(minutes=1)
    await collections.create(bob, "not alice's")
    await collections.update(alice, made[0].id, {"description": "touched"})

    page = await collections.list_mine(alice, PageRequest(limit=2))
    assert [c.name for c in page.items] == ["c0", "c2"]
    assert (page.total, page.limit, page.offset) == (3, 2, 0)
    rest = await collections.list_mine(alice, PageRequest(limit=2, offset=2))
    assert [c.name for c in rest.items] == ["c1"]
    with pytest.raises(Unauthorized):
        await collections.list_mine(None, PageRequest())


async def test_owner_updates(collections, new_collection, alice, clock) -> None:
    made = await new_collection()
    clock.advance(hours=1)
    after = await collections.update(alice, made.id, {"name": "Renamed", "description": None})
    assert (after.name, after.description, after.updated_at) == ("Renamed", None, clock.now())
    assert (await collections.get(alice, made.id)).collection == after


@pytest.mark.parametrize(
    ("visibility", "who", "error"),
    [
        (PUBLIC, None, Unauthorized),
        (PRIVATE, None, Unauthorized),
        (PUBLIC, "bob", Forbidden),
        (PRIVATE, "bob", NotFound),
        (UNLISTED, "bob", NotFound),
        (PRIVATE, "admin", Forbidden),
    ],
)
async def test_others_may_not_update_or_delete(
    users, new_collection, collections, alice, events, visibility, who, error
):
    made = await new_collection(visibility)
    with pytest.raises(error):
        await collections.update(users[who], made.id, {"visibility": PRIVATE, "name": "x"})
    with pytest.raises(error):
        await collections.delete(users[who], made.id)
    assert (await collections.get(alice, made.id)).collection == made
    assert events.published == []


@pytest.mark.parametrize("field", ["owner_id", "view_count", "hidden_by_moderation", "id", "x"])
async def test_update_of_other_fields_is_invalid(collections, new_collection, alice, field):
    made = await new_collection()
    with pytest.raises(Invalid) as caught:
        await collections.update(alice, made.id, {field: 1})
    assert caught.value.field == field


async def test_invalid_update_changes_nothing(collections, new_collection, alice, events):
    made = await new_collection()
    with pytest.raises(Invalid):
        await collections.update(alice, made.id, {"visibility": PUBLIC, "name": "x" * 101})
    assert (await collections.get(alice, made.id)).collection == made
    assert events.published == []


async def test_visibility_change_emits_one_event(collections, new_collection, alice, events, clock):
    made = await new_collection(PRIVATE)
    await collections.update(alice, made.id, {"visibility": PUBLIC})

    [event] = events.published
    assert event.name == names.COLLECTION_VISIBILITY_CHANGED
    assert event.actor_id == alice.id
    assert event.subject == f"collection:{made.id}"
    assert event.data == {"before": "private", "after": "public"}
    assert event.occurred_at == clock.now()


async def test_no_event_when_visibility_is_unchanged(collections, new_collection, alice, events):
    made = await new_collection(UNLISTED)
    await collections.update(alice, made.id, {"name": "Renamed"})
    await collections.update(alice, made.id, {"visibility": UNLISTED})
    assert events.published == []


async def test_unknown_visibility_is_invalid(collections, new_collection, alice) -> None:
    made = await new_collection()
    with pytest.raises(Invalid) as caught:
        await collections.update(alice, made.id, {"visibility": "secret"})
    assert caught.value.field == "visibility"


async def test_delete_removes_the_collection_and_its_items(
    collections, items, new_collection, new_listing, alice, uow
):
    made = await new_collection()
    listing = await new_listing()
    await items.add(alice, made.id, listing.id)
    await collections.delete(alice, made.id)

    with pytest.raises(NotFound):
        await collections.get(alice, made.id)
    async with uow() as tx:
        assert await tx.collections.items(made.id) == []
        assert await tx.listings.get(listing.id) is not None
    with pytest.raises(NotFound):
        await collections.delete(alice, made.id)


async def test_reads_by_others_count_views_and_say_so(
    collections, new_collection, alice, bob, events
) -> None:
    made = await new_collection(Visibility.PUBLIC)
    await collections.get(alice, made.id)
    await collections.get(bob, made.id)
    await collections.get(None, made.id)

    assert (await collections.get(alice, made.id)).collection.view_count == 2
    viewed = [e for e in events.published if e.name == names.COLLECTION_VIEWED]
    assert [e.actor_id for e in viewed] == [bob.id, None]
