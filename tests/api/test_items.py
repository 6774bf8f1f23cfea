"""Items of a collection over HTTP: add, annotate, move, reorder, remove."""

from __future__ import annotations

import pytest


@pytest.fixture
async def shelf(client, alice, make_listing, make_collection):
    """Alice's collection and three of her listings (none added yet)."""
    listings = [
        await make_listing(
            alice,
            title=f"Deal {n}",
            price_usd=100.0 * n,
            valuation={"base_price_usd": 100.0 * n, "adjusted_price_usd": 110.0 * n},
        )
        for n in (1, 2, 3)
    ]
    collection = await make_collection(alice)
    return collection["id"], [listing["id"] for listing in listings]


async def order_of(client, headers, collection_id):
    body = (await client.get(f"/collections/{collection_id}", headers=headers)).json()
    return [item["listing_id"] for item in body["items"]]


async def test_add_takes_a_price_snapshot(client, alice, shelf):
    collection_id, (first, *_) = shelf

    response = await client.post(
        f"/collections/{collection_id}/items",
        json={"listing_id": first, "notes": "ask for a discount"},
        headers=alice,
    )

    assert response.status_code == 201
    body = response.json()
    assert body.pop("added_at")
    listing = body.pop("listing")
    assert body == {
        "collection_id": collection_id,
        "listing_id": first,
        "status": "undecided",
        "notes": "ask for a discount",
        "position": 0,
        "price_snapshot": {"price_usd": 100.0, "adjusted_price_usd": 110.0},
    }
    # The answer carries the listing the item holds, as a collection's items do.
    assert listing == (await client.get(f"/listings/{first}")).json()


async def test_snapshot_keeps_the_price_at_the_time_it_was_added(client, alice, shelf, add_item):
    collection_id, (first, *_) = shelf
    await add_item(alice, collection_id, first)

    await client.patch(f"/listings/{first}", json={"price_usd": 1.0}, headers=alice)

    item = (await client.get(f"/collections/{collection_id}", headers=alice)).json()["items"][0]
    assert item["price_snapshot"] == {"price_usd": 100.0, "adjusted_price_usd": 110.0}
    assert item["listing"]["price_usd"] == 1.0


async def test_same_listing_twice_is_409(client, alice, shelf, add_item, expect_error):
    collection_id, (first, *_) = shelf
    await add_item(alice, collection_id, first)

    response = await client.post(
        f"/collections/{collection_id}/items", json={"listing_id": first}, headers=alice
    )

    expect_error(
        response,
        409,
        "conflict",
        field="listing_id",
        detail=f"listing {first} is already in collection {collection_id}",
    )
    assert await order_of(client, alice, collection_id) == [first]


async def test_missing_listing_is_404_naming_listing_id(client, alice, shelf, expect_error):
    collection_id, _ = shelf
    response = await client.post(
        f"/collections/{collection_id}/items", json={"listing_id": 999}, headers=alice
    )
    expect_error(response, 404, "not_found", field="listing_id", detail="listing 999 not found")


async def test_patch_status_notes_and_position(client, alice, shelf, add_item):
    collection_id, (first, second, third) = shelf
    for listing_id in (first, second, third):
        await add_item(alice, collection_id, listing_id)

    response = await client.patch(
        f"/collections/{collection_id}/items/{first}",
        json={"status": "bought", "notes": "arrived", "position": 2},
        headers=alice,
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["listing_id"], body["status"], body["notes"], body["position"]) == (
        first,
        "bought",
        "arrived",
        2,
    )
    assert await order_of(client, alice, collection_id) == [second, third, first]

    cleared = await client.patch(
        f"/collections/{collection_id}/items/{first}", json={"notes": None}, headers=alice
    )
    assert cleared.json()["notes"] is None and cleared.json()["status"] == "bought"


async def test_patch_item_not_in_collection_is_404(client, alice, shelf, expect_error):
    collection_id, (first, *_) = shelf
    response = await client.patch(
        f"/collections/{collection_id}/items/{first}", json={"status": "bought"}, headers=alice
    )
    expect_error(response, 404, "not_found")


async def test_reorder_puts_items_in_the_given_order(client, alice, shelf, add_item):
    collection_id, (first, second, third) = shelf
    for listing_id in (first, second, third):
        await add_item(alice, collection_id, listing_id)

    response = await client.put(
        f"/collections/{collection_id}/items/order",
        json={"listing_ids": [third, first, second]},
        headers=alice,
    )

    assert response.status_code == 200
    assert [(i["listing_id"], i["position"]) for i in response.json()] == [
        (third, 0),
        (first, 1),
        (second, 2),
    ]
    assert await order_of(client, alice, collection_id) == [third, first, second]


@pytest.mark.parametrize(
    "pick", [lambda a, b, c: [a, b], lambda a, b, c: [a, a, b, c], lambda a, b, c: [a, b, c, 999]]
)
async def test_reorder_with_a_bad_permutation_is_422(
    client, alice, shelf, add_item, expect_error, pick
):
    collection_id, listing_ids = shelf
    for listing_id in listing_ids:
        await add_item(alice, collection_id, listing_id)

    response = await client.put(
        f"/collections/{collection_id}/items/order",
        json={"listing_ids": pick(*listing_ids)},
        headers=alice,
    )

    expect_error(response, 422, "invalid", field="listing_ids")
    assert await order_of(client, alice, collection_id) == listing_ids


async def test_delete_item_then_second_delete_is_404(client, alice, shelf, add_item, expect_error):
    collection_id, (first, second, _) = shelf
    await add_item(alice, collection_id, first)
    await add_item(alice, collection_id, second)
    path = f"/collections/{collection_id}/items/{first}"

    deleted = await client.delete(path, headers=alice)

    assert deleted.status_code == 204 and deleted.content == b""
    assert await order_of(client, alice, collection_id) == [second]
    expect_error(
        await client.delete(path, headers=alice),
        404,
        "not_found",
        detail=f"listing {first} is not in collection {collection_id}",
    )
    # The listing itself is untouched.
    assert (await client.get(f"/listings/{first}")).status_code == 200
