"""ApiKeyRepo: what every backend must do."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain.errors import Conflict, NotFound
from domain.ports import UnitOfWorkFactory
from domain.users import ApiKey

from . import seed
from .seed import T0, at


async def test_add_and_get(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow, "alice")
    key = await seed.api_key(uow, alice, "laptop", prefix="dbk_abcdefgh", key_hash="h1")

    assert key.id is not None
    assert key == ApiKey(
        user_id=alice.id,  # type: ignore[arg-type]
        name="laptop",
        prefix="dbk_abcdefgh",
        key_hash="h1",
        created_at=T0,
        id=key.id,
    )
    async with uow() as tx:
        assert await tx.api_keys.get(key.id) == key
        assert await tx.api_keys.get(key.id + 1000) is None


async def test_find_by_prefix_includes_revoked_keys(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow, "alice")
    live = await seed.api_key(uow, alice, "a", prefix="dbk_same0000", key_hash="h1")
    revoked = await seed.api_key(
        uow, alice, "b", prefix="dbk_same0000", key_hash="h2", revoked_at=at(5)
    )
    await seed.api_key(uow, alice, "c", prefix="dbk_other000", key_hash="h3")

    async with uow() as tx:
        assert await tx.api_keys.find_by_prefix("dbk_same0000") == [live, revoked]
        assert await tx.api_keys.find_by_prefix("dbk_same") == []


async def test_list_all_or_one_users_keys_oldest_first(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow, "alice")
    bob = await seed.user(uow, "bob")
    a1 = await seed.api_key(uow, alice, "a1", key_hash="h1")
    b1 = await seed.api_key(uow, bob, "b1", key_hash="h2")
    a2 = await seed.api_key(uow, alice, "a2", key_hash="h3")

    async with uow() as tx:
        assert await tx.api_keys.list() == [a1, b1, a2]
        assert await tx.api_keys.list(alice.id) == [a1, a2]
        assert await tx.api_keys.list(bob.id) == [b1]
        assert await tx.api_keys.list(9999) == []


async def test_update_saves_last_use_and_revocation(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow, "alice")
    key = await seed.api_key(uow, alice)
    used = replace(key, last_used_at=at(1))
    revoked = replace(used, revoked_at=at(2), name="old laptop")

    async with uow() as tx:
        await tx.api_keys.update(used)
        await tx.api_keys.update(revoked)
        await tx.commit()

    async with uow() as tx:
        assert await tx.api_keys.get(key.id) == revoked  # type: ignore[arg-type]


async def test_update_of_a_missing_key_is_not_found(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow, "alice")
    key = await seed.api_key(uow, alice)

    async with uow() as tx:
        with pytest.raises(NotFound):
            await tx.api_keys.update(replace(key, id=key.id + 1000))  # type: ignore[operator]


async def test_a_reused_key_hash_is_a_conflict(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow, "alice")
    await seed.api_key(uow, alice, "one", key_hash="same")

    async with uow() as tx:
        with pytest.raises(Conflict) as caught:
            await tx.api_keys.add(
                ApiKey(user_id=alice.id, name="two", prefix="p", key_hash="same", created_at=T0)  # type: ignore[arg-type]
            )
        assert caught.value.field == "key_hash"
