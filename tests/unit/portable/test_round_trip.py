"""Domain → file → domain gives equal objects; file → read → file gives identical bytes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from domain.collections import Collection, CollectionItem, PriceSnapshot
from domain.listings import Listing
from schemas.portable import (
    collection_of,
    document_from_builtins,
    document_to_builtins,
    encode_document,
    listing_of,
    read_document,
    write_collection,
    write_deal,
)
from tests.unit.portable.builders import (
    BREAKDOWN,
    EXPORTED_AT,
    fixture_bytes,
    full_collection,
    full_listing,
)


def test_a_full_listing_survives_the_round_trip(conforms) -> None:
    listing = full_listing()
    written = write_deal(listing, exported_at=EXPORTED_AT, exported_by=3)
    conforms(written)
    result = read_document(written)
    assert result.warnings == [] and result.kind == "deal"
    back = listing_of(result.document.data)
    assert back == listing
    assert json.dumps(back.valuation.valuation_breakdown) == json.dumps(BREAKDOWN)
    assert list(back.custom_fields) == list(listing.custom_fields)
    assert write_deal(back, exported_at=EXPORTED_AT, exported_by=3) == written
    assert encode_document(result.document) == written


def test_a_full_collection_survives_the_round_trip(conforms) -> None:
    collection, items = full_collection(owner_id=5)
    written = write_collection(collection, items, exported_at=EXPORTED_AT, exported_by=5)
    conforms(written)
    result = read_document(written)
    assert result.kind == "collection" and result.warnings == []
    back, back_items = collection_of(result.document.data, owner_id=5)
    assert back == collection
    assert back_items == items
    assert write_collection(back, back_items, exported_at=EXPORTED_AT, exported_by=5) == written
    assert encode_document(result.document) == written


def test_collection_items_keep_status_notes_position_and_added_at() -> None:
    collection, items = full_collection()
    data = read_document(write_collection(collection, items, exported_at=EXPORTED_AT)).document.data
    assert [(i.status, i.notes, i.position, i.added_at) for i in data.items] == [
        (item.status, item.notes, item.position, item.added_at) for item, _ in items
    ]
    assert [i.listing.listing.title for i in data.items] == [lst.title for _, lst in items]


def test_on_the_way_in_ids_are_the_documents_and_the_snapshot_is_the_listings_price() -> None:
    data = read_document(fixture_bytes("collection-v1.0.0.json")).document.data
    collection, items = collection_of(data, owner_id=9)
    assert (collection.id, collection.owner_id, collection.copied_from_id) == (15, 9, None)
    first, listing = items[0]
    assert (first.collection_id, first.listing_id, listing.id) == (15, 4182, 4182)
    assert first.price_snapshot == PriceSnapshot(129.99, 164.5)
    assert listing.created_by is None


V1_FIXTURES = [
    "deal-v1.0.0-full.json",
    "deal-v1.0.0-explicit-nulls.json",
    "deal-v1.0.0-zoneless-times.json",
    "deal-v1.0.0-unknown-fields.json",
    "deal-v1.0.0-nested-data.json",
    "deal-v1.1.0-extra-field.json",
    "deal-v0.9.0.json",
    "collection-v1.0.0.json",
    "collection-v0.9.0.json",
]


@pytest.mark.parametrize("name", V1_FIXTURES)
def test_import_then_export_keeps_the_data_part(name: str, conforms) -> None:
    first = read_document(fixture_bytes(name))
    if first.kind == "deal":
        written = write_deal(listing_of(first.document.data), exported_at=EXPORTED_AT)
    else:
        collection, items = collection_of(first.document.data, owner_id=1)
        written = write_collection(collection, items, exported_at=EXPORTED_AT)
    conforms(written)
    again = read_document(written)
    assert again.warnings == [] and again.version_found == "1.0.0"
    assert again.document.data == first.document.data
    assert encode_document(again.document) == written


def test_the_writer_omits_nulls_and_writes_utc_with_z() -> None:
    eastern = timezone(timedelta(hours=-5))
    listing = Listing(
        title="Bare",
        price_usd=10,
        id=1,
        created_at=datetime(2025, 1, 1, 7, tzinfo=eastern),
        updated_at=datetime(2025, 1, 1, 12),  # zone-less: taken as UTC
    )
    written = write_deal(listing, exported_at=datetime(2025, 1, 2, tzinfo=eastern))
    assert written == (
        b'{"deal_brain_export":{"version":"1.0.0","exported_at":"2025-01-02T05:00:00Z",'
        b'"type":"deal"},"data":{"listing":{"id":1,"title":"Bare","price_usd":10.0,'
        b'"condition":"used","status":"active","created_at":"2025-01-01T12:00:00Z",'
        b'"updated_at":"2025-01-01T12:00:00Z"}}}'
    )


def test_what_the_domain_does_not_have_yet_is_filled_from_the_export() -> None:
    collection = Collection(owner_id=1, name="New")
    item = CollectionItem(collection_id=0, listing_id=0)
    listing = Listing(title="Unsaved", price_usd=1)
    data = read_document(write_collection(collection, [(item, listing)], exported_at=EXPORTED_AT))
    written = data.document.data
    assert (written.collection.id, written.items[0].listing.listing.id) == (0, 0)
    assert written.collection.created_at == EXPORTED_AT == written.items[0].added_at
    assert written.items[0].listing.listing.updated_at == EXPORTED_AT
    assert written.items[0].position is None


def test_exported_by_is_written_as_the_uuid_of_the_user_id() -> None:
    written = json.loads(write_deal(full_listing(), exported_at=EXPORTED_AT, exported_by=1))
    assert written["deal_brain_export"]["exported_by"] == "00000000-0000-0000-0000-000000000001"
    assert (
        "exported_by"
        not in json.loads(write_deal(full_listing(), exported_at=EXPORTED_AT))["deal_brain_export"]
    )


@pytest.mark.parametrize("name", ["deal-v1.0.0-full.json", "collection-v0.9.0.json"])
def test_a_document_survives_plain_json_values_for_the_preview_store(name: str) -> None:
    document = read_document(fixture_bytes(name)).document
    plain = document_to_builtins(document)
    assert json.loads(json.dumps(plain)) == plain
    assert document_from_builtins(plain) == document
    assert plain["deal_brain_export"]["exported_at"].endswith("Z")


def test_an_empty_collection_round_trips(conforms) -> None:
    collection = Collection(
        owner_id=1,
        name="Empty",
        id=4,
        created_at=EXPORTED_AT,
        updated_at=EXPORTED_AT.astimezone(UTC),
    )
    written = write_collection(collection, [], exported_at=EXPORTED_AT)
    conforms(written)
    assert collection_of(read_document(written).document.data, owner_id=1) == (collection, [])
