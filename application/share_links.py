"""Share links: owners make and revoke them; anyone holding one reads the collection."""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import datetime

from application.collections import CollectionDetail, count_a_view
from application.context import Deps
from domain import events
from domain.access import counts_as_view, ensure_can_edit, ensure_can_view, ensure_signed_in
from domain.collections import Collection
from domain.errors import NotFound
from domain.pages import Page, PageRequest
from domain.ports import UnitOfWork
from domain.sharing import SHARE_TOKEN_BYTES, ShareToken, link_expiry
from domain.users import User


class ShareLinks:
    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    async def create(
        self,
        actor: User | None,
        collection_id: int,
        expires_at: datetime | None = None,
        *,
        expires_in_days: int | None = None,
    ) -> ShareToken:
        now = self._deps.clock.now()
        ensure_signed_in(actor)
        async with self._deps.uow() as uow:
            ensure_can_edit(await uow.collections.get(collection_id), actor)
            expires_at = link_expiry(now, expires_at, expires_in_days)
            token = ShareToken(
                collection_id=collection_id,
                token=secrets.token_urlsafe(SHARE_TOKEN_BYTES),
                created_at=now,
                expires_at=expires_at,
            )
            token = await uow.share_tokens.add(token)
            await uow.commit()
        self._deps.emit(
            events.COLLECTION_SHARED,
            actor.id if actor else None,
            f"collection:{collection_id}",
            token_id=token.id,
            expires_at=expires_at.isoformat() if expires_at else None,
        )
        return token

    async def list(self, actor: User | None, collection_id: int) -> list[ShareToken]:
        ensure_signed_in(actor)
        async with self._deps.uow(read_only=True) as uow:
            ensure_can_edit(await uow.collections.get(collection_id), actor)
            return await uow.share_tokens.list_for_collection(collection_id)

    async def list_page(
        self, actor: User | None, collection_id: int, page: PageRequest
    ) -> Page[ShareToken]:
        """The collection's links, oldest first, a page of them."""
        links = await self.list(actor, collection_id)
        chosen = links[page.offset : page.offset + page.limit]
        return Page(items=chosen, total=len(links), limit=page.limit, offset=page.offset)

    async def revoke(self, actor: User | None, collection_id: int, token_id: int) -> ShareToken:
        ensure_signed_in(actor)
        async with self._deps.uow() as uow:
            ensure_can_edit(await uow.collections.get(collection_id), actor)
            token = await uow.share_tokens.get(token_id)
            if token is None or token.collection_id != collection_id:
                raise NotFound(f"share link {token_id} not found")
            if token.revoked_at is None:
                token = replace(token, revoked_at=self._deps.clock.now())
                await uow.share_tokens.update(token)
                await uow.commit()
        return token

    async def open(
        self, viewer: User | None, token: str, *, count_view: bool = True
    ) -> CollectionDetail:
        """The collection behind a link, read-only. Counts a view on the link and on the
        collection unless `count_view` is false (a crawler's) or the viewer is its owner or
        an admin (ADR 0060). The read takes no write lock; the view is counted after it, and
        not at all when the database is too busy to wait for (ADR 0092)."""
        now = self._deps.clock.now()
        async with self._deps.uow(read_only=True) as uow:
            link, collection = await open_link(uow, viewer, token, now)
            assert collection.id is not None and link.id is not None
            items = await uow.collections.items(collection.id)
            listings = await uow.listings.get_many([item.listing_id for item in items])
            owner = await uow.users.get(collection.owner_id)
        if count_view and counts_as_view(collection, viewer):
            collection = await count_a_view(self._deps, collection, viewer, link_id=link.id)
        return CollectionDetail(collection, items, listings, owner)


async def open_link(
    uow: UnitOfWork, viewer: User | None, token: str, now: datetime
) -> tuple[ShareToken, Collection]:
    """The live link and the collection it lets `viewer` read, or NotFound.

    A revoked or expired link is dead, whatever the collection's visibility; a live one
    opens an unlisted or public collection that is not hidden (domain/access.py).
    """
    link = await uow.share_tokens.get_by_token(token)
    if link is None or not link.is_usable(now):
        raise NotFound("share link not found, revoked or expired")
    collection = await uow.collections.get(link.collection_id)
    return link, ensure_can_view(collection, viewer, link=link, now=now)
