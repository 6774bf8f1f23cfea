from __future__ import annotations

from typing import Protocol

from domain.listings import Listing
from domain.pages import Page, PageRequest


class ListingRepo(Protocol):
    async def add(self, listing: Listing) -> Listing:
        """Store a new listing and return it with its id."""
        ...

    async def get(self, listing_id: int) -> Listing | None: ...

    async def get_many(self, listing_ids: list[int]) -> dict[int, Listing]: ...

    async def update(self, listing: Listing) -> None:
        """Replace the stored listing with this one (same id); missing → NotFound."""
        ...

    async def delete(self, listing_id: int) -> None:
        """Remove it, and every collection item that points at it."""
        ...

    async def search(self, query: str | None, page: PageRequest) -> Page[Listing]:
        """Newest first; `query` matches words of title, seller or device model, any case."""
        ...
