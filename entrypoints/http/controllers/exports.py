"""Export: download a deal or a collection (by id or through a share link) as a file."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery

from application.exports import ExportFile, ExportFormat, Exports
from domain.users import User


def attachment(file: ExportFile) -> Response[bytes]:
    disposition = f'attachment; filename="{file.filename}"'
    return Response(
        file.data, media_type=file.content_type, headers={"Content-Disposition": disposition}
    )


class ExportController(Controller):
    tags = ["export / import"]

    @get("/listings/{listing_id:int}/export", summary="The deal as a v1.0.0 file")
    async def export_listing(
        self,
        listing_id: FromPath[int],
        exports: NamedDependency[Exports],
        user: NamedDependency[User | None],
    ) -> Response[bytes]:
        return attachment(await exports.listing(user, listing_id))

    @get("/collections/{collection_id:int}/export", summary="A readable collection as a file")
    async def export_collection(
        self,
        collection_id: FromPath[int],
        exports: NamedDependency[Exports],
        user: NamedDependency[User | None],
        format: FromQuery[ExportFormat] = ExportFormat.JSON,
    ) -> Response[bytes]:
        return attachment(await exports.collection(user, collection_id, format))

    @get(
        "/s/{token:str}/export",
        summary="What a share link opens, as a file (anyone holding a live link)",
    )
    async def export_shared(
        self,
        token: FromPath[str],
        exports: NamedDependency[Exports],
        format: FromQuery[ExportFormat] = ExportFormat.JSON,
    ) -> Response[bytes]:
        return attachment(await exports.shared_collection(token, format))
