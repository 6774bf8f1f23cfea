"""ShareLinks: owners make, list and revoke links; anyone holding a live one reads."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from domain import events as names
from domain.errors import Forbidden, Invalid, NotFound, Unauthorized
from domain.visibility import Visibility

PRIVATE, UNLISTED, PUBLIC = Visibility.PRIVATE, Visibility.UNLISTED, Visibility.PUBLIC
URL_SAFE = re.compile(r"[A-Za-z0-9_-]{43,}")


async def test_create_makes_a_long_random_url_safe_token(
    share_links, new_collection, alice, clock, events
):
    made = await new_collection(UNLISTED)
    first = await share_links.create(alice, made.id)
    second = await share_links.create(alice, made.id, clock.now() + timedelta(days=1))

    assert URL_SAFE.fullmatch(first.token) and URL_SAFE.fullmatch(second.token)
    assert first.token != second.token and first.id != second.id
    assert (first.collection_id, first.created_at, first.view_count) == (made.id, clock.now(), 0)
    assert (first.expires_at, first.revoked_at) == (None, None)
    assert second.expires_at == clock.now() + timedelta(days=1)
    shared = [e for e in events.published if e.name == names.COLLECTION_SHARED]
    assert [(e.actor_id, e.subject) for e in shared] == [(alice.id, f"collection:{made.id}")] * 2
    assert shared[0].data == {"token_id": first.id, "expires_at": None}
    assert shared[1].data["expires_at"] == second.expires_at.isoformat()


@pytest.mark.parametrize(
    ("visibility", "who", "error"),
    [
        (PUBLIC, "bob", Forbidden),
        (PUBLIC, "admin", Forbidden),
        (PRIVATE, "bob", NotFound),
        (UNLISTED, "bob", NotFound),
        (PUBLIC, None, Unauthorized),
        (PRIVATE, None, Unauthorized),
    ],
)
async def test_only_the_owner_creates_lists_and_revokes(
    share_links, new_collection, users, alice, events, visibility, who, error
):
    made = await new_collection(visibility)
    link = await share_links.create(alice, made.id)
    events.published.clear()
    actor = users[who]
    for call in (
        lambda: share_links.create(actor, made.id),
        lambda: share_links.list(actor, made.id),
        lambda: share_links.revoke(actor, made.id, link.id),
    ):
        with pytest.raises(error):
            await call()
    assert await share_links.list(alice, made.id) == [link]
    assert events.published == []


@pytest.mark.parametrize("delta", [timedelta(0), timedelta(seconds=-1), timedelta(days=-3)])
async def test_expiry_must_be_in_the_future(share_links, new_collection, alice, clock, delta):
    made = await new_collection(UNLISTED)
    with pytest.raises(Invalid) as caught:
        await share_links.create(alice, made.id, clock.now() + delta)
    assert caught.value.field == "expires_at"
    assert await share_links.list(alice, made.id) == []


async def test_list_shows_view_counts(share_links, new_collection, alice):
    made = await new_collection(UNLISTED)
    seen = await share_links.create(alice, made.id)
    unseen = await share_links.create(alice, made.id)
    for _ in range(3):
        await share_links.open(None, seen.token)

    listed = await share_links.list(alice, made.id)
    assert [(t.id, t.view_count) for t in listed] == [(seen.id, 3), (unseen.id, 0)]


async def test_revoke_keeps_the_first_revocation_time(share_links, new_collection, alice, clock):
    made = await new_collection(UNLISTED)
    link = await share_links.create(alice, made.id)
    revoked = await share_links.revoke(alice, made.id, link.id)
    assert revoked.revoked_at == clock.now()
    first = clock.now()
    clock.advance(hours=1)
    again = await share_links.revoke(alice, made.id, link.id)
    assert again.revoked_at == first
    [stored] = await share_links.list(alice, made.id)
    assert stored.revoked_at == first


async def test_revoke_through_the_wrong_collection_is_not_found(share_links, new_collection, alice):
    made, other = await new_collection(UNLISTED), await new_collection(UNLISTED, name="Other")
    link = await share_links.create(alice, made.id)
    for collection_id, token_id in [(other.id, link.id), (made.id, 999)]:
        with pytest.raises(NotFound):
            await share_links.revoke(alice, collection_id, token_id)
    [stored] = await share_links.list(alice, made.id)
    assert stored.revoked_at is None


@pytest.mark.parametrize("visibility", [UNLISTED, PUBLIC])
@pytest.mark.parametrize("who", ["bob", None])
async def test_open_reads_unlisted_and_public(
    share_links, new_collection, new_listing, items, users, alice, visibility, who
):
    made = await new_collection(visibility)
    listing = await new_listing("NUC", 150.0)
    await items.add(alice, made.id, listing.id)
    link = await share_links.create(alice, made.id)

    detail = await share_links.open(users[who], link.token)
    assert detail.collection.id == made.id and detail.owner == alice
    assert [i.listing_id for i in detail.items] == [listing.id]
    assert detail.listings[listing.id].title == "NUC"


async def test_open_counts_one_view_on_link_and_collection(
    share_links, collections, new_collection, alice, bob, events
):
    made = await new_collection(UNLISTED)
    link = await share_links.create(alice, made.id)
    events.published.clear()

    first = await share_links.open(bob, link.token)
    second = await share_links.open(None, link.token)

    assert (first.collection.view_count, second.collection.view_count) == (1, 2)
    assert (await collections.get(alice, made.id)).collection.view_count == 2
    [listed] = await share_links.list(alice, made.id)
    assert listed.view_count == 2
    assert events.names() == [names.COLLECTION_VIEWED] * 2
    assert [e.actor_id for e in events.published] == [bob.id, None]
    for event in events.published:
        assert event.subject == f"collection:{made.id}"
        assert event.data == {"via": "share_link", "token_id": link.id}


async def test_link_is_shut_while_private_and_opens_again(
    share_links, collections, new_collection, alice, bob
):
    made = await new_collection(UNLISTED)
    link = await share_links.create(alice, made.id)
    await collections.update(alice, made.id, {"visibility": PRIVATE})
    for who in (bob, None):
        with pytest.raises(NotFound):
            await share_links.open(who, link.token)

    await collections.update(alice, made.id, {"visibility": UNLISTED})
    assert (await share_links.open(bob, link.token)).collection.id == made.id
    [listed] = await share_links.list(alice, made.id)
    assert listed.view_count == 1, "the refused opens counted nothing"


@pytest.mark.parametrize("dead", ["revoked", "expired"])
async def test_dead_link_is_not_found_even_for_public(
    share_links, new_collection, alice, bob, clock, dead
):
    made = await new_collection(PUBLIC)
    link = await share_links.create(alice, made.id, clock.now() + timedelta(hours=1))
    if dead == "revoked":
        await share_links.revoke(alice, made.id, link.id)
    else:
        clock.advance(hours=1)
    for who in (bob, None, alice):
        with pytest.raises(NotFound):
            await share_links.open(who, link.token)
    [listed] = await share_links.list(alice, made.id)
    assert listed.view_count == 0


async def test_unknown_token_is_not_found(share_links, new_collection, alice) -> None:
    made = await new_collection(PUBLIC)
    link = await share_links.create(alice, made.id)
    for token in ("nope", link.token[:-1], link.token.upper(), ""):
        with pytest.raises(NotFound):
            await share_links.open(alice, token)


async def test_hidden_collection_opens_only_for_its_owner(
    share_links, collections, moderation, new_collection, alice, bob
):
    made = await new_collection(PUBLIC)
    link = await share_links.create(alice, made.id)
    await moderation.set_hidden(made.id, True)

    for who in (bob, None):
        with pytest.raises(NotFound):
            await share_links.open(who, link.token)
    assert (await share_links.open(alice, link.token)).collection.hidden_by_moderation
    assert (await collections.get(alice, made.id)).collection.id == made.id


async def test_naive_expiry_is_refused_or_read_as_utc(share_links, new_collection, alice):
    made = await new_collection(UNLISTED)
    try:
        link = await share_links.create(alice, made.id, datetime(2030, 1, 1))
    except Invalid as caught:
        assert caught.field == "expires_at"
    else:
        assert link.expires_at is not None and link.expires_at.tzinfo is not None


async def test_anonymous_with_past_expiry_is_unauthorized(share_links, new_collection, clock):
    made = await new_collection(PUBLIC)
    with pytest.raises(Unauthorized):
        await share_links.create(None, made.id, clock.now() - timedelta(days=1))
