"""ListingCatalog: anyone reads, the creator or an admin changes."""

from __future__ import annotations

import pytest

from application.listings import ListingCatalog
from domain.errors import Forbidden, Invalid, NotFound, Unauthorized
from domain.listings import Listing
from domain.pages import PageRequest


async def test_create_sets_creator_and_times(catalog, alice, clock) -> None:
    sent = Listing(title="NUC 8i5", price_usd=180.0, created_by=999, id=77)
    created = await catalog.create(alice, sent)

    assert created.id is not None and created.id != 77
    assert created.created_by == alice.id
    assert created.created_at == created.updated_at == clock.now()
    assert await catalog.get(created.id) == created


async def test_create_needs_a_user(catalog) -> None:
    with pytest.raises(Unauthorized):
        await catalog.create(None, Listing(title="NUC", price_usd=1.0))
    assert (await catalog.search(None, PageRequest())).total == 0


async def test_create_validates(catalog, alice) -> None:
    with pytest.raises(Invalid) as caught:
        await catalog.create(alice, Listing(title="", price_usd=1.0))
    assert caught.value.field == "title"


async def test_get_unknown_is_not_found(catalog) -> None:
    with pytest.raises(NotFound):
        await catalog.get(123)


@pytest.mark.parametrize("who", ["alice", "admin"])
async def test_creator_or_admin_may_update(users, catalog, new_listing, clock, who) -> None:
    listing = await new_listing("Old title", 100.0)
    clock.advance(minutes=5)
    actor = users[who]

    updated = await catalog.update(actor, listing.id, {"title": "New title", "price_usd": 90.0})

    assert (updated.title, updated.price_usd) == ("New title", 90.0)
    assert updated.updated_at == clock.now() and updated.created_at == listing.created_at
    assert await catalog.get(listing.id) == updated


@pytest.mark.parametrize(("who", "error"), [("bob", Forbidden), (None, Unauthorized)])
async def test_others_may_not_update_or_delete(users, catalog, new_listing, hook_calls, who, error):
    listing = await new_listing()
    actor = users[who]
    with pytest.raises(error):
        await catalog.update(actor, listing.id, {"title": "Mine now"})
    with pytest.raises(error):
        await catalog.delete(actor, listing.id)
    assert await catalog.get(listing.id) == listing
    assert hook_calls == []


@pytest.mark.parametrize("field", ["id", "created_by", "created_at", "updated_at", "colour"])
async def test_update_of_an_unknown_or_system_field_is_invalid(catalog, new_listing, alice, field):
    listing = await new_listing()
    with pytest.raises(Invalid) as caught:
        await catalog.update(alice, listing.id, {field: 1})
    assert caught.value.field == field
    assert await catalog.get(listing.id) == listing


async def test_invalid_update_changes_nothing(catalog, new_listing, alice, hook_calls) -> None:
    listing = await new_listing()
    with pytest.raises(Invalid) as caught:
        await catalog.update(alice, listing.id, {"price_usd": -5.0})
    assert caught.value.field == "price_usd"
    assert await catalog.get(listing.id) == listing
    assert hook_calls == []


async def test_update_or_delete_unknown_is_not_found(catalog, alice) -> None:
    with pytest.raises(NotFound):
        await catalog.update(alice, 404, {"title": "x"})
    with pytest.raises(NotFound):
        await catalog.delete(alice, 404)


async def test_delete_by_admin(catalog, new_listing, admin) -> None:
    listing = await new_listing()
    await catalog.delete(admin, listing.id)
    with pytest.raises(NotFound):
        await catalog.get(listing.id)


async def test_hook_runs_after_the_change_is_committed(deps, new_listing, alice) -> None:
    seen: list[tuple[int, str | None]] = []

    async def hook(listing_id: int) -> None:
        # Reading through a new unit of work proves the change is committed and the
        # transaction is over (the memory store would deadlock otherwise).
        try:
            seen.append((listing_id, (await catalog.get(listing_id)).title))
        except NotFound:
            seen.append((listing_id, None))

    catalog = ListingCatalog(deps, on_changed=[hook])
    listing = await new_listing("Before")
    await catalog.update(alice, listing.id, {"title": "After"})
    await catalog.delete(alice, listing.id)
    assert seen == [(listing.id, "After"), (listing.id, None)]


async def test_search_words_any_case_newest_first(catalog, new_listing) -> None:
    a = await new_listing("Dell OptiPlex 7050 Micro i5", seller="BestDeals")
    await new_listing("HP EliteDesk 800", device_model="G4 mini")
    c = await new_listing("Dell Wyse thin client", seller="best-deals-store")
    d = await new_listing("dell optiplex 3060")

    found = await catalog.search("DELL optiplex", PageRequest())
    assert [x.id for x in found.items] == [d.id, a.id] and found.total == 2
    assert [x.id for x in (await catalog.search("best", PageRequest())).items] == [c.id, a.id]
    assert (await catalog.search("g4", PageRequest())).total == 1
    assert (await catalog.search("dell nuc", PageRequest())).total == 0
    assert (await catalog.search(None, PageRequest())).total == 4
    assert (await catalog.search("  ", PageRequest())).total == 4


async def test_search_pages(catalog, new_listing) -> None:
    made = [await new_listing(f"Mini PC {i}") for i in range(5)]
    newest_first = [x.id for x in reversed(made)]

    page = await catalog.search("mini", PageRequest(limit=2, offset=2))
    assert [x.id for x in page.items] == newest_first[2:4]
    assert (page.total, page.limit, page.offset) == (5, 2, 2)
    last = await catalog.search("mini", PageRequest(limit=2, offset=4))
    assert [x.id for x in last.items] == newest_first[4:]
    assert (await catalog.search("mini", PageRequest(offset=10))).items == []
