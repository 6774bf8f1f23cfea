from __future__ import annotations

from typing import Annotated

from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from application.listings import ListingCatalog
from domain.listings import ListingFilters, ListingSort
from domain.pages import MAX_PAGE_SIZE, PageRequest
from domain.users import User
from domain.validation import OFFSET_MAX
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
from schemas.listings import ListingIn, ListingOut, ListingPage, ListingPatch

# Checked where they are decoded, like any bad value (400 naming the parameter, ADR 0100);
# the domain checks the same bounds for every other caller.
Limit = Annotated[
    int,
    QueryParameter(description=f"Page size, 1-{MAX_PAGE_SIZE}", ge=1, le=MAX_PAGE_SIZE),
]
Offset = Annotated[
    int, QueryParameter(description=f"Items to skip, 0-{OFFSET_MAX:,}", ge=0, le=OFFSET_MAX)
]
# Words to look for: a query is a few words, not a document.
QUERY_MAX = 200
Words = Annotated[
    str | None,
    QueryParameter(description="Words to look for (every one must match)", max_length=QUERY_MAX),
]


class ListingController(Controller):
    path = "/listings"
    tags = ["listings"]

    @post(
        "/",
        summary="Create a listing",
        description="A deal: title, price and condition, with optional links, seller, notes, "
        "free-form `custom_fields`, and the nested valuation, performance and metadata named "
        "as in the Deal Brain v1.0.0 format. The caller becomes its creator.",
        responses=errors(*CREATE),
        security=KEY,
        operation_class=ApiOperation,
    )
    async def create(
        self,
        data: JSONBody[ListingIn],
        listings: NamedDependency[ListingCatalog],
        user: NamedDependency[User | None],
    ) -> ListingOut:
        return ListingOut.of(await listings.create(user, data.to_domain()))

    @get(
        "/",
        summary="Search the catalog",
        description="The catalog, newest first unless `sort` says otherwise; `q` keeps the "
        "listings with every word of it (any case) in the title, seller or device model, "
        "`min_price`/`max_price` bound the price, `mine=1` keeps the caller's own (401 without "
        "a key). Needs no key otherwise.",
        responses=errors(*READ_PAGE),
        security=KEY_OR_ANONYMOUS,
        operation_class=ApiOperation,
    )
    async def search(
        self,
        listings: NamedDependency[ListingCatalog],
        user: NamedDependency[User | None],
        q: Words = None,
        mine: Annotated[
            bool, QueryParameter(description="1: only the caller's own listings (needs a key)")
        ] = False,
        min_price: Annotated[
            float | None, QueryParameter(description="Lowest price_usd, inclusive", ge=0)
        ] = None,
        max_price: Annotated[
            float | None, QueryParameter(description="Highest price_usd, inclusive", ge=0)
        ] = None,
        sort: Annotated[
            ListingSort,
            QueryParameter(description="newest (default), price, -price (dearest first) or title"),
        ] = ListingSort.NEWEST,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> ListingPage:
        filters = ListingFilters(min_price=min_price, max_price=max_price, sort=sort)
        page = await listings.search(q, PageRequest(limit, offset), filters, viewer=user, mine=mine)
        return ListingPage([ListingOut.of(i) for i in page.items], page.total, limit, offset)

    @get(
        "/{listing_id:int}",
        summary="Read a listing",
        description="Any listing, by id. Needs no key.",
        responses=errors(*READ_ONE),
        security=KEY_OR_ANONYMOUS,
        operation_class=ApiOperation,
    )
    async def read(
        self, listing_id: FromPath[int], listings: NamedDependency[ListingCatalog]
    ) -> ListingOut:
        return ListingOut.of(await listings.get(listing_id))

    @patch(
        "/{listing_id:int}",
        summary="Change a listing (its creator or an admin)",
        description="Only the fields sent change; `null` clears an optional one. The collections "
        "holding the listing keep the price it had when it was added.",
        responses=errors(*CHANGE),
        security=KEY,
        operation_class=ApiOperation,
    )
    async def change(
        self,
        listing_id: FromPath[int],
        data: JSONBody[ListingPatch],
        listings: NamedDependency[ListingCatalog],
        user: NamedDependency[User | None],
    ) -> ListingOut:
        return ListingOut.of(await listings.update(user, listing_id, data.changes()))

    @delete(
        "/{listing_id:int}",
        summary="Delete a listing (its creator or an admin)",
        description="Removes it from the catalog and from every collection holding it.",
        responses=errors(*REMOVE),
        security=KEY,
        operation_class=ApiOperation,
    )
    async def remove(
        self,
        listing_id: FromPath[int],
        listings: NamedDependency[ListingCatalog],
        user: NamedDependency[User | None],
    ) -> None:
        await listings.delete(user, listing_id)
