"""Collection cards on fakes: access as the collection's, share links as `open` checks
them, no view counted, the listing cards' cache rules, and purging on every change."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from adapters.memory.blobs import MemoryBlobCache
from application.cards import CardImages
from application.collection_items import CollectionItems
from application.collections import Collections
from domain import events as names
from domain.cards import CardSize, CardVariant, CollectionCardContent
from domain.collections import ItemStatus
from domain.errors import NotFound
from domain.visibility import Visibility
from tests.unit.application.test_cards import SOCIAL, CountingRenderer, Placeholders

STORY = CardVariant(size=CardSize.STORY)


class CollectionRenderer(CountingRenderer):
    """Keeps what it was asked to draw."""

    def __init__(self) -> None:
        super().__init__()
        self.drawn: list[object] = []

    async def render(self, content, variant) -> bytes:  # type: ignore[no-untyped-def]
        self.calls += 1
        self.drawn.append(content)
        await asyncio.sleep(self.delay)
        if self.fail:
            raise RuntimeError("browser gone")
        return f"{content!r}|{variant}".encode()


@pytest.fixture
def renderer() -> CollectionRenderer:
    return CollectionRenderer()


@pytest.fixture
def blobs(clock) -> MemoryBlobCache:  # type: ignore[no-untyped-def]
    return MemoryBlobCache(clock)


@pytest.fixture
def cards(deps, renderer, blobs) -> CardImages:  # type: ignore[no-untyped-def]
    return CardImages(deps, renderer, blobs, Placeholders(), timedelta(days=30))


@pytest.fixture
def collections(deps, cards) -> Collections:  # type: ignore[no-untyped-def]
    return Collections(deps, on_changed=[cards.purge_collection])


@pytest.fixture
def items(deps, cards) -> CollectionItems:  # type: ignore[no-untyped-def]
    return CollectionItems(deps, on_changed=[cards.purge_collection])


@pytest.fixture
async def filled(new_collection, new_listing, items, alice):  # type: ignore[no-untyped-def]
    """A public collection of alice's with four listings, one of them rejected."""
    collection = await new_collection(Visibility.PUBLIC, name="Homelab")
    plain = await new_listing("Plain", 100.0)
    good = await new_listing("Good", 100.0, adjusted=110.0)
    great = await new_listing("Great", 100.0, adjusted=150.0)
    rejected = await new_listing("Rejected", 100.0, adjusted=300.0)
    for listing in (plain, good, great):
        await items.add(alice, collection.id, listing.id)
    await items.add(alice, collection.id, rejected.id, status=ItemStatus.REJECTED)
    return collection


async def test_the_card_shows_name_owner_count_and_top_three_deals(
    cards, renderer, filled, alice
) -> None:
    card = await cards.collection_card(alice, filled.id, SOCIAL)

    content = renderer.drawn[0]
    assert isinstance(content, CollectionCardContent)
    assert (content.name, content.owner, content.item_count) == ("Homelab", "alice", 4)
    assert [deal.title for deal in content.deals] == ["Great", "Good", "Plain"]
    assert card.key.startswith(f"cards/collections/{filled.id}/")
    assert card.key.endswith("/light-social.png") and card.etag and not card.cached


async def test_cache_first_and_one_render_for_concurrent_requests(
    cards, renderer, filled, events
) -> None:
    renderer.delay = 0.05
    results = await asyncio.gather(
        *(cards.collection_card(None, filled.id, SOCIAL) for _ in range(8))
    )
    again = await cards.collection_card(None, filled.id, SOCIAL)

    assert renderer.calls == 1 and again.cached
    assert len({r.data for r in results} | {again.data}) == 1
    assert names.CARD_RENDERED in events.names() and names.CARD_CACHE_HIT in events.names()


async def test_access_is_the_collections(cards, new_collection, alice, bob, admin) -> None:
    private = await new_collection(Visibility.PRIVATE)
    unlisted = await new_collection(Visibility.UNLISTED)

    for viewer in (None, bob):
        for collection in (private, unlisted):
            with pytest.raises(NotFound):
                await cards.collection_card(viewer, collection.id, SOCIAL)
    assert not (await cards.collection_card(alice, private.id, SOCIAL)).public
    assert not (await cards.collection_card(admin, unlisted.id, SOCIAL)).public
    with pytest.raises(NotFound):
        await cards.collection_card(alice, 999, SOCIAL)


async def test_a_public_collection_card_is_public_until_hidden(
    cards, filled, moderation, bob
) -> None:
    assert (await cards.collection_card(None, filled.id, SOCIAL)).public
    await moderation.set_hidden(filled.id, True)
    with pytest.raises(NotFound):
        await cards.collection_card(bob, filled.id, SOCIAL)


async def test_no_view_is_counted(cards, filled, share_links, alice, bob, uow) -> None:
    link = await share_links.create(alice, filled.id)
    await cards.collection_card(bob, filled.id, SOCIAL)
    await cards.shared_collection_card(link.token, SOCIAL)

    async with uow() as tx:
        assert (await tx.collections.get(filled.id)).view_count == 0
        assert (await tx.share_tokens.get(link.id)).view_count == 0


async def test_a_share_link_opens_the_card_as_it_opens_the_collection(
    cards, new_collection, share_links, collections, alice, clock
) -> None:
    unlisted = await new_collection(Visibility.UNLISTED)
    link = await share_links.create(alice, unlisted.id)
    short = await share_links.create(
        alice, unlisted.id, expires_at=clock.now() + timedelta(hours=1)
    )

    card = await cards.shared_collection_card(link.token, SOCIAL)
    assert card.key.startswith(f"cards/collections/{unlisted.id}/") and not card.public

    await share_links.revoke(alice, unlisted.id, link.id)
    with pytest.raises(NotFound):
        await cards.shared_collection_card(link.token, SOCIAL)
    clock.advance(hours=2)
    with pytest.raises(NotFound):
        await cards.shared_collection_card(short.token, SOCIAL)
    with pytest.raises(NotFound):
        await cards.shared_collection_card("no-such-token", SOCIAL)


async def test_a_link_to_a_private_or_hidden_collection_is_not_found(
    cards, new_collection, share_links, collections, moderation, alice
) -> None:
    collection = await new_collection(Visibility.UNLISTED)
    link = await share_links.create(alice, collection.id)
    await collections.update(alice, collection.id, {"visibility": Visibility.PRIVATE})
    with pytest.raises(NotFound):
        await cards.shared_collection_card(link.token, SOCIAL)
    await collections.update(alice, collection.id, {"visibility": Visibility.UNLISTED})
    await moderation.set_hidden(collection.id, True)
    with pytest.raises(NotFound):
        await cards.shared_collection_card(link.token, SOCIAL)


async def test_a_failed_render_serves_a_placeholder_of_the_collection(
    cards, renderer, blobs, filled
) -> None:
    renderer.fail = True
    card = await cards.collection_card(None, filled.id, STORY)

    assert card.fallback and card.etag is None and card.data == b"placeholder story"
    assert isinstance(cards._placeholders.drawn[0], CollectionCardContent)
    assert blobs.bytes_used == 0


async def _held(blobs, keys: list[str]) -> int:  # type: ignore[no-untyped-def]
    return sum([await blobs.get(key) is not None for key in keys])


@pytest.mark.parametrize(
    "change",
    ["rename", "add", "update-item", "remove", "reorder", "delete"],
)
async def test_every_change_purges_the_collections_cards_only(
    cards, filled, new_collection, new_listing, collections, items, blobs, alice, change
) -> None:
    other = await new_collection(Visibility.PUBLIC, name="Other")
    mine = [(await cards.collection_card(alice, filled.id, v)).key for v in (SOCIAL, STORY)]
    theirs = [(await cards.collection_card(alice, other.id, SOCIAL)).key]
    assert await _held(blobs, mine) == 2
    present = [item.listing_id for item in await _items(collections, alice, filled.id)]

    if change == "rename":
        await collections.update(alice, filled.id, {"name": "Renamed"})
    elif change == "add":
        await items.add(alice, filled.id, (await new_listing("New one")).id)
    elif change == "update-item":
        await items.update(alice, filled.id, present[0], {"notes": "check the fan"})
    elif change == "remove":
        await items.remove(alice, filled.id, present[0])
    elif change == "reorder":
        await items.reorder(alice, filled.id, list(reversed(present)))
    else:
        await collections.delete(alice, filled.id)

    assert await _held(blobs, mine) == 0
    assert await _held(blobs, theirs) == 1


async def _items(collections, alice, collection_id):  # type: ignore[no-untyped-def]
    return (await collections.get(alice, collection_id)).items


async def test_a_purge_with_the_cache_down_does_not_fail_the_change(deps, renderer) -> None:
    from tests.unit.application.test_cards import BrokenBlobs

    cards = CardImages(deps, renderer, BrokenBlobs(), Placeholders(), timedelta(days=1))
    assert await cards.purge_collection(1) == 0
