"""UnitOfWork: one transaction; nothing stays unless committed."""

from __future__ import annotations

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
