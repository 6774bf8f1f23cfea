"""Fixtures for the unit suite: the in-memory fakes, three users and the use cases."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from adapters.memory import FixedClock, MemoryUnitOfWorkFactory, RecordingEventSink
from application.collection_items import CollectionItems
from application.collections import Collections
from application.context import Deps
from application.copying import CopyCollection
from application.discovery import Discover
from application.listings import ListingCatalog
from application.moderation import Moderation, Reports
from application.share_links import ShareLinks
from application.users import UserAdmin
from domain.collections import Collection
from domain.listing_parts import Valuation
from domain.listings import Listing
from domain.users import User
from domain.visibility import Visibility


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def events() -> RecordingEventSink:
    return RecordingEventSink()


@pytest.fixture
def uow() -> MemoryUnitOfWorkFactory:
    return MemoryUnitOfWorkFactory()


@pytest.fixture
def deps(uow: MemoryUnitOfWorkFactory, clock: FixedClock, events: RecordingEventSink) -> Deps:
    return Deps(uow=uow, clock=clock, events=events)


@pytest.fixture
def user_admin(deps: Deps) -> UserAdmin:
    return UserAdmin(deps)


@pytest.fixture
async def alice(user_admin: UserAdmin) -> User:
    return await user_admin.create_user("alice", "Alice")


@pytest.fixture
async def bob(user_admin: UserAdmin) -> User:
    return await user_admin.create_user("bob", "Bob")


@pytest.fixture
async def admin(user_admin: UserAdmin) -> User:
    return await user_admin.create_user("root", "Root", is_admin=True)


@pytest.fixture
def users(alice: User, bob: User, admin: User) -> dict[str | None, User | None]:
    """Users by role name, for parametrized tests; `None` is the anonymous caller."""
    return {"alice": alice, "bob": bob, "admin": admin, None: None}


@pytest.fixture
def hook_calls() -> list[int]:
    return []


@pytest.fixture
def catalog(deps: Deps, hook_calls: list[int]) -> ListingCatalog:
    async def record(listing_id: int) -> None:
        hook_calls.append(listing_id)

    return ListingCatalog(deps, on_changed=[record])


@pytest.fixture
def collections(deps: Deps) -> Collections:
    return Collections(deps)


@pytest.fixture
def items(deps: Deps) -> CollectionItems:
    return CollectionItems(deps)


def listing_of(title: str = "Dell OptiPlex 7050 Micro", price: float = 100.0, **kw: Any) -> Listing:
    adjusted = kw.pop("adjusted", None)
    valuation = Valuation(base_price_usd=price, adjusted_price_usd=adjusted)
    return Listing(title=title, price_usd=price, valuation=valuation, **kw)


@pytest.fixture
def new_listing(catalog: ListingCatalog, alice: User) -> Callable[..., Awaitable[Listing]]:
    """Store a listing created by alice (or `by=`): `await new_listing("title", 100.0)`."""

    async def make(*args: Any, by: User | None = None, **kw: Any) -> Listing:
        return await catalog.create(by or alice, listing_of(*args, **kw))

    return make


@pytest.fixture
def new_collection(collections: Collections, alice: User) -> Callable[..., Awaitable[Collection]]:
    """Store a collection owned by alice (or `by=`) with the given visibility."""

    async def make(
        visibility: Visibility = Visibility.PRIVATE, *, by: User | None = None, name: str = "Deals"
    ) -> Collection:
        return await collections.create(by or alice, name, visibility=visibility)

    return make


@pytest.fixture
def share_links(deps: Deps) -> ShareLinks:
    return ShareLinks(deps)


@pytest.fixture
def discover(deps: Deps) -> Discover:
    return Discover(deps)


@pytest.fixture
def copier(deps: Deps) -> CopyCollection:
    return CopyCollection(deps)


@pytest.fixture
def reports(deps: Deps) -> Reports:
    return Reports(deps)


@pytest.fixture
def moderation(deps: Deps) -> Moderation:
    return Moderation(deps)
