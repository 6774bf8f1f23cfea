"""Card images: get a listing's card from the cache, or render it once and keep it."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from application.context import Deps
from domain import events
from domain.cards import CardContent, CardVariant, card_content, card_key
from domain.errors import NotFound
from domain.ports import BlobCache, ImageRenderer

logger = logging.getLogger("dealbrain.cards")
# How many recent render times `metadata` can report (older ones say None).
RENDER_TIMES_KEPT = 4096


class Placeholders(Protocol):
    def image(self, variant: CardVariant) -> bytes:
        """A plain image of the variant's size and format, drawn without a browser."""
        ...


@dataclass(frozen=True, slots=True)
class Card:
    data: bytes
    content_type: str
    key: str
    etag: str | None
    cached: bool
    fallback: bool
    generated_at: datetime | None
    expires_at: datetime | None
    render_ms: float | None


class CardImages:
    def __init__(
        self,
        deps: Deps,
        renderer: ImageRenderer,
        blobs: BlobCache,
        placeholders: Placeholders,
        ttl: timedelta,
    ) -> None:
        self._deps = deps
        self._renderer = renderer
        self._blobs = blobs
        self._placeholders = placeholders
        self._ttl = ttl
        self._in_flight: dict[str, asyncio.Future[Card]] = {}
        self._render_ms: OrderedDict[str, float] = OrderedDict()

    async def card(self, listing_id: int, variant: CardVariant) -> Card:
        content = await self._content(listing_id)
        key = card_key(content, variant)
        cached = await self._cached(key, variant)
        if cached is not None:
            self._deps.emit(events.CARD_CACHE_HIT, None, f"listing:{listing_id}", key=key)
            return cached
        # Single flight: concurrent requests for one variant share one render.
        flight = self._in_flight.get(key)
        if flight is None:
            flight = asyncio.ensure_future(self._render(content, variant, key))
            self._in_flight[key] = flight
            flight.add_done_callback(lambda _: self._in_flight.pop(key, None))
        return await asyncio.shield(flight)

    async def metadata(self, listing_id: int, variant: CardVariant) -> Card:
        """What the cache holds for this variant, without rendering it."""
        content = await self._content(listing_id)
        key = card_key(content, variant)
        cached = await self._cached(key, variant)
        if cached is not None:
            return cached
        return Card(b"", variant.format.content_type, key, None, False, False, None, None, None)

    async def purge(self, listing_id: int) -> int:
        """Drop every cached variant of a listing (its content changed or it is gone)."""
        try:
            return await self._blobs.delete_prefix(f"cards/{listing_id}/")
        except Exception:
            # The listing change must not fail because the cache is down; the new content
            # has a new fingerprint anyway, so nothing stale can be served.
            logger.exception("could not purge the cards of listing %s", listing_id)
            return 0

    async def _content(self, listing_id: int) -> CardContent:
        async with self._deps.uow() as uow:
            listing = await uow.listings.get(listing_id)
        if listing is None:
            raise NotFound(f"listing {listing_id} not found")
        return card_content(listing)

    async def _cached(self, key: str, variant: CardVariant) -> Card | None:
        try:
            blob = await self._blobs.get(key)
        except Exception:
            logger.exception("card cache unavailable; rendering %s", key)
            return None
        if blob is None:
            return None
        return Card(
            blob.data, blob.content_type, key, _etag(key), True, False,
            blob.created_at, blob.expires_at, self._render_ms.get(key),
        )  # fmt: skip

    async def _render(self, content: CardContent, variant: CardVariant, key: str) -> Card:
        started = time.perf_counter()
        try:
            data = await self._renderer.render(content, variant)
        except Exception:
            logger.exception("rendering %s failed; serving a placeholder", key)
            placeholder = self._placeholders.image(variant)
            return Card(
                placeholder, variant.format.content_type, key, None, False, True, None, None, None
            )
        render_ms = (time.perf_counter() - started) * 1000
        self._remember(key, render_ms)
        now = self._deps.clock.now()
        try:
            seconds = int(self._ttl.total_seconds())
            await self._blobs.put(key, data, variant.format.content_type, seconds)
        except Exception:
            logger.exception("could not store %s in the card cache; serving it anyway", key)
        self._deps.emit(
            events.CARD_RENDERED, None, f"listing:{content.listing_id}", key=key, ms=render_ms
        )
        return Card(
            data, variant.format.content_type, key, _etag(key), False, False,
            now, now + self._ttl, render_ms,
        )  # fmt: skip

    def _remember(self, key: str, render_ms: float) -> None:
        self._render_ms[key] = render_ms
        while len(self._render_ms) > RENDER_TIMES_KEPT:
            self._render_ms.popitem(last=False)


def _etag(key: str) -> str:
    # The key holds the content fingerprint and the variant: same key, same bytes.
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
