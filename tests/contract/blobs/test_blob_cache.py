"""The BlobCache contract: what every backend does the same way."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from adapters.memory.clock import FixedClock
from domain.ports import BlobCache

KEY = "cards/42/ab12cd34/light-social.png"
TTL = 60


async def test_put_then_get_round_trips_bytes_content_type_and_times(
    blobs: BlobCache, clock: FixedClock
) -> None:
    await blobs.put(KEY, b"\x89PNG card", "image/png", TTL)

    blob = await blobs.get(KEY)

    assert blob is not None
    assert blob.data == b"\x89PNG card"
    assert blob.content_type == "image/png"
    assert blob.created_at == clock.now()
    assert blob.expires_at == clock.now() + timedelta(seconds=TTL)


async def test_a_missing_key_is_none(blobs: BlobCache) -> None:
    assert await blobs.get("cards/1/nothing/light-social.png") is None


async def test_a_put_replaces_the_blob(blobs: BlobCache) -> None:
    await blobs.put(KEY, b"old", "image/png", TTL)
    await blobs.put(KEY, b"new bytes", "image/jpeg", TTL)

    blob = await blobs.get(KEY)

    assert blob is not None
    assert (blob.data, blob.content_type) == (b"new bytes", "image/jpeg")


async def test_a_blob_lives_exactly_its_ttl(blobs: BlobCache, clock: FixedClock) -> None:
    await blobs.put(KEY, b"card", "image/png", TTL)

    clock.advance(seconds=TTL - 1)
    assert await blobs.get(KEY) is not None
    clock.advance(seconds=1)
    assert await blobs.get(KEY) is None
    assert await blobs.get(KEY) is None


async def test_a_zero_ttl_never_expires(blobs: BlobCache, clock: FixedClock) -> None:
    await blobs.put(KEY, b"card", "image/png", 0)
    clock.advance(days=3650)

    blob = await blobs.get(KEY)

    assert blob is not None
    assert blob.expires_at is None


async def test_a_negative_ttl_is_refused(blobs: BlobCache) -> None:
    with pytest.raises(ValueError, match="ttl_seconds"):
        await blobs.put(KEY, b"card", "image/png", -1)


async def test_an_expired_blob_can_be_put_again(blobs: BlobCache, clock: FixedClock) -> None:
    await blobs.put(KEY, b"first", "image/png", TTL)
    clock.advance(seconds=TTL)
    assert await blobs.get(KEY) is None

    await blobs.put(KEY, b"second", "image/png", TTL)

    blob = await blobs.get(KEY)
    assert blob is not None
    assert blob.data == b"second"


async def test_every_byte_value_survives(blobs: BlobCache) -> None:
    data = bytes(range(256)) * 64 + b"\n\r\x00"

    await blobs.put(KEY, data, "application/octet-stream", TTL)

    blob = await blobs.get(KEY)
    assert blob is not None
    assert blob.data == data


async def test_empty_data_is_a_blob(blobs: BlobCache) -> None:
    await blobs.put(KEY, b"", "image/png", TTL)

    blob = await blobs.get(KEY)

    assert blob is not None
    assert blob.data == b""


async def test_keys_with_slashes_are_independent(blobs: BlobCache) -> None:
    keys = ["a", "a/b", "a/b/c.png", "a/bc.png", "cards/1/f/dark-story.jpeg"]
    for index, key in enumerate(keys):
        await blobs.put(key, f"blob {index}".encode(), "image/png", TTL)

    for index, key in enumerate(keys):
        blob = await blobs.get(key)
        assert blob is not None, key
        assert blob.data == f"blob {index}".encode()


async def test_delete_prefix_removes_exactly_the_matching_keys(blobs: BlobCache) -> None:
    keys = [
        "cards/1/old/light-social.png",
        "cards/1/old/dark-story.jpeg",
        "cards/1/new/light-social.png",
        "cards/12/fp/light-social.png",
        "cards/2/fp/light-social.png",
        "other/1/x.png",
    ]
    for key in keys:
        await blobs.put(key, key.encode(), "image/png", TTL)

    assert await blobs.delete_prefix("cards/1/old/") == 2
    assert await blobs.delete_prefix("cards/1/") == 1
    assert await blobs.delete_prefix("cards/1/") == 0
    assert await blobs.delete_prefix("nothing/") == 0

    kept = {key for key in keys if await blobs.get(key) is not None}
    assert kept == {"cards/12/fp/light-social.png", "cards/2/fp/light-social.png", "other/1/x.png"}


async def test_delete_prefix_matches_strings_not_folders(blobs: BlobCache) -> None:
    for key in ["cards/1/a.png", "cards/12/a.png", "cards/2/a.png"]:
        await blobs.put(key, b"x", "image/png", TTL)

    assert await blobs.delete_prefix("cards/1") == 2

    assert await blobs.get("cards/2/a.png") is not None


async def test_a_key_can_be_put_again_after_its_prefix_is_deleted(blobs: BlobCache) -> None:
    await blobs.put(KEY, b"one", "image/png", TTL)
    await blobs.delete_prefix("cards/42/")

    await blobs.put(KEY, b"two", "image/png", TTL)

    blob = await blobs.get(KEY)
    assert blob is not None
    assert blob.data == b"two"


async def test_ping_answers(blobs: BlobCache) -> None:
    await blobs.ping()


async def test_concurrent_puts_and_gets_of_one_key_never_tear(blobs: BlobCache) -> None:
    versions = {f"image/x-{i}": bytes([i]) * 150_000 for i in range(6)}
    await blobs.put(KEY, versions["image/x-0"], "image/x-0", TTL)

    results = await asyncio.gather(
        *(blobs.put(KEY, data, content_type, TTL) for content_type, data in versions.items()),
        *(blobs.get(KEY) for _ in range(12)),
    )

    for blob in [*results[len(versions) :], await blobs.get(KEY)]:
        assert blob is not None
        assert versions[blob.content_type] == blob.data
