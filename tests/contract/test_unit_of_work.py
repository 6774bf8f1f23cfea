"""UnitOfWork: one transaction; nothing stays unless committed."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from domain.pages import PageRequest
from domain.ports import UnitOfWorkFactory
from domain.users import User

from . import seed
from .seed import T0


def _user(name: str) -> User:
    return User(username=name, display_name=name, created_at=T0)


async def _usernames(uow: UnitOfWorkFactory) -> list[str]:
    async with uow() as tx:
        return [user.username for user in await tx.users.list()]


async def test_leaving_without_commit_rolls_back(uow: UnitOfWorkFactory) -> None:
    async with uow() as tx:
        await tx.users.add(_user("ghost"))
        await tx.listings.add(seed.listing_of("Ghost listing"))

    assert await _usernames(uow) == []
    async with uow() as tx:
        assert (await tx.listings.search(None, PageRequest())).total == 0


async def test_an_error_rolls_back_and_propagates(uow: UnitOfWorkFactory) -> None:
    with pytest.raises(ZeroDivisionError):
        async with uow() as tx:
            await tx.users.add(_user("ghost"))
            _ = 1 / 0

    assert await _usernames(uow) == []


async def test_commit_keeps_what_came_before_it_only(uow: UnitOfWorkFactory) -> None:
    async with uow() as tx:
        await tx.users.add(_user("kept"))
        await tx.commit()
        await tx.users.add(_user("dropped"))

    assert await _usernames(uow) == ["kept"]


async def test_work_goes_on_after_commit_and_rollback(uow: UnitOfWorkFactory) -> None:
    async with uow() as tx:
        await tx.users.add(_user("first"))
        await tx.commit()
        await tx.users.add(_user("undone"))
        await tx.rollback()
        assert [u.username for u in await tx.users.list()] == ["first"]
        await tx.users.add(_user("second"))
        await tx.commit()

    assert await _usernames(uow) == ["first", "second"]


async def test_a_transaction_reads_its_own_writes(uow: UnitOfWorkFactory) -> None:
    async with uow() as tx:
        user = await tx.users.add(_user("fresh"))
        assert await tx.users.get(user.id) == user  # type: ignore[arg-type]
        assert await tx.users.get_by_username("fresh") == user


async def test_a_unit_of_work_can_be_used_again_after_it_closed(
    uow: UnitOfWorkFactory,
) -> None:
    tx = uow()
    async with tx:
        await tx.users.add(_user("one"))
        await tx.commit()
    async with tx:
        await tx.users.add(_user("two"))
        await tx.commit()

    assert await _usernames(uow) == ["one", "two"]


async def test_using_it_outside_the_block_is_an_error(uow: UnitOfWorkFactory) -> None:
    tx = uow()
    with pytest.raises(RuntimeError):
        await tx.commit()
    async with tx:
        pass
    with pytest.raises(RuntimeError):
        await tx.commit()


# -- Read-only units of work (issue 11, docs/adr/0092) ------------------------------------------


async def test_a_read_only_unit_of_work_reads_what_was_committed(uow: UnitOfWorkFactory) -> None:
    async with uow() as tx:
        await tx.users.add(_user("kept"))
        await tx.commit()

    async with uow(read_only=True) as tx:
        assert [user.username for user in await tx.users.list()] == ["kept"]
        assert (await tx.users.get_by_username("kept")) is not None


async def test_a_read_only_unit_of_work_cannot_commit_and_keeps_nothing(
    uow: UnitOfWorkFactory,
) -> None:
    async with uow(read_only=True) as tx:
        with pytest.raises(RuntimeError, match="read-only"):
            await tx.commit()

    # A write in it is refused (PostgreSQL) or discarded when it closes (SQLite, memory).
    with contextlib.suppress(Exception):
        async with uow(read_only=True) as tx:
            await tx.users.add(_user("sneaky"))
            with contextlib.suppress(RuntimeError):
                await tx.commit()

    assert await _usernames(uow) == []


async def test_writers_work_as_before_after_read_only_units_of_work(
    uow: UnitOfWorkFactory,
) -> None:
    """Read-only is per unit of work: a pooled connection does not stay read-only."""
    for name in ("one", "two", "three"):
        async with uow(read_only=True) as tx:
            await tx.users.list()
        async with uow() as tx:
            await tx.users.add(_user(name))
            await tx.commit()

    assert await _usernames(uow) == ["one", "two", "three"]


async def test_a_reader_does_not_wait_for_an_open_writer(
    uow: UnitOfWorkFactory, backend: str
) -> None:
    if backend == "memory":
        pytest.skip("the fake runs one unit of work at a time, readers too (ADR 0012)")
    async with uow() as tx:
        await tx.users.add(_user("before"))
        await tx.commit()

    async with uow() as writer:
        await writer.users.add(_user("pending"))
        async with asyncio.timeout(5), uow(read_only=True) as reader:
            assert [user.username for user in await reader.users.list()] == ["before"]
        await writer.commit()

    assert await _usernames(uow) == ["before", "pending"]
