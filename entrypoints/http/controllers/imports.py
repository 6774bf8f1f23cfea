"""Import: preview a Deal Brain file (JSON body or multipart `file`), then confirm it."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from application.collections import CollectionDetail
from application.imports import ImportOutcome, Imports
from domain.imports import ImportKind
from domain.portability import MalformedDocument
from domain.users import User
from entrypoints.http.controllers.collections import detail_out
from schemas.imports import (
    CollectionConfirmIn,
    CollectionImportOut,
    DealConfirmIn,
    PreviewOut,
    SkippedOut,
)
from schemas.listings import ListingOut

FILE_FIELD = "file"
PREVIEW_DESCRIPTION = (
    "The body is the file itself (application/json) or a multipart/form-data upload with a "
    "`file` part. Answers the preview: counts, warnings and each listing's duplicate "
    "candidates; confirm it within 30 minutes."
)


async def uploaded_file(request: Request[Any, Any, Any]) -> bytes:
    """The file's bytes. The body's size was checked against DEALBRAIN_MAX_UPLOAD_BYTES
    while it was read (errors.py answers 413 naming it)."""
    body = await request.body()
    media_type, _ = request.content_type
    if media_type != RequestEncodingType.MULTI_PART:
        return body
    upload = (await request.form()).get(FILE_FIELD)
    if isinstance(upload, UploadFile):
        return await upload.read()
    if isinstance(upload, str):
        return upload.encode("utf-8", "surrogatepass")
    raise MalformedDocument(FILE_FIELD, "the multipart body has no `file` part")


def _status(outcome: ImportOutcome) -> int:
    return HTTP_201_CREATED if outcome.created else HTTP_200_OK


class ImportController(Controller):
    tags = ["export / import"]

    @post(
        "/listings/import",
        summary="Preview a deal file",
        description=PREVIEW_DESCRIPTION,
        status_code=HTTP_200_OK,
    )
    async def preview_deal(
        self,
        request: Request[Any, Any, Any],
        imports: NamedDependency[Imports],
        user: NamedDependency[User | None],
    ) -> PreviewOut:
        raw = await uploaded_file(request)
        return PreviewOut.of(await imports.preview(user, raw, ImportKind.DEAL))

    @post(
        "/collections/import",
        summary="Preview a collection file",
        description=PREVIEW_DESCRIPTION,
        status_code=HTTP_200_OK,
    )
    async def preview_collection(
        self,
        request: Request[Any, Any, Any],
        imports: NamedDependency[Imports],
        user: NamedDependency[User | None],
    ) -> PreviewOut:
        raw = await uploaded_file(request)
        return PreviewOut.of(await imports.preview(user, raw, ImportKind.COLLECTION))

    @post(
        "/listings/import/{preview_id:str}/confirm",
        summary="Confirm a deal preview: 201 with a new listing, 200 when updating or skipping",
    )
    async def confirm_deal(
        self,
        preview_id: FromPath[str],
        data: JSONBody[DealConfirmIn],
        imports: NamedDependency[Imports],
        user: NamedDependency[User | None],
    ) -> Response[ListingOut | SkippedOut]:
        outcome = await imports.confirm(user, preview_id, data.to_domain())
        if outcome.listing is None:
            return Response(SkippedOut(), status_code=HTTP_200_OK)
        return Response(ListingOut.of(outcome.listing), status_code=_status(outcome))

    @post(
        "/collections/import/{preview_id:str}/confirm",
        summary="Confirm a collection preview: 201 with a new private collection, 200 when "
        "merging or skipping",
    )
    async def confirm_collection(
        self,
        preview_id: FromPath[str],
        data: JSONBody[CollectionConfirmIn],
        imports: NamedDependency[Imports],
        user: NamedDependency[User | None],
    ) -> Response[CollectionImportOut | SkippedOut]:
        outcome = await imports.confirm(user, preview_id, data.to_domain())
        if outcome.collection is None:
            return Response(SkippedOut(), status_code=HTTP_200_OK)
        detail = CollectionDetail(outcome.collection, outcome.items, outcome.listings, user)
        base = detail_out(detail)
        body = CollectionImportOut(
            **{name: getattr(base, name) for name in base.__struct_fields__},
            created_listing_ids=outcome.created_listing_ids,
            skipped_items=outcome.skipped_items,
        )
        return Response(body, status_code=_status(outcome))
