"""Build and store the entities the contract tests need, each in its own committed unit of work."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from domain.collections import Collection, CollectionItem
from domain.listing_parts import Valuation
from domain.listings import Listing
from domain.ports import UnitOfWorkFactory
from domain.sharing import Report, ReportReason, ShareToken
from domain.users import ApiKey, User
from domain.visibility import Visibility

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    """A moment `minutes` after T0, in UTC."""
    return T0 + timedelta(minutes=minutes)


async def user(uow: UnitOfWorkFactory, username: str = "alice", **kw: Any) -> User:
    kw.setdefault("created_at", T0)
    async with uow() as tx:
        stored = await tx.users.add(User(username=username, display_name=username.title(), **kw))
        await tx.commit()
    return stored


async def api_key(uow: UnitOfWorkFactory, owner: User, name: str = "laptop", **kw: Any) -> ApiKey:
    kw.setdefault("prefix", "dbk_" + name[:8])
    kw.setdefault("key_hash", f"hash-of-{name}")
    kw.setdefault("created_at", T0)
    assert owner.id is not None
    async with uow() as tx:
        stored = await tx.api_keys.add(ApiKey(user_id=owner.id, name=name, **kw))
        await tx.commit()
    return stored


def listing_of(title: str = "Dell OptiPlex 7050 Micro", price: float = 100.0, **kw: Any) -> Listing:
    kw.setdefault("created_at", T0)
    kw.setdefault("updated_at", T0)
    kw.setdefault("valuation", Valuation(base_price_usd=price))
    return Listing(title=title, price_usd=price, **kw)


async def listing(uow: UnitOfWorkFactory, *args: Any, by: User | None = None, **kw: Any) -> Listing:
    async with uow() as tx:
        stored = await tx.listings.add(listing_of(*args, created_by=by.id if by else None, **kw))
        await tx.commit()
    return stored


async def collection(
    uow: UnitOfWorkFactory,
    owner: User,
    name: str = "Deals",
    visibility: Visibility = Visibility.PRIVATE,
    **kw: Any,
) -> Collection:
    assert owner.id is not None
    kw.setdefault("created_at", T0)
    kw.setdefault("updated_at", T0)
    async with uow() as tx:
        stored = await tx.collections.add(
            Collection(owner_id=owner.id, name=name, visibility=visibility, **kw)
        )
        await tx.commit()
    return stored


async def item(uow: UnitOfWorkFactory, into: Collection, of: Listing, **kw: Any) -> CollectionItem:
    assert into.id is not None and of.id is not None
    kw.setdefault("added_at", T0)
    async with uow() as tx:
        stored = await tx.collections.add_item(
            CollectionItem(collection_id=into.id, listing_id=of.id, **kw)
        )
        await tx.commit()
    return stored


async def share_token(
    uow: UnitOfWorkFactory, of: Collection, token: str = "tok-1", **kw: Any
) -> ShareToken:
    assert of.id is not None
    kw.setdefault("created_at", T0)
    async with uow() as tx:
        stored = await tx.share_tokens.add(ShareToken(collection_id=of.id, token=token, **kw))
        await tx.commit()
    return stored


async def report(
    uow: UnitOfWorkFactory,
    on: Collection,
    by: User,
    reason: ReportReason = ReportReason.SPAM,
    **kw: Any,
) -> Report:
    assert on.id is not None and by.id is not None
    kw.setdefault("created_at", T0)
    async with uow() as tx:
        stored = await tx.reports.add(
            Report(collection_id=on.id, reporter_id=by.id, reason=reason, **kw)
        )
        await tx.commit()
    return stored
