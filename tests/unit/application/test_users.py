"""UserAdmin on the in-memory fakes."""

from __future__ import annotations

import pytest

from domain.errors import Conflict, Invalid, NotFound


async def test_create_user_stores_it(user_admin, clock) -> None:
    user = await user_admin.create_user("deal_hunter", "Deal Hunter", is_admin=True)

    assert user.id is not None
    assert (user.username, user.display_name, user.is_admin) == ("deal_hunter", "Deal Hunter", True)
    assert user.created_at == clock.now()
    assert await user_admin.get_by_username("deal_hunter") == user


async def test_display_name_defaults_to_username(user_admin) -> None:
    user = await user_admin.create_user("carol")
    assert user.display_name == "carol"
    assert user.is_admin is False


async def test_duplicate_username_is_a_conflict(user_admin, alice) -> None:
    with pytest.raises(Conflict):
        await user_admin.create_user("alice", "Another Alice")
    assert [u.display_name for u in await user_admin.list_users()] == ["Alice"]


@pytest.mark.parametrize("bad", ["Al", "ALICE", "has space", "x" * 33])
async def test_bad_username_is_invalid_and_not_stored(user_admin, bad: str) -> None:
    with pytest.raises(Invalid) as caught:
        await user_admin.create_user(bad)
    assert caught.value.field == "username"
    assert await user_admin.list_users() == []


async def test_too_long_display_name_is_invalid(user_admin) -> None:
    with pytest.raises(Invalid) as caught:
        await user_admin.create_user("carol", "c" * 101)
    assert caught.value.field == "display_name"


async def test_list_users_oldest_first(user_admin, alice, bob, admin) -> None:
    assert [u.username for u in await user_admin.list_users()] == ["alice", "bob", "root"]


async def test_unknown_username_is_not_found(user_admin) -> None:
    with pytest.raises(NotFound):
        await user_admin.get_by_username("nobody")
