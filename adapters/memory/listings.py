from __future__ import annotations

from adapters.memory.base import MemoryTable
from domain.errors import NotFound
from domain.listings import Listing
from domain.pages import Page, PageRequest


def _matches(listing: Listing, words: list[str]) -> bool:
    text = " ".join(filter(None, (listing.title, listing.seller, listing.device_model))).lower()
    return all(word in text for word in words)


class MemoryListingRepo(MemoryTable):
    table = "listings"

    async def add(self, listing: Listing) -> Listing:
        self._require_user(listing.created_by, "created_by")
        return self._insert(listing)

    async def get(self, listing_id: int) -> Listing | None:
        return self._get(listing_id)

    async def get_many(self, listing_ids: list[int]) -> dict[int, Listing]:
        return {i: self._get(i) for i in listing_ids if i in self.rows}

    async def update(self, listing: Listing) -> None:
        if not self._replace(listing.id, listing):
            raise NotFound(f"listing {listing.id} not found")

    async def delete(self, listing_id: int) -> None:
        if self.rows.pop(listing_id, None) is None:
            raise NotFound(f"listing {listing_id} not found")
        items = self._store.tables["items"]
        for key in [key for key in items if key[1] == listing_id]:
            del items[key]

    async def search(self, query: str | None, page: PageRequest) -> Page[Listing]:
        words = (query or "").lower().split()
        hits = [row for row in self.rows.values() if _matches(row, words)]
        hits.sort(key=lambda row: row.id, reverse=True)
        chosen = [self._get(row.id) for row in hits[page.offset : page.offset + page.limit]]
        return Page(items=chosen, total=len(hits), limit=page.limit, offset=page.offset)
