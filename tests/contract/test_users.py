"""UserRepo: what every backend must do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from domain.errors import Conflict
from domain.ports import UnitOfWorkFactory
from domain.users import User

from . import seed
from .seed import T0


async def test_add_assigns_an_id_and_get_returns_the_same_user(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow, "alice", is_admin=True)

    assert alice.id is not None
    async with uow() as tx:
        assert await tx.users.get(alice.id) == alice
        assert alice == User(
            username="alice", display_name="Alice", is_admin=True, created_at=T0, id=alice.id
        )


async def test_missing_users_are_none(uow: UnitOfWorkFactory) -> None:
    async with uow() as tx:
        assert await tx.users.get(12345) is None
        assert await tx.users.get_by_username("nobody") is None


async def test_get_by_username_is_exact(uow: UnitOfWorkFactory) -> None:
    await seed.user(uow, "alice")
    bob = await seed.user(uow, "bob")

    async with uow() as tx:
        assert await tx.users.get_by_username("bob") == bob
        assert await tx.users.get_by_username("bo") is None


async def test_a_taken_username_is_a_conflict_naming_the_field(uow: UnitOfWorkFactory) -> None:
    await seed.user(uow, "alice")

    async with uow() as tx:
        with pytest.raises(Conflict) as caught:
            await tx.users.add(User(username="alice", display_name="Other", created_at=T0))
        assert caught.value.field == "username"
        # The conflict does not spoil the transaction: it can go on and commit.
        await tx.users.add(User(username="alice2", display_name="Other", created_at=T0))
        await tx.commit()

    async with uow() as tx:
        assert [u.username for u in await tx.users.list()] == ["alice", "alice2"]


async def test_list_is_oldest_first(uow: UnitOfWorkFactory) -> None:
    names = ["carol", "alice", "bob"]
    for name in names:
        await seed.user(uow, name)

    async with uow() as tx:
        assert [u.username for u in await tx.users.list()] == names


async def test_created_at_comes_back_as_the_same_aware_instant(uow: UnitOfWorkFactory) -> None:
    plus_two = datetime(2026, 3, 1, 14, 30, 15, 123456, tzinfo=timezone(timedelta(hours=2)))
    utc = await seed.user(uow, "utc", created_at=T0)
    offset = await seed.user(uow, "offset", created_at=plus_two)

    async with uow() as tx:
        got_utc = await tx.users.get(utc.id)  # type: ignore[arg-type]
        got_offset = await tx.users.get(offset.id)  # type: ignore[arg-type]
    assert got_utc and got_offset
    assert got_utc.created_at == T0 and got_utc.created_at.utcoffset() == timedelta(0)
    assert got_offset.created_at == plus_two
    assert got_offset.created_at.tzinfo is not None
    assert got_offset.created_at.astimezone(UTC) == datetime(
        2026, 3, 1, 12, 30, 15, 123456, tzinfo=UTC
    )
