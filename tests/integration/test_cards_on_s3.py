"""The card endpoint on the real S3 adapter (moto's server on loopback): cached in S3,
and still served — rendered, not a placeholder — once the S3 server is gone."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from dependency_injector import providers
from litestar.testing import AsyncTestClient

from entrypoints.app import create_app
from entrypoints.container import build_container
from entrypoints.settings import Settings
from tests.support.s3 import create_bucket, moto_s3_process, moto_s3_server


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
            await writes_done(client, container)  # stored behind the response (ADR 0091)
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


# -- A hung S3 (issue 11, docs/adr/0091) -------------------------------------------------------
S3_TIMEOUT_S = 0.5
# Long enough that the circuit cannot half-open while the test checks it is open.
BREAKER_OPEN_S = 3.0
# Generous bounds: the point is "answers", not a timing benchmark (it is ~1 s here).
ANSWERS_WITHIN_S = 10.0


class SentRequests:
    """Counts the HTTP requests the S3 client really sends (botocore's before-send)."""

    def __init__(self, client) -> None:  # type: ignore[no-untyped-def]
        self.count = 0
        client.meta.events.register("before-send.s3", self._sent)

    def _sent(self, **_: object) -> None:
        self.count += 1


async def writes_done(client, container) -> None:  # type: ignore[no-untyped-def]
    """Wait for the card cache writes under way. The test client runs the app on an event
    loop of its own (a portal thread): its background tasks are awaited there."""
    await asyncio.to_thread(client.blocking_portal.call, container.cards().flush)


async def timed_get(client, path: str):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    response = await client.get(path)
    return response, time.perf_counter() - started


async def test_a_hung_s3_holds_no_card_and_is_skipped_until_it_answers_again(
    tmp_path: Path,
) -> None:
    renderer = StandInRenderer()
    with moto_s3_process() as server:
        bucket = await create_bucket(server.endpoint_url)
        settings = Settings(
            data_dir=tmp_path, database_url="unused", storage="memory", blob_backend="s3",
            s3_bucket=bucket, s3_endpoint_url=server.endpoint_url, s3_region="us-east-1",
            s3_timeout_s=S3_TIMEOUT_S, s3_breaker_failures=2, s3_breaker_open_s=BREAKER_OPEN_S,
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
            first = await client.get(path)
            await writes_done(client, container)  # stored behind the response; now in S3
            s3 = container.s3_blobs()
            sent = SentRequests(s3.client)

            server.pause()  # SIGSTOP: connections are accepted, nothing ever answers
            try:
                # The cached card cannot be read: rendered again and served, not held.
                hung, seconds = await timed_get(client, path)
                assert hung.status_code == 200 and "x-card-fallback" not in hung.headers
                assert hung.content == first.content
                assert seconds < ANSWERS_WITHIN_S
                await writes_done(client, container)  # the write behind times out as well
                assert s3.breaker.state == "open"  # 2 failures in a row: S3 is skipped
                ready = await client.get("/ready")
                assert ready.status_code == 503
                assert ready.json()["checks"]["blob_store"].startswith("unavailable")

                before = sent.count
                renders = renderer.calls
                for _ in range(5):
                    served, seconds = await timed_get(client, path)
                    assert served.status_code == 200 and served.content == first.content
                    assert seconds < ANSWERS_WITHIN_S
                await writes_done(client, container)
                assert sent.count == before  # not one request reached S3 meanwhile
                assert renderer.calls > renders  # rendered instead
            finally:
                server.resume()  # SIGCONT

            await asyncio.sleep(BREAKER_OPEN_S)  # then one trial call, which S3 answers
            renders = renderer.calls
            back = await client.get(path)
            assert back.status_code == 200 and back.content == first.content
            assert s3.breaker.state == "closed"
            assert sent.count > before
            assert renderer.calls == renders  # a cache hit from S3 again
            assert (await client.get("/ready")).status_code == 200
