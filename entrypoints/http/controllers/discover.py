from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from application.discovery import Discover
from domain.discovery import DiscoverQuery, DiscoverSort
from domain.pages import PageRequest
from domain.users import User
from entrypoints.http.controllers.listings import QUERY_MAX, Limit, Offset
from entrypoints.http.openapi import KEY_OR_ANONYMOUS, READ_PAGE, ApiOperation, errors
from schemas.sharing import DiscoverItemOut, DiscoverPage


class DiscoverController(Controller):
    path = "/collections/discover"
    tags = ["discover"]

    @get(
        "/",
        summary="Public collections: word search, owner filter, sorts, pages",
        description="Public collections not hidden by the moderators, with their owner and item "
        "count. Needs no key.",
        responses=errors(*READ_PAGE),
        security=KEY_OR_ANONYMOUS,
        operation_class=ApiOperation,
    )
    async def discover(
        self,
        discover: NamedDependency[Discover],
        user: NamedDependency[User | None],
        q: Annotated[
            str | None,
            QueryParameter(
                description="Words that must all be whole words of the name or description",
                max_length=QUERY_MAX,
            ),
        ] = None,
        owner: Annotated[
            str | None,
            QueryParameter(description="Only this user's collections (a username)", max_length=32),
        ] = None,
        sort: Annotated[
            DiscoverSort,
            QueryParameter(
                description="`recent`: newest first; `popular`: most copied, then most viewed; "
                "`updated`: most recently changed first"
            ),
        ] = DiscoverSort.RECENT,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> DiscoverPage:
        query = DiscoverQuery(q, owner, sort, PageRequest(limit, offset))
        page = await discover.search(user, query)
        items = [DiscoverItemOut.of_hit(hit) for hit in page.items]
        return DiscoverPage(items, page.total, limit, offset)
