"""Reading a portable document: parse, check the version, upcast, then decode strictly.

Every refusal is a `PortableFormatError` whose path points into the document as received.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import msgspec

from domain.portability import PortableFormatError, upcast_traced
from schemas.portable.chunked import convert_document
from schemas.portable.errors import path_and_message
from schemas.portable.parse import MAX_DEPTH, parse_object
from schemas.portable.prune import prune
from schemas.portable.v1 import DOCUMENT_TYPES, CollectionDocument, DealDocument, Kind

UNKNOWN_FIELDS_LISTED = 100
TYPE_PATH = "$.deal_brain_export.type"


@dataclass(frozen=True, slots=True)
class ReadResult:
    kind: Kind
    version_found: str
    document: DealDocument | CollectionDocument
    warnings: list[str] = field(default_factory=list)


def read_document(raw: bytes | str, *, max_depth: int = MAX_DEPTH) -> ReadResult:
    """The document as v1.0.0 Structs, or `PortableFormatError` (and nothing else)."""
    lifted = upcast_traced(parse_object(raw, max_depth))
    kind = _kind(lifted.document)
    document_type = DOCUMENT_TYPES[kind]
    unknown = [lifted.origin(path) for path in prune(lifted.document, document_type)]
    try:
        document = convert_document(lifted.document, document_type)
    except msgspec.ValidationError:
        try:  # again, whole, for the path of the value at fault in the whole document
            msgspec.convert(lifted.document, document_type)
        except msgspec.ValidationError as error:
            path, message = path_and_message(error)
            raise PortableFormatError(lifted.origin(path), message) from None
        raise  # pragma: no cover - the whole document cannot convert if a slice did not
    warnings = lifted.warnings + _unknown_field_warnings(unknown)
    return ReadResult(kind, lifted.version_found, document, warnings)


def _kind(document: dict[str, Any]) -> Kind:
    kind = document["deal_brain_export"].get("type")
    if kind is None:
        raise PortableFormatError(TYPE_PATH, "is required")
    if not isinstance(kind, str) or kind not in DOCUMENT_TYPES:
        raise PortableFormatError(TYPE_PATH, f"must be one of deal, collection (got {kind!r})")
    return kind  # type: ignore[return-value]


def _unknown_field_warnings(paths: list[str]) -> list[str]:
    shown = [f"{path}: unknown field, ignored" for path in paths[:UNKNOWN_FIELDS_LISTED]]
    if len(paths) > UNKNOWN_FIELDS_LISTED:
        shown.append(f"… and {len(paths) - UNKNOWN_FIELDS_LISTED} more unknown fields, ignored")
    return shown
