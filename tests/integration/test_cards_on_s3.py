"""The card endpoint on the real S3 adapter (moto's server on loopback): cached in S3,
and still served — rendered, not a placeholder — once the S3 server is gone."""

from __future__ import annotations

from pathlib import Path

from dependency_injector import providers
from litestar.testing import AsyncTestClient

from entrypoints.container import build_container
from entrypoints.http.app import create_app
from entrypoints.settings import Settings
from tests.support.s3 import create_bucket, moto_s3_server


class StandInRenderer:
    def __init__(self) -> None:
        self.calls = 0

    async def render(self, content, variant) -> bytes:  # type: ignore[no-untyped-def]
        self.calls += 1
        return f"card of {content.title}".encode()


async def test_cards_live_in_s3_and_survive_its_outage(tmp_path: Path) -> None:
    renderer = StandInRenderer()
    with moto_s3_server() as server:
        bucket = await create_bucket(server.endpoint_url)
        settings = Settings(
            data_dir=tmp_path, database_url="unused", storage="memory", blob_backend="s3",
            s3_bucket=bucket, s3_endpoint_url=server.endpoint_url, s3_region="us-east-1",
        )  # fmt: skip
        container = build_container(settings)
        container.renderer.override(providers.Object(renderer))
        await container.user_admin().create_user("alice")
        key = (await container.api_keys().create("alice")).secret
        async with AsyncTestClient(create_app(container)) as client:
            auth = {"Authorization": f"Bearer {key}"}
            body = {"title": "HP 800 G4", "price_usd": 120}
            listing = (await client.post("/listings", json=body, headers=auth)).json()
            path = f"/listings/{listing['id']}/card-image"

            assert (await client.get("/ready")).json()["checks"]["blob_store"] == "ok"
            first = await client.get(path)
            meta = (await client.get(f"{path}/metadata")).json()
            assert meta["cached"] is True and meta["bytes"] == len(first.content)

            server.stop()
            outage = await client.get(path)
            assert outage.status_code == 200
            assert "x-card-fallback" not in outage.headers
            assert outage.content == first.content == b"card of HP 800 G4"
            assert renderer.calls == 2  # the cache was unreachable, so it rendered again
            ready = await client.get("/ready")
            assert ready.status_code == 503
            assert ready.json()["checks"]["blob_store"].startswith("unavailable")
