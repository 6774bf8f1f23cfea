"""Export over HTTP: v1.0.0 files that validate against the committed JSON Schema."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jsonschema
import pytest
from dependency_injector import providers

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "docs/schemas/deal-brain-export-schema-v1.0.0.json").read_text()
)


def valid(document: dict) -> dict:
    jsonschema.validate(document, SCHEMA)
    return document


async def test_a_deal_exports_as_a_valid_attachment(
    client, alice, make_listing, full_listing, events
) -> None:
    listing = await make_listing(alice, **full_listing)
    response = await client.get(f"/listings/{listing['id']}/export")

    assert response.status_code == 200
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="deal-brain-deal-beelink-ser5')
    assert disposition.endswith(f'-{listing["id"]}.json"')
    document = valid(response.json())
    assert document["deal_brain_export"]["type"] == "deal"
    exported = document["data"]["listing"]
    assert exported["title"] == listing["title"] and exported["id"] == listing["id"]
    assert (
        document["data"]["valuation"]["valuation_breakdown"]
        == (full_listing["valuation"]["valuation_breakdown"])
    )
    assert "export.created" in events.names()


async def test_collections_export_only_when_readable(
    client, alice, bob, make_listing, make_collection, add_item
) -> None:
    listing = await make_listing(alice)
    private = await make_collection(alice)
    await add_item(alice, private["id"], listing["id"], notes="check fan noise")
    path = f"/collections/{private['id']}/export"

    assert (await client.get(path, headers=bob)).status_code == 404
    assert (await client.get(path)).status_code == 404
    mine = await client.get(path, headers=alice)
    document = valid(mine.json())
    item = document["data"]["items"][0]
    assert item["notes"] == "check fan noise" and item["listing"]["listing"]["id"] == listing["id"]


@pytest.mark.parametrize("visibility", ["public"])
async def test_csv_export_has_a_row_per_item(
    client, alice, make_listing, make_collection, add_item, visibility
) -> None:
    collection = await make_collection(alice, visibility=visibility)
    for title in ("HP 800 G4", "Lenovo M720q"):
        listing = await make_listing(alice, title=title)
        await add_item(alice, collection["id"], listing["id"])
    response = await client.get(f"/collections/{collection['id']}/export", params={"format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["title"] for row in rows] == ["HP 800 G4", "Lenovo M720q"]
    assert [row["position"] for row in rows] == ["0", "1"]


async def test_unknown_export_format_is_400(client, alice, make_collection) -> None:
    collection = await make_collection(alice)
    response = await client.get(
        f"/collections/{collection['id']}/export", params={"format": "xml"}, headers=alice
    )
    assert response.status_code == 400 and response.json()["field"] == "format"


class SteerableClock:
    """The real time, shifted on demand: how a test lets a link expire."""

    def __init__(self) -> None:
        self.shift = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.shift


@pytest.fixture(autouse=True)
def steer(container) -> SteerableClock:
    """Autouse, so set up before the use cases exist: they keep the clock they are given."""
    clock = SteerableClock()
    container.clock.override(providers.Object(clock))
    return clock


@pytest.fixture
async def shared_link(client, alice, make_listing, make_collection, add_item):
    """Alice's unlisted collection of two items and a live link: (collection, link)."""
    collection = await make_collection(alice, name="Shared Mini PCs", visibility="unlisted")
    for title in ("HP 800 G4", "Lenovo M720q"):
        listing = await make_listing(alice, title=title)
        await add_item(alice, collection["id"], listing["id"])
    link = await client.post(f"/collections/{collection['id']}/share-tokens", headers=alice)
    assert link.status_code == 201, link.text
    return collection, link.json()


async def test_a_share_link_exports_a_valid_attachment(client, shared_link, events) -> None:
    collection, link = shared_link
    events.published.clear()

    response = await client.get(f"/s/{link['token']}/export")

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="deal-brain-collection-shared-mini-pcs')
    assert disposition.endswith(f'-{collection["id"]}.json"')
    document = valid(response.json())
    assert document["deal_brain_export"]["type"] == "collection"
    titles = [item["listing"]["listing"]["title"] for item in document["data"]["items"]]
    assert titles == ["HP 800 G4", "Lenovo M720q"]
    [event] = events.published
    assert (event.name, event.actor_id, event.subject) == (
        "export.created",
        None,
        f"collection:{collection['id']}",
    )


async def test_a_share_link_exports_csv_with_the_header_row(client, shared_link) -> None:
    collection, link = shared_link

    response = await client.get(f"/s/{link['token']}/export", params={"format": "csv"})

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].endswith(f'-{collection["id"]}.csv"')
    header, *rows = list(csv.reader(io.StringIO(response.text)))
    assert header[:6] == ["position", "status", "notes", "added_at", "listing_id", "title"]
    assert [row[5] for row in rows] == ["HP 800 G4", "Lenovo M720q"]


async def test_a_shared_export_counts_no_view(client, alice, shared_link) -> None:
    collection, link = shared_link
    await client.get(f"/s/{link['token']}/export")
    read = await client.get(f"/collections/{collection['id']}", headers=alice)
    [listed] = (
        await client.get(f"/collections/{collection['id']}/share-tokens", headers=alice)
    ).json()["items"]
    assert (read.json()["view_count"], listed["view_count"]) == (0, 0)


async def test_revoked_and_private_links_export_nothing(
    client, alice, shared_link, expect_error
) -> None:
    collection, link = shared_link
    base = f"/collections/{collection['id']}"
    path = f"/s/{link['token']}/export"

    await client.patch(base, json={"visibility": "private"}, headers=alice)
    expect_error(await client.get(path), 404, "not_found")
    expect_error(await client.get(path, headers=alice), 404, "not_found")

    await client.patch(base, json={"visibility": "unlisted"}, headers=alice)
    assert (await client.get(path)).status_code == 200
    await client.delete(f"{base}/share-tokens/{link['id']}", headers=alice)
    for fmt in ("json", "csv"):
        expect_error(await client.get(path, params={"format": fmt}), 404, "not_found")
    expect_error(await client.get("/s/no-such-token/export"), 404, "not_found")


async def test_an_expired_link_exports_nothing(
    client, alice, shared_link, steer, expect_error
) -> None:
    collection, _ = shared_link
    expires = (steer.now() + timedelta(minutes=5)).isoformat()
    made = await client.post(
        f"/collections/{collection['id']}/share-tokens",
        json={"expires_at": expires},
        headers=alice,
    )
    assert made.status_code == 201, made.text
    path = f"/s/{made.json()['token']}/export"
    assert (await client.get(path)).status_code == 200

    steer.shift = timedelta(minutes=5)
    for fmt in ("json", "csv"):
        expect_error(await client.get(path, params={"format": fmt}), 404, "not_found")


async def test_csv_content_type_names_its_charset_once(client, alice, make_collection) -> None:
    collection = await make_collection(alice, visibility="public")
    response = await client.get(f"/collections/{collection['id']}/export", params={"format": "csv"})
    assert response.headers.get_list("content-type") == ["text/csv; charset=utf-8"]


async def test_one_users_formula_reaches_anothers_csv_as_text(
    client, alice, bob, make_listing, make_collection, add_item
) -> None:
    """Listings are shared: bob's title in alice's export must not run as a formula."""
    listing = await make_listing(bob, title='=HYPERLINK("https://evil.example","deal")')
    collection = await make_collection(alice, visibility="public")
    await add_item(alice, collection["id"], listing["id"], notes="@SUM(1+1)")

    response = await client.get(
        f"/collections/{collection['id']}/export", params={"format": "csv"}, headers=alice
    )

    [row] = list(csv.DictReader(io.StringIO(response.text)))
    assert row["title"] == '\'=HYPERLINK("https://evil.example","deal")'
    assert row["notes"] == "'@SUM(1+1)"
