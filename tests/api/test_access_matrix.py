"""The access matrix of docs/product.md §1 over HTTP, generated: role × visibility × endpoint,
asserting the exact status code, on the in-memory wiring and on PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import pytest_asyncio
from dependency_injector import providers
from litestar.testing import AsyncTestClient

from entrypoints.app import create_app
from entrypoints.container import build_container, close_resources, open_resources
from entrypoints.settings import Settings
from tests.support.databases import backend_settings

pytestmark = pytest.mark.asyncio(loop_scope="module")

ROLES = ["owner", "other", "anonymous", "admin", "valid link", "revoked link", "expired link"]
VISIBILITIES = ["private", "unlisted", "public"]
# name: (method, path under /collections/{id}, body, status when allowed)
OPERATIONS: dict[str, tuple[str, str, Any, int]] = {
    "read": ("GET", "", None, 200),
    "change": ("PATCH", "", {"name": "Renamed"}, 200),
    "delete": ("DELETE", "", None, 204),
    "add item": ("POST", "/items", {"listing_id": "{second}"}, 201),
    "change item": ("PATCH", "/items/{first}", {"status": "bought"}, 200),
    "remove item": ("DELETE", "/items/{first}", None, 204),
    "reorder items": ("PUT", "/items/order", {"listing_ids": ["{first}"]}, 200),
    "copy": ("POST", "/copy", None, 201),
    "make link": ("POST", "/share-tokens", None, 201),
    "list links": ("GET", "/share-tokens", None, 200),
    "revoke link": ("DELETE", "/share-tokens/{token_id}", None, 204),
    "report": ("POST", "/reports", {"reason": "spam"}, 201),
    "export": ("GET", "/export", None, 200),
}
# Reads, exports and copies need read access; a report too. The rest is the owner's.
NEEDS_READ_ONLY = {"read", "copy", "report", "export"}
NEEDS_CREDENTIALS = set(OPERATIONS) - {"read", "export"}


def expected(role: str, visibility: str, operation: str) -> int:
    allowed = OPERATIONS[operation][3]
    if role.endswith("link"):
        if operation == "read":  # through /s/{token}
            usable = role == "valid link" and visibility != "private"
            return allowed if usable else 404
        role = "anonymous"  # a link gives no credentials for anything else
    if role == "owner":
        return allowed
    readable = role == "admin" or visibility == "public"
    if role == "anonymous" and operation in NEEDS_CREDENTIALS:
        return 401
    if not readable:
        return 404
    return allowed if operation in NEEDS_READ_ONLY else 403


CASES = [
    pytest.param(role, visibility, op, id=f"{role}-{visibility}-{op}")
    for role in ROLES
    for visibility in VISIBILITIES
    for op in OPERATIONS
]


BACKENDS = ["memory", pytest.param("postgres", marks=pytest.mark.postgres)]


class SteerableClock:
    """The real time, shifted on demand: how a test makes a link that has expired."""

    def __init__(self) -> None:
        self.shift = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.shift


@pytest.fixture(scope="module", params=BACKENDS)
def settings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    with backend_settings(request.param, tmp_path_factory.mktemp("matrix")) as settings:
        yield settings


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(settings: Settings) -> AsyncIterator[dict[str, Any]]:
    container = build_container(settings)
    clock = SteerableClock()
    container.clock.override(providers.Object(clock))
    await open_resources(container)
    keys = {}
    for name, admin in (("owner", False), ("other", False), ("admin", True)):
        await container.user_admin().create_user(name, is_admin=admin)
        secret = (await container.api_keys().create(name)).secret
        keys[name] = {"Authorization": f"Bearer {secret}"}
    # The test client serves from a loop of its own: let it open its own connections.
    await close_resources(container)
    async with AsyncTestClient(create_app(container)) as client:
        listings = []
        for title in ("first", "second"):
            body = {"title": f"Mini PC {title}", "price_usd": 100}
            response = await client.post("/listings", json=body, headers=keys["owner"])
            listings.append(response.json()["id"])
        yield {"client": client, "keys": keys, "listings": listings, "clock": clock}


async def _collection(world: dict[str, Any], visibility: str) -> dict[str, Any]:
    """A fresh collection with one item and a valid, a revoked and an expired link."""
    client, owner = world["client"], world["keys"]["owner"]
    first, second = world["listings"]
    body = {"name": "Deals", "visibility": "unlisted"}
    base = (
        f"/collections/{(await client.post('/collections', json=body, headers=owner)).json()['id']}"
    )
    await client.post(f"{base}/items", json={"listing_id": first}, headers=owner)
    tokens = {}
    for kind in ("valid", "revoked", "expired"):
        tokens[kind] = (await client.post(f"{base}/share-tokens", headers=owner)).json()
    await client.delete(f"{base}/share-tokens/{tokens['revoked']['id']}", headers=owner)
    tokens["expired"] = await _expiring(world, base)
    await client.patch(base, json={"visibility": visibility}, headers=owner)
    return {"base": base, "first": first, "second": second, "tokens": tokens}


async def _expiring(world: dict[str, Any], base: str) -> dict[str, Any]:
    """A link made an hour ago that expired a minute later (the clock is moved back)."""
    clock = world["clock"]
    clock.shift = -timedelta(hours=1)
    try:
        expires = (clock.now() + timedelta(minutes=1)).isoformat()
        made = await world["client"].post(
            f"{base}/share-tokens", json={"expires_at": expires}, headers=world["keys"]["owner"]
        )
    finally:
        clock.shift = timedelta()
    assert made.status_code == 201, made.text
    return made.json()


def _fill(value: Any, names: dict[str, Any]) -> Any:
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return names[value[1:-1]]
    if isinstance(value, dict):
        return {k: _fill(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, names) for v in value]
    return value


@pytest.mark.parametrize(("role", "visibility", "operation"), CASES)
async def test_access_matrix(
    world: dict[str, Any], role: str, visibility: str, operation: str
) -> None:
    made = await _collection(world, visibility)
    method, path, body, _ = OPERATIONS[operation]
    names = {
        "first": made["first"],
        "second": made["second"],
        "token_id": made["tokens"]["valid"]["id"],
    }
    url = made["base"] + path.format(**names)
    headers = dict(world["keys"].get(role, {}))
    if role.endswith("link") and operation == "read":
        url = f"/s/{made['tokens'][role.split()[0]]['token']}"
        # The link opens a page by default; a program asks for the JSON by name.
        headers["Accept"] = "application/json"

    response = await world["client"].request(method, url, json=_fill(body, names), headers=headers)

    assert response.status_code == expected(role, visibility, operation), response.text
    if response.status_code >= 400:
        assert response.json()["status_code"] == response.status_code
