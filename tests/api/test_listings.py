"""The catalog over HTTP: create, search, read, change and delete listings."""

from __future__ import annotations

import copy


async def test_create_echoes_every_field_with_id_and_nested_parts(client, alice, full_listing):
    response = await client.post("/listings", json=full_listing, headers=alice)

    assert response.status_code == 201
    body = response.json()
    assert isinstance(body["id"], int) and body["id"] >= 1
    assert body["created_by"] == 1
    assert body["created_at"] and body["updated_at"]
    for name, value in full_listing.items():
        assert body[name] == value, name
    # Optional fields not sent come back as null / defaults; the breakdown is kept as-is.
    assert body["price_date"] is None
    assert body["valuation"]["valuation_breakdown"] == {"ram": {"delta": 30}, "lines": [1, 2, None]}


async def test_create_applies_defaults(client, alice):
    response = await client.post("/listings", json={"title": "Bare", "price_usd": 0}, headers=alice)

    assert response.status_code == 201
    body = response.json()
    assert body["condition"] == "used"
    assert body["status"] == "active"
    assert body["other_urls"] == [] and body["custom_fields"] == {}
    assert body["valuation"] is None and body["performance"] is None and body["metadata"] is None


async def test_anonymous_create_is_401(client, expect_error):
    response = await client.post("/listings", json={"title": "x", "price_usd": 1})

    expect_error(response, 401, "unauthorized", detail="creating a listing needs an API key")
    assert response.headers["www-authenticate"] == "Bearer"


async def test_read_by_id_is_public(client, alice, make_listing):
    created = await make_listing(alice, title="HP EliteDesk 800 G4")

    response = await client.get(f"/listings/{created['id']}")

    assert response.status_code == 200
    assert response.json() == created


async def test_read_missing_is_404(client, expect_error):
    expect_error(
        await client.get("/listings/999"), 404, "not_found", detail="listing 999 not found"
    )


async def test_search_by_words_with_total_and_paging(client, alice, make_listing):
    for title in ("Lenovo M720q i5", "Lenovo M920q i7", "Dell 7060 i5", "Lenovo P330 i5"):
        await make_listing(alice, title=title)

    everything = (await client.get("/listings")).json()
    assert everything["total"] == 4 and everything["limit"] == 20 and everything["offset"] == 0
    assert len(everything["items"]) == 4

    hits = (await client.get("/listings", params={"q": "lenovo i5"})).json()
    assert hits["total"] == 2
    assert sorted(i["title"] for i in hits["items"]) == ["Lenovo M720q i5", "Lenovo P330 i5"]

    first = (await client.get("/listings", params={"q": "lenovo", "limit": 2})).json()
    rest = (await client.get("/listings", params={"q": "lenovo", "limit": 2, "offset": 2})).json()
    assert (first["total"], first["limit"], first["offset"]) == (3, 2, 0)
    assert (rest["total"], rest["limit"], rest["offset"]) == (3, 2, 2)
    assert len(first["items"]) == 2 and len(rest["items"]) == 1
    seen = {i["id"] for i in first["items"]} | {i["id"] for i in rest["items"]}
    assert len(seen) == 3

    none = (await client.get("/listings", params={"q": "thinkpad"})).json()
    assert none == {"items": [], "total": 0, "limit": 20, "offset": 0}


async def test_creator_patches_only_the_fields_sent(client, alice, make_listing, full_listing):
    created = await make_listing(alice, **full_listing)
    patch = {"price_usd": 279.0, "condition": "used", "seller": None, "metadata": {"series": "S"}}

    response = await client.patch(f"/listings/{created['id']}", json=patch, headers=alice)

    assert response.status_code == 200
    body = response.json()
    expected = copy.deepcopy(created) | patch
    assert {k: v for k, v in body.items() if k != "updated_at"} == {
        k: v for k, v in expected.items() if k != "updated_at"
    }
    assert (await client.get(f"/listings/{created['id']}")).json() == body


async def test_patch_and_delete_by_another_user_are_403(
    client, alice, bob, make_listing, expect_error
):
    listing = await make_listing(alice)
    path = f"/listings/{listing['id']}"
    detail = "only the listing's creator or an admin may change it"

    expect_error(
        await client.patch(path, json={"title": "mine"}, headers=bob),
        403,
        "forbidden",
        detail=detail,
    )
    expect_error(await client.delete(path, headers=bob), 403, "forbidden", detail=detail)
    assert (await client.get(path)).json()["title"] == listing["title"]


async def test_patch_and_delete_anonymous_are_401(client, alice, make_listing, expect_error):
    listing = await make_listing(alice)
    path = f"/listings/{listing['id']}"

    for response in (await client.patch(path, json={"title": "x"}), await client.delete(path)):
        expect_error(response, 401, "unauthorized")
        assert response.headers["www-authenticate"] == "Bearer"


async def test_admin_may_change_and_delete_any_listing(client, alice, admin, make_listing):
    listing = await make_listing(alice)
    path = f"/listings/{listing['id']}"

    patched = await client.patch(path, json={"title": "Moderated title"}, headers=admin)
    assert patched.status_code == 200
    assert patched.json()["title"] == "Moderated title"
    assert patched.json()["created_by"] == listing["created_by"]

    deleted = await client.delete(path, headers=admin)
    assert deleted.status_code == 204 and deleted.content == b""
    assert (await client.get(path)).status_code == 404


async def test_delete_then_missing(client, alice, make_listing, expect_error):
    listing = await make_listing(alice)
    path = f"/listings/{listing['id']}"

    assert (await client.delete(path, headers=alice)).status_code == 204
    expect_error(await client.get(path), 404, "not_found")
    expect_error(
        await client.delete(path, headers=alice), 404, "not_found", detail="listing not found"
    )
    expect_error(await client.patch(path, json={"title": "x"}, headers=alice), 404, "not_found")
