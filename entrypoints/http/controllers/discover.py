from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromQuery

from application.discovery import Discover
from domain.discovery import DiscoverQuery, DiscoverSort
from domain.pages import PageRequest
from domain.users import User
from entrypoints.http.controllers.listings import Limit, Offset
from schemas.sharing import DiscoverItemOut, DiscoverPage


class DiscoverController(Controller):
    path = "/collections/discover"
    tags = ["discover"]

    @get("/", summary="Public collections: word search, owner filter, sorts, pages")
    async def discover(
        self,
        discover: NamedDependency[Discover],
        user: NamedDependency[User | None],
        q: FromQuery[str | None] = None,
        owner: FromQuery[str | None] = None,
        sort: FromQuery[DiscoverSort] = DiscoverSort.RECENT,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> DiscoverPage:
        query = DiscoverQuery(q, owner, sort, PageRequest(limit, offset))
        page = await discover.search(user, query)
        items = [DiscoverItemOut.of_hit(hit) for hit in page.items]
        return DiscoverPage(items, page.total, limit, offset)
