from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from application.collections import CollectionDetail, Collections
from domain.pages import PageRequest
from domain.users import User
from entrypoints.http.controllers.listings import Limit, Offset
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
        items=items,
    )


class CollectionController(Controller):
    path = "/collections"
    tags = ["collections"]

    @post("/", summary="Create a collection (private unless told otherwise)")
    async def create(
        self,
        data: JSONBody[CollectionIn],
        collections: NamedDependency[Collections],
        user: NamedDependency[User | None],
    ) -> CollectionOut:
        created = await collections.create(user, data.name, data.description, data.visibility)
        return CollectionOut.of(created)

    @get("/", summary="The caller's own collections")
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

    @get("/{collection_id:int}", summary="Read a collection with its items")
    async def read(
        self,
        request: Request[Any, Any, Any],
        collection_id: FromPath[int],
        collections: NamedDependency[Collections],
        user: NamedDependency[User | None],
    ) -> CollectionDetailOut:
        detail = await collections.get(user, collection_id, count_view=counts_view(request))
        return detail_out(detail)

    @patch("/{collection_id:int}", summary="Change name, description or visibility (owner)")
    async def change(
        self,
        collection_id: FromPath[int],
        data: JSONBody[CollectionPatch],
        collections: NamedDependency[Collections],
        user: NamedDependency[User | None],
    ) -> CollectionOut:
        return CollectionOut.of(await collections.update(user, collection_id, data.changes()))

    @delete("/{collection_id:int}", summary="Delete a collection (owner)")
    async def remove(
        self,
        collection_id: FromPath[int],
        collections: NamedDependency[Collections],
        user: NamedDependency[User | None],
    ) -> None:
        await collections.delete(user, collection_id)
