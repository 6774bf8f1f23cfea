from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from domain.duplicates import ListingSummary, PriceBand
from domain.listings import NO_FILTERS, Listing, ListingFilters
from domain.pages import Page, PageRequest


class ListingRepo(Protocol):
    async def add(self, listing: Listing) -> Listing:
        """Store a new listing and return it with its id."""
        ...

    async def add_many(self, listings: Sequence[Listing]) -> list[Listing]:
        """Store new listings at once, in order, and return them with their ids (as `add`
        would one by one). Meant for imports: a few statements, not one per listing. A
        creator that does not exist → NotFound (field `created_by`), nothing stored."""
        ...

    async def get(self, listing_id: int) -> Listing | None: ...

    async def get_many(self, listing_ids: list[int]) -> dict[int, Listing]: ...

    async def update(self, listing: Listing) -> None:
        """Replace the stored listing with this one (same id); missing → NotFound."""
        ...

    async def delete(self, listing_id: int) -> None:
        """Remove it, and every collection item that points at it."""
        ...

    async def search(
        self, query: str | None, page: PageRequest, filters: ListingFilters = NO_FILTERS
    ) -> Page[Listing]:
        """`query` matches words of title, seller or device model, any case; `filters` keeps
        one creator's listings and a price range (inclusive), and orders them (newest first
        by default; ties always newest first, `sort=title` by `title_sort_key`)."""
        ...

    async def find_duplicate_candidates(
        self,
        *,
        normalized_urls: Sequence[str],
        title_keys: Sequence[tuple[str, str]],
        price_bands: Sequence[PriceBand],
        limit_per_band: int = 50,
    ) -> list[ListingSummary]:
        """The listings an import batch could duplicate, found by blocking, never by reading
        the whole catalog (rules in domain/duplicates.py):

        - every listing whose normalized URL (domain/urls.py) is in `normalized_urls`;
        - every listing whose `(normalize_title(title), seller)` is in `title_keys`;
        - for each band, the `limit_per_band` listings priced within it (inclusive) and of
          its seller if it names one, nearest its middle (ties: lower id first) — at least
          those: an adapter may read the bands' price ranges whole instead, when that reads
          fewer rows than walking each band would (ADR 0081), and then returns every
          listing in them. Callers keep the nearest ones themselves.

        Each listing once, by id, as the few fields detection reads. One call serves a
        whole batch; the adapter splits it into as many statements as its driver needs.
        """
        ...
