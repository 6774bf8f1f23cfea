"""Service endpoints: liveness, readiness and the OpenAPI document."""

from __future__ import annotations

import warnings

from litestar.exceptions import LitestarDeprecationWarning

from entrypoints.app import create_app


async def test_health_is_ok(client):
    response = await client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {}}


async def test_ready_with_memory_storage(client):
    response = await client.get("/ready")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert all(value == "ok" for value in response.json()["checks"].values())


async def test_openapi_lists_the_listing_and_collection_paths(client):
    response = await client.get("/schema/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "Deal Brain Collections"
    paths = document["paths"]
    for path in (
        "/listings",
        "/listings/{listing_id}",
        "/collections",
        "/collections/{collection_id}",
        "/collections/{collection_id}/items",
        "/collections/{collection_id}/items/{listing_id}",
        "/collections/{collection_id}/items/order",
        "/health",
        "/ready",
    ):
        assert path in paths, path
    assert set(paths["/listings"]) == {"get", "post"}
    assert set(paths["/collections/{collection_id}"]) == {"get", "patch", "delete"}


async def test_openapi_shows_only_real_parameters(client):
    """Dependencies (the use cases, the caller) must not leak into the documented API."""
    paths = (await client.get("/schema/openapi.json")).json()["paths"]

    def names(path, method):
        return sorted(p["name"] for p in paths[path][method].get("parameters", []))

    assert names("/listings", "get") == [
        "limit",
        "max_price",
        "min_price",
        "mine",
        "offset",
        "q",
        "sort",
    ]
    assert names("/listings", "post") == []
    assert names("/collections", "get") == ["limit", "offset"]
    assert names("/collections/{collection_id}/items/{listing_id}", "patch") == [
        "collection_id",
        "listing_id",
    ]


async def test_building_the_app_raises_no_litestar_deprecation(container):
    with warnings.catch_warnings():
        warnings.simplefilter("error", LitestarDeprecationWarning)
        create_app(container)
