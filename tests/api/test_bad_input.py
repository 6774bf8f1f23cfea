"""Bad input answers a JSON error naming the field at fault, never a 500."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("body", "field", "detail"),
    [
        ({"title": "x", "price_usd": -1}, "price_usd", "price_usd: Expected `float` >= 0.0"),
        ({"title": "", "price_usd": 1}, "title", "title: Expected `str` of length >= 1"),
        ({"title": "x" * 256, "price_usd": 1}, "title", None),
        ({"price_usd": 1}, "title", "title: is required"),
        ({"title": "x", "price_usd": "cheap"}, "price_usd", None),
        (
            {"title": "x", "price_usd": 1, "condition": "broken"},
            "condition",
            "condition: 'broken' is not one of new, refurb, used",
        ),
        (
            {
                "title": "x",
                "price_usd": 1,
                "performance": {"ports": {"ports": [{"type": "usb_a", "count": 0}]}},
            },
            "performance.ports.ports[0].count",
            "performance.ports.ports[0].count: Expected `int` >= 1",
        ),
        (
            {"title": "x", "price_usd": 1, "metadata": {"manufacturer": "m" * 65}},
            "metadata.manufacturer",
            "metadata.manufacturer: Expected `str` of length <= 64",
        ),
        (
            {"title": "x", "price_usd": 1, "valuation": {"adjusted_price_usd": 5}},
            "valuation.base_price_usd",
            "valuation.base_price_usd: is required",
        ),
    ],
    ids=[
        "negative-price",
        "empty-title",
        "long-title",
        "missing-title",
        "price-not-a-number",
        "unknown-condition",
        "nested-port-count",
        "metadata-manufacturer-too-long",
        "nested-missing-field",
    ],
)
async def test_create_listing_rejects_bad_fields(client, alice, expect_error, body, field, detail):
    response = await client.post("/listings", json=body, headers=alice)

    error = expect_error(response, 400, "bad_request", field=field, detail=detail)
    assert error["errors"][0]["field"] == field
    assert (await client.get("/listings")).json()["total"] == 0


async def test_patch_listing_rejects_bad_fields(client, alice, make_listing, expect_error):
    listing = await make_listing(alice)
    path = f"/listings/{listing['id']}"

    expect_error(
        await client.patch(path, json={"price_usd": -5}, headers=alice),
        400,
        "bad_request",
        field="price_usd",
    )
    expect_error(
        await client.patch(path, json={"title": None}, headers=alice),
        400,
        "bad_request",
        field="title",
    )
    expect_error(
        await client.patch(path, json={"valuation": {"base_price_usd": -5}}, headers=alice),
        400,
        "bad_request",
        field="valuation.base_price_usd",
        detail="valuation.base_price_usd: Expected `float` >= 0.0",
    )
    # A bad value only the core can find (not the wire schema) answers the same 400.
    deep: dict = {"a": 1}
    for _ in range(8):
        deep = {"a": deep}
    expect_error(
        await client.patch(path, json={"custom_fields": deep}, headers=alice),
        400,
        "bad_request",
        field="custom_fields",
        detail="custom_fields: must nest at most 8 levels deep (at custom_fields.a.a.a.a.a.a.a.a)",
    )
    assert (await client.get(path)).json() == listing


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (b"{not json", "JSON is malformed: object keys must be strings (byte 1)"),
        (
            b'{"title": "x", "price_usd": 1,}',
            "JSON is malformed: trailing comma in object (byte 30)",
        ),
        (b'{"title": "x", "price_usd": ', "Input data was truncated"),
    ],
)
async def test_malformed_json_is_400(client, alice, expect_error, content, detail):
    headers = {**alice, "Content-Type": "application/json"}
    for path in ("/listings", "/collections"):
        response = await client.post(path, content=content, headers=headers)
        expect_error(response, 400, "bad_request", detail=detail)


async def test_a_json_array_instead_of_an_object_is_400(client, alice):
    response = await client.post("/collections", json=["Deals"], headers=alice)

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "bad_request"
    assert body["detail"].endswith("Expected `object`, got `array`")


async def test_empty_body_is_400(client, alice):
    response = await client.post(
        "/listings", content=b"", headers={**alice, "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"


async def test_empty_body_error_says_what_is_wrong(client, alice):
    response = await client.post(
        "/listings", content=b"", headers={**alice, "Content-Type": "application/json"}
    )
    assert response.json()["detail"] == "the request body is missing or empty"


@pytest.mark.parametrize(
    ("params", "field"),
    [({"limit": 500}, "limit"), ({"limit": 0}, "limit"), ({"offset": -1}, "offset")],
)
async def test_page_out_of_range_is_400(client, alice, expect_error, params, field):
    for path, headers in (("/listings", {}), ("/collections", alice)):
        response = await client.get(path, params=params, headers=headers)
        expect_error(response, 400, "bad_request", field=field)


async def test_non_integer_limit_is_400(client, expect_error):
    response = await client.get("/listings", params={"limit": "many"})
    expect_error(response, 400, "bad_request", field="limit")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "n" * 101}, "name"),
        ({"name": ""}, "name"),
        ({}, "name"),
        ({"name": "ok", "description": "d" * 1001}, "description"),
        ({"name": "ok", "visibility": "secret"}, "visibility"),
    ],
    ids=["name-101-chars", "empty-name", "missing-name", "long-description", "bad-visibility"],
)
async def test_create_collection_rejects_bad_fields(client, alice, expect_error, body, field):
    response = await client.post("/collections", json=body, headers=alice)

    expect_error(response, 400, "bad_request", field=field)
    assert (await client.get("/collections", headers=alice)).json()["total"] == 0


async def test_patch_collection_rejects_bad_fields(client, alice, make_collection, expect_error):
    collection = await make_collection(alice)
    path = f"/collections/{collection['id']}"

    for body, field in (({"name": "n" * 101}, "name"), ({"visibility": None}, "visibility")):
        response = await client.patch(path, json=body, headers=alice)
        expect_error(response, 400, "bad_request", field=field)
    assert (await client.get(path, headers=alice)).json()["name"] == collection["name"]


async def test_item_bodies_are_checked(client, alice, make_listing, make_collection, expect_error):
    listing = await make_listing(alice)
    collection = await make_collection(alice)
    items = f"/collections/{collection['id']}/items"

    for body, field in (
        ({"listing_id": 0}, "listing_id"),
        ({"listing_id": listing["id"], "status": "maybe"}, "status"),
        ({"listing_id": listing["id"], "notes": "n" * 501}, "notes"),
        ({"listing_id": listing["id"], "position": -1}, "position"),
    ):
        expect_error(
            await client.post(items, json=body, headers=alice), 400, "bad_request", field=field
        )
    order = await client.put(f"{items}/order", json={"listing_ids": ["a"]}, headers=alice)
    expect_error(order, 400, "bad_request", field="listing_ids[0]")


@pytest.mark.parametrize(
    "path",
    [
        "/listings/abc",
        "/listings/1.5",
        "/collections/abc",
        "/collections/abc/items",
        "/collections/1/items/x",
    ],
)
async def test_non_integer_path_id_is_not_a_server_error(client, alice, path):
    for method in ("GET", "PATCH", "DELETE", "POST"):
        response = await client.request(method, path, json={}, headers=alice)
        assert response.status_code in (400, 404, 405), (method, path, response.text)
        body = response.json()
        assert body["status_code"] == response.status_code and body["detail"]


async def test_unknown_route_and_wrong_method_answer_json(client, expect_error):
    expect_error(await client.get("/nope"), 404, "not_found")
    expect_error(await client.put("/listings/1", json={}), 405, "method_not_allowed")
