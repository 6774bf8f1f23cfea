from __future__ import annotations

from typing import Annotated

from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from application.listings import ListingCatalog
from domain.pages import PageRequest
from domain.users import User
from schemas.listings import ListingIn, ListingOut, ListingPage, ListingPatch

Limit = Annotated[int, QueryParameter(description="page size, 1-100")]
Offset = Annotated[int, QueryParameter(description="items to skip")]


class ListingController(Controller):
    path = "/listings"
    tags = ["listings"]

    @post("/", summary="Create a listing")
    async def create(
        self,
        data: JSONBody[ListingIn],
        listings: NamedDependency[ListingCatalog],
        user: NamedDependency[User | None],
    ) -> ListingOut:
        return ListingOut.of(await listings.create(user, data.to_domain()))

    @get("/", summary="Search the catalog")
    async def search(
        self,
        listings: NamedDependency[ListingCatalog],
        q: FromQuery[str | None] = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> ListingPage:
        page = await listings.search(q, PageRequest(limit, offset))
        return ListingPage([ListingOut.of(i) for i in page.items], page.total, limit, offset)

    @get("/{listing_id:int}", summary="Read a listing")
    async def read(
        self, listing_id: FromPath[int], listings: NamedDependency[ListingCatalog]
    ) -> ListingOut:
        return ListingOut.of(await listings.get(listing_id))

    @patch("/{listing_id:int}", summary="Change a listing (its creator or an admin)")
    async def change(
        self,
        listing_id: FromPath[int],
        data: JSONBody[ListingPatch],
        listings: NamedDependency[ListingCatalog],
        user: NamedDependency[User | None],
    ) -> ListingOut:
        return ListingOut.of(await listings.update(user, listing_id, data.changes()))

    @delete("/{listing_id:int}", summary="Delete a listing (its creator or an admin)")
    async def remove(
        self,
        listing_id: FromPath[int],
        listings: NamedDependency[ListingCatalog],
        user: NamedDependency[User | None],
    ) -> None:
        await listings.delete(user, listing_id)
