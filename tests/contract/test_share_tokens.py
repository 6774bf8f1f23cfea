"""ShareTokenRepo: what every backend must do."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from domain.errors import Conflict, NotFound
from domain.ports import UnitOfWorkFactory
from domain.sharing import ShareToken

from . import seed
from .seed import T0, at


async def _deals(uow: UnitOfWorkFactory):  # type: ignore[no-untyped-def]
    return await seed.collection(uow, await seed.user(uow))


async def test_add_get_and_get_by_token(uow: UnitOfWorkFactory) -> None:
    deals = await _deals(uow)
    token = await seed.share_token(uow, deals, "abc", expires_at=at(60))

    assert token == ShareToken(
        collection_id=deals.id, token="abc", created_at=T0, expires_at=at(60), id=token.id
    )
    async with uow() as tx:
        assert await tx.share_tokens.get(token.id) == token  # type: ignore[arg-type]
        assert await tx.share_tokens.get_by_token("abc") == token
        assert await tx.share_tokens.get_by_token("ABC") is None
        assert await tx.share_tokens.get(token.id + 1000) is None  # type: ignore[operator]
    assert token.expires_at is not None and token.expires_at.utcoffset() == timedelta(0)


async def test_a_token_string_is_unique(uow: UnitOfWorkFactory) -> None:
    deals = await _deals(uow)
    await seed.share_token(uow, deals, "same")

    async with uow() as tx:
        with pytest.raises(Conflict) as caught:
            await tx.share_tokens.add(
                ShareToken(collection_id=deals.id, token="same", created_at=T0)  # type: ignore[arg-type]
            )
        assert caught.value.field == "token"
        await tx.share_tokens.add(
            ShareToken(collection_id=deals.id, token="other", created_at=T0)  # type: ignore[arg-type]
        )
        await tx.commit()


async def test_a_token_for_a_missing_collection_is_not_found(uow: UnitOfWorkFactory) -> None:
    async with uow() as tx:
        with pytest.raises(NotFound):
            await tx.share_tokens.add(ShareToken(collection_id=999_999, token="x", created_at=T0))


async def test_list_for_collection_is_oldest_first_revoked_included(
    uow: UnitOfWorkFactory,
) -> None:
    deals = await _deals(uow)
    other = await seed.collection(uow, await seed.user(uow, "bob"))
    first = await seed.share_token(uow, deals, "t1", created_at=at(5))
    revoked = await seed.share_token(uow, deals, "t2", created_at=at(1), revoked_at=at(2))
    await seed.share_token(uow, other, "t3")

    async with uow() as tx:
        assert await tx.share_tokens.list_for_collection(deals.id) == [first, revoked]  # type: ignore[arg-type]
        assert await tx.share_tokens.list_for_collection(999_999) == []


async def test_update_saves_revocation_and_expiry_but_not_the_view_count(
    uow: UnitOfWorkFactory,
) -> None:
    deals = await _deals(uow)
    token = await seed.share_token(uow, deals, expires_at=at(10))
    async with uow() as tx:
        await tx.share_tokens.increment_view_count(token.id)  # type: ignore[arg-type]
        await tx.commit()

    async with uow() as tx:
        await tx.share_tokens.update(
            replace(token, revoked_at=at(3), expires_at=None, view_count=50)
        )
        await tx.commit()

    async with uow() as tx:
        got = await tx.share_tokens.get(token.id)  # type: ignore[arg-type]
    assert got == replace(token, revoked_at=at(3), expires_at=None, view_count=1)


async def test_missing_tokens_are_not_found_on_change(uow: UnitOfWorkFactory) -> None:
    deals = await _deals(uow)
    token = await seed.share_token(uow, deals)

    async with uow() as tx:
        with pytest.raises(NotFound):
            await tx.share_tokens.update(replace(token, id=999_999))
        with pytest.raises(NotFound):
            await tx.share_tokens.increment_view_count(999_999)
