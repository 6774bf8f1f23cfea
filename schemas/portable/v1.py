"""The Deal Brain portable format v1.0.0, field for field (portable-format.md).

Nested listing parts are the ones the HTTP API uses (schemas.listing_parts), except
`performance.ports`, whose `ports` list the format requires.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

import msgspec

from domain.collections import ItemStatus
from domain.listings import Condition, ListingStatus
from domain.visibility import Visibility
from schemas.listing_parts import (
    MetadataIn,
    NonNegative,
    OtherUrlIn,
    PerformanceIn,
    PortIn,
    ValuationIn,
)
from schemas.portable.base import Moment, PortableStruct, text

FORMAT_VERSION = "1.0.0"
# Ids and positions a database can hold; larger numbers cannot come from a real export.
Int64 = Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)]


class PortablePorts(PortableStruct, kw_only=True):
    """The ports of the machine, optionally named after a port profile."""

    profile_name: str | None = None
    ports: list[PortIn]


class PortablePerformance(PerformanceIn):
    """What the machine can do: parts, scores and ports (all optional)."""

    ports: PortablePorts | None = None


class PortableListing(PortableStruct, kw_only=True):
    """The listing. `custom_fields` is free-form JSON, kept exactly as written."""

    _times: ClassVar[tuple[str, ...]] = ("price_date", "created_at", "updated_at")

    id: Int64
    title: text(1, 255)  # type: ignore[valid-type]
    listing_url: str | None = None
    other_urls: list[OtherUrlIn] = []
    seller: text(0, 128) | None = None  # type: ignore[valid-type]
    price_usd: NonNegative
    price_date: Moment | None = None
    condition: Condition
    status: ListingStatus
    device_model: text(0, 255) | None = None  # type: ignore[valid-type]
    notes: str | None = None
    custom_fields: dict[str, Any] = {}
    created_at: Moment
    updated_at: Moment


class DealData(PortableStruct, kw_only=True):
    """A deal: the listing and, when known, its valuation, performance and metadata."""

    listing: PortableListing
    valuation: ValuationIn | None = None
    performance: PortablePerformance | None = None
    metadata: MetadataIn | None = None


class PortableCollection(PortableStruct, kw_only=True):
    """The collection's own fields."""

    _times: ClassVar[tuple[str, ...]] = ("created_at", "updated_at")

    id: Int64
    name: text(1, 100)  # type: ignore[valid-type]
    description: text(0, 1000) | None = None  # type: ignore[valid-type]
    visibility: Visibility
    created_at: Moment
    updated_at: Moment


class PortableCollectionItem(PortableStruct, kw_only=True):
    """One deal in a collection, with the owner's verdict on it; a title is at
    `items[i].listing.listing.title`."""

    _times: ClassVar[tuple[str, ...]] = ("added_at",)

    listing: DealData
    status: ItemStatus
    notes: text(0, 500) | None = None  # type: ignore[valid-type]
    position: Int64 | None = None
    added_at: Moment


class CollectionData(PortableStruct, kw_only=True):
    """A collection and its items, in order."""

    collection: PortableCollection
    items: list[PortableCollectionItem]


class ExportHeader(PortableStruct, kw_only=True):
    """What every export starts with. `exported_by` is the exporting user as a UUID
    (user N is the UUID whose integer value is N)."""

    _times: ClassVar[tuple[str, ...]] = ("exported_at",)

    version: str
    exported_at: Moment
    exported_by: UUID | None = None


class DealHeader(ExportHeader, kw_only=True):
    """The envelope of a deal export."""

    type: Literal["deal"]


class CollectionHeader(ExportHeader, kw_only=True):
    """The envelope of a collection export."""

    type: Literal["collection"]


class DealDocument(PortableStruct, kw_only=True):
    """A deal exported by Deal Brain."""

    deal_brain_export: DealHeader
    data: DealData


class CollectionDocument(PortableStruct, kw_only=True):
    """A collection exported by Deal Brain, each item with its whole deal."""

    deal_brain_export: CollectionHeader
    data: CollectionData


Document = DealDocument | CollectionDocument
Kind = Literal["deal", "collection"]
DOCUMENT_TYPES: dict[str, type[DealDocument] | type[CollectionDocument]] = {
    "deal": DealDocument,
    "collection": CollectionDocument,
}
