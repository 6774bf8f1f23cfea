"""The catalog: anyone reads listings; only their creator or an admin changes them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import fields, replace
from typing import Any

from application.context import Deps
from domain.access import ensure_can_change_listing, ensure_signed_in
from domain.errors import NotFound, Unauthorized
from domain.listings import NO_FILTERS, Listing, ListingFilters, validate_listing
from domain.pages import Page, PageRequest
from domain.users import User
from domain.validation import require_known_fields

# Fields the stored listing owns; a change may not set them.
_SYSTEM_FIELDS = frozenset({"id", "created_by", "created_at", "updated_at"})
EDITABLE_FIELDS = frozenset(f.name for f in fields(Listing)) - _SYSTEM_FIELDS

# Called after a listing changed or was deleted (e.g. to purge its cached cards).
ListingChanged = Callable[[int], Awaitable[None]]


class ListingCatalog:
    def __init__(self, deps: Deps, on_changed: list[ListingChanged] | None = None) -> None:
        self._deps = deps
        self._on_changed = on_changed or []

    async def create(self, actor: User | None, listing: Listing) -> Listing:
        if actor is None:
            raise Unauthorized("creating a listing needs an API key")
        now = self._deps.clock.now()
        listing = replace(listing, id=None, created_by=actor.id, created_at=now, updated_at=now)
        validate_listing(listing)
        async with self._deps.uow() as uow:
            listing = await uow.listings.add(listing)
            await uow.commit()
        return listing

    async def get(self, listing_id: int) -> Listing:
        async with self._deps.uow(read_only=True) as uow:
            listing = await uow.listings.get(listing_id)
        if listing is None:
            raise NotFound(f"listing {listing_id} not found")
        return listing

    async def search(
        self,
        query: str | None,
        page: PageRequest,
        filters: ListingFilters = NO_FILTERS,
        *,
        viewer: User | None = None,
        mine: bool = False,
    ) -> Page[Listing]:
        """The catalog, narrowed by words and filters; `mine` keeps the viewer's own
        listings (and needs credentials)."""
        if mine:
            if viewer is None:
                raise Unauthorized("mine=1 lists your own listings: it needs an API key")
            filters = replace(filters, created_by=viewer.id)
        async with self._deps.uow(read_only=True) as uow:
            return await uow.listings.search(query, page, filters)

    async def update(
        self, actor: User | None, listing_id: int, changes: Mapping[str, Any]
    ) -> Listing:
        ensure_signed_in(actor)
        async with self._deps.uow() as uow:
            listing = ensure_can_change_listing(await uow.listings.get(listing_id), actor)
            require_known_fields(changes, EDITABLE_FIELDS)
            listing = replace(listing, **changes, updated_at=self._deps.clock.now())
            validate_listing(listing)
            await uow.listings.update(listing)
            await uow.commit()
        await self._notify(listing_id)
        return listing

    async def delete(self, actor: User | None, listing_id: int) -> None:
        ensure_signed_in(actor)
        async with self._deps.uow() as uow:
            ensure_can_change_listing(await uow.listings.get(listing_id), actor)
            await uow.listings.delete(listing_id)
            await uow.commit()
        await self._notify(listing_id)

    async def _notify(self, listing_id: int) -> None:
        for hook in self._on_changed:
            await hook(listing_id)
