from __future__ import annotations

from litestar import Controller, delete, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from application.collection_items import CollectionItems
from domain.users import User
from schemas.collections import ItemIn, ItemOut, ItemPatch, ReorderIn


class CollectionItemController(Controller):
    path = "/collections/{collection_id:int}/items"
    tags = ["collection items"]

    @post("/", summary="Add a listing to a collection (owner)")
    async def add(
        self,
        collection_id: FromPath[int],
        data: JSONBody[ItemIn],
        items: NamedDependency[CollectionItems],
        user: NamedDependency[User | None],
    ) -> ItemOut:
        item = await items.add(
            user,
            collection_id,
            data.listing_id,
            status=data.status,
            notes=data.notes,
            position=data.position,
        )
        return ItemOut.of(item)

    @put("/order", summary="Reorder every item of a collection (owner)")
    async def reorder(
        self,
        collection_id: FromPath[int],
        data: JSONBody[ReorderIn],
        items: NamedDependency[CollectionItems],
        user: NamedDependency[User | None],
    ) -> list[ItemOut]:
        return [ItemOut.of(i) for i in await items.reorder(user, collection_id, data.listing_ids)]

    @patch("/{listing_id:int}", summary="Change an item's status, notes or position (owner)")
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

    @delete("/{listing_id:int}", summary="Remove a listing from a collection (owner)")
    async def remove(
        self,
        collection_id: FromPath[int],
        listing_id: FromPath[int],
        items: NamedDependency[CollectionItems],
        user: NamedDependency[User | None],
    ) -> None:
        await items.remove(user, collection_id, listing_id)
