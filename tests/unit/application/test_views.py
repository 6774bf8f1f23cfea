"""Who counts a view (ADR 0060): not the owner, not an admin, not a crawler.

Collections.get and ShareLinks.open count one view (and say so with `collection.viewed`)
only when `count_view` is true and `domain.access.counts_as_view` agrees; the detail they
answer with shows the count after the read.
"""

from __future__ import annotations

import pytest

from domain import events as names
from domain.visibility import Visibility

# (who, count_view, counted): `count_view=False` is what the HTTP layer passes for a crawler.
READERS = [
    pytest.param("alice", True, False, id="owner"),
    pytest.param("admin", True, False, id="admin"),
    pytest.param("bob", True, True, id="other user"),
    pytest.param(None, True, True, id="anonymous"),
    pytest.param("bob", False, False, id="crawler with a user's key"),
    pytest.param(None, False, False, id="anonymous crawler"),
    pytest.param("alice", False, False, id="owner's crawler"),
]


@pytest.mark.parametrize(("who", "count_view", "counted"), READERS)
async def test_a_read_by_id_counts_only_for_readers_that_count(
    collections, new_collection, users, alice, events, who, count_view, counted
):
    made = await new_collection(Visibility.PUBLIC)
    events.published.clear()

    detail = await collections.get(users[who], made.id, count_view=count_view)

    views = 1 if counted else 0
    assert detail.collection.view_count == views
    assert (await collections.get(alice, made.id)).collection.view_count == views
    viewer = users[who]
    expected = [(viewer.id if viewer else None, f"collection:{made.id}", {"via": "id"})]
    assert [(e.actor_id, e.subject, e.data) for e in events.published] == (
        expected if counted else []
    )
    assert events.names() == ([names.COLLECTION_VIEWED] if counted else [])


@pytest.mark.parametrize(("who", "count_view", "counted"), READERS)
async def test_a_read_through_a_link_counts_only_for_readers_that_count(
    share_links, collections, new_collection, users, alice, events, who, count_view, counted
):
    made = await new_collection(Visibility.UNLISTED)
    link = await share_links.create(alice, made.id)
    events.published.clear()

    detail = await share_links.open(users[who], link.token, count_view=count_view)

    views = 1 if counted else 0
    assert detail.collection.id == made.id
    assert detail.collection.view_count == views
    assert (await collections.get(alice, made.id)).collection.view_count == views
    [listed] = await share_links.list(alice, made.id)
    assert listed.view_count == views
    viewer = users[who]
    data = {"via": "share_link", "token_id": link.id}
    expected = [(viewer.id if viewer else None, f"collection:{made.id}", data)]
    assert [(e.actor_id, e.subject, e.data) for e in events.published] == (
        expected if counted else []
    )


async def test_count_view_defaults_to_true(share_links, collections, new_collection, alice, bob):
    made = await new_collection(Visibility.PUBLIC)
    link = await share_links.create(alice, made.id)

    await collections.get(bob, made.id)
    await share_links.open(None, link.token)

    assert (await collections.get(alice, made.id)).collection.view_count == 2
    [listed] = await share_links.list(alice, made.id)
    assert listed.view_count == 1


async def test_uncounted_reads_leave_earlier_counts_alone(
    share_links, collections, new_collection, alice, bob, admin
):
    made = await new_collection(Visibility.UNLISTED)
    link = await share_links.create(alice, made.id)
    await share_links.open(bob, link.token)
    await share_links.open(None, link.token)

    for reader, count_view in ((alice, True), (admin, True), (bob, False), (None, False)):
        opened = await share_links.open(reader, link.token, count_view=count_view)
        assert opened.collection.view_count == 2
        read = await collections.get(alice, made.id, count_view=count_view)
        assert read.collection.view_count == 2
    [listed] = await share_links.list(alice, made.id)
    assert listed.view_count == 2
