from __future__ import annotations

from collections.abc import Sequence

from adapters.memory.base import MemoryTable
from domain.duplicates import ListingSummary, PriceBand, normalize_title
from domain.errors import NotFound
from domain.listings import NO_FILTERS, Listing, ListingFilters, sort_listings
from domain.pages import Page, PageRequest
from domain.urls import normalize_url


def _matches(listing: Listing, words: list[str]) -> bool:
    text = " ".join(filter(None, (listing.title, listing.seller, listing.device_model))).lower()
    return all(word in text for word in words)


class MemoryListingRepo(MemoryTable):
    table = "listings"

    async def add(self, listing: Listing) -> Listing:
        self._require_user(listing.created_by, "created_by")
        return self._insert(listing)

    async def add_many(self, listings: Sequence[Listing]) -> list[Listing]:
        for listing in listings:  # all checked before any is stored
            self._require_user(listing.created_by, "created_by")
        return [self._insert(listing) for listing in listings]

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

    async def search(
        self, query: str | None, page: PageRequest, filters: ListingFilters = NO_FILTERS
    ) -> Page[Listing]:
        words = (query or "").lower().split()
        hits = [row for row in self.rows.values() if _matches(row, words) and filters.admits(row)]
        hits = sort_listings(hits, filters.sort)
        chosen = [self._get(row.id) for row in hits[page.offset : page.offset + page.limit]]
        return Page(items=chosen, total=len(hits), limit=page.limit, offset=page.offset)

    async def find_duplicate_candidates(
        self,
        *,
        normalized_urls: Sequence[str],
        title_keys: Sequence[tuple[str, str]],
        price_bands: Sequence[PriceBand],
        limit_per_band: int = 50,
    ) -> list[ListingSummary]:
        urls, keys = set(normalized_urls), set(title_keys)
        rows: list[Listing] = list(self.rows.values())
        hits = {
            row.id
            for row in rows
            if normalize_url(row.listing_url) in urls
            or (row.seller is not None and (normalize_title(row.title), row.seller) in keys)
        }
        for band in set(price_bands):
            inside = [row for row in rows if _in(band, row)]
            inside.sort(key=lambda row: (abs(row.price_usd - band.middle), row.id))
            hits.update(row.id for row in inside[: max(limit_per_band, 0)])
        return [_summary(self.rows[listing_id]) for listing_id in sorted(hits)]


def _in(band: PriceBand, row: Listing) -> bool:
    seller_matches = band.seller is None or row.seller == band.seller
    return seller_matches and band.low <= row.price_usd <= band.high


def _summary(row: Listing) -> ListingSummary:
    assert row.id is not None
    url = normalize_url(row.listing_url)
    return ListingSummary(row.id, row.title, row.seller, row.price_usd, url)
