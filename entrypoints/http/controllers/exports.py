"""Export: download a deal or a collection (by id or through a share link) as a file."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIType, Schema
from litestar.params import FromPath, QueryParameter

from application.exports import CSV_COLUMNS, ExportFile, ExportFormat, Exports
from domain.users import User
from entrypoints.http.openapi import (
    CSV,
    KEY_OR_ANONYMOUS,
    READ_ONE,
    errors,
    header,
    operation,
)
from schemas.portable import CollectionDocument, DealDocument

Format = Annotated[
    ExportFormat,
    QueryParameter(
        description="`json`: the Deal Brain v1.0.0 file (every field, importable); `csv`: one "
        "row per item for a spreadsheet"
    ),
]
FILE_HEADERS = {
    200: {
        "Content-Disposition": header(
            '`attachment; filename="deal-brain-<kind>-<name>-<day>-<id>.<json|csv>"`',
            required=True,
        )
    }
}
AS_FILE = operation(headers=FILE_HEADERS)
# A collection: the v1.0.0 JSON, or CSV.
JSON_OR_CSV = operation(
    content={
        200: {
            CSV: OpenAPIMediaType(
                schema=Schema(
                    type=OpenAPIType.STRING,
                    description="UTF-8 CSV with a header row: " + ", ".join(CSV_COLUMNS),
                )
            )
        }
    },
    headers=FILE_HEADERS,
)
DEAL_FILE = ResponseSpec(
    DealDocument,
    description="The deal as a Deal Brain v1.0.0 file (docs/schemas/export-format.md)",
    generate_examples=False,
)
COLLECTION_FILE = ResponseSpec(
    CollectionDocument,
    description="The collection as a Deal Brain v1.0.0 file (`format=json`, the default) or "
    "CSV (`format=csv`)",
    generate_examples=False,
)


def attachment(file: ExportFile) -> Response[bytes]:
    disposition = f'attachment; filename="{file.filename}"'
    # The file's content type is whole (`text/csv; charset=utf-8`): sent as the header
    # itself, since Litestar appends a second charset to a text/* media_type.
    headers = {"Content-Disposition": disposition, "Content-Type": file.content_type}
    return Response(file.data, media_type=file.content_type, headers=headers)


class ExportController(Controller):
    tags = ["export / import"]

    @get(
        "/listings/{listing_id:int}/export",
        summary="The deal as a v1.0.0 file",
        description="Any listing as a Deal Brain v1.0.0 deal file, with its valuation, "
        "performance and metadata; `exported_by` is the caller (none when anonymous). "
        "Importable with POST /listings/import.",
        responses={200: DEAL_FILE, **errors(*READ_ONE)},
        security=KEY_OR_ANONYMOUS,
        operation_class=AS_FILE,
    )
    async def export_listing(
        self,
        listing_id: FromPath[int],
        exports: NamedDependency[Exports],
        user: NamedDependency[User | None],
    ) -> Response[bytes]:
        return attachment(await exports.listing(user, listing_id))

    @get(
        "/collections/{collection_id:int}/export",
        summary="A readable collection as a file",
        description="A collection the caller may read (404 otherwise), each item with its "
        "whole deal, as a Deal Brain v1.0.0 collection file or as CSV. Counts no view.",
        responses={200: COLLECTION_FILE, **errors(400, *READ_ONE)},
        security=KEY_OR_ANONYMOUS,
        operation_class=JSON_OR_CSV,
    )
    async def export_collection(
        self,
        collection_id: FromPath[int],
        exports: NamedDependency[Exports],
        user: NamedDependency[User | None],
        format: Format = ExportFormat.JSON,
    ) -> Response[bytes]:
        return attachment(await exports.collection(user, collection_id, format))

    @get(
        "/s/{token:str}/export",
        summary="What a share link opens, as a file (anyone holding a live link)",
        description="The collection behind a live link to an unlisted or public collection, as "
        "a v1.0.0 file or CSV; a revoked, expired or unknown link is 404. Counts no view.",
        responses={200: COLLECTION_FILE, **errors(400, *READ_ONE)},
        security=KEY_OR_ANONYMOUS,
        operation_class=JSON_OR_CSV,
    )
    async def export_shared(
        self,
        token: FromPath[str],
        exports: NamedDependency[Exports],
        format: Format = ExportFormat.JSON,
    ) -> Response[bytes]:
        return attachment(await exports.shared_collection(token, format))
