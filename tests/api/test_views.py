"""Views over HTTP (ADR 0060): owners, admins and crawlers count none.

`GET /s/{token}` is asked for JSON explicitly (`Accept: application/json`): a browser's
request for it is the web page's business.
"""

from __future__ import annotations

import pytest

JSON = {"Accept": "application/json"}
CRAWLERS = [
    "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "Discordbot/2.0",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Twitterbot/1.0",
]
BROWSER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)


@pytest.fixture
async def shared(client, alice, make_collection):
    """Alice's public collection and a live link to it: (collection id, link)."""
    collection = await make_collection(alice, visibility="public")
    link = await client.post(f"/collections/{collection['id']}/share-tokens", headers=alice)
    assert link.status_code == 201, link.text
    return collection["id"], link.json()


async def counts(client, alice, collection_id):
    """(the collection's view count, its one link's view count), read by the owner."""
    read = await client.get(f"/collections/{collection_id}", headers=alice)
    links = await client.get(f"/collections/{collection_id}/share-tokens", headers=alice)
    [link] = links.json()["items"]
    return read.json()["view_count"], link["view_count"]


def viewed(events):
    return [e for e in events.published if e.name == "collection.viewed"]


@pytest.mark.parametrize("user_agent", CRAWLERS)
@pytest.mark.parametrize("who", ["anonymous", "bob"])
async def test_a_crawler_counts_no_view_by_id_or_through_the_link(
    client, alice, bob, shared, events, user_agent, who
):
    collection_id, link = shared
    headers = {"User-Agent": user_agent, **(bob if who == "bob" else {})}

    by_id = await client.get(f"/collections/{collection_id}", headers=headers)
    by_link = await client.get(f"/s/{link['token']}", headers={**headers, **JSON})

    assert by_id.status_code == by_link.status_code == 200, by_link.text
    assert by_id.json()["view_count"] == by_link.json()["view_count"] == 0
    assert await counts(client, alice, collection_id) == (0, 0)
    assert viewed(events) == []


@pytest.mark.parametrize("user_agent", [BROWSER, "curl/8.5.0", None])
async def test_people_and_their_tools_count_views(client, alice, bob, shared, events, user_agent):
    collection_id, link = shared
    agent = {"User-Agent": user_agent} if user_agent else {}

    by_id = await client.get(f"/collections/{collection_id}", headers={**agent, **bob})
    by_link = await client.get(f"/s/{link['token']}", headers={**agent, **JSON})

    assert by_id.json()["view_count"] == 1
    assert by_link.json()["view_count"] == 2
    assert await counts(client, alice, collection_id) == (2, 1)
    assert [e.data["via"] for e in viewed(events)] == ["id", "share_link"]


@pytest.mark.parametrize("who", ["alice", "admin"])
async def test_the_owner_and_admins_count_no_view(client, alice, admin, shared, events, who):
    collection_id, link = shared
    headers = alice if who == "alice" else admin

    by_id = await client.get(f"/collections/{collection_id}", headers=headers)
    by_link = await client.get(f"/s/{link['token']}", headers={**headers, **JSON})

    assert by_id.status_code == by_link.status_code == 200, by_link.text
    assert by_id.json()["view_count"] == by_link.json()["view_count"] == 0
    assert await counts(client, alice, collection_id) == (0, 0)
    assert viewed(events) == []


async def test_a_crawler_is_still_refused_what_it_may_not_read(
    client, alice, make_collection, expect_error
):
    private = await make_collection(alice)
    crawler = {"User-Agent": "Twitterbot/1.0"}
    expect_error(
        await client.get(f"/collections/{private['id']}", headers=crawler), 404, "not_found"
    )
    expect_error(
        await client.get("/s/no-such-token", headers={**crawler, **JSON}), 404, "not_found"
    )
