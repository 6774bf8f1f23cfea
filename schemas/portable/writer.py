"""Writing v1.0.0 documents: nulls omitted, times in UTC with `Z`, compact JSON."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import msgspec

from domain.collections import Collection
from domain.listings import Listing
from domain.portability import exporter_uuid
from schemas.portable.chunked import convert_document, to_builtins
from schemas.portable.convert import ListingInCollection, collection_data, deal_data
from schemas.portable.v1 import (
    DOCUMENT_TYPES,
    FORMAT_VERSION,
    CollectionDocument,
    CollectionHeader,
    DealDocument,
    DealHeader,
    Document,
)

_encoder = msgspec.json.Encoder()


def deal_document(
    listing: Listing, *, exported_at: datetime, exported_by: int | None = None
) -> DealDocument:
    """`exported_by` is the exporting user's id, written as the UUID of that integer."""
    header = DealHeader(type="deal", **_header(exported_at, exported_by))
    return DealDocument(deal_brain_export=header, data=deal_data(listing, stamp=exported_at))


def collection_document(
    collection: Collection,
    items: Sequence[ListingInCollection],
    *,
    exported_at: datetime,
    exported_by: int | None = None,
) -> CollectionDocument:
    header = CollectionHeader(type="collection", **_header(exported_at, exported_by))
    data = collection_data(collection, items, stamp=exported_at)
    return CollectionDocument(deal_brain_export=header, data=data)


def write_deal(listing: Listing, *, exported_at: datetime, exported_by: int | None = None) -> bytes:
    return encode_document(deal_document(listing, exported_at=exported_at, exported_by=exported_by))


def write_collection(
    collection: Collection,
    items: Sequence[ListingInCollection],
    *,
    exported_at: datetime,
    exported_by: int | None = None,
) -> bytes:
    document = collection_document(
        collection, items, exported_at=exported_at, exported_by=exported_by
    )
    return encode_document(document)


def encode_document(document: Document) -> bytes:
    return _encoder.encode(document)


def document_to_builtins(document: Document) -> dict[str, Any]:
    """Plain JSON values (e.g. for an `ImportPreview`), exactly what would be written."""
    return to_builtins(document)


def document_from_builtins(plain: dict[str, Any]) -> Document:
    """Back from `document_to_builtins` (a document this code wrote, so read strictly)."""
    return convert_document(plain, DOCUMENT_TYPES[plain["deal_brain_export"]["type"]])


def _header(exported_at: datetime, exported_by: int | None) -> dict[str, Any]:
    by = None if exported_by is None else exporter_uuid(exported_by)
    return {"version": FORMAT_VERSION, "exported_at": exported_at, "exported_by": by}
