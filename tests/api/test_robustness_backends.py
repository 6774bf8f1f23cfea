"""What PostgreSQL is touchy about, through the whole app on every backend: ids past int32
(asyncpg refuses the parameter) and NUL (PostgreSQL stores none) answer 400/401/404 as on
the in-memory wiring, never 500 (issue 11, ADR 0100)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import pytest_asyncio
from litestar.testing import AsyncTestClient

from entrypoints.app import create_app
from entrypoints.container import build_container, close_resources, open_resources
from entrypoints.settings import Settings
from tests.support.databases import backend_settings

pytestmark = pytest.mark.asyncio(loop_scope="module")

BACKENDS = ["memory", pytest.param("postgres", marks=pytest.mark.postgres)]
BIG = 3_662_143_741
NUL = "\u0000"


@pytest.fixture(scope="module", params=BACKENDS)
def settings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    with backend_settings(request.param, tmp_path_factory.mktemp("robust")) as settings:
        yield settings


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(settings: Settings) -> AsyncIterator[dict[str, Any]]:
    container = build_container(settings)
    await open_resources(container)
    await container.user_admin().create_user("owner")
    key = {"Authorization": f"Bearer {(await container.api_keys().create('owner')).secret}"}
    # The test client serves from a loop of its own: let it open its own connections.
    await close_resources(container)
    async with AsyncTestClient(create_app(container)) as client:
        listing = await client.post(
            "/listings", json={"title": "Mini", "price_usd": 99}, headers=key
        )
        body = {"name": "Deals", "visibility": "public"}
        collection = await client.post("/collections", json=body, headers=key)
        ids = {"listing": listing.json()["id"], "collection": collection.json()["id"]}
        added = await client.post(
            f"/collections/{ids['collection']}/items",
            json={"listing_id": ids["listing"]},
            headers=key,
        )
        assert added.status_code == 201, added.text
        yield {"client": client, "key": key, **ids}


def _cases(world: dict[str, Any]) -> list[tuple[str, str, Any, dict[str, Any], int, str | None]]:
    """(method, path, body, query, status, field)"""
    c, listing = world["collection"], world["listing"]
    return [
        ("GET", f"/listings/{BIG}", None, {}, 404, None),
        ("GET", f"/listings/{2**63}", None, {}, 404, None),
        ("GET", f"/listings/-{2**70}", None, {}, 404, None),
        ("GET", f"/collections/{BIG}", None, {}, 404, None),
        ("GET", f"/collections/{BIG}/items", None, {}, 404, None),
        ("GET", f"/collections/{BIG}/card-image", None, {}, 404, None),
        ("GET", f"/c/{BIG}", None, {}, 404, None),
        ("GET", f"/l/{BIG}", None, {}, 404, None),
        ("POST", f"/collections/{BIG}/share-tokens", None, {}, 401, None),
        ("POST", f"/collections/{c}/items", {"listing_id": BIG}, {}, 400, "listing_id"),
        ("PUT", f"/collections/{c}/items/order", {"listing_ids": [BIG]}, {}, 400, "listing_ids[0]"),
        ("PATCH", f"/collections/{c}/items/{listing}", {"position": 2**40}, {}, 400, "position"),
        ("GET", "/listings", None, {"offset": 2**63}, 400, "offset"),
        ("GET", "/collections/discover", None, {"offset": 2**63}, 400, "offset"),
        ("POST", "/listings", {"title": f"a{NUL}", "price_usd": 1}, {}, 400, "title"),
        (
            "POST",
            "/listings",
            {"title": "a", "price_usd": 1, "custom_fields": {"k": NUL}},
            {},
            400,
            "custom_fields.k",
        ),
        ("PATCH", f"/collections/{c}", {"name": NUL}, {}, 400, "name"),
        ("POST", f"/collections/{c}/reports", {"reason": "spam", "note": NUL}, {}, 400, "note"),
        ("GET", "/listings", None, {"q": NUL}, 400, "q"),
        ("GET", "/collections/discover", None, {"owner": NUL}, 400, "owner"),
        ("GET", "/s/to%00ken", None, {}, 400, "token"),
        (
            "POST",
            "/listings/import/pre%00view/confirm",
            {"strategy": "skip"},
            {},
            400,
            "preview_id",
        ),
    ]


CASE_IDS = [f"case{n}" for n in range(22)]


@pytest.mark.parametrize("n", range(len(CASE_IDS)), ids=CASE_IDS)
async def test_postgres_touchy_values_answer_like_everywhere_else(
    world: dict[str, Any], n: int
) -> None:
    method, path, body, query, status, field = _cases(world)[n]
    headers = {"Accept": "application/json"}
    if status != 401:
        headers.update(world["key"])
    response = await world["client"].request(method, path, json=body, params=query, headers=headers)
    assert response.status_code == status, (method, path, response.text)
    if response.headers["content-type"].startswith("application/json"):
        assert response.json().get("field") == field, response.text


async def test_the_catalog_still_reads_afterwards(world: dict[str, Any]) -> None:
    page = await world["client"].get("/listings", params={"sort": "title"})
    assert page.status_code == 200
    assert [item["title"] for item in page.json()["items"]] == ["Mini"]
