"""What only the S3 BlobCache promises: private objects, expiry in metadata, batched
deletes, and errors (not silence) when the store is down."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from aiobotocore.session import AioSession
from botocore.exceptions import BotoCoreError, ClientError

from adapters.memory.blobs import MemoryBlobCache
from adapters.memory.clock import FixedClock
from adapters.s3 import S3BlobCache
from adapters.s3.blobs import S3Timeout
from adapters.s3.breaker import BreakerState, CircuitBreaker
from adapters.tiered import TieredBlobCache
from domain.ports import BlobStoreUnavailable
from tests.support.s3 import REGION, MotoS3Server, moto_s3_process

KEY = "cards/9/fp/light-social.png"
STORE_DOWN = (BotoCoreError, ClientError, OSError)


async def put_many(cache: S3BlobCache, keys: list[str]) -> None:
    limit = asyncio.Semaphore(16)

    async def put(key: str) -> None:
        async with limit:
            await cache.client.put_object(Bucket=cache.bucket, Key=key, Body=b"x")

    await asyncio.gather(*(put(key) for key in keys))


def record_batches(cache: S3BlobCache, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    batches: list[int] = []
    delete_objects = cache.client.delete_objects

    async def recording(**kwargs: Any) -> Any:
        batches.append(len(kwargs["Delete"]["Objects"]))
        return await delete_objects(**kwargs)

    monkeypatch.setattr(cache.client, "delete_objects", recording)
    return batches


async def test_objects_are_private(s3_cache: S3BlobCache) -> None:
    await s3_cache.put(KEY, b"card", "image/png", 60)

    acl = await s3_cache.client.get_object_acl(Bucket=s3_cache.bucket, Key=KEY)

    assert [grant["Permission"] for grant in acl["Grants"]] == ["FULL_CONTROL"]
    assert acl["Grants"][0]["Grantee"]["Type"] == "CanonicalUser"
    assert acl["Grants"][0]["Grantee"]["ID"] == acl["Owner"]["ID"]


async def test_content_type_and_expiry_are_on_the_object(
    s3_cache: S3BlobCache, clock: FixedClock
) -> None:
    await s3_cache.put(KEY, b"card", "image/png", 60)

    head = await s3_cache.client.head_object(Bucket=s3_cache.bucket, Key=KEY)

    assert head["ContentType"] == "image/png"
    assert head["Metadata"] == {
        "created-at": "2026-01-01T12:00:00+00:00",
        "expires-at": "2026-01-01T12:01:00+00:00",
    }


async def test_an_expired_object_is_deleted_when_read(
    s3_cache: S3BlobCache, clock: FixedClock
) -> None:
    await s3_cache.put(KEY, b"card", "image/png", 60)
    clock.advance(seconds=60)

    assert await s3_cache.get(KEY) is None

    listing = await s3_cache.client.list_objects_v2(Bucket=s3_cache.bucket)
    assert listing["KeyCount"] == 0


async def test_delete_prefix_deletes_page_by_page(
    s3_server: MotoS3Server, aws_session: AioSession, clock: FixedClock, monkeypatch
) -> None:
    cache = S3BlobCache(
        "paged-bucket", clock, endpoint_url=s3_server.endpoint_url, session=aws_session,
        region=REGION, page_size=7,
    )  # fmt: skip
    async with cache:
        await cache.client.create_bucket(Bucket=cache.bucket)
        await put_many(cache, [f"cards/1/fp/{i}.png" for i in range(20)] + ["cards/2/x.png"])
        batches = record_batches(cache, monkeypatch)

        assert await cache.delete_prefix("cards/1/") == 20

        assert batches == [7, 7, 6]
        assert await cache.get("cards/2/x.png") is not None


async def test_delete_prefix_handles_more_than_one_thousand_keys(
    s3_cache: S3BlobCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    await put_many(s3_cache, [f"cards/1/fp/{i:04}.png" for i in range(1001)])
    batches = record_batches(s3_cache, monkeypatch)

    assert await s3_cache.delete_prefix("cards/1/") == 1001

    assert batches == [1000, 1]


async def test_a_page_size_beyond_s3s_batch_limit_is_refused(clock: FixedClock) -> None:
    with pytest.raises(ValueError, match="page_size"):
        S3BlobCache("bucket", clock, page_size=1001)


async def test_using_it_before_start_says_so(clock: FixedClock) -> None:
    with pytest.raises(RuntimeError, match="start"):
        await S3BlobCache("bucket", clock).get(KEY)


async def test_ping_fails_for_a_missing_bucket(
    s3_server: MotoS3Server, aws_session: AioSession, clock: FixedClock
) -> None:
    cache = S3BlobCache(
        "no-such-bucket", clock, endpoint_url=s3_server.endpoint_url, session=aws_session
    )
    async with cache:
        with pytest.raises(ClientError):
            await cache.ping()


async def test_a_stopped_server_makes_every_call_raise_and_tiered_answers_from_front(
    aws_session: AioSession, clock: FixedClock
) -> None:
    server = MotoS3Server()
    server.start()
    cache = S3BlobCache(
        "soon-dead", clock, endpoint_url=server.endpoint_url, session=aws_session, region=REGION
    )
    tiered = TieredBlobCache(MemoryBlobCache(clock), cache, clock)
    async with cache:
        await cache.client.create_bucket(Bucket=cache.bucket)
        await tiered.put(KEY, b"card", "image/png", 60)
        server.stop()

        for call in (cache.get(KEY), cache.put(KEY, b"x", "image/png", 60), cache.ping()):
            with pytest.raises(STORE_DOWN):
                await call
        with pytest.raises(STORE_DOWN):
            await cache.delete_prefix("cards/")

        assert (await tiered.get(KEY)).data == b"card"  # type: ignore[union-attr]
        assert await tiered.get("cards/9/other/dark-story.png") is None
        with pytest.raises(STORE_DOWN):
            await tiered.put("cards/9/new.png", b"new", "image/png", 60)
        assert (await tiered.get("cards/9/new.png")).data == b"new"  # type: ignore[union-attr]


# -- A hung store (issue 11, docs/adr/0091) ----------------------------------------------------
HUNG_TIMEOUT_S = 0.5
BOUND_S = 5.0  # generous: each call must end, at about HUNG_TIMEOUT_S


async def test_every_call_to_a_hung_server_ends_and_the_breaker_then_skips_it(
    aws_session: AioSession, clock: FixedClock
) -> None:
    """SIGSTOPped moto: connections are accepted and nothing answers. Every call (a 300 KB
    put too, which the socket timeouts alone never ended) raises within its bound; after
    that the open breaker answers for S3 without one request being sent."""
    with moto_s3_process() as server:
        breaker = CircuitBreaker(4, 60.0)
        cache = S3BlobCache(
            "hung", clock, endpoint_url=server.endpoint_url, session=aws_session, region=REGION,
            timeout_s=HUNG_TIMEOUT_S, breaker=breaker,
        )  # fmt: skip
        async with cache:
            await cache.client.create_bucket(Bucket=cache.bucket)
            await cache.put(KEY, b"card", "image/png", 60)
            sent: list[str] = []
            cache.client.meta.events.register("before-send.s3", lambda **kw: sent.append("x"))
            server.pause()
            try:
                calls = [
                    lambda: cache.get(KEY),
                    lambda: cache.put("cards/9/big.png", b"x" * 300_000, "image/png", 60),
                    lambda: cache.ping(),
                    lambda: cache.delete_prefix("cards/"),
                ]
                for call in calls:
                    started = time.perf_counter()
                    with pytest.raises(S3Timeout):
                        await call()
                    assert time.perf_counter() - started < BOUND_S
                assert breaker.state is BreakerState.OPEN
                before = len(sent)
                for call in calls:
                    with pytest.raises(BlobStoreUnavailable):
                        await call()
                assert len(sent) == before
                tiered = TieredBlobCache(MemoryBlobCache(clock), cache, clock)
                assert await tiered.get(KEY) is None  # a quiet miss
            finally:
                server.resume()
