"""Who may read and change a collection, and how bad credentials are refused."""

from __future__ import annotations

import pytest


@pytest.fixture
async def owned(client, alice, make_listing, make_collection, add_item):
    """Alice's listing and one collection of each visibility holding it: {visibility: id}."""
    listing = await make_listing(alice)
    ids = {}
    for visibility in ("private", "unlisted", "public"):
        collection = await make_collection(alice, name=visibility, visibility=visibility)
        await add_item(alice, collection["id"], listing["id"])
        ids[visibility] = collection["id"]
    ids["listing"] = listing["id"]
    return ids


def changes(collection_id, listing_id):
    """Every change route of a collection, as (method, path, json)."""
    base = f"/collections/{collection_id}"
    return [
        ("PATCH", base, {"name": "taken over"}),
        ("DELETE", base, None),
        ("POST", f"{base}/items", {"listing_id": listing_id}),
        ("PATCH", f"{base}/items/{listing_id}", {"status": "rejected"}),
        ("PUT", f"{base}/items/order", {"listing_ids": [listing_id]}),
        ("DELETE", f"{base}/items/{listing_id}", None),
    ]


async def send(client, method, path, body, headers=None):
    return await client.request(method, path, json=body, headers=headers or {})


@pytest.mark.parametrize("visibility", ["private", "unlisted"])
async def test_someone_elses_hidden_collection_is_404_to_read_and_change(
    client, bob, owned, expect_error, visibility
):
    collection_id = owned[visibility]

    detail = "collection not found"
    expect_error(
        await client.get(f"/collections/{collection_id}", headers=bob),
        404,
        "not_found",
        detail=detail,
    )
    expect_error(await client.get(f"/collections/{collection_id}"), 404, "not_found", detail=detail)
    for method, path, body in changes(collection_id, owned["listing"]):
        expect_error(await send(client, method, path, body, bob), 404, "not_found", detail=detail)


async def test_someone_elses_public_collection_reads_but_changes_are_403(
    client, alice, bob, owned, expect_error
):
    collection_id = owned["public"]

    for headers in (bob, {}):
        response = await client.get(f"/collections/{collection_id}", headers=headers)
        assert response.status_code == 200
        body = response.json()
        assert body["owner_username"] == "alice"
        assert [i["listing"]["id"] for i in body["items"]] == [owned["listing"]]

    for method, path, body in changes(collection_id, owned["listing"]):
        expect_error(
            await send(client, method, path, body, bob),
            403,
            "forbidden",
            detail="only the owner may change this collection",
        )
    after = (await client.get(f"/collections/{collection_id}", headers=alice)).json()
    assert after["name"] == "public" and len(after["items"]) == 1


@pytest.mark.parametrize("visibility", ["private", "unlisted", "public"])
async def test_anonymous_changes_are_401_with_bearer_challenge(
    client, owned, expect_error, visibility
):
    for method, path, body in changes(owned[visibility], owned["listing"]):
        response = await send(client, method, path, body)
        expect_error(response, 401, "unauthorized")
        assert response.headers["www-authenticate"] == "Bearer"


async def test_anonymous_change_of_a_missing_collection_is_401(client, expect_error):
    response = await client.patch("/collections/999", json={"name": "x"})
    expect_error(response, 401, "unauthorized")


@pytest.mark.parametrize("visibility", ["private", "unlisted", "public"])
async def test_admin_reads_everything_but_does_not_edit(
    client, admin, owned, expect_error, visibility
):
    collection_id = owned[visibility]

    response = await client.get(f"/collections/{collection_id}", headers=admin)

    assert response.status_code == 200
    assert response.json()["owner_username"] == "alice"
    patched = await client.patch(f"/collections/{collection_id}", json={"name": "x"}, headers=admin)
    expect_error(patched, 403, "forbidden")


async def test_invalid_key_is_401_even_on_reads(client, alice, owned, expect_error):
    wrong = {"Authorization": "Bearer dbk_" + "x" * 43}
    for path in ("/listings", f"/listings/{owned['listing']}", f"/collections/{owned['public']}"):
        response = await client.get(path, headers=wrong)
        expect_error(response, 401, "unauthorized", detail="invalid API key")
        assert response.headers["www-authenticate"] == "Bearer"


async def test_a_key_that_has_not_our_prefix_is_401(client, expect_error):
    response = await client.get("/listings", headers={"Authorization": "Bearer sk_live_123"})
    expect_error(response, 401, "unauthorized", detail="invalid API key")


async def test_revoked_key_is_401_even_on_reads(client, container, expect_error):
    await container.user_admin().create_user("carol")
    issued = await container.api_keys().create("carol")
    headers = {"Authorization": f"Bearer {issued.secret}"}
    assert (await client.get("/collections", headers=headers)).status_code == 200

    await container.api_keys().revoke(issued.key.id)

    for response in (
        await client.get("/listings", headers=headers),
        await client.get("/collections", headers=headers),
    ):
        expect_error(response, 401, "unauthorized", detail="invalid API key")
        assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "header", ["Basic YWxpY2U6cHc=", "Bearer", "Bearer    ", "Token dbk_abc", "dbk_abc", ""]
)
async def test_malformed_authorization_header_is_401(client, expect_error, header):
    response = await client.get("/listings", headers={"Authorization": header})

    expect_error(
        response,
        401,
        "unauthorized",
        detail="the Authorization header must be 'Bearer <API key>'",
    )
    assert response.headers["www-authenticate"] == "Bearer"


async def test_bearer_scheme_is_case_insensitive(client, alice):
    secret = alice["Authorization"].removeprefix("Bearer ")
    response = await client.get("/collections", headers={"Authorization": f"bearer {secret}"})
    assert response.status_code == 200
