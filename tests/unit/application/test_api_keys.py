"""ApiKeys: shown once, stored as a hash, checked on every request."""

from __future__ import annotations

import hashlib
import re

import pytest

from application.api_keys import ApiKeys
from domain.errors import NotFound, Unauthorized


@pytest.fixture
def keys(deps) -> ApiKeys:
    return ApiKeys(deps)


async def stored_keys(uow):
    async with uow() as tx:
        return await tx.api_keys.list()


async def test_create_returns_a_secret_and_stores_only_its_hash(keys, alice, uow, clock) -> None:
    issued = await keys.create("alice", "laptop")

    assert re.fullmatch(r"dbk_[A-Za-z0-9_-]{32,}", issued.secret)
    [stored] = await stored_keys(uow)
    assert stored.key_hash == hashlib.sha256(issued.secret.encode()).hexdigest()
    assert stored.prefix == issued.secret[:12] and len(stored.prefix) < len(issued.secret)
    assert issued.secret not in repr(stored)
    assert (stored.user_id, stored.name, stored.created_at) == (alice.id, "laptop", clock.now())
    assert stored.last_used_at is None and stored.revoked_at is None


async def test_each_key_is_different(keys, alice) -> None:
    secrets = {(await keys.create("alice")).secret for _ in range(5)}
    assert len(secrets) == 5


async def test_create_for_an_unknown_user_is_not_found(keys, uow) -> None:
    with pytest.raises(NotFound):
        await keys.create("nobody")
    assert await stored_keys(uow) == []


async def test_authenticate_returns_the_keys_user(keys, alice, bob) -> None:
    mine = await keys.create("alice")
    theirs = await keys.create("bob")
    assert await keys.authenticate(mine.secret) == alice
    assert await keys.authenticate(theirs.secret) == bob


def _flip_last(secret: str) -> str:
    return secret[:-1] + ("A" if secret[-1] != "A" else "B")


@pytest.mark.parametrize(
    "make_bad",
    [
        _flip_last,  # same shown prefix, wrong secret
        lambda s: s[4:],  # no dbk_ prefix
        lambda s: "dbk_",
        lambda s: "",
        lambda s: "Bearer " + s,
        lambda s: s + "x",
    ],
)
async def test_wrong_or_malformed_key_is_unauthorized(keys, alice, make_bad) -> None:
    issued = await keys.create("alice")
    with pytest.raises(Unauthorized):
        await keys.authenticate(make_bad(issued.secret))


async def test_revoked_key_is_unauthorized(keys, alice, clock) -> None:
    issued = await keys.create("alice")
    revoked = await keys.revoke(issued.key.id)
    assert revoked.revoked_at == clock.now()
    with pytest.raises(Unauthorized):
        await keys.authenticate(issued.secret)
    clock.advance(hours=1)
    assert (await keys.revoke(issued.key.id)).revoked_at == revoked.revoked_at


async def test_revoke_unknown_key_is_not_found(keys) -> None:
    with pytest.raises(NotFound):
        await keys.revoke(404)


async def test_last_used_at_is_rewritten_at_most_once_a_minute(keys, alice, clock, uow) -> None:
    issued = await keys.create("alice")
    first = clock.now()
    await keys.authenticate(issued.secret)
    assert (await stored_keys(uow))[0].last_used_at == first

    clock.advance(seconds=59)
    await keys.authenticate(issued.secret)
    assert (await stored_keys(uow))[0].last_used_at == first

    clock.advance(seconds=1)
    await keys.authenticate(issued.secret)
    assert (await stored_keys(uow))[0].last_used_at == clock.now()


async def test_list_by_user(keys, alice, bob) -> None:
    await keys.create("alice", "one")
    await keys.create("bob", "two")
    await keys.create("alice", "three")
    assert [k.name for k in await keys.list("alice")] == ["one", "three"]
    assert [k.name for k in await keys.list()] == ["one", "two", "three"]
    with pytest.raises(NotFound):
        await keys.list("nobody")
