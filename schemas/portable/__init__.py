"""The Deal Brain portable format on the wire: v1.0.0 Structs, the reader (tolerant of
what files in the wild look like, strict about the rest), the writer, the conversions to
and from the domain, and the JSON Schema."""

from domain.portability import MalformedDocument, PortableFormatError, UnsupportedVersion
from schemas.portable.convert import (
    ListingInCollection,
    collection_data,
    collection_of,
    deal_data,
    listing_of,
)
from schemas.portable.json_schema import export_json_schema, render_json_schema
from schemas.portable.parse import MAX_DEPTH
from schemas.portable.reader import ReadResult, read_document
from schemas.portable.v1 import (
    FORMAT_VERSION,
    CollectionData,
    CollectionDocument,
    DealData,
    DealDocument,
    PortableCollection,
    PortableCollectionItem,
    PortableListing,
)
from schemas.portable.writer import (
    Document,
    collection_document,
    deal_document,
    document_from_builtins,
    document_to_builtins,
    encode_document,
    write_collection,
    write_deal,
)

__all__ = [
    "FORMAT_VERSION",
    "MAX_DEPTH",
    "CollectionData",
    "CollectionDocument",
    "DealData",
    "DealDocument",
    "Document",
    "ListingInCollection",
    "MalformedDocument",
    "PortableCollection",
    "PortableCollectionItem",
    "PortableFormatError",
    "PortableListing",
    "ReadResult",
    "UnsupportedVersion",
    "collection_data",
    "collection_document",
    "collection_of",
    "deal_data",
    "deal_document",
    "document_from_builtins",
    "document_to_builtins",
    "encode_document",
    "export_json_schema",
    "listing_of",
    "read_document",
    "render_json_schema",
    "write_collection",
    "write_deal",
]
