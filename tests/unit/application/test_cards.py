"""CardImages on fakes: cache first, render once, fall back, purge, and keep serving."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest

from adapters.memory.blobs import MemoryBlobCache
from application.cards import CardImages
from domain import events as names
from domain.cards import CardFormat, CardSize, CardStyle, CardVariant
from domain.errors import NotFound
from domain.ports import BlobStoreUnavailable

SOCIAL = CardVariant()
DARK_STORY = CardVariant(CardStyle.DARK, CardSize.STORY, CardFormat.JPEG)


class CountingRenderer:
    """Draws 'bytes' that name what was drawn; can be slowed down or made to fail."""

    def __init__(self) -> None:
        self.calls = 0
        self.delay = 0.0
        self.fail = False

    async def render(self, content, variant) -> bytes:  # type: ignore[no-untyped-def]
        self.calls += 1
        await asyncio.sleep(self.delay)
        if self.fail:
            raise RuntimeError("browser gone")
        return f"{content.title}|{content.price_usd}|{variant}".encode()


class Placeholders:
    def __init__(self) -> None:
        self.drawn: list[object] = []

    def image(self, content, variant: CardVariant) -> bytes:  # type: ignore[no-untyped-def]
        self.drawn.append(content)
        return f"placeholder {variant.size}".encode()


class BrokenBlobs:
    """A blob store that is down: every call raises."""

    async def get(self, key):  # type: ignore[no-untyped-def]
        raise ConnectionError("s3 down")

    async def put(self, *args):  # type: ignore[no-untyped-def]
        raise ConnectionError("s3 down")

    async def delete_prefix(self, prefix):  # type: ignore[no-untyped-def]
        raise ConnectionError("s3 down")

    async def ping(self) -> None:
        raise ConnectionError("s3 down")


@pytest.fixture
def renderer() -> CountingRenderer:
    return CountingRenderer()


@pytest.fixture
def blobs(clock) -> MemoryBlobCache:  # type: ignore[no-untyped-def]
    return MemoryBlobCache(clock)


@pytest.fixture
def cards(deps, renderer, blobs) -> CardImages:  # type: ignore[no-untyped-def]
    return CardImages(deps, renderer, blobs, Placeholders(), timedelta(days=30))


async def test_first_request_renders_and_stores_then_the_cache_answers(
    cards, renderer, new_listing, events
) -> None:
    listing = await new_listing()
    first = await cards.card(listing.id, SOCIAL)
    second = await cards.card(listing.id, SOCIAL)

    assert renderer.calls == 1
    assert (first.cached, second.cached) == (False, True)
    assert first.data == second.data and first.etag == second.etag
    assert first.key.startswith(f"cards/{listing.id}/") and first.key.endswith("light-social.png")
    assert first.content_type == second.content_type == "image/png"
    assert names.CARD_RENDERED in events.names() and names.CARD_CACHE_HIT in events.names()


async def test_each_variant_is_its_own_image(cards, renderer, new_listing) -> None:
    listing = await new_listing()
    light = await cards.card(listing.id, SOCIAL)
    dark = await cards.card(listing.id, DARK_STORY)
    assert renderer.calls == 2
    assert light.key != dark.key and dark.content_type == "image/jpeg"


async def test_a_price_change_gives_a_new_key_etag_and_bytes(
    cards, catalog, alice, new_listing
) -> None:
    listing = await new_listing(adjusted=130.0)
    before = await cards.card(listing.id, SOCIAL)
    await catalog.update(alice, listing.id, {"price_usd": 90.0})
    after = await cards.card(listing.id, SOCIAL)
    assert (after.key, after.etag, after.data) != (before.key, before.etag, before.data)
    assert not after.cached


async def test_concurrent_requests_for_one_variant_render_once(
    cards, renderer, new_listing
) -> None:
    listing = await new_listing()
    renderer.delay = 0.05
    results = await asyncio.gather(*(cards.card(listing.id, SOCIAL) for _ in range(12)))
    assert renderer.calls == 1
    assert len({r.data for r in results}) == 1


async def test_a_failed_render_serves_a_placeholder_that_is_never_cached(
    cards, renderer, blobs, new_listing
) -> None:
    listing = await new_listing()
    renderer.fail = True
    card = await cards.card(listing.id, DARK_STORY)
    assert card.fallback and card.etag is None
    assert card.data == b"placeholder story"
    # The placeholder is told what the card is of (it draws the title and price).
    assert [c.title for c in cards._placeholders.drawn] == [listing.title]
    assert blobs.bytes_used == 0
    renderer.fail = False
    assert not (await cards.card(listing.id, DARK_STORY)).fallback


async def test_with_the_blob_store_down_the_card_is_still_rendered_and_served(
    deps, renderer, new_listing
) -> None:
    cards = CardImages(deps, renderer, BrokenBlobs(), Placeholders(), timedelta(days=1))
    listing = await new_listing()
    card = await cards.card(listing.id, SOCIAL)
    assert not card.fallback and card.data.startswith(listing.title.encode())
    assert await cards.purge(listing.id) == 0  # logged, not raised


async def test_metadata_reports_the_cache_without_rendering(
    cards, renderer, new_listing, clock
) -> None:
    listing = await new_listing()
    empty = await cards.metadata(listing.id, SOCIAL)
    assert (empty.cached, renderer.calls) == (False, 0)
    await cards.card(listing.id, SOCIAL)
    held = await cards.metadata(listing.id, SOCIAL)
    assert held.cached and held.key == empty.key and held.render_ms is not None
    assert held.expires_at == clock.now() + timedelta(days=30)


async def test_purge_drops_every_variant_of_that_listing_only(cards, renderer, new_listing) -> None:
    one, two = await new_listing(), await new_listing(title="Lenovo M720q")
    for variant in (SOCIAL, DARK_STORY):
        await cards.card(one.id, variant)
    await cards.card(two.id, SOCIAL)
    assert await cards.purge(one.id) == 2
    assert not (await cards.metadata(one.id, SOCIAL)).cached
    assert (await cards.metadata(two.id, SOCIAL)).cached


async def test_an_unknown_listing_is_not_found(cards) -> None:
    with pytest.raises(NotFound):
        await cards.card(999, SOCIAL)


async def test_cards_expire_with_the_ttl(cards, renderer, new_listing, clock) -> None:
    listing = await new_listing()
    await cards.card(listing.id, SOCIAL)
    clock.advance(days=31)
    assert not (await cards.card(listing.id, SOCIAL)).cached
    assert renderer.calls == 2


def test_variants_are_hashable_and_distinct() -> None:
    assert len({SOCIAL, DARK_STORY, replace(SOCIAL)}) == 2


# -- Write-behind (issue 11, docs/adr/0091) ----------------------------------------------------


class HeldBlobs(MemoryBlobCache):
    """A memory cache whose puts wait until `release` is set: a slow or hung store."""

    def __init__(self, clock) -> None:  # type: ignore[no-untyped-def]
        super().__init__(clock)
        self.release = asyncio.Event()
        self.puts_started = 0

    async def put(self, key, data, content_type, ttl_seconds) -> None:  # type: ignore[no-untyped-def]
        self.puts_started += 1
        await self.release.wait()
        await super().put(key, data, content_type, ttl_seconds)


class SkippingBlobs(BrokenBlobs):
    """A store whose breaker is open: every call says so at once."""

    async def get(self, key):  # type: ignore[no-untyped-def]
        raise BlobStoreUnavailable("S3 skipped")

    async def put(self, *args):  # type: ignore[no-untyped-def]
        raise BlobStoreUnavailable("S3 skipped")


async def test_a_card_is_served_without_waiting_for_its_cache_write(
    deps, renderer, new_listing, clock
) -> None:
    blobs = HeldBlobs(clock)
    cards = CardImages(deps, renderer, blobs, Placeholders(), timedelta(days=1))
    listing = await new_listing()

    first = await asyncio.wait_for(cards.card(listing.id, SOCIAL), 2)
    second = await asyncio.wait_for(cards.card(listing.id, SOCIAL), 2)

    assert not first.cached and second.cached and second.data == first.data
    assert renderer.calls == 1  # the card being written answers meanwhile
    assert await blobs.get(first.key) is None
    blobs.release.set()
    await cards.flush()
    assert (await blobs.get(first.key)).data == first.data  # type: ignore[union-attr]


async def test_writes_beyond_the_queue_are_dropped_and_counted(
    deps, renderer, new_listing, clock, caplog
) -> None:
    blobs = HeldBlobs(clock)
    cards = CardImages(
        deps, renderer, blobs, Placeholders(), timedelta(days=1), max_pending_writes=2
    )
    listing = await new_listing()

    for variant in (SOCIAL, DARK_STORY, CardVariant(CardStyle.DARK)):
        assert not (await cards.card(listing.id, variant)).fallback
    await asyncio.sleep(0)

    assert (blobs.puts_started, cards.dropped_writes) == (2, 1)
    assert "served but not stored" in caplog.text
    blobs.release.set()
    await cards.flush()
    assert blobs.puts_started == 2


async def test_a_purge_waits_for_the_writes_under_way(deps, renderer, new_listing, clock) -> None:
    blobs = HeldBlobs(clock)
    cards = CardImages(deps, renderer, blobs, Placeholders(), timedelta(days=1))
    listing = await new_listing()
    card = await cards.card(listing.id, SOCIAL)

    purge = asyncio.create_task(cards.purge(listing.id))
    await asyncio.sleep(0.01)
    assert not purge.done()
    blobs.release.set()

    assert await purge == 1
    assert await blobs.get(card.key) is None  # no write lands after the purge


async def test_a_store_known_down_costs_no_traceback(deps, renderer, new_listing, caplog) -> None:
    cards = CardImages(deps, renderer, SkippingBlobs(), Placeholders(), timedelta(days=1))
    listing = await new_listing()

    card = await cards.card(listing.id, SOCIAL)
    await cards.flush()

    assert not card.fallback and card.data.startswith(listing.title.encode())
    assert "Traceback" not in caplog.text and not any(r.exc_info for r in caplog.records)
