"""No request earns a 500 or carries megabytes (issue 11, ADRs 0100-0101): numbers no column
holds, NUL, invalid UTF-8, bodies nested a thousand deep, listings of unbounded size, and
unknown fields are all refused with 400 naming the value at fault.

These run on the in-memory wiring; test_robustness_backends.py runs the ones PostgreSQL is
touchy about (int32 ids, NUL) on a real PostgreSQL database too.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from entrypoints.app import create_app
from entrypoints.container import build_container
from entrypoints.settings import Settings
from tests.api.conftest import check_error

BIG = 3_662_143_741  # > 2**31 - 1: no id is that large
NUL = "\u0000"


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"x": value}
    return value


# -- Ids and numbers no column holds -----------------------------------------------------------
@pytest.mark.parametrize("bad", [2**31, BIG, 2**63, 2**70])
async def test_an_impossible_id_in_a_path_is_not_found(
    client, alice, make_collection, make_listing, bad
):
    mine = (await make_collection(alice))["id"]
    listing = (await make_listing(alice))["id"]
    for method, path, body in [
        ("GET", f"/listings/{bad}", None),
        ("PATCH", f"/listings/{bad}", {"title": "x"}),
        ("DELETE", f"/listings/{bad}", None),
        ("GET", f"/listings/{bad}/export", None),
        ("GET", f"/collections/{bad}", None),
        ("PATCH", f"/collections/{bad}", {"name": "x"}),
        ("GET", f"/collections/{bad}/items", None),
        ("POST", f"/collections/{bad}/items", {"listing_id": listing}),
        ("POST", f"/collections/{bad}/share-tokens", None),
        ("GET", f"/collections/{bad}/share-tokens", None),
        ("POST", f"/collections/{bad}/copy", None),
        ("GET", f"/collections/{bad}/export", None),
        ("PATCH", f"/collections/{mine}/items/{bad}", {"status": "bought"}),
        ("DELETE", f"/collections/{mine}/items/{bad}", None),
        ("DELETE", f"/collections/{mine}/share-tokens/{bad}", None),
        ("GET", f"/c/{bad}", None),
        ("GET", f"/l/{bad}", None),
    ]:
        response = await client.request(method, path, json=body, headers=alice)
        assert response.status_code == 404, (method, path, response.text)


async def test_permission_comes_before_any_lookup(client):
    """No key: 401 for a change, whatever the id names (even one no table can hold)."""
    for method, path, body in [
        ("POST", f"/collections/{BIG}/share-tokens", None),
        ("GET", f"/collections/{BIG}/share-tokens", None),
        ("DELETE", f"/collections/{BIG}/share-tokens/{BIG}", None),
        ("PATCH", f"/collections/{BIG}", {"name": "x"}),
        ("DELETE", f"/collections/{BIG}", None),
        ("POST", f"/collections/{BIG}/items", {"listing_id": 1}),
        ("PATCH", f"/collections/{BIG}/items/{BIG}", {"status": "bought"}),
        ("PUT", f"/collections/{BIG}/items/order", {"listing_ids": [1]}),
        ("POST", f"/collections/{BIG}/copy", None),
        ("POST", f"/collections/{BIG}/reports", {"reason": "spam"}),
        ("PATCH", f"/listings/{BIG}", {"title": "x"}),
        ("DELETE", f"/listings/{BIG}", None),
    ]:
        response = await client.request(method, path, json=body)
        check_error(response, 401, "unauthorized")


async def test_an_impossible_id_in_a_body_is_400_naming_it(
    client, alice, make_collection, make_listing, add_item
):
    mine = (await make_collection(alice))["id"]
    listing = (await make_listing(alice))["id"]
    items = f"/collections/{mine}/items"
    await add_item(alice, mine, listing)
    for method, path, body, field in [
        ("POST", items, {"listing_id": 2**31}, "listing_id"),
        ("POST", items, {"listing_id": 2**70}, "listing_id"),
        ("POST", items, {"listing_id": listing, "position": 2**40}, "position"),
        ("PATCH", f"{items}/{listing}", {"position": 2**31}, "position"),
        ("PUT", f"{items}/order", {"listing_ids": [listing, 2**63]}, "listing_ids[1]"),
        (
            "POST",
            "/listings/import/whatever/confirm",
            {"strategy": "update_existing", "target_listing_id": 2**31},
            "target_listing_id",
        ),
        (
            "POST",
            "/collections/import/whatever/confirm",
            {"strategy": "merge_into", "target_collection_id": BIG},
            "target_collection_id",
        ),
        (
            "POST",
            "/collections/import/whatever/confirm",
            {"strategy": "create_new", "items": {"0": "link:99999999999"}},
            "items.0",
        ),
    ]:
        response = await client.request(method, path, json=body, headers=alice)
        check_error(response, 400, "bad_request", field=field)


@pytest.mark.parametrize("offset", [2**31, 2**63, 2**70])
async def test_an_offset_past_any_table_is_400(client, alice, make_collection, offset):
    mine = (await make_collection(alice))["id"]
    for path in (
        "/listings",
        "/collections",
        "/collections/discover",
        f"/collections/{mine}/items",
        f"/collections/{mine}/share-tokens",
    ):
        response = await client.get(path, params={"offset": offset}, headers=alice)
        check_error(response, 400, "bad_request", field="offset")


# -- NUL ---------------------------------------------------------------------------------------
async def test_nul_in_a_body_is_400_naming_the_field(
    client, alice, make_collection, make_listing, add_item
):
    mine = (await make_collection(alice, visibility="public"))["id"]
    listing = (await make_listing(alice))["id"]
    await add_item(alice, mine, listing)
    base = {"title": "Mini", "price_usd": 1}
    for method, path, body, field in [
        ("POST", "/listings", {**base, "title": f"a{NUL}b"}, "title"),
        ("POST", "/listings", {**base, "notes": NUL}, "notes"),
        (
            "POST",
            "/listings",
            {**base, "custom_fields": {"k": [1, f"v{NUL}"]}},
            "custom_fields.k[1]",
        ),
        ("POST", "/listings", {**base, "custom_fields": {f"k{NUL}": 1}}, "custom_fields.k\\u0000"),
        (
            "POST",
            "/listings",
            {**base, "performance": {"cpu": {"name": NUL, "manufacturer": "AMD"}}},
            "performance.cpu.name",
        ),
        ("PATCH", f"/listings/{listing}", {"seller": NUL}, "seller"),
        ("POST", "/collections", {"name": f"Minis{NUL}"}, "name"),
        ("PATCH", f"/collections/{mine}", {"description": NUL}, "description"),
        ("PATCH", f"/collections/{mine}/items/{listing}", {"notes": NUL}, "notes"),
        ("POST", f"/collections/{mine}/copy", {"name": NUL}, "name"),
        ("POST", f"/collections/{mine}/reports", {"reason": "spam", "note": NUL}, "note"),
    ]:
        response = await client.request(method, path, json=body, headers=alice)
        error = check_error(response, 400, "bad_request", field=field)
        assert "NUL" in error["detail"]
    assert (await client.get("/listings")).json()["total"] == 1


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/listings", {"q": f"mini{NUL}"}, "q"),
        ("/collections/discover", {"q": NUL}, "q"),
        ("/collections/discover", {"owner": f"al{NUL}ice"}, "owner"),
        ("/discover", {"q": NUL}, "q"),
        ("/listings", {f"x{NUL}": "1"}, f"x{NUL}"),
    ],
)
async def test_nul_in_a_query_is_400_naming_the_parameter(client, path, params, field):
    response = await client.get(path, params=params, headers={"Accept": "application/json"})
    assert response.status_code == 400, response.text
    if response.headers["content-type"].startswith("application/json"):
        assert response.json()["field"] == field


@pytest.mark.parametrize(
    ("method", "path", "field"),
    [
        ("GET", "/s/abc%00def", "token"),
        ("GET", "/s/abc%00def/export", "token"),
        ("GET", "/s/abc%00def/card-image", "token"),
        ("POST", "/listings/import/ab%00cd/confirm", "preview_id"),
    ],
)
async def test_nul_in_a_path_is_400_naming_the_parameter(client, alice, method, path, field):
    response = await client.request(
        method, path, json={"strategy": "skip"}, headers={**alice, "Accept": "application/json"}
    )
    check_error(response, 400, "bad_request", field=field)


# -- Bodies no decoder takes -------------------------------------------------------------------
async def test_invalid_utf8_in_a_json_body_is_400(client, alice):
    for path in ("/listings", "/collections"):
        content = b'{"title": "caf\xe9", "name": "caf\xe9", "price_usd": 1}'
        response = await client.post(
            path, content=content, headers={**alice, "Content-Type": "application/json"}
        )
        error = check_error(response, 400, "bad_request")
        assert "UTF-8" in error["detail"]


@pytest.mark.parametrize("depth", [40, 1_000, 100_000])
async def test_a_body_nested_too_deep_is_400_naming_the_field(client, alice, depth):
    deep = b"[" * depth + b"]" * depth
    for path, content, field in [
        (
            "/listings",
            b'{"title": "x", "price_usd": 1, "custom_fields": {"a": ' + deep + b"}}",
            "custom_fields",
        ),
        (
            "/listings",
            b'{"title": "x", "price_usd": 1, "performance": {"components": '
            b'[{"component_type": "misc", "metadata": {"m": ' + deep + b"}}]}}",
            "performance.components[0].metadata",
        ),
        ("/collections", b'{"name": "x", "description": ' + deep + b"}", "description"),
        ("/collections", deep, None),
    ]:
        headers = {**alice, "Content-Type": "application/json"}
        response = await client.post(path, content=content, headers=headers)
        check_error(response, 400, "bad_request", field=field)
    assert (await client.get("/listings")).json()["total"] == 0


async def test_custom_fields_deeper_than_the_domain_allows_are_400(client, alice):
    for depth, status in ((8, 201), (9, 400)):
        body = {"title": "x", "price_usd": 1, "custom_fields": nested(depth)}
        response = await client.post("/listings", json=body, headers=alice)
        assert response.status_code == status, response.text
    assert response.json()["field"] == "custom_fields"
    assert "at most 8 levels" in response.json()["detail"]


# -- Listings of bounded size ------------------------------------------------------------------
async def test_huge_listings_are_refused_and_pages_stay_small(client, alice):
    base = {"title": "Mini", "price_usd": 1}
    for body, field in [
        ({**base, "notes": "n" * 5_000_000}, "notes"),
        ({**base, "custom_fields": {str(i): i for i in range(200_000)}}, "custom_fields"),
        ({**base, "custom_fields": {"text": "c" * 100_000}}, "custom_fields"),
        ({**base, "listing_url": "https://e.x/" + "u" * 5000}, "listing_url"),
        ({**base, "other_urls": [{"url": "https://e.x"}] * 11}, "other_urls"),
        (
            {**base, "performance": {"ports": {"ports": [{"type": "usb_a"}] * 33}}},
            "performance.ports.ports",
        ),
        (
            {**base, "performance": {"components": [{"component_type": "ram"}] * 33}},
            "performance.components",
        ),
        (
            {**base, "valuation": {"base_price_usd": 1, "valuation_breakdown": nested(9)}},
            "valuation.valuation_breakdown",
        ),
    ]:
        response = await client.post("/listings", json=body, headers=alice)
        check_error(response, 400, "bad_request", field=field)
    assert (
        await client.post("/listings", json={**base, "notes": "n" * 5000}, headers=alice)
    ).status_code == 201
    page = await client.get("/listings")
    assert page.json()["total"] == 1 and len(page.content) < 20_000


async def test_a_patch_is_held_to_the_same_limits(client, alice, make_listing):
    listing = await make_listing(alice)
    path = f"/listings/{listing['id']}"
    for body, field in [
        ({"notes": "n" * 5001}, "notes"),
        ({"custom_fields": nested(9)}, "custom_fields"),
        ({"custom_fields": {"a": list(range(300))}}, "custom_fields"),
    ]:
        check_error(
            await client.patch(path, json=body, headers=alice), 400, "bad_request", field=field
        )
    assert (await client.get(path)).json() == listing


# -- Unknown fields ----------------------------------------------------------------------------
async def test_unknown_fields_are_refused_naming_them(client, alice, make_collection, make_listing):
    mine = (await make_collection(alice))["id"]
    listing = (await make_listing(alice))["id"]
    base = {"title": "Mini", "price_usd": 1}
    for method, path, body, field in [
        ("POST", "/listings", {**base, "colour": "red"}, "colour"),
        (
            "POST",
            "/listings",
            {**base, "performance": {"cpu": {"name": "N", "manufacturer": "M", "ghz": 3}}},
            "performance.cpu.ghz",
        ),
        (
            "POST",
            "/listings",
            {**base, "other_urls": [{"url": "u", "rel": "x"}]},
            "other_urls[0].rel",
        ),
        ("PATCH", f"/listings/{listing}", {"titel": "typo"}, "titel"),
        ("POST", "/collections", {"name": "x", "public": True}, "public"),
        ("PATCH", f"/collections/{mine}", {"visiblity": "public"}, "visiblity"),
        ("POST", f"/collections/{mine}/items", {"listing_id": listing, "note": "x"}, "note"),
        ("POST", f"/collections/{mine}/share-tokens", {"expires_in": 7}, "expires_in"),
        ("POST", f"/collections/{mine}/copy", {"title": "x"}, "title"),
        ("POST", "/listings/import/x/confirm", {"strategy": "skip", "force": 1}, "force"),
    ]:
        response = await client.request(method, path, json=body, headers=alice)
        error = check_error(response, 400, "bad_request", field=field)
        assert "unknown fields are refused" in error["detail"]


# -- Errors that say what is allowed -----------------------------------------------------------
async def test_an_enum_error_lists_the_allowed_values(client, alice):
    body = {
        "title": "x",
        "price_usd": 1,
        "performance": {"storage_primary": {"capacity_gb": 512, "medium": "ssd"}},
    }
    check_error(
        await client.post("/listings", json=body, headers=alice),
        400,
        "bad_request",
        field="performance.storage_primary.medium",
        detail="performance.storage_primary.medium: 'ssd' is not one of "
        "nvme, sata_ssd, hdd, hybrid, emmc, ufs, unknown",
    )
    check_error(
        await client.get("/collections/discover", params={"sort": "best"}),
        400,
        "bad_request",
        field="sort",
        detail="sort: 'best' is not one of recent, popular, updated",
    )
    check_error(
        await client.get("/listings", params={"sort": "cheap"}),
        400,
        "bad_request",
        field="sort",
        detail="sort: 'cheap' is not one of newest, price, -price, title",
    )


async def test_bad_query_and_bad_body_values_answer_alike(
    client, alice, make_collection, make_listing
):
    """One convention (ADR 0100): a value wrong in itself is 400, wherever it is."""
    mine = (await make_collection(alice))["id"]
    listing = (await make_listing(alice))["id"]
    for response in [
        await client.get("/listings", params={"limit": 101}),
        await client.get("/listings", params={"limit": "ten"}),
        await client.get("/listings", params={"min_price": -1}),
        await client.get("/listings", params={"min_price": 5, "max_price": 1}),
        await client.get("/collections/discover", params={"q": "w" * 201}),
        await client.post("/listings", json={"title": "x", "price_usd": -1}, headers=alice),
        await client.patch(
            f"/listings/{listing}", json={"valuation": {"base_price_usd": -1}}, headers=alice
        ),
        await client.post(
            f"/collections/{mine}/share-tokens", json={"expires_in_days": 0}, headers=alice
        ),
    ]:
        assert response.status_code == 400, response.text


# -- Share links -------------------------------------------------------------------------------
async def test_expires_in_days_sets_a_links_expiry(client, alice, make_collection):
    mine = (await make_collection(alice, visibility="unlisted"))["id"]
    path = f"/collections/{mine}/share-tokens"
    before = datetime.now(UTC)

    made = await client.post(path, json={"expires_in_days": 7}, headers=alice)

    assert made.status_code == 201, made.text
    expires = datetime.fromisoformat(made.json()["expires_at"])
    assert before + timedelta(days=7) <= expires <= datetime.now(UTC) + timedelta(days=7)
    later = {"expires_at": (before + timedelta(days=1)).isoformat(), "expires_in_days": 7}
    check_error(
        await client.post(path, json=later, headers=alice),
        400,
        "bad_request",
        field="expires_in_days",
    )
    for days in (0, 3651):
        check_error(
            await client.post(path, json={"expires_in_days": days}, headers=alice),
            400,
            "bad_request",
            field="expires_in_days",
        )
    assert (await client.get(path, headers=alice)).json()["total"] == 1


async def test_a_share_link_answer_carries_its_absolute_url(client, alice, make_collection):
    """No DEALBRAIN_PUBLIC_URL in this app: the origin the request came to."""
    mine = (await make_collection(alice, visibility="unlisted"))["id"]
    made = (await client.post(f"/collections/{mine}/share-tokens", headers=alice)).json()

    assert made["path"] == f"/s/{made['token']}"
    assert made["url"] == f"http://testserver.local{made['path']}"
    listed = (await client.get(f"/collections/{mine}/share-tokens", headers=alice)).json()
    assert listed["items"][0]["url"] == made["url"]


async def test_the_public_url_makes_share_link_urls(tmp_path):
    settings = Settings(
        data_dir=tmp_path,
        database_url="unused",
        storage="memory",
        public_url="https://deals.example.org",
    )
    container = build_container(settings)
    await container.user_admin().create_user("carol")
    key = {"Authorization": f"Bearer {(await container.api_keys().create('carol')).secret}"}
    async with AsyncTestClient(create_app(container)) as client:
        body = {"name": "Deals", "visibility": "unlisted"}
        mine = (await client.post("/collections", json=body, headers=key)).json()["id"]
        made = (await client.post(f"/collections/{mine}/share-tokens", headers=key)).json()
    assert made["url"] == f"https://deals.example.org/s/{made['token']}"


# -- Lists answer pages ------------------------------------------------------------------------
async def test_share_links_are_listed_as_a_page(client, alice, make_collection):
    mine = (await make_collection(alice, visibility="unlisted"))["id"]
    path = f"/collections/{mine}/share-tokens"
    made = [(await client.post(path, headers=alice)).json() for _ in range(3)]

    page = (await client.get(path, params={"limit": 2, "offset": 1}, headers=alice)).json()

    assert (page["total"], page["limit"], page["offset"]) == (3, 2, 1)
    assert [link["id"] for link in page["items"]] == [made[1]["id"], made[2]["id"]]


async def test_a_collections_items_page_with_their_listings(
    client, alice, bob, make_collection, make_listing, add_item
):
    mine = (await make_collection(alice, visibility="public"))["id"]
    listings = [await make_listing(alice, title=f"Mini {n}") for n in range(5)]
    for listing in listings:
        added = await add_item(alice, mine, listing["id"])
        assert added["listing"] == listing  # the add answers the item with its listing

    detail = (await client.get(f"/collections/{mine}", headers=bob)).json()
    page = await client.get(f"/collections/{mine}/items", params={"limit": 2, "offset": 3})

    assert detail["item_count"] == 5 and len(detail["items"]) == 5
    body = page.json()
    assert (body["total"], body["limit"], body["offset"]) == (5, 2, 3)
    assert [item["listing"] for item in body["items"]] == listings[3:]
    assert [item["position"] for item in body["items"]] == [3, 4]
    # Paging through items is no view: only bob's read of the collection counted.
    assert (await client.get(f"/collections/{mine}", headers=alice)).json()["view_count"] == 1


async def test_a_private_collections_items_are_not_found_for_others(
    client, alice, bob, make_collection
):
    mine = (await make_collection(alice))["id"]
    check_error(await client.get(f"/collections/{mine}/items", headers=bob), 404, "not_found")
    check_error(await client.get(f"/collections/{mine}/items"), 404, "not_found")
    assert (await client.get(f"/collections/{mine}/items", headers=alice)).json()["total"] == 0


# -- GET /listings: mine, prices, sorts --------------------------------------------------------
async def test_listings_filter_by_creator_and_price_and_sort(client, alice, bob, make_listing):
    a = await make_listing(alice, title="Beelink", price_usd=300)
    b = await make_listing(alice, title="asus", price_usd=100)
    c = await make_listing(bob, title="Zotac", price_usd=200)

    async def ids(headers: dict[str, str] | None = None, **params: Any) -> list[int]:
        response = await client.get("/listings", params=params, headers=headers or {})
        assert response.status_code == 200, response.text
        return [item["id"] for item in response.json()["items"]]

    assert await ids() == [c["id"], b["id"], a["id"]]
    assert await ids(alice, mine=1) == [b["id"], a["id"]]
    assert await ids(bob, mine="true") == [c["id"]]
    assert await ids(min_price=150) == [c["id"], a["id"]]
    assert await ids(min_price=100, max_price=200, sort="price") == [b["id"], c["id"]]
    assert await ids(sort="-price") == [a["id"], c["id"], b["id"]]
    assert await ids(sort="title") == [b["id"], a["id"], c["id"]]
    assert await ids(alice, mine=1, sort="price", limit=1, offset=1) == [a["id"]]
    check_error(await client.get("/listings", params={"mine": 1}), 401, "unauthorized")


async def test_prices_stay_finite_and_pages_render_any_valid_one(
    client, alice, make_collection, add_item
):
    check_error(
        await client.post("/listings", json={"title": "x", "price_usd": 1.7e308}, headers=alice),
        400,
        "bad_request",
        field="price_usd",
    )
    body = {
        "title": "Dearest",
        "price_usd": 1e9,
        "valuation": {"base_price_usd": 1e9, "adjusted_price_usd": 1e-300},
    }
    made = await client.post("/listings", json=body, headers=alice)
    assert made.status_code == 201, made.text
    shelf = (await make_collection(alice, visibility="public"))["id"]
    await add_item(alice, shelf, made.json()["id"])
    for path in (f"/l/{made.json()['id']}", f"/c/{shelf}", f"/c/{shelf}/feed.atom"):
        response = await client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
