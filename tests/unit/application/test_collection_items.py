"""CollectionItems: add with a price snapshot, annotate, move, reorder, remove."""

from __future__ import annotations

import pytest

from domain.collections import ItemStatus, PriceSnapshot
from domain.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized
from domain.visibility import Visibility


@pytest.fixture
async def filled(new_collection, new_listing, items, alice):
    """Alice's collection with four listings added in order; returns (collection, ids)."""
    collection = await new_collection()
    ids = []
    for i in range(4):
        listing = await new_listing(f"Deal {i}", 100.0 + i)
        await items.add(alice, collection.id, listing.id)
        ids.append(listing.id)
    return collection, ids


async def order(uow, collection_id: int) -> list[tuple[int, int]]:
    async with uow() as tx:
        return [(i.listing_id, i.position) for i in await tx.collections.items(collection_id)]


async def test_add_takes_a_price_snapshot(
    items, collections, new_collection, new_listing, catalog, alice, clock
):
    collection = await new_collection()
    listing = await new_listing("NUC", 180.0, adjusted=210.0)
    clock.advance(minutes=3)

    item = await items.add(
        alice, collection.id, listing.id, status=ItemStatus.SHORTLISTED, notes="hm"
    )

    assert item.price_snapshot == PriceSnapshot(180.0, 210.0)
    assert (item.status, item.notes, item.position, item.added_at) == (
        ItemStatus.SHORTLISTED,
        "hm",
        0,
        clock.now(),
    )
    await catalog.update(alice, listing.id, {"price_usd": 150.0})
    [stored] = (await collections.get(alice, collection.id)).items
    assert stored.price_snapshot == PriceSnapshot(180.0, 210.0), (
        "a later price change stays visible"
    )
    assert (await collections.get(alice, collection.id)).collection.updated_at == clock.now()


async def test_items_are_appended_at_0_to_n_minus_1(filled, uow) -> None:
    collection, ids = filled
    assert await order(uow, collection.id) == [(ids[i], i) for i in range(4)]


async def test_same_listing_twice_is_a_conflict(filled, items, alice, uow) -> None:
    collection, ids = filled
    with pytest.raises(Conflict):
        await items.add(alice, collection.id, ids[1])
    assert len(await order(uow, collection.id)) == 4


async def test_add_unknown_listing_or_bad_notes(new_collection, new_listing, items, alice) -> None:
    collection = await new_collection()
    with pytest.raises(NotFound):
        await items.add(alice, collection.id, 999)
    listing = await new_listing()
    with pytest.raises(Invalid) as caught:
        await items.add(alice, collection.id, listing.id, notes="n" * 501)
    assert caught.value.field == "notes"


async def test_add_at_a_position_shifts_the_others(filled, new_listing, items, alice, uow):
    collection, ids = filled
    extra = await new_listing("Extra")
    item = await items.add(alice, collection.id, extra.id, position=1)
    assert item.position == 1
    assert await order(uow, collection.id) == list(
        zip([ids[0], extra.id, *ids[1:]], range(5), strict=True)
    )


async def test_update_status_and_notes(filled, items, alice, uow) -> None:
    collection, ids = filled
    item = await items.update(
        alice, collection.id, ids[2], {"status": ItemStatus.BOUGHT, "notes": "paid"}
    )
    assert (item.status, item.notes, item.position) == (ItemStatus.BOUGHT, "paid", 2)
    async with uow() as tx:
        assert await tx.collections.get_item(collection.id, ids[2]) == item


async def test_unknown_status_is_invalid(filled, items, alice) -> None:
    collection, ids = filled
    with pytest.raises(Invalid) as caught:
        await items.update(alice, collection.id, ids[0], {"status": "maybe"})
    assert caught.value.field == "status"


@pytest.mark.parametrize(
    ("move", "to", "expected"),
    [(3, 1, [0, 3, 1, 2]), (0, 3, [1, 2, 3, 0]), (1, 0, [1, 0, 2, 3]), (0, 99, [1, 2, 3, 0])],
)
async def test_moving_an_item_renumbers_the_others(filled, items, alice, uow, move, to, expected):
    collection, ids = filled
    moved = await items.update(alice, collection.id, ids[move], {"position": to})
    assert moved.position == min(to, 3)
    assert await order(uow, collection.id) == [(ids[i], p) for p, i in enumerate(expected)]


async def test_update_rejects_bad_changes(filled, items, alice, uow) -> None:
    collection, ids = filled
    for changes, field in [
        ({"listing_id": 1}, "listing_id"),
        ({"position": -1}, "position"),
        ({"notes": "n" * 501}, "notes"),
    ]:
        with pytest.raises(Invalid) as caught:
            await items.update(alice, collection.id, ids[0], changes)
        assert caught.value.field == field
    assert await order(uow, collection.id) == [(ids[i], i) for i in range(4)]
    with pytest.raises(NotFound):
        await items.update(alice, collection.id, 999, {"notes": "x"})


async def test_reorder_with_a_permutation(filled, items, alice, uow) -> None:
    collection, ids = filled
    wanted = [ids[2], ids[0], ids[3], ids[1]]
    result = await items.reorder(alice, collection.id, wanted)
    assert [(i.listing_id, i.position) for i in result] == list(zip(wanted, range(4), strict=True))
    assert await order(uow, collection.id) == list(zip(wanted, range(4), strict=True))


@pytest.mark.parametrize(
    "make",
    [
        lambda ids: ids[:3],
        lambda ids: [*ids[:3], ids[0]],
        lambda ids: [*ids[:3], 999],
        lambda ids: [*ids, ids[0]],
        lambda ids: [],
    ],
    ids=["missing", "duplicate", "foreign", "extra duplicate", "empty"],
)
async def test_reorder_with_a_bad_list_is_invalid(filled, items, alice, uow, make) -> None:
    collection, ids = filled
    with pytest.raises(Invalid) as caught:
        await items.reorder(alice, collection.id, make(ids))
    assert caught.value.field == "listing_ids"
    assert await order(uow, collection.id) == [(ids[i], i) for i in range(4)]


async def test_remove(filled, items, alice, uow) -> None:
    collection, ids = filled
    await items.remove(alice, collection.id, ids[1])
    assert [listing_id for listing_id, _ in await order(uow, collection.id)] == [ids[0], *ids[2:]]
    with pytest.raises(NotFound):
        await items.remove(alice, collection.id, ids[1])


async def test_remove_keeps_positions_contiguous(filled, items, alice, uow) -> None:
    collection, ids = filled
    await items.remove(alice, collection.id, ids[1])
    assert [p for _, p in await order(uow, collection.id)] == [0, 1, 2]


@pytest.mark.parametrize(
    ("visibility", "who", "error"),
    [
        (Visibility.PUBLIC, "bob", Forbidden),
        (Visibility.PUBLIC, "admin", Forbidden),
        (Visibility.PRIVATE, "bob", NotFound),
        (Visibility.UNLISTED, "bob", NotFound),
        (Visibility.PRIVATE, None, Unauthorized),
        (Visibility.PUBLIC, None, Unauthorized),
    ],
)
async def test_only_the_owner_changes_items(
    users, new_collection, new_listing, items, alice, uow, visibility, who, error
):
    collection = await new_collection(visibility)
    kept = await new_listing("Kept")
    await items.add(alice, collection.id, kept.id)
    other = await new_listing("Other")
    actor = users[who]
    calls = [
        lambda: items.add(actor, collection.id, other.id),
        lambda: items.update(actor, collection.id, kept.id, {"notes": "x"}),
        lambda: items.reorder(actor, collection.id, [kept.id]),
        lambda: items.remove(actor, collection.id, kept.id),
    ]
    for call in calls:
        with pytest.raises(error):
            await call()
    assert await order(uow, collection.id) == [(kept.id, 0)]
