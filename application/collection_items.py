"""What is in a collection: add, annotate, move, remove and reorder items."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from application.context import Deps
from domain.access import ensure_can_edit, ensure_can_view, ensure_signed_in
from domain.collections import CollectionItem, ItemStatus, PriceSnapshot, validate_item
from domain.errors import Invalid, NotFound
from domain.listings import Listing
from domain.pages import Page, PageRequest
from domain.ports import UnitOfWork
from domain.users import User
from domain.validation import require_known_fields

EDITABLE_FIELDS = frozenset({"status", "notes", "position"})


@dataclass(frozen=True, slots=True)
class ItemWithListing:
    item: CollectionItem
    # None only if the listing vanished between two reads.
    listing: Listing | None


# Called with the collection's id after its items changed (e.g. to purge its cached cards).
CollectionChanged = Callable[[int], Awaitable[None]]


class CollectionItems:
    def __init__(self, deps: Deps, on_changed: list[CollectionChanged] | None = None) -> None:
        self._deps = deps
        self._on_changed = on_changed or []

    async def add(
        self,
        actor: User | None,
        collection_id: int,
        listing_id: int,
        *,
        status: ItemStatus = ItemStatus.UNDECIDED,
        notes: str | None = None,
        position: int | None = None,
    ) -> CollectionItem:
        added = await self.add_with_listing(
            actor, collection_id, listing_id, status=status, notes=notes, position=position
        )
        return added.item

    async def add_with_listing(
        self,
        actor: User | None,
        collection_id: int,
        listing_id: int,
        *,
        status: ItemStatus = ItemStatus.UNDECIDED,
        notes: str | None = None,
        position: int | None = None,
    ) -> ItemWithListing:
        """Add a listing to the collection; the new item with the listing it holds."""
        ensure_signed_in(actor)
        async with self._deps.uow() as uow:
            ensure_can_edit(await uow.collections.get(collection_id), actor)
            listing = await uow.listings.get(listing_id)
            if listing is None:
                raise NotFound(f"listing {listing_id} not found", field="listing_id")
            now = self._deps.clock.now()
            item = CollectionItem(
                collection_id=collection_id,
                listing_id=listing_id,
                status=status,
                notes=notes,
                added_at=now,
                price_snapshot=PriceSnapshot(listing.price_usd, listing.adjusted_price_usd),
            )
            validate_item(item)
            item = await uow.collections.add_item(item)
            if position is not None:
                item = await _move(uow, item, position)
            await uow.collections.touch(collection_id, now)
            await uow.commit()
        await self._notify(collection_id)
        return ItemWithListing(item, listing)

    async def page(
        self, viewer: User | None, collection_id: int, page: PageRequest
    ) -> Page[ItemWithListing]:
        """A page of a readable collection's items in order, each with its listing. Paging
        through items is not a view of the collection: nothing is counted."""
        async with self._deps.uow(read_only=True) as uow:
            ensure_can_view(await uow.collections.get(collection_id), viewer)
            items = await uow.collections.items(collection_id)
            chosen = items[page.offset : page.offset + page.limit]
            listings = await uow.listings.get_many([item.listing_id for item in chosen])
        found = [ItemWithListing(item, listings.get(item.listing_id)) for item in chosen]
        return Page(items=found, total=len(items), limit=page.limit, offset=page.offset)

    async def update(
        self,
        actor: User | None,
        collection_id: int,
        listing_id: int,
        changes: Mapping[str, Any],
    ) -> CollectionItem:
        ensure_signed_in(actor)
        async with self._deps.uow() as uow:
            ensure_can_edit(await uow.collections.get(collection_id), actor)
            item = await _existing(uow, collection_id, listing_id)
            require_known_fields(changes, EDITABLE_FIELDS)
            fields = {k: v for k, v in changes.items() if k != "position"}
            item = replace(item, **fields)
            validate_item(item)
            await uow.collections.update_item(item)
            if changes.get("position") is not None:
                item = await _move(uow, item, changes["position"])
            await uow.collections.touch(collection_id, self._deps.clock.now())
            await uow.commit()
        await self._notify(collection_id)
        return item

    async def remove(self, actor: User | None, collection_id: int, listing_id: int) -> None:
        ensure_signed_in(actor)
        async with self._deps.uow() as uow:
            ensure_can_edit(await uow.collections.get(collection_id), actor)
            await _existing(uow, collection_id, listing_id)
            await uow.collections.remove_item(collection_id, listing_id)
            await _renumber(uow, await uow.collections.items(collection_id))
            await uow.collections.touch(collection_id, self._deps.clock.now())
            await uow.commit()
        await self._notify(collection_id)

    async def reorder(
        self, actor: User | None, collection_id: int, listing_ids: list[int]
    ) -> list[CollectionItem]:
        """Put the items in exactly this order; the list must name each item once."""
        ensure_signed_in(actor)
        async with self._deps.uow() as uow:
            ensure_can_edit(await uow.collections.get(collection_id), actor)
            items = {item.listing_id: item for item in await uow.collections.items(collection_id)}
            if len(set(listing_ids)) != len(listing_ids):
                raise Invalid("listing_ids", "names a listing more than once")
            if set(listing_ids) != set(items):
                raise Invalid("listing_ids", "must name every item of the collection exactly once")
            ordered = [items[listing_id] for listing_id in listing_ids]
            result = await _renumber(uow, ordered)
            await uow.collections.touch(collection_id, self._deps.clock.now())
            await uow.commit()
        await self._notify(collection_id)
        return result

    async def _notify(self, collection_id: int) -> None:
        for hook in self._on_changed:
            await hook(collection_id)


async def _existing(uow: UnitOfWork, collection_id: int, listing_id: int) -> CollectionItem:
    item = await uow.collections.get_item(collection_id, listing_id)
    if item is None:
        raise NotFound(f"listing {listing_id} is not in collection {collection_id}")
    return item


async def _move(uow: UnitOfWork, item: CollectionItem, position: int) -> CollectionItem:
    """Move one item to `position` (clamped to the end) and renumber the rest 0…n-1."""
    if position < 0:
        raise Invalid("position", f"must be >= 0 (got {position})")
    others = [
        i
        for i in await uow.collections.items(item.collection_id)
        if i.listing_id != item.listing_id
    ]
    others.insert(min(position, len(others)), item)
    renumbered = await _renumber(uow, others)
    return next(i for i in renumbered if i.listing_id == item.listing_id)


async def _renumber(uow: UnitOfWork, ordered: list[CollectionItem]) -> list[CollectionItem]:
    result = []
    for index, item in enumerate(ordered):
        if item.position != index:
            item = replace(item, position=index)
            await uow.collections.update_item(item)
        result.append(item)
    return result
