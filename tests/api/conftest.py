"""Fixtures for the HTTP API suite: the real Litestar app on in-memory storage.

Users and keys are made through the container's use cases (the CLI's path into the same
core); requests go through `AsyncTestClient`, so routing, auth middleware, decoding and
the exception handlers are all exercised.
"""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from dependency_injector import providers
from litestar import Litestar
from litestar.testing import AsyncTestClient

from adapters.memory import RecordingEventSink
from entrypoints.app import create_app
from entrypoints.container import Container, build_container
from entrypoints.settings import Settings

Headers = dict[str, str]
HERE = Path(__file__).parent
# Any implicit-parameter (or other) Litestar deprecation fails the API suite.
NO_LITESTAR_DEPRECATIONS = pytest.mark.filterwarnings(
    "error::litestar.exceptions.LitestarDeprecationWarning"
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(NO_LITESTAR_DEPRECATIONS)


FULL_LISTING: dict[str, Any] = {
    "title": "Beelink SER5 Ryzen 7 5800H mini PC",
    "price_usd": 299.0,
    "condition": "refurb",
    "status": "active",
    "listing_url": "https://example.com/deal/ser5",
    "other_urls": [{"url": "https://example.com/alt", "label": "mirror"}],
    "seller": "minipc-outlet",
    "device_model": "SER5",
    "notes": "coupon code SAVE20",
    "custom_fields": {"warranty_months": 12},
    "metadata": {"manufacturer": "Beelink", "series": "SER", "form_factor": "mini"},
    "valuation": {
        "base_price_usd": 299.0,
        "adjusted_price_usd": 349.5,
        "valuation_breakdown": {"ram": {"delta": 30}, "lines": [1, 2, None]},
        "ruleset_name": "default-2024",
    },
    "performance": {
        "cpu": {"name": "Ryzen 7 5800H", "manufacturer": "AMD", "cores": 8, "threads": 16},
        "ram": {"total_gb": 16, "ddr_generation": "ddr4", "speed_mhz": 3200},
        "storage_primary": {"capacity_gb": 500, "medium": "nvme"},
        "ports": {"ports": [{"type": "usb_a", "count": 4}, {"type": "hdmi", "count": 2}]},
        "metrics": {"score_composite": 71.5},
    },
}


def check_error(
    response: httpx.Response,
    status: int,
    error: str,
    *,
    field: str | None = None,
    detail: str | None = None,
) -> dict[str, Any]:
    """The JSON error shape every failure answers with; `field` names the value at fault."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["status_code"] == status
    assert body["error"] == error
    assert isinstance(body["detail"], str) and body["detail"]
    assert body.get("field") == field, body
    if detail is not None:
        assert body["detail"] == detail
    return body


@pytest.fixture
def full_listing() -> dict[str, Any]:
    """Every listing field, nested parts included (non-default values, so all echo back)."""
    return copy.deepcopy(FULL_LISTING)


@pytest.fixture
def expect_error() -> Callable[..., dict[str, Any]]:
    return check_error


@pytest.fixture
def events() -> RecordingEventSink:
    return RecordingEventSink()


@pytest.fixture
def container(tmp_path: Path, events: RecordingEventSink) -> Container:
    settings = Settings(data_dir=tmp_path, database_url="unused", storage="memory")
    container = build_container(settings)
    # Before the app (and the use cases' Deps singleton) exist, so every emit is recorded.
    container.events.override(providers.Object(events))
    return container


@pytest.fixture
def app(container: Container) -> Litestar:
    return create_app(container)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app) as client:
        yield client


async def _user(container: Container, username: str, *, admin: bool = False) -> Headers:
    await container.user_admin().create_user(username, is_admin=admin)
    secret = (await container.api_keys().create(username)).secret
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
async def alice(container: Container) -> Headers:
    return await _user(container, "alice")


@pytest.fixture
async def bob(container: Container) -> Headers:
    return await _user(container, "bob")


@pytest.fixture
async def admin(container: Container) -> Headers:
    return await _user(container, "root", admin=True)


@pytest.fixture
def make_listing(
    client: AsyncTestClient[Litestar],
) -> Callable[..., Awaitable[dict[str, Any]]]:
    async def make(headers: Headers, **fields: Any) -> dict[str, Any]:
        body = {"title": "Dell OptiPlex 7050 Micro", "price_usd": 150.0, **fields}
        response = await client.post("/listings", json=body, headers=headers)
        assert response.status_code == 201, response.text
        return response.json()

    return make


@pytest.fixture
def make_collection(
    client: AsyncTestClient[Litestar],
) -> Callable[..., Awaitable[dict[str, Any]]]:
    async def make(headers: Headers, **fields: Any) -> dict[str, Any]:
        response = await client.post(
            "/collections", json={"name": "Deals", **fields}, headers=headers
        )
        assert response.status_code == 201, response.text
        return response.json()

    return make


@pytest.fixture
def add_item(client: AsyncTestClient[Litestar]) -> Callable[..., Awaitable[dict[str, Any]]]:
    async def add(headers: Headers, collection_id: int, listing_id: int, **fields: Any) -> Any:
        response = await client.post(
            f"/collections/{collection_id}/items",
            json={"listing_id": listing_id, **fields},
            headers=headers,
        )
        assert response.status_code == 201, response.text
        return response.json()

    return add
