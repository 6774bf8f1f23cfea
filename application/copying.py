"""Copying someone's collection into your own (docs/product.md §1 copy rules)."""

from __future__ import annotations

from application.context import Deps
from domain import events
from domain.access import ensure_can_view
from domain.collections import Collection
from domain.copying import copy_collection, copy_items
from domain.errors import Unauthorized
from domain.users import User


class CopyCollection:
    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    async def copy(
        self, actor: User | None, collection_id: int, name: str | None = None
    ) -> Collection:
        if actor is None or actor.id is None:
            raise Unauthorized("copying a collection needs an API key")
        now = self._deps.clock.now()
        async with self._deps.uow() as uow:
            source = ensure_can_view(await uow.collections.get(collection_id), actor)
            copy = await uow.collections.add(copy_collection(source, actor.id, now, name))
            assert copy.id is not None
            for item in copy_items(await uow.collections.items(collection_id), copy.id):
                await uow.collections.add_item(item)
            await uow.collections.increment_copy_count(collection_id)
            await uow.commit()
        self._deps.emit(
            events.COLLECTION_COPIED,
            actor.id,
            f"collection:{collection_id}",
            copy_id=copy.id,
        )
        return copy
