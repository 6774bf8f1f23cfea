"""Export over HTTP: v1.0.0 files that validate against the committed JSON Schema."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "docs/schemas/deal-brain-export-v1.0.0.json").read_text()
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
