"""Converting a large collection document a slice of items at a time (ADR 0080).

msgspec converts a whole 10,000-item document in one C call of a tenth of a second or more,
holding the interpreter lock throughout, so the event loop (on another thread) waits that
long. Converting the envelope, then the items a slice at a time, gives the same result and
lets the interpreter switch threads between slices.
"""

from __future__ import annotations

from typing import Any

import msgspec

from schemas.portable.v1 import CollectionDocument, DealDocument, PortableCollectionItem

ITEMS_PER_SLICE = 500
_Items = list[PortableCollectionItem]


def convert_document(
    plain: dict[str, Any], document_type: type[DealDocument] | type[CollectionDocument]
) -> DealDocument | CollectionDocument:
    """`msgspec.convert(plain, document_type)`, items in slices. Raises msgspec's own
    ValidationError when the document is wrong, with a path into the slice: callers that
    report paths convert the whole document again to name the value (it is refused anyway)."""
    items = _items_of(plain) if document_type is CollectionDocument else None
    if items is None or len(items) <= ITEMS_PER_SLICE:
        return msgspec.convert(plain, document_type)
    shell = {**plain, "data": {**plain["data"], "items": []}}
    document = msgspec.convert(shell, document_type)
    assert isinstance(document, CollectionDocument)
    converted: _Items = []
    for start in range(0, len(items), ITEMS_PER_SLICE):
        converted += msgspec.convert(items[start : start + ITEMS_PER_SLICE], _Items)
    document.data.items = converted
    return document


def to_builtins(document: DealDocument | CollectionDocument) -> dict[str, Any]:
    """`msgspec.to_builtins(document)`, items in slices."""
    if not isinstance(document, CollectionDocument):
        return msgspec.to_builtins(document)
    items = document.data.items
    document.data.items = []
    try:
        plain: dict[str, Any] = msgspec.to_builtins(document)
    finally:
        document.data.items = items
    plain["data"]["items"] = [
        element
        for start in range(0, len(items), ITEMS_PER_SLICE)
        for element in msgspec.to_builtins(items[start : start + ITEMS_PER_SLICE])
    ]
    return plain


def _items_of(plain: Any) -> list[Any] | None:
    data = plain.get("data") if isinstance(plain, dict) else None
    items = data.get("items") if isinstance(data, dict) else None
    return items if isinstance(items, list) else None
