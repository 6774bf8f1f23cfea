"""Two BlobCaches as one: a fast front (memory) over a shared back (S3 or filesystem).

Failure policy (ADR 0028): the back store is the authority for writes, so its errors on
put, delete_prefix and ping propagate; but a read it cannot answer is logged and counted
as a miss, and the front still caches what is put while the back is down.
"""

from __future__ import annotations

import logging
import math

from domain.ports import Blob, BlobCache, BlobStoreUnavailable, Clock

log = logging.getLogger(__name__)


class TieredBlobCache:
    def __init__(self, front: BlobCache, back: BlobCache, clock: Clock) -> None:
        self._front = front
        self._back = back
        self._clock = clock

    async def get(self, key: str) -> Blob | None:
        blob = await self._front.get(key)
        if blob is not None:
            return blob
        try:
            blob = await self._back.get(key)
        except BlobStoreUnavailable as error:  # known down (its breaker is open): quietly
            log.debug("blob back store skipped reading %r: %s", key, error)
            return None
        except Exception:
            log.warning("blob back store failed reading %r; treated as a miss", key, exc_info=True)
            return None
        if blob is not None:
            await self._fill_front(key, blob)
        return blob

    async def put(self, key: str, data: bytes, content_type: str, ttl_seconds: int) -> None:
        try:
            await self._back.put(key, data, content_type, ttl_seconds)
        except ValueError:
            raise  # a key or TTL the back refuses is stored nowhere
        except Exception:
            await self._front.put(key, data, content_type, ttl_seconds)
            raise
        await self._front.put(key, data, content_type, ttl_seconds)

    async def delete_prefix(self, prefix: str) -> int:
        """Back first (so a concurrent read cannot refill the front from it); the back's
        count, since the front holds a subset that eviction may have thinned."""
        try:
            return await self._back.delete_prefix(prefix)
        finally:
            await self._front.delete_prefix(prefix)

    async def ping(self) -> None:
        await self._back.ping()
        await self._front.ping()

    async def _fill_front(self, key: str, blob: Blob) -> None:
        """Copy to the front for what remains of the blob's life (0: no expiry)."""
        ttl_seconds = 0
        if blob.expires_at is not None:
            remaining = (blob.expires_at - self._clock.now()).total_seconds()
            ttl_seconds = math.floor(remaining)
            if ttl_seconds < 1:
                return
        try:
            await self._front.put(key, blob.data, blob.content_type, ttl_seconds)
        except Exception:
            log.warning("blob front store failed filling %r", key, exc_info=True)
