"""Card images: get a listing's or a collection's card from the cache, or render it once
and keep it (docs/adr/0020, 0021, 0050). A rendered card is served at once and stored in
the background (write-behind, docs/adr/0091), so a slow or dead cache never holds it."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from application.context import Deps
from domain import events
from domain.access import ensure_can_view
from domain.cards import (
    CardContent,
    CardSubject,
    CardVariant,
    CollectionCardContent,
    card_content,
    card_key,
    collection_card_content,
    collection_cards_prefix,
    listing_cards_prefix,
)
from domain.collections import Collection
from domain.errors import NotFound
from domain.ports import BlobCache, BlobStoreUnavailable, ImageRenderer, UnitOfWork
from domain.users import User
from domain.visibility import Visibility

logger = logging.getLogger("dealbrain.cards")
# How many recent render times `metadata` can report (older ones say None).
RENDER_TIMES_KEPT = 4096
# Cache writes under way at most (DEALBRAIN_CARD_WRITE_QUEUE); a card rendered while that
# many are waiting is served but not stored.
MAX_PENDING_WRITES = 32
# How long closing waits for the writes under way (each is bounded by the store too).
FLUSH_TIMEOUT_S = 10.0


class Placeholders(Protocol):
    def image(self, content: CardSubject, variant: CardVariant) -> bytes:
        """A plain image of the variant's size and format naming what the card is of (a
        listing's title and price, a collection's name), drawn without a browser."""
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
    # False when only some may see what the card shows (a collection that is not public):
    # the HTTP layer then keeps shared caches from holding it (docs/adr/0050).
    public: bool = True
    # Why a fallback was served (the renderer's error, in one line), for the CLI to say.
    error: str | None = None


class CardImages:
    def __init__(
        self,
        deps: Deps,
        renderer: ImageRenderer,
        blobs: BlobCache,
        placeholders: Placeholders,
        ttl: timedelta,
        *,
        max_pending_writes: int = MAX_PENDING_WRITES,
    ) -> None:
        self._deps = deps
        self._renderer = renderer
        self._blobs = blobs
        self._placeholders = placeholders
        self._ttl = ttl
        self._in_flight: dict[str, asyncio.Future[Card]] = {}
        self._render_ms: OrderedDict[str, float] = OrderedDict()
        self._max_pending_writes = max_pending_writes
        # Cards rendered and being written to the cache: served from here meanwhile.
        self._pending: dict[str, tuple[Card, asyncio.Task[None]]] = {}
        self.dropped_writes = 0

    async def card(self, listing_id: int, variant: CardVariant) -> Card:
        content = await self._content(listing_id)
        return await self._serve(content, variant, f"listing:{listing_id}")

    async def collection_card(
        self, viewer: User | None, collection_id: int, variant: CardVariant
    ) -> Card:
        """The collection's card, for whoever may read the collection (no view counted)."""
        async with self._deps.uow(read_only=True) as uow:
            collection = ensure_can_view(await uow.collections.get(collection_id), viewer)
            content = await _collection_content(uow, collection)
        card = await self._serve(content, variant, f"collection:{collection_id}")
        return replace(card, public=_anyone_may_see(collection))

    async def shared_collection_card(self, token: str, variant: CardVariant) -> Card:
        """The card of the collection behind a share link, as anyone holding the link sees
        it: a dead (revoked, expired, unknown) link or a collection the link does not open
        (private, hidden) is NotFound, as when the link is opened. No view counted."""
        now = self._deps.clock.now()
        async with self._deps.uow(read_only=True) as uow:
            link = await uow.share_tokens.get_by_token(token)
            if link is None or not link.is_usable(now):
                raise NotFound("share link not found, revoked or expired")
            collection = ensure_can_view(
                await uow.collections.get(link.collection_id), None, link=link, now=now
            )
            content = await _collection_content(uow, collection)
        card = await self._serve(content, variant, f"collection:{collection.id}")
        # Whoever holds the link sees it, not everyone: no shared cache keeps it, so a
        # revoked link stops showing the card (docs/adr/0050).
        return replace(card, public=False)

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
        return await self._purge(listing_cards_prefix(listing_id), f"listing {listing_id}")

    async def purge_collection(self, collection_id: int) -> int:
        """Drop every cached card of a collection (it, or its items, changed, or it is gone)."""
        return await self._purge(
            collection_cards_prefix(collection_id), f"collection {collection_id}"
        )

    async def flush(self, timeout_s: float = FLUSH_TIMEOUT_S) -> None:
        """Wait (at most `timeout_s`) for the cache writes under way: before closing."""
        await self._settle("", timeout_s)

    async def _purge(self, prefix: str, what: str) -> int:
        # Writes under way land first, so none of them brings a purged card back.
        await self._settle(prefix, FLUSH_TIMEOUT_S)
        try:
            return await self._blobs.delete_prefix(prefix)
        except BlobStoreUnavailable as error:
            logger.warning("could not purge the cards of %s: %s", what, error)
            return 0
        except Exception:
            # The change must not fail because the cache is down; the new content has a
            # new fingerprint anyway, so nothing stale can be served.
            logger.exception("could not purge the cards of %s", what)
            return 0

    async def _serve(self, content: CardSubject, variant: CardVariant, subject: str) -> Card:
        key = card_key(content, variant)
        cached = await self._cached(key, variant)
        if cached is not None:
            self._deps.emit(events.CARD_CACHE_HIT, None, subject, key=key)
            return cached
        # Single flight: concurrent requests for one variant share one render.
        flight = self._in_flight.get(key)
        if flight is None:
            flight = asyncio.ensure_future(self._render(content, variant, key, subject))
            self._in_flight[key] = flight
            flight.add_done_callback(lambda _: self._in_flight.pop(key, None))
        return await asyncio.shield(flight)

    async def _content(self, listing_id: int) -> CardContent:
        async with self._deps.uow(read_only=True) as uow:
            listing = await uow.listings.get(listing_id)
        if listing is None:
            raise NotFound(f"listing {listing_id} not found")
        return card_content(listing)

    async def _cached(self, key: str, variant: CardVariant) -> Card | None:
        pending = self._pending.get(key)
        if pending is not None:
            card = pending[0]
            if card.expires_at is None or self._deps.clock.now() < card.expires_at:
                return card
        try:
            blob = await self._blobs.get(key)
        except BlobStoreUnavailable as error:  # known down: no traceback per request
            logger.debug("card cache skipped (%s); rendering %s", error, key)
            return None
        except Exception:
            logger.exception("card cache unavailable; rendering %s", key)
            return None
        if blob is None:
            return None
        return Card(
            blob.data, blob.content_type, key, _etag(key), True, False,
            blob.created_at, blob.expires_at, self._render_ms.get(key),
        )  # fmt: skip

    async def _render(
        self, content: CardSubject, variant: CardVariant, key: str, subject: str
    ) -> Card:
        started = time.perf_counter()
        try:
            data = await self._renderer.render(content, variant)
        except Exception as error:
            logger.exception("rendering %s failed; serving a placeholder", key)
            placeholder = self._placeholders.image(content, variant)
            return Card(
                placeholder, variant.format.content_type, key, None, False, True, None, None, None,
                error=str(error).splitlines()[0] if str(error) else error.__class__.__name__,
            )  # fmt: skip
        render_ms = (time.perf_counter() - started) * 1000
        self._remember(key, render_ms)
        now = self._deps.clock.now()
        card = Card(
            data, variant.format.content_type, key, _etag(key), False, False,
            now, now + self._ttl, render_ms,
        )  # fmt: skip
        self._store_behind(card)
        self._deps.emit(events.CARD_RENDERED, None, subject, key=key, ms=render_ms)
        return card

    def _store_behind(self, card: Card) -> None:
        """Start writing the card to the cache and return: the response never waits for it."""
        if len(self._pending) >= self._max_pending_writes:
            self.dropped_writes += 1
            logger.warning(
                "card cache writes full (%d under way): %s served but not stored",
                len(self._pending),
                card.key,
            )
            return
        task = asyncio.create_task(self._store(card))
        self._pending[card.key] = (replace(card, cached=True), task)
        task.add_done_callback(lambda done: self._written(card.key, done))

    def _written(self, key: str, task: asyncio.Task[None]) -> None:
        if key in self._pending and self._pending[key][1] is task:
            del self._pending[key]

    async def _store(self, card: Card) -> None:
        try:
            seconds = int(self._ttl.total_seconds())
            await self._blobs.put(card.key, card.data, card.content_type, seconds)
        except BlobStoreUnavailable as error:
            logger.info("card cache skipped storing %s: %s", card.key, error)
        except Exception:
            logger.exception("could not store %s in the card cache; it was served anyway", card.key)

    async def _settle(self, prefix: str, timeout_s: float) -> None:
        writes = [task for key, (_, task) in self._pending.items() if key.startswith(prefix)]
        if not writes:
            return
        _, late = await asyncio.wait(writes, timeout=timeout_s)
        if late:
            logger.warning(
                "%d card cache write(s) still under way after %g s", len(late), timeout_s
            )

    def _remember(self, key: str, render_ms: float) -> None:
        self._render_ms[key] = render_ms
        while len(self._render_ms) > RENDER_TIMES_KEPT:
            self._render_ms.popitem(last=False)


async def _collection_content(uow: UnitOfWork, collection: Collection) -> CollectionCardContent:
    assert collection.id is not None
    items = await uow.collections.items(collection.id)
    listings = await uow.listings.get_many([item.listing_id for item in items])
    owner = await uow.users.get(collection.owner_id)
    return collection_card_content(collection, owner.username if owner else None, items, listings)


def _anyone_may_see(collection: Collection) -> bool:
    return collection.visibility is Visibility.PUBLIC and not collection.hidden_by_moderation


def _etag(key: str) -> str:
    # The key holds the content fingerprint and the variant: same key, same bytes.
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
