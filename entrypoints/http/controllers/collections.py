from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from application.collections import CollectionDetail, Collections
from domain.pages import PageRequest
from domain.users import User
from entrypoints.http.controllers.listings import Limit, Offset
from entrypoints.http.openapi import (
    CHANGE,
    CREATE,
    KEY,
    KEY_OR_ANONYMOUS,
    READ_ONE,
    READ_PAGE,
    REMOVE,
    ApiOperation,
    errors,
)
from entrypoints.http.reader import counts_view
from schemas.collections import (
    CollectionDetailOut,
    CollectionIn,
    CollectionOut,
    CollectionPage,
    CollectionPatch,
    ItemOut,
)


def detail_out(detail: CollectionDetail) -> CollectionDetailOut:
    base = CollectionOut.of(detail.collection)
    items = [ItemOut.of(item, detail.listings.get(item.listing_id)) for item in detail.items]
    return CollectionDetailOut(
        **{name: getattr(base, name) for name in base.__struct_fields__},
        owner_username=detail.owner.username if detail.owner else None,
        item_count=len(detail.items),
        items=items,
    )


class CollectionController(Controller):
    path = "/collections"
    tags = ["collections"]

    @post(
        "/",
        summary="Create a collection (private unless told otherwise)",
        description="An empty collection owned by the caller: `private` (the owner and admins "
        "see it), `unlisted` (also whoever holds a share link) or `public` (everyone; listed "
        "in discover).",
        responses=errors(*CREATE),
        security=KEY,
        operation_class=ApiOperation,
    )
    async def create(
        self,
        data: JSONBody[CollectionIn],
        collections: NamedDependency[Collections],
        user: NamedDependency[User | None],
    ) -> CollectionOut:
        created = await collections.create(user, data.name, data.description, data.visibility)
        return CollectionOut.of(created)

    @get(
        "/",
        summary="The caller's own collections",
        description="Every collection the caller owns, whatever its visibility, most recently "
        "changed first (without items; read one for them).",
        responses=errors(*READ_PAGE),
        security=KEY,
        operation_class=ApiOperation,
    )
    async def mine(
        self,
        collections: NamedDependency[Collections],
        user: NamedDependency[User | None],
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> CollectionPage:
        page = await collections.list_mine(user, PageRequest(limit, offset))
        items = [CollectionOut.of(c) for c in page.items]
        return CollectionPage(items, page.total, limit, offset)

    @get(
        "/{collection_id:int}",
        summary="Read a collection with its items",
        description="Public collections for everyone; private and unlisted ones for the owner "
        "and admins (an unlisted one opens for others through its share link, /s/{token}). A "
        "collection the caller may not see, or one hidden by the moderators, is 404. Counts a "
        "view, except for the owner, admins and crawlers.",
        responses=errors(*READ_ONE),
        security=KEY_OR_ANONYMOUS,
        operation_class=ApiOperation,
    )
    async def read(
        self,
        request: Request[Any, Any, Any],
        collection_id: FromPath[int],
        collections: NamedDependency[Collections],
        user: NamedDependency[User | None],
    ) -> CollectionDetailOut:
        detail = await collections.get(user, collection_id, count_view=counts_view(request))
        return detail_out(detail)

    @patch(
        "/{collection_id:int}",
        summary="Change name, description or visibility (owner)",
        description="Only the fields sent change; `null` clears the description. Making it "
        "private shuts its share links until it is unlisted or public again.",
        responses=errors(*CHANGE),
        security=KEY,
        operation_class=ApiOperation,
    )
    async def change(
        self,
        collection_id: FromPath[int],
        data: JSONBody[CollectionPatch],
        collections: NamedDependency[Collections],
        user: NamedDependency[User | None],
    ) -> CollectionOut:
        return CollectionOut.of(await collections.update(user, collection_id, data.changes()))

    @delete(
        "/{collection_id:int}",
        summary="Delete a collection (owner)",
        description="The collection, its items and its share links; the listings stay.",
        responses=errors(*REMOVE),
        security=KEY,
        operation_class=ApiOperation,
    )
    async def remove(
        self,
        collection_id: FromPath[int],
        collections: NamedDependency[Collections],
        user: NamedDependency[User | None],
    ) -> None:
        await collections.delete(user, collection_id)
