"""Share links, copies and reports. What a link opens (`/s/{token}`, a page or JSON) is in
entrypoints/web/share.py."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from application.copying import CopyCollection
from application.moderation import Reports
from application.share_links import ShareLinks
from domain.pages import PageRequest
from domain.users import User
from entrypoints.http.controllers.listings import Limit, Offset
from entrypoints.http.links import public_base
from entrypoints.http.openapi import CHANGE, CREATE, KEY, READ_PAGE, REMOVE, ApiOperation, errors
from schemas.collections import CollectionOut
from schemas.sharing import (
    CopyIn,
    ReportIn,
    ReportOut,
    ShareTokenIn,
    ShareTokenOut,
    ShareTokenPage,
)


class ShareTokenController(Controller):
    path = "/collections/{collection_id:int}/share-tokens"
    tags = ["sharing"]

    @post(
        "/",
        summary="Make a share link (owner); optional expiry",
        description="A new secret link, `/s/{token}`, that opens the collection read-only for "
        "whoever holds it while the collection is unlisted or public. It ends at `expires_at` "
        "(in the future, else 422) or `expires_in_days` from now (not both); without either, "
        "or without a body, it never expires. `url` is the link to hand out.",
        responses=errors(*CHANGE, 409, 422),
        security=KEY,
        operation_class=ApiOperation,
    )
    async def create(
        self,
        request: Request[Any, Any, Any],
        collection_id: FromPath[int],
        share_links: NamedDependency[ShareLinks],
        user: NamedDependency[User | None],
        data: JSONBody[ShareTokenIn | None] = None,
    ) -> ShareTokenOut:
        wanted = data or ShareTokenIn()
        made = await share_links.create(
            user, collection_id, wanted.expires_at, expires_in_days=wanted.expires_in_days
        )
        return ShareTokenOut.of(made, public_base(request))

    @get(
        "/",
        summary="The collection's share links with their view counts (owner)",
        description="Every link made for the collection, revoked and expired ones too, oldest "
        "first, a page at a time.",
        responses=errors(*READ_PAGE, *REMOVE),
        security=KEY,
        operation_class=ApiOperation,
    )
    async def list_links(
        self,
        request: Request[Any, Any, Any],
        collection_id: FromPath[int],
        share_links: NamedDependency[ShareLinks],
        user: NamedDependency[User | None],
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> ShareTokenPage:
        page = await share_links.list_page(user, collection_id, PageRequest(limit, offset))
        base = public_base(request)
        links = [ShareTokenOut.of(token, base) for token in page.items]
        return ShareTokenPage(links, page.total, limit, offset)

    @delete(
        "/{token_id:int}",
        summary="Revoke a share link (owner)",
        description="The link stops opening the collection at once; revoking it again changes "
        "nothing.",
        responses=errors(*REMOVE),
        security=KEY,
        operation_class=ApiOperation,
    )
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

    @post(
        "/copy",
        summary="Copy a readable collection into a new private one of yours",
        description="Any collection the caller may read (404 otherwise): its items, statuses and "
        "notes go into a new private collection of the caller's, named `name` or `Copy of …`. "
        "The original counts one more copy.",
        responses=errors(*CREATE, 404),
        security=KEY,
        operation_class=ApiOperation,
    )
    async def copy(
        self,
        collection_id: FromPath[int],
        copier: NamedDependency[CopyCollection],
        user: NamedDependency[User | None],
        data: JSONBody[CopyIn | None] = None,
    ) -> CollectionOut:
        name = data.name if data else None
        return CollectionOut.of(await copier.copy(user, collection_id, name))

    @post(
        "/reports",
        summary="Report a collection to the moderators",
        description="Flags a collection the caller may read for the admins (`dealbrain reports "
        "list`), with a reason and an optional note. One open report per user and collection "
        "(409 for a second).",
        responses=errors(*CREATE, 404, 409),
        security=KEY,
        operation_class=ApiOperation,
    )
    async def report(
        self,
        collection_id: FromPath[int],
        data: JSONBody[ReportIn],
        reports: NamedDependency[Reports],
        user: NamedDependency[User | None],
    ) -> ReportOut:
        made = await reports.report(user, collection_id, data.reason, data.note)
        return ReportOut.of(made)
