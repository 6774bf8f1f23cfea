"""Collections: create, read under the access policy, change, delete."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from application.context import Deps
from domain import events
from domain.access import counts_as_view, ensure_can_edit, ensure_can_view, ensure_signed_in
from domain.collections import Collection, CollectionItem, validate_collection
from domain.errors import Busy, Unauthorized
from domain.listings import Listing
from domain.pages import Page, PageRequest
from domain.users import User
from domain.validation import require_known_fields
from domain.visibility import Visibility

EDITABLE_FIELDS = frozenset({"name", "description", "visibility"})
logger = logging.getLogger("dealbrain.collections")


@dataclass(frozen=True, slots=True)
class CollectionDetail:
    """A collection as a reader sees it: the items in order, each with its listing."""

    collection: Collection
    items: list[CollectionItem]
    listings: dict[int, Listing]
    owner: User | None = None


# Called after a collection or its items changed, or it was deleted (e.g. to purge its
# cached cards); a hook must not raise.
CollectionChanged = Callable[[int], Awaitable[None]]


async def count_a_view(
    deps: Deps, collection: Collection, viewer: User | None, *, link_id: int | None = None
) -> Collection:
    """One view of the collection (and of the link it was opened through), in a short
    write of its own; a database too busy to wait for skips it (ADR 0092). Answers the
    collection as the reader should see it."""
    assert collection.id is not None
    try:
        async with deps.uow() as uow:
            if link_id is not None:
                await uow.share_tokens.increment_view_count(link_id)
            await uow.collections.increment_view_count(collection.id)
            await uow.commit()
    except Busy:
        logger.warning("database busy: a view of collection %s not counted", collection.id)
        return collection
    via = {"via": "id"} if link_id is None else {"via": "share_link", "token_id": link_id}
    deps.emit(
        events.COLLECTION_VIEWED, viewer.id if viewer else None, f"collection:{collection.id}",
        **via,
    )  # fmt: skip
    return replace(collection, view_count=collection.view_count + 1)


class Collections:
    def __init__(self, deps: Deps, on_changed: list[CollectionChanged] | None = None) -> None:
        self._deps = deps
        self._on_changed = on_changed or []

    async def create(
        self,
        actor: User | None,
        name: str,
        description: str | None = None,
        visibility: Visibility = Visibility.PRIVATE,
    ) -> Collection:
        if actor is None or actor.id is None:
            raise Unauthorized("creating a collection needs an API key")
        now = self._deps.clock.now()
        collection = Collection(
            owner_id=actor.id,
            name=name,
            description=description,
            visibility=visibility,
            created_at=now,
            updated_at=now,
        )
        validate_collection(collection)
        async with self._deps.uow() as uow:
            collection = await uow.collections.add(collection)
            await uow.commit()
        return collection

    async def get(
        self, viewer: User | None, collection_id: int, *, count_view: bool = True
    ) -> CollectionDetail:
        """Read a collection; a read counts as a view unless `count_view` is false (a
        crawler's) or the viewer is its owner or an admin (ADR 0060).

        The read takes no write lock; the view is counted after it, and not at all when the
        database is too busy to wait for (the reader still gets the collection, ADR 0092)."""
        async with self._deps.uow(read_only=True) as uow:
            collection = ensure_can_view(await uow.collections.get(collection_id), viewer)
            items = await uow.collections.items(collection_id)
            listings = await uow.listings.get_many([item.listing_id for item in items])
            owner = await uow.users.get(collection.owner_id)
        if count_view and counts_as_view(collection, viewer):
            collection = await count_a_view(self._deps, collection, viewer)
        return CollectionDetail(collection, items, listings, owner)

    async def list_mine(self, actor: User | None, page: PageRequest) -> Page[Collection]:
        if actor is None or actor.id is None:
            raise Unauthorized("listing your collections needs an API key")
        async with self._deps.uow(read_only=True) as uow:
            return await uow.collections.list_by_owner(actor.id, page)

    async def update(
        self, actor: User | None, collection_id: int, changes: Mapping[str, Any]
    ) -> Collection:
        ensure_signed_in(actor)
        async with self._deps.uow() as uow:
            before = ensure_can_edit(await uow.collections.get(collection_id), actor)
            require_known_fields(changes, EDITABLE_FIELDS)
            after = replace(before, **changes, updated_at=self._deps.clock.now())
            validate_collection(after)
            await uow.collections.update(after)
            await uow.commit()
        for hook in self._on_changed:
            await hook(collection_id)
        if after.visibility != before.visibility:
            self._deps.emit(
                events.COLLECTION_VISIBILITY_CHANGED,
                actor.id if actor else None,
                f"collection:{collection_id}",
                before=str(before.visibility),
                after=str(after.visibility),
            )
        return after

    async def delete(self, actor: User | None, collection_id: int) -> None:
        ensure_signed_in(actor)
        async with self._deps.uow() as uow:
            ensure_can_edit(await uow.collections.get(collection_id), actor)
            await uow.collections.delete(collection_id)
            await uow.commit()
        for hook in self._on_changed:
            await hook(collection_id)
