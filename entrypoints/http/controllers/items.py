from __future__ import annotations

from litestar import Controller, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from application.collection_items import CollectionItems
from domain.pages import PageRequest
from domain.users import User
from entrypoints.http.controllers.listings import Limit, Offset
from entrypoints.http.openapi import (
    CHANGE,
    KEY,
    KEY_OR_ANONYMOUS,
    READ_PAGE,
    REMOVE,
    ApiOperation,
    errors,
)
from schemas.collections import ItemIn, ItemOut, ItemPage, ItemPatch, ReorderIn


class CollectionItemController(Controller):
    path = "/collections/{collection_id:int}/items"
    tags = ["collection items"]

    @post(
        "/",
        summary="Add a listing to a collection (owner)",
        description="Any listing of the catalog, once per collection (409 the second time). The "
        "item keeps the listing's price at this moment (`price_snapshot`), goes last unless "
        "`position` says where, and starts `undecided` unless `status` says otherwise. A "
        "listing that does not exist is 404 naming `listing_id`.",
        responses=errors(*CHANGE, 409),
        security=KEY,
        operation_class=ApiOperation,
    )
    async def add(
        self,
        collection_id: FromPath[int],
        data: JSONBody[ItemIn],
        items: NamedDependency[CollectionItems],
        user: NamedDependency[User | None],
    ) -> ItemOut:
        added = await items.add_with_listing(
            user,
            collection_id,
            data.listing_id,
            status=data.status,
            notes=data.notes,
            position=data.position,
        )
        return ItemOut.of(added.item, added.listing)

    @get(
        "/",
        summary="A page of a collection's items, in order, each with its listing",
        description="For whoever may read the collection (404 otherwise). Counts no view.",
        responses=errors(*READ_PAGE, 404),
        security=KEY_OR_ANONYMOUS,
        operation_class=ApiOperation,
    )
    async def page(
        self,
        collection_id: FromPath[int],
        items: NamedDependency[CollectionItems],
        user: NamedDependency[User | None],
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> ItemPage:
        found = await items.page(user, collection_id, PageRequest(limit, offset))
        page = [ItemOut.of(entry.item, entry.listing) for entry in found.items]
        return ItemPage(page, found.total, limit, offset)

    @put(
        "/order",
        summary="Reorder every item of a collection (owner)",
        description="`listing_ids` names every item of the collection exactly once, in the new "
        "order (422 otherwise). Answers the items with their new positions 0…n-1.",
        responses=errors(*CHANGE, 422),
        security=KEY,
        operation_class=ApiOperation,
    )
    async def reorder(
        self,
        collection_id: FromPath[int],
        data: JSONBody[ReorderIn],
        items: NamedDependency[CollectionItems],
        user: NamedDependency[User | None],
    ) -> list[ItemOut]:
        return [ItemOut.of(i) for i in await items.reorder(user, collection_id, data.listing_ids)]

    @patch(
        "/{listing_id:int}",
        summary="Change an item's status, notes or position (owner)",
        description="Only the fields sent change; `null` clears the notes. A `position` past "
        "the end moves the item last; the others are renumbered 0…n-1.",
        responses=errors(*CHANGE),
        security=KEY,
        operation_class=ApiOperation,
    )
    async def change(
        self,
        collection_id: FromPath[int],
        listing_id: FromPath[int],
        data: JSONBody[ItemPatch],
        items: NamedDependency[CollectionItems],
        user: NamedDependency[User | None],
    ) -> ItemOut:
        item = await items.update(user, collection_id, listing_id, data.changes())
        return ItemOut.of(item)

    @delete(
        "/{listing_id:int}",
        summary="Remove a listing from a collection (owner)",
        description="The item goes; the listing stays in the catalog. The rest are renumbered "
        "0…n-1.",
        responses=errors(*REMOVE),
        security=KEY,
        operation_class=ApiOperation,
    )
    async def remove(
        self,
        collection_id: FromPath[int],
        listing_id: FromPath[int],
        items: NamedDependency[CollectionItems],
        user: NamedDependency[User | None],
    ) -> None:
        await items.remove(user, collection_id, listing_id)
