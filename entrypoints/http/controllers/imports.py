"""Import: preview a Deal Brain file (JSON body or multipart `file`), then confirm it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import msgspec
from litestar import Controller, MediaType, Request, Response, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from application.collections import CollectionDetail
from application.imports import ImportOutcome, Imports
from domain.imports import ImportKind, ImportPreview
from domain.portability import MalformedDocument
from domain.users import User
from entrypoints.http.controllers.collections import detail_out
from entrypoints.http.openapi import KEY, ApiOperation, errors, operation, upload_body
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


PREVIEW_ERRORS = errors(400, 413, 422, 503)
CONFIRM_ERRORS = errors(400, 403, 404, 409, 410, 413, 422, 503)
DEAL_PREVIEW = operation(
    request_body=upload_body("DealDocument", "A deal file as exported by Deal Brain")
)
COLLECTION_PREVIEW = operation(
    request_body=upload_body("CollectionDocument", "A collection file as exported by Deal Brain")
)


def _status(outcome: ImportOutcome) -> int:
    return HTTP_201_CREATED if outcome.created else HTTP_200_OK


# The answers to a 10,000-item preview or confirm are megabytes of JSON built from hundreds
# of thousands of objects: built and encoded on a worker thread, not on the event loop
# (ADR 0080), and handed to Litestar as bytes.
async def _preview_answer(preview: ImportPreview) -> Response[PreviewOut]:
    body = await asyncio.to_thread(_encode, PreviewOut.of, preview)
    return Response(body, status_code=HTTP_200_OK, media_type=MediaType.JSON)


def _encode(build: Callable[[Any], Any], value: Any) -> bytes:
    return msgspec.json.encode(build(value))


def _collection_answer(outcome: ImportOutcome, user: User | None) -> bytes:
    assert outcome.collection is not None
    detail = CollectionDetail(outcome.collection, outcome.items, outcome.listings, user)
    base = detail_out(detail)
    body = CollectionImportOut(
        **{name: getattr(base, name) for name in base.__struct_fields__},
        created_listing_ids=outcome.created_listing_ids,
        skipped_items=outcome.skipped_items,
    )
    return msgspec.json.encode(body)


class ImportController(Controller):
    tags = ["export / import"]

    @post(
        "/listings/import",
        summary="Preview a deal file",
        description=PREVIEW_DESCRIPTION,
        status_code=HTTP_200_OK,
        responses=PREVIEW_ERRORS,
        security=KEY,
        operation_class=DEAL_PREVIEW,
    )
    async def preview_deal(
        self,
        request: Request[Any, Any, Any],
        imports: NamedDependency[Imports],
        user: NamedDependency[User | None],
    ) -> Response[PreviewOut]:
        raw = await uploaded_file(request)
        return await _preview_answer(await imports.preview(user, raw, ImportKind.DEAL))

    @post(
        "/collections/import",
        summary="Preview a collection file",
        description=PREVIEW_DESCRIPTION,
        status_code=HTTP_200_OK,
        responses=PREVIEW_ERRORS,
        security=KEY,
        operation_class=COLLECTION_PREVIEW,
    )
    async def preview_collection(
        self,
        request: Request[Any, Any, Any],
        imports: NamedDependency[Imports],
        user: NamedDependency[User | None],
    ) -> Response[PreviewOut]:
        raw = await uploaded_file(request)
        return await _preview_answer(await imports.preview(user, raw, ImportKind.COLLECTION))

    @post(
        "/listings/import/{preview_id:str}/confirm",
        summary="Confirm a deal preview: 201 with a new listing, 200 when updating or skipping",
        description="The author of the preview decides, within 30 minutes (410 after), once "
        "(409 after): `create_new` makes a listing (201); `update_existing` overwrites "
        "`target_listing_id`, which the caller must be allowed to change (403 otherwise); "
        '`skip` imports nothing (200 `{"skipped": true}`). Someone else\'s preview is 404.',
        responses={
            201: ResponseSpec(ListingOut, description="A new listing", generate_examples=False),
            200: ResponseSpec(
                ListingOut | SkippedOut,
                description='The updated listing, or `{"skipped": true}`',
                generate_examples=False,
            ),
            **CONFIRM_ERRORS,
        },
        security=KEY,
        operation_class=ApiOperation,
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
        description="The author of the preview decides, within 30 minutes (410 after), once "
        "(409 after): `create_new` makes a private collection (201); `merge_into` adds the "
        "items to `target_collection_id`, one of the caller's (403/404 otherwise); `skip` "
        'imports nothing (200 `{"skipped": true}`). `items` decides per item by its index '
        "in the file. Someone else's preview is 404.",
        responses={
            201: ResponseSpec(
                CollectionImportOut,
                description="A new private collection, with what the import did",
                generate_examples=False,
            ),
            200: ResponseSpec(
                CollectionImportOut | SkippedOut,
                description='The collection merged into, or `{"skipped": true}`',
                generate_examples=False,
            ),
            **CONFIRM_ERRORS,
        },
        security=KEY,
        operation_class=ApiOperation,
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
        body = await asyncio.to_thread(_collection_answer, outcome, user)
        return Response(body, status_code=_status(outcome), media_type=MediaType.JSON)
