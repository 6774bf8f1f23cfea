"""BlobCache in process memory, bounded by the bytes it holds (ADR 0025)."""

from __future__ import annotations

import math
from datetime import timedelta

from cachetools import TLRUCache

from domain.ports import Blob, Clock


class MemoryBlobCache:
    """Least-recently-used blobs up to `max_bytes` of data; expiry read from `clock`.

    Only the data bytes count towards the bound (keys and object overhead do not). A blob
    larger than the whole bound is not cached at all.
    """

    def __init__(self, clock: Clock, max_bytes: int = 64 * 1024**2) -> None:
        self._clock = clock
        self._max_bytes = max_bytes
        self._blobs: TLRUCache[str, Blob] = TLRUCache(
            maxsize=max_bytes,
            ttu=_expiry_timestamp,
            timer=lambda: clock.now().timestamp(),
            getsizeof=lambda blob: len(blob.data),
        )

    @property
    def bytes_used(self) -> int:
        return int(self._blobs.currsize)

    async def get(self, key: str) -> Blob | None:
        return self._blobs.get(key)

    async def put(self, key: str, data: bytes, content_type: str, ttl_seconds: int) -> None:
        if ttl_seconds < 0:
            raise ValueError(f"ttl_seconds must be >= 0 (0: no expiry), got {ttl_seconds}")
        now = self._clock.now()
        expires_at = now + timedelta(seconds=ttl_seconds) if ttl_seconds else None
        if len(data) > self._max_bytes:
            self._blobs.pop(key, None)  # never leave the older value behind
            return
        self._blobs[key] = Blob(bytes(data), content_type, now, expires_at)

    async def delete_prefix(self, prefix: str) -> int:
        self._blobs.expire()
        doomed = [key for key in self._blobs if key.startswith(prefix)]
        for key in doomed:
            del self._blobs[key]
        return len(doomed)

    async def ping(self) -> None:
        return None


def _expiry_timestamp(_key: str, blob: Blob, _now: float) -> float:
    return blob.expires_at.timestamp() if blob.expires_at else math.inf
