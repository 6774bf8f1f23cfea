"""Reading files as they look in the wild: fixtures written by hand."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from uuid import UUID

import pytest

from domain.portability import MalformedDocument
from schemas.portable import CollectionDocument, DealDocument, read_document
from schemas.portable.reader import UNKNOWN_FIELDS_LISTED
from tests.unit.portable.builders import fixture_bytes, fixture_json

READABLE = [
    ("deal-v1.0.0-full.json", "deal", "1.0.0", 0),
    ("deal-v1.0.0-explicit-nulls.json", "deal", "1.0.0", 0),
    ("deal-v1.0.0-zoneless-times.json", "deal", "1.0.0", 0),
    ("deal-v1.0.0-unknown-fields.json", "deal", "1.0.0", 7),
    ("deal-v1.0.0-nested-data.json", "deal", "1.0.0", 1),
    ("deal-v1.1.0-extra-field.json", "deal", "1.1.0", 3),
    ("deal-v0.9.0.json", "deal", "0.9.0", 1),
    ("collection-v1.0.0.json", "collection", "1.0.0", 1),
    ("collection-v0.9.0.json", "collection", "0.9.0", 1),
]


@pytest.mark.parametrize(("name", "kind", "version", "warnings"), READABLE)
def test_every_readable_fixture_is_read(name: str, kind: str, version: str, warnings: int) -> None:
    result = read_document(fixture_bytes(name))
    assert (result.kind, result.version_found, len(result.warnings)) == (kind, version, warnings)
    expected = DealDocument if kind == "deal" else CollectionDocument
    assert isinstance(result.document, expected)
    assert result.document.deal_brain_export.version in {"1.0.0", "1.1.0"}


def test_a_full_deal_keeps_every_field() -> None:
    data = read_document(fixture_bytes("deal-v1.0.0-full.json")).document.data
    raw = fixture_json("deal-v1.0.0-full.json")["data"]
    assert data.listing.title == raw["listing"]["title"]
    assert [u.label for u in data.listing.other_urls] == ["r/homelabsales post", None]
    assert list(data.listing.custom_fields) == ["warranty_days", "shipping", "tags"]
    assert data.listing.custom_fields == raw["listing"]["custom_fields"]
    assert data.valuation.valuation_breakdown == raw["valuation"]["valuation_breakdown"]
    assert data.performance.cpu.igpu_model == "Intel HD Graphics 630"
    assert [p.count for p in data.performance.ports.ports] == [6, 1, 2, 1, 1]
    assert data.performance.ports.profile_name == "OptiPlex Micro rear"
    assert [c.quantity for c in data.performance.components] == [2, 1]
    assert data.performance.components[0].metadata == {"part": "KCP424SS8/8"}
    assert data.performance.metrics.perf_per_watt == 170.3
    assert data.metadata.form_factor == "micro"
    assert data.listing.created_at == datetime(2025, 11, 18, 9, 31, 12, 500000, tzinfo=UTC)


def test_explicit_nulls_read_like_omitted_fields_but_stay_inside_opaque_json() -> None:
    result = read_document(fixture_bytes("deal-v1.0.0-explicit-nulls.json"))
    data = result.document.data
    assert result.document.deal_brain_export.exported_by is None
    assert data.listing.other_urls == [] and data.listing.custom_fields == {}
    assert data.listing.seller is None and data.metadata is None
    assert data.performance.ports.ports[0].count == 1
    assert data.performance.components[0].quantity == 1
    assert data.valuation.valuation_breakdown == {"note": None, "lines": []}


def test_zoneless_times_are_read_as_utc_and_others_converted() -> None:
    document = read_document(fixture_bytes("deal-v1.0.0-zoneless-times.json")).document
    header, listing = document.deal_brain_export, document.data.listing
    assert header.exported_at == datetime(2025, 11, 19, 12, 0, 0, 123456, tzinfo=UTC)
    assert listing.price_date == datetime(2025, 11, 17, tzinfo=UTC)
    assert listing.updated_at == datetime(2025, 11, 18, 16, 45, 30, 500000, tzinfo=UTC)
    assert listing.updated_at.tzinfo is UTC
    assert header.exported_by == UUID(int=42)


def test_unknown_fields_anywhere_are_reported_by_path() -> None:
    result = read_document(fixture_bytes("deal-v1.0.0-unknown-fields.json"))
    assert result.warnings == [
        f"{path}: unknown field, ignored"
        for path in (
            "$.deal_brain_export.app_build",
            "$.data.listing.colour",
            "$.data.performance.cpu.boost_ghz",
            "$.data.performance.ports.ports[0].alt_mode",
            '$.data.performance.components[0]["vendor sku"]',
            "$.data.thumbnail_url",
            "$.signature",
        )
    ]
    assert result.document.data.performance.cpu.threads == 16


def test_unknown_fields_in_collection_items_and_drafts_are_reported_where_they_were() -> None:
    result = read_document(fixture_bytes("collection-v1.0.0.json"))
    assert result.warnings == ["$.data.items[1].pinned: unknown field, ignored"]
    document = fixture_json("collection-v0.9.0.json")
    document["deal_brain_export"]["data"]["items"][2]["listing"]["colour"] = "black"
    result = read_document(json.dumps(document))
    assert result.warnings[-1] == (
        "$.deal_brain_export.data.items[2].listing.colour: unknown field, ignored"
    )


def test_a_flood_of_unknown_fields_is_summarized() -> None:
    document = fixture_json("deal-v1.0.0-full.json")
    document["data"]["listing"].update({f"extra_{i}": i for i in range(150)})
    warnings = read_document(json.dumps(document)).warnings
    assert len(warnings) == UNKNOWN_FIELDS_LISTED + 1
    assert warnings[-1] == "… and 50 more unknown fields, ignored"


def test_the_nested_data_variant_is_read_with_a_warning() -> None:
    result = read_document(fixture_bytes("deal-v1.0.0-nested-data.json"))
    assert result.document.data.listing.title == "Minisforum UM790 Pro"
    assert result.document.data.metadata.manufacturer == "Minisforum"
    assert "`data` belongs next to `deal_brain_export`" in result.warnings[0]


def test_a_later_minor_is_read_with_warnings_for_its_version_and_its_new_fields() -> None:
    result = read_document(fixture_bytes("deal-v1.1.0-extra-field.json"))
    assert "1.1.0" in result.warnings[0]
    assert result.warnings[1:] == [
        "$.deal_brain_export.locale: unknown field, ignored",
        "$.data.listing.energy_star: unknown field, ignored",
    ]


def test_drafts_are_upcast() -> None:
    deal = read_document(fixture_bytes("deal-v0.9.0.json")).document
    assert deal.deal_brain_export.version == "1.0.0"
    assert deal.data.listing.title == "Dell Wyse 5070 J5005 8GB"
    assert (deal.data.listing.condition, deal.data.listing.status) == ("used", "active")
    assert deal.data.listing.created_at == datetime(2025, 6, 2, 14, 20, tzinfo=UTC)
    collection = read_document(fixture_bytes("collection-v0.9.0.json")).document.data
    assert [item.position for item in collection.items] == [0, 1, 2]
    assert [item.listing.listing.id for item in collection.items] == [101, 0, 103]
    assert collection.items[0].notes == "needs a 2nd NIC"


def test_the_depth_limit_counts_containers_not_brackets_in_strings() -> None:
    document = fixture_json("deal-v1.0.0-full.json")
    document["data"]["listing"]["title"] = "[{" * 100
    document["data"]["listing"]["notes"] = '"[\\' * 100
    assert read_document(json.dumps(document), max_depth=7).kind == "deal"
    with pytest.raises(MalformedDocument):
        read_document(json.dumps(document), max_depth=3)


def test_text_is_read_like_bytes() -> None:
    text = fixture_bytes("deal-v1.0.0-full.json").decode()
    assert read_document(text) == read_document(text.encode())


def test_a_draft_collection_without_an_id_is_read() -> None:
    result = read_document(fixture_bytes("collection-v0.9.0-no-id.json"))
    assert result.kind == "collection" and result.version_found == "0.9.0"
    assert result.document.data.collection.id == 0
    assert result.document.data.collection.name == "Mini PCs, first list"
    assert [item.listing.listing.id for item in result.document.data.items] == [0, 0]
