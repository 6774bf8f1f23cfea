"""PreviewStore: a repository of the unit of work; saved, found until forgotten, claimed once."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from domain.errors import Conflict, NotFound
from domain.imports import PREVIEW_KEPT_AFTER_EXPIRY, PREVIEW_TTL, ImportKind, ImportPreview
from domain.ports import UnitOfWorkFactory
from domain.users import User

from . import seed
from .seed import T0, at

DOCUMENT = {
    "deal_brain_export": {
        "version": "1.0.0",
        "exported_at": "2026-01-01T12:00:00Z",
        "type": "deal",
    },
    "data": {"listing": {"id": 7, "title": "Zotac ZBOX", "price_usd": 99.5, "custom": [1, None]}},
}
SUMMARY = {"counts": {"new": 1, "likely_duplicate": 0, "possible_duplicate": 0}, "warnings": []}


def preview_of(author: User, preview_id: str = "p-1", **kw: object) -> ImportPreview:
    assert author.id is not None
    created_at = kw.pop("created_at", T0)
    return ImportPreview(
        id=preview_id,
        author_id=author.id,
        kind=kw.pop("kind", ImportKind.DEAL),  # type: ignore[arg-type]
        document=DOCUMENT,
        created_at=created_at,  # type: ignore[arg-type]
        expires_at=created_at + PREVIEW_TTL,  # type: ignore[operator]
        summary=SUMMARY,
    )


async def save(uow: UnitOfWorkFactory, preview: ImportPreview) -> None:
    async with uow() as tx:
        await tx.previews.save(preview)
        await tx.commit()


async def get(uow: UnitOfWorkFactory, preview_id: str, minutes: float) -> ImportPreview | None:
    async with uow() as tx:
        return await tx.previews.get(preview_id, at(minutes))


async def claim(uow: UnitOfWorkFactory, preview_id: str, minutes: float) -> bool:
    async with uow() as tx:
        claimed = await tx.previews.mark_confirmed(preview_id, at(minutes))
        await tx.commit()
        return claimed


async def test_a_saved_preview_comes_back_as_it_was(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    saved = preview_of(alice, kind=ImportKind.COLLECTION)
    await save(uow, saved)

    found = await get(uow, "p-1", 1)
    assert found == saved
    assert list(found.document["data"]["listing"]) == ["id", "title", "price_usd", "custom"]
    assert await get(uow, "p-2", 1) is None


async def test_an_id_is_saved_once(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    await save(uow, preview_of(alice))
    with pytest.raises(Conflict):
        await save(uow, preview_of(alice))


async def test_the_author_must_exist(uow: UnitOfWorkFactory) -> None:
    ghost = User(username="ghost", display_name="Ghost", id=999)
    with pytest.raises(NotFound):
        await save(uow, preview_of(ghost))


async def test_an_expired_preview_is_found_until_it_is_forgotten(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    await save(uow, preview_of(alice))
    expired = PREVIEW_TTL / timedelta(minutes=1)
    forgotten = (PREVIEW_TTL + PREVIEW_KEPT_AFTER_EXPIRY) / timedelta(minutes=1)

    found = await get(uow, "p-1", expired)
    assert found is not None and found.is_expired(at(expired))
    assert await get(uow, "p-1", forgotten - 0.01) is not None
    assert await get(uow, "p-1", forgotten) is None


async def test_saving_prunes_forgotten_previews(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    await save(uow, preview_of(alice, "old"))
    await save(uow, preview_of(alice, "recent", created_at=at(60)))
    later = at((PREVIEW_TTL + PREVIEW_KEPT_AFTER_EXPIRY) / timedelta(minutes=1))
    await save(uow, preview_of(alice, "new", created_at=later))

    # Looked up as if it were long ago: only a row still stored can be found.
    async with uow() as tx:
        assert await tx.previews.get("old", T0) is None
        assert await tx.previews.get("recent", T0) is not None
        assert await tx.previews.get("new", later) is not None


async def test_a_preview_is_claimed_once(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    await save(uow, preview_of(alice))

    assert await claim(uow, "p-1", 5) is True
    assert await claim(uow, "p-1", 6) is False
    found = await get(uow, "p-1", 7)
    assert found is not None and found.confirmed_at == at(5)


async def test_an_expired_or_missing_preview_cannot_be_claimed(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    await save(uow, preview_of(alice))

    assert await claim(uow, "p-1", PREVIEW_TTL / timedelta(minutes=1)) is False
    assert await claim(uow, "nope", 1) is False
    found = await get(uow, "p-1", 31)
    assert found is not None and found.confirmed_at is None


async def test_of_two_concurrent_claims_exactly_one_wins(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    await save(uow, preview_of(alice))

    results = await asyncio.gather(*(claim(uow, "p-1", 1) for _ in range(4)))
    assert sorted(results) == [False, False, False, True]


async def test_a_rolled_back_claim_leaves_the_preview_unclaimed(uow: UnitOfWorkFactory) -> None:
    alice = await seed.user(uow)
    await save(uow, preview_of(alice))

    with pytest.raises(RuntimeError):
        async with uow() as tx:
            assert await tx.previews.mark_confirmed("p-1", at(1)) is True
            await tx.listings.add(seed.listing_of("Imported", created_by=alice.id))
            raise RuntimeError("failed midway")

    found = await get(uow, "p-1", 2)
    assert found is not None and found.confirmed_at is None
    assert await claim(uow, "p-1", 2) is True


async def test_a_claim_waits_for_the_transaction_holding_it(uow: UnitOfWorkFactory) -> None:
    """While one confirm is open, another sees the claim only once the first one ends."""
    alice = await seed.user(uow)
    await save(uow, preview_of(alice))
    first_claimed = asyncio.Event()
    release = asyncio.Event()

    async def slow_first() -> bool:
        async with uow() as tx:
            claimed = await tx.previews.mark_confirmed("p-1", at(1))
            first_claimed.set()
            await release.wait()
            await tx.rollback()  # gives the claim back
            return claimed

    first = asyncio.create_task(slow_first())
    await first_claimed.wait()
    second = asyncio.create_task(claim(uow, "p-1", 1))
    await asyncio.sleep(0.05)
    release.set()
    assert await first is True
    assert await second is True
