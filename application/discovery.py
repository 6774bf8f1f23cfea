from __future__ import annotations

from application.context import Deps
from domain import events
from domain.discovery import DiscoverHit, DiscoverQuery
from domain.pages import Page
from domain.users import User


class Discover:
    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    async def search(self, viewer: User | None, query: DiscoverQuery) -> Page[DiscoverHit]:
        async with self._deps.uow(read_only=True) as uow:
            page = await uow.collections.discover(query)
        self._deps.emit(
            events.COLLECTION_DISCOVERED,
            viewer.id if viewer else None,
            "collections",
            q=query.text,
            owner=query.owner,
            sort=str(query.sort),
            total=page.total,
        )
        return page
