"""The upcaster chain as pure functions over plain JSON values."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from domain.portability import STEPS, Step, UnsupportedVersion, upcast, upcast_traced
from domain.portability.draft_0_9 import upcast_0_9_0
from domain.portability.envelope import NESTED_DATA_WARNING
from tests.unit.portable.builders import fixture_json

STAMP = "2025-06-02T14:20:00Z"


def draft(kind: str, data: Any) -> dict[str, Any]:
    header = {"version": "0.9.0", "exported_at": STAMP, "type": kind, "data": data}
    return {"deal_brain_export": header}


def test_a_current_document_passes_unchanged() -> None:
    document = fixture_json("deal-v1.0.0-full.json")
    before = copy.deepcopy(document)
    assert upcast(document) == (before, [])


def test_a_later_minor_passes_unchanged_with_the_version_warning() -> None:
    document = fixture_json("deal-v1.1.0-extra-field.json")
    result, warnings = upcast(document)
    assert result == fixture_json("deal-v1.1.0-extra-field.json")
    assert len(warnings) == 1 and "1.1.0" in warnings[0]


def test_a_refused_version_is_not_upcast() -> None:
    with pytest.raises(UnsupportedVersion):
        upcast(fixture_json("deal-v2.0.0.json"))


def test_data_nested_in_the_envelope_moves_to_the_top_with_a_warning() -> None:
    document = fixture_json("deal-v1.0.0-nested-data.json")
    before = copy.deepcopy(document)
    result = upcast_traced(document)
    assert document == before
    assert "data" not in result.document["deal_brain_export"]
    assert result.document["data"] == before["deal_brain_export"]["data"]
    assert result.warnings == [NESTED_DATA_WARNING]
    assert result.origin("$.data.listing.title") == "$.deal_brain_export.data.listing.title"
    assert result.origin("$.deal_brain_export.type") == "$.deal_brain_export.type"


def test_top_level_data_wins_over_a_nested_copy() -> None:
    document = fixture_json("deal-v1.0.0-full.json")
    document["deal_brain_export"]["data"] = {"listing": {}}
    result = upcast_traced(document)
    assert result.document is document and result.warnings == []
    assert result.origin("$.data.listing") == "$.data.listing"


def test_a_draft_deal_is_renamed_and_defaulted() -> None:
    document = fixture_json("deal-v0.9.0.json")
    before = copy.deepcopy(document)
    result, warnings = upcast(document)
    assert document == before  # pure
    assert result["deal_brain_export"] == {
        "version": "1.0.0",
        "exported_at": "2025-06-02T14:20:00",
        "type": "deal",
    }
    assert result["data"]["listing"] == {
        "seller": "thinclientdepot",
        "custom_fields": {"batch": "A7", "qty_available": 14},
        "title": "Dell Wyse 5070 J5005 8GB",
        "price_usd": 45,
        "listing_url": "https://www.ebay.com/itm/204411112222",
        "condition": "used",
        "status": "active",
        "id": 0,
        "created_at": "2025-06-02T14:20:00",
        "updated_at": "2025-06-02T14:20:00",
    }
    assert result["data"]["valuation"] == before["deal_brain_export"]["data"]["valuation"]
    assert warnings == ["$.deal_brain_export.version: upcast from draft 0.9.0 to 1.0.0"]


def test_a_draft_keeps_what_it_has() -> None:
    listing = {
        "id": 7,
        "name": "A",
        "title": "B",
        "price": 1,
        "condition": "new",
        "status": "archived",
        "created_at": "2025-01-01T00:00:00Z",
    }
    result, _ = upcast(draft("deal", {"listing": listing}))
    upcast_listing = result["data"]["listing"]
    assert upcast_listing["title"] == "B" and upcast_listing["name"] == "A"  # name: unknown
    assert upcast_listing["id"] == 7 and upcast_listing["condition"] == "new"
    assert upcast_listing["status"] == "archived"
    assert upcast_listing["created_at"] == "2025-01-01T00:00:00Z"
    assert upcast_listing["updated_at"] == STAMP


def test_a_draft_collection_wraps_each_listing_and_orders_the_items() -> None:
    document = fixture_json("collection-v0.9.0.json")
    before = copy.deepcopy(document)
    result = upcast_traced(document)
    assert document == before
    items = result.document["data"]["items"]
    assert [item["position"] for item in items] == [0, 1, 2]
    assert [item["status"] for item in items] == ["shortlisted", "undecided", "bought"]
    assert [item.get("notes") for item in items] == ["needs a 2nd NIC", None, None]
    assert all(item["added_at"] == "2025-06-02T14:20:00Z" for item in items)
    assert [set(item["listing"]) for item in items] == [{"listing"}] * 3
    second = items[1]["listing"]["listing"]
    assert second["title"] == "HP t620 Plus" and second["price_usd"] == 38.5
    assert second["listing_url"] == "https://www.ebay.com/itm/11" and second["id"] == 0
    assert items[2]["listing"]["listing"]["created_at"] == "2025-05-01T00:00:00Z"
    assert (
        result.document["data"]["collection"] == before["deal_brain_export"]["data"]["collection"]
    )


@pytest.mark.parametrize(
    ("path", "original"),
    [
        ("$.data.items[1].listing.listing.title", "$.deal_brain_export.data.items[1].listing.name"),
        (
            "$.data.items[1].listing.listing.price_usd",
            "$.deal_brain_export.data.items[1].listing.price",
        ),
        (
            "$.data.items[0].listing.listing.condition",
            "$.deal_brain_export.data.items[0].listing.condition",
        ),
        ("$.data.items[1].listing.listing.created_at", "$.deal_brain_export.exported_at"),
        ("$.data.items[1].added_at", "$.deal_brain_export.exported_at"),
        ("$.data.items[1].listing", "$.deal_brain_export.data.items[1].listing"),
        ("$.data.items[2].status", "$.deal_brain_export.data.items[2].status"),
        ("$.data.collection.name", "$.deal_brain_export.data.collection.name"),
        ("$.deal_brain_export.exported_at", "$.deal_brain_export.exported_at"),
    ],
)
def test_paths_in_an_upcast_collection_lead_back_to_the_draft(path: str, original: str) -> None:
    assert upcast_traced(fixture_json("collection-v0.9.0.json")).origin(path) == original


def test_paths_in_an_upcast_deal_lead_back_to_the_draft() -> None:
    result = upcast_traced(fixture_json("deal-v0.9.0.json"))
    assert result.origin("$.data.listing.title") == "$.deal_brain_export.data.listing.name"
    assert result.origin("$.data.listing.listing_url") == "$.deal_brain_export.data.listing.url"
    assert result.origin("$.data.valuation") == "$.deal_brain_export.data.valuation"
    assert result.origin("$.data.listing.updated_at") == "$.deal_brain_export.exported_at"


def test_a_draft_with_data_at_the_top_is_read_from_there() -> None:
    document = draft("deal", None)
    document["deal_brain_export"].pop("data")
    document["data"] = {"listing": {"name": "x", "price": 1}}
    result = upcast_traced(document)
    assert result.document["data"]["listing"]["title"] == "x"
    assert result.origin("$.data.listing.title") == "$.data.listing.name"


@pytest.mark.parametrize(
    "data",
    [
        None,
        "text",
        5,
        [],
        {"listing": "text"},
        {"listing": [1]},
        {"items": {"a": 1}},
        {"items": [1, None, "x", {"listing": 3}, {}]},
        {"collection": []},
    ],
)
@pytest.mark.parametrize("kind", ["deal", "collection", "banana", None, ["deal"]])
def test_a_draft_of_the_wrong_shape_is_passed_on_for_the_decoder_to_name(data, kind) -> None:
    document = draft("deal", data)
    document["deal_brain_export"]["type"] = kind
    before = copy.deepcopy(document)
    result, _ = upcast(document)
    assert document == before
    assert result["deal_brain_export"]["version"] == "1.0.0"
    if data is None:
        assert "data" not in result


def test_a_future_version_is_one_more_step_in_the_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def first(document):
        calls.append("0.9.0→0.9.5")
        header = dict(document["deal_brain_export"], version="0.9.5")
        data = header.pop("data")
        return {"deal_brain_export": header, "data": data}, ["first"], {"$.data": "$.old"}

    def second(document):
        calls.append("0.9.5→1.0.0")
        upcast_document, _, moves = upcast_0_9_0(document)
        return upcast_document, ["second"], moves

    monkeypatch.setitem(STEPS, "0.9.0", Step("0.9.5", first))
    monkeypatch.setitem(STEPS, "0.9.5", Step("1.0.0", second))
    result = upcast_traced(draft("deal", {"listing": {"name": "x"}}))
    assert calls == ["0.9.0→0.9.5", "0.9.5→1.0.0"]
    assert result.warnings == ["first", "second"]
    assert result.version_found == "0.9.0"
    assert result.document["data"]["listing"]["title"] == "x"
    assert result.origin("$.data.listing.title") == "$.old.listing.name"


def test_a_draft_collection_without_an_id_is_upcast_to_id_0_like_a_listing() -> None:
    document = fixture_json("collection-v0.9.0-no-id.json")
    before = copy.deepcopy(document)
    result = upcast_traced(document)
    assert document == before
    collection = result.document["data"]["collection"]
    assert collection["id"] == 0
    # Its missing times are the export's, as a listing's are, and say where they came from.
    assert collection["created_at"] == collection["updated_at"] == STAMP
    assert result.origin("$.data.collection.created_at") == "$.deal_brain_export.exported_at"
    assert result.origin("$.data.collection.name") == "$.deal_brain_export.data.collection.name"
    assert [item["listing"]["listing"]["id"] for item in result.document["data"]["items"]] == [0, 0]


def test_a_draft_collection_keeps_the_id_and_times_it_has() -> None:
    collection = {
        "id": 9,
        "name": "n",
        "visibility": "private",
        "created_at": "2025-01-01T00:00:00Z",
        "updated_at": "2025-01-02T00:00:00Z",
    }
    result, _ = upcast(draft("collection", {"collection": dict(collection), "items": []}))
    assert result["data"]["collection"] == collection
