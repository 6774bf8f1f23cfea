"""What only the memory BlobCache promises: it never holds more than `max_bytes` of data."""

from __future__ import annotations

from adapters.memory.blobs import MemoryBlobCache
from adapters.memory.clock import FixedClock


async def test_it_stays_under_max_bytes_evicting_the_least_recently_used(
    clock: FixedClock,
) -> None:
    cache = MemoryBlobCache(clock, max_bytes=1000)
    for index in range(10):
        await cache.put(f"k{index}", bytes(300), "image/png", 60)
        assert cache.bytes_used <= 1000

    assert cache.bytes_used == 900
    present = [index for index in range(10) if await cache.get(f"k{index}") is not None]
    assert present == [7, 8, 9]


async def test_a_read_keeps_a_blob_from_eviction(clock: FixedClock) -> None:
    cache = MemoryBlobCache(clock, max_bytes=1000)
    for index in range(3):
        await cache.put(f"k{index}", bytes(300), "image/png", 60)

    await cache.get("k0")
    await cache.put("k3", bytes(300), "image/png", 60)

    assert await cache.get("k0") is not None
    assert await cache.get("k1") is None


async def test_a_blob_larger_than_the_bound_is_not_cached_and_drops_the_old_one(
    clock: FixedClock,
) -> None:
    cache = MemoryBlobCache(clock, max_bytes=1000)
    await cache.put("k", b"small", "image/png", 60)

    await cache.put("k", bytes(1001), "image/png", 60)

    assert await cache.get("k") is None
    assert cache.bytes_used == 0


async def test_expired_blobs_free_their_bytes(clock: FixedClock) -> None:
    cache = MemoryBlobCache(clock, max_bytes=1000)
    await cache.put("old", bytes(600), "image/png", 10)
    clock.advance(seconds=10)

    await cache.put("new", bytes(600), "image/png", 10)

    assert cache.bytes_used == 600
    assert await cache.get("new") is not None


async def test_stored_data_is_a_copy(clock: FixedClock) -> None:
    cache = MemoryBlobCache(clock)
    data = bytearray(b"card")

    await cache.put("k", data, "image/png", 60)  # type: ignore[arg-type]
    data[:] = b"XXXX"

    blob = await cache.get("k")
    assert blob is not None
    assert blob.data == b"card"
