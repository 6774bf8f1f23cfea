"""What only the tiered BlobCache promises: the front is filled for the back's remaining
life, and a back store that fails on read is a miss (ADR 0028)."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.filesystem import FilesystemBlobCache
from adapters.memory.blobs import MemoryBlobCache
from adapters.memory.clock import FixedClock
from adapters.tiered import TieredBlobCache
from domain.ports import Blob

KEY = "cards/3/fp/light-social.png"


class DownBlobCache:
    """A back store that is unreachable."""

    async def get(self, key: str) -> Blob | None:
        raise ConnectionError("store down")

    async def put(self, key: str, data: bytes, content_type: str, ttl_seconds: int) -> None:
        raise ConnectionError("store down")

    async def delete_prefix(self, prefix: str) -> int:
        raise ConnectionError("store down")

    async def ping(self) -> None:
        raise ConnectionError("store down")


@pytest.fixture
def front(clock: FixedClock) -> MemoryBlobCache:
    return MemoryBlobCache(clock)


@pytest.fixture
def back(clock: FixedClock) -> MemoryBlobCache:
    return MemoryBlobCache(clock)


async def test_a_back_hit_fills_the_front_for_the_remaining_ttl(
    front: MemoryBlobCache, back: MemoryBlobCache, clock: FixedClock
) -> None:
    tiered = TieredBlobCache(front, back, clock)
    await back.put(KEY, b"card", "image/png", 60)
    expires_at = clock.now() + timedelta(seconds=60)
    clock.advance(seconds=40)

    blob = await tiered.get(KEY)

    assert blob is not None
    assert blob.expires_at == expires_at
    filled = await front.get(KEY)
    assert filled is not None
    assert (filled.data, filled.content_type, filled.expires_at) == (
        b"card",
        "image/png",
        expires_at,
    )


async def test_a_blob_in_its_last_second_is_not_copied_to_the_front(
    front: MemoryBlobCache, back: MemoryBlobCache, clock: FixedClock
) -> None:
    tiered = TieredBlobCache(front, back, clock)
    await back.put(KEY, b"card", "image/png", 60)
    clock.advance(seconds=59.5)

    assert await tiered.get(KEY) is not None
    assert await front.get(KEY) is None


async def test_a_back_without_expiry_fills_a_front_without_expiry(
    front: MemoryBlobCache, back: MemoryBlobCache, clock: FixedClock
) -> None:
    await back.put(KEY, b"card", "image/png", 0)

    await TieredBlobCache(front, back, clock).get(KEY)

    filled = await front.get(KEY)
    assert filled is not None
    assert filled.expires_at is None


async def test_delete_prefix_empties_both_and_counts_the_back(
    front: MemoryBlobCache, back: MemoryBlobCache, clock: FixedClock
) -> None:
    tiered = TieredBlobCache(front, back, clock)
    await tiered.put(KEY, b"card", "image/png", 60)
    await back.put("cards/3/fp/dark-story.png", b"card", "image/png", 60)

    assert await tiered.delete_prefix("cards/3/") == 2

    assert await front.get(KEY) is None
    assert await back.get(KEY) is None


async def test_a_back_that_fails_on_read_is_a_logged_miss(
    front: MemoryBlobCache, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    tiered = TieredBlobCache(front, DownBlobCache(), clock)

    with caplog.at_level(logging.WARNING):
        assert await tiered.get(KEY) is None

    assert "treated as a miss" in caplog.text


async def test_a_back_that_fails_on_write_raises_but_the_front_still_serves(
    front: MemoryBlobCache, clock: FixedClock
) -> None:
    tiered = TieredBlobCache(front, DownBlobCache(), clock)

    with pytest.raises(ConnectionError):
        await tiered.put(KEY, b"card", "image/png", 60)

    blob = await tiered.get(KEY)
    assert blob is not None
    assert blob.data == b"card"


async def test_a_back_that_fails_on_delete_raises_after_purging_the_front(
    front: MemoryBlobCache, clock: FixedClock
) -> None:
    tiered = TieredBlobCache(front, DownBlobCache(), clock)
    await front.put(KEY, b"card", "image/png", 60)

    with pytest.raises(ConnectionError):
        await tiered.delete_prefix("cards/3/")

    assert await front.get(KEY) is None


async def test_ping_reports_a_dead_back(front: MemoryBlobCache, clock: FixedClock) -> None:
    with pytest.raises(ConnectionError):
        await TieredBlobCache(front, DownBlobCache(), clock).ping()


async def test_a_key_the_back_refuses_is_stored_nowhere(
    front: MemoryBlobCache, tmp_path: Path, clock: FixedClock
) -> None:
    tiered = TieredBlobCache(front, FilesystemBlobCache(tmp_path, clock), clock)

    with pytest.raises(ValueError):
        await tiered.put("../escape.png", b"x", "image/png", 60)

    assert await front.get("../escape.png") is None
