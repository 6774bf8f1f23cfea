"""Share links, copies and reports. What a link opens (`/s/{token}`, a page or JSON) is in
entrypoints/web/share.py."""

from __future__ import annotations

from litestar import Controller, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from application.copying import CopyCollection
from application.moderation import Reports
from application.share_links import ShareLinks
from domain.users import User
from schemas.collections import CollectionOut
from schemas.sharing import CopyIn, ReportIn, ReportOut, ShareTokenIn, ShareTokenOut


class ShareTokenController(Controller):
    path = "/collections/{collection_id:int}/share-tokens"
    tags = ["sharing"]

    @post("/", summary="Make a share link (owner); optional expiry")
    async def create(
        self,
        collection_id: FromPath[int],
        share_links: NamedDependency[ShareLinks],
        user: NamedDependency[User | None],
        data: JSONBody[ShareTokenIn | None] = None,
    ) -> ShareTokenOut:
        expires_at = data.expires_at if data else None
        return ShareTokenOut.of(await share_links.create(user, collection_id, expires_at))

    @get("/", summary="The collection's share links with their view counts (owner)")
    async def list_links(
        self,
        collection_id: FromPath[int],
        share_links: NamedDependency[ShareLinks],
        user: NamedDependency[User | None],
    ) -> list[ShareTokenOut]:
        return [ShareTokenOut.of(t) for t in await share_links.list(user, collection_id)]

    @delete("/{token_id:int}", summary="Revoke a share link (owner)")
    async def revoke(
        self,
        collection_id: FromPath[int],
        token_id: FromPath[int],
        share_links: NamedDependency[ShareLinks],
        user: NamedDependency[User | None],
    ) -> None:
        await share_links.revoke(user, collection_id, token_id)


class CollectionActionsController(Controller):
    path = "/collections/{collection_id:int}"
    tags = ["collections"]

    @post("/copy", summary="Copy a readable collection into a new private one of yours")
    async def copy(
        self,
        collection_id: FromPath[int],
        copier: NamedDependency[CopyCollection],
        user: NamedDependency[User | None],
        data: JSONBody[CopyIn | None] = None,
    ) -> CollectionOut:
        name = data.name if data else None
        return CollectionOut.of(await copier.copy(user, collection_id, name))

    @post("/reports", summary="Report a collection to the moderators")
    async def report(
        self,
        collection_id: FromPath[int],
        data: JSONBody[ReportIn],
        reports: NamedDependency[Reports],
        user: NamedDependency[User | None],
    ) -> ReportOut:
        made = await reports.report(user, collection_id, data.reason, data.note)
        return ReportOut.of(made)
