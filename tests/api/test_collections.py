"""Collections over HTTP: create, list one's own, read with items, change and delete."""

from __future__ import annotations

COLLECTION_KEYS = {
    "id",
    "owner_id",
    "name",
    "description",
    "visibility",
    "copied_from_id",
    "view_count",
    "copy_count",
    "hidden_by_moderation",
    "created_at",
    "updated_at",
}


async def test_create_is_private_by_default(client, alice):
    response = await client.post(
        "/collections", json={"name": "Homelab", "description": "small boxes"}, headers=alice
    )

    assert response.status_code == 201
    body = response.json()
    assert set(body) == COLLECTION_KEYS
    assert body["id"] >= 1
    assert body["owner_id"] == 1
    assert (body["name"], body["description"], body["visibility"]) == (
        "Homelab",
        "small boxes",
        "private",
    )
    assert (body["copied_from_id"], body["view_count"], body["copy_count"]) == (None, 0, 0)
    assert body["hidden_by_moderation"] is False
    assert body["created_at"] == body["updated_at"]


async def test_create_with_visibility(client, alice, make_collection):
    assert (await make_collection(alice, visibility="public"))["visibility"] == "public"
    assert (await make_collection(alice, visibility="unlisted"))["visibility"] == "unlisted"


async def test_anonymous_create_is_401(client, expect_error):
    response = await client.post("/collections", json={"name": "x"})

    expect_error(response, 401, "unauthorized", detail="creating a collection needs an API key")
    assert response.headers["www-authenticate"] == "Bearer"


async def test_list_shows_only_the_callers_own(client, alice, bob, make_collection):
    mine = [await make_collection(alice, name=f"alice {i}") for i in range(3)]
    await make_collection(bob, name="bob's public", visibility="public")

    page = (await client.get("/collections", headers=alice)).json()

    assert page["total"] == 3 and page["limit"] == 20 and page["offset"] == 0
    assert {c["id"] for c in page["items"]} == {c["id"] for c in mine}
    assert all(c["owner_id"] == mine[0]["owner_id"] for c in page["items"])

    second = await client.get("/collections", params={"limit": 2, "offset": 2}, headers=alice)
    assert second.json()["total"] == 3 and len(second.json()["items"]) == 1

    bobs = (await client.get("/collections", headers=bob)).json()
    assert [c["name"] for c in bobs["items"]] == ["bob's public"]


async def test_list_anonymous_is_401(client, expect_error):
    response = await client.get("/collections")

    expect_error(response, 401, "unauthorized", detail="listing your collections needs an API key")
    assert response.headers["www-authenticate"] == "Bearer"


async def test_owner_reads_items_with_their_listings(
    client, alice, make_listing, make_collection, add_item
):
    first = await make_listing(alice, title="First", price_usd=100)
    second = await make_listing(alice, title="Second", price_usd=200)
    collection = await make_collection(alice, name="Shortlist")
    await add_item(alice, collection["id"], second["id"])
    await add_item(alice, collection["id"], first["id"], status="shortlisted", notes="cheap")

    response = await client.get(f"/collections/{collection['id']}", headers=alice)

    assert response.status_code == 200
    body = response.json()
    assert body["owner_username"] == "alice"
    assert {k: body[k] for k in ("id", "name", "visibility")} == {
        "id": collection["id"],
        "name": "Shortlist",
        "visibility": "private",
    }
    assert [i["listing_id"] for i in body["items"]] == [second["id"], first["id"]]
    assert [i["position"] for i in body["items"]] == [0, 1]
    assert body["items"][0]["listing"] == second
    assert body["items"][1]["listing"] == first
    assert body["items"][1]["status"] == "shortlisted"
    assert body["items"][1]["notes"] == "cheap"
    assert body["items"][1]["price_snapshot"] == {"price_usd": 100.0, "adjusted_price_usd": None}


async def test_owner_patches_name_description_and_visibility(client, alice, make_collection):
    collection = await make_collection(alice, name="Old", description="old text")
    path = f"/collections/{collection['id']}"

    renamed = await client.patch(path, json={"name": "New"}, headers=alice)
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "New"
    assert renamed.json()["description"] == "old text"

    cleared = await client.patch(path, json={"description": None}, headers=alice)
    assert cleared.json()["description"] is None

    shared = await client.patch(path, json={"visibility": "public"}, headers=alice)
    assert shared.json()["visibility"] == "public"
    assert shared.json()["updated_at"] >= collection["updated_at"]

    read = (await client.get(path, headers=alice)).json()
    assert (read["name"], read["description"], read["visibility"]) == ("New", None, "public")


async def test_owner_deletes_then_it_is_gone(client, alice, make_collection, expect_error):
    collection = await make_collection(alice)
    path = f"/collections/{collection['id']}"

    deleted = await client.delete(path, headers=alice)

    assert deleted.status_code == 204 and deleted.content == b""
    expect_error(await client.get(path, headers=alice), 404, "not_found")
    expect_error(await client.delete(path, headers=alice), 404, "not_found")
    assert (await client.get("/collections", headers=alice)).json()["total"] == 0


async def test_missing_collection_is_404(client, alice, expect_error):
    for response in (
        await client.get("/collections/999", headers=alice),
        await client.patch("/collections/999", json={"name": "x"}, headers=alice),
        await client.delete("/collections/999", headers=alice),
    ):
        expect_error(response, 404, "not_found", detail="collection not found")


async def test_visibility_change_publishes_an_event(client, alice, make_collection, events):
    collection = await make_collection(alice)
    path = f"/collections/{collection['id']}"

    await client.patch(path, json={"name": "no event for this"}, headers=alice)
    assert events.names() == []
    await client.patch(path, json={"visibility": "public"}, headers=alice)
    await client.patch(path, json={"visibility": "public"}, headers=alice)  # unchanged

    assert events.names() == ["collection.visibility_changed"]
    event = events.published[0]
    assert event.actor_id == collection["owner_id"]
    assert event.subject == f"collection:{collection['id']}"
    assert event.data == {"before": "private", "after": "public"}
    assert event.occurred_at is not None
