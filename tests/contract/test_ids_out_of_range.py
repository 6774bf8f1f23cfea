"""Every repository: an id no row can have (ids are 32-bit, ADR 0100) finds nothing.

PostgreSQL refuses a parameter its `integer` column cannot hold (asyncpg raises, the request
would answer 500), so the SQL adapter answers "none" without asking; the in-memory fake
finds nothing by nature. Either way the caller sees what an unknown id gives: 404.
"""

from __future__ import annotations

import pytest

from domain.ports import UnitOfWorkFactory

from . import seed

OUT_OF_RANGE = [0, -1, 2**31, 3_662_143_741, 2**63, 2**70, -(2**70)]


@pytest.mark.parametrize("bad", OUT_OF_RANGE)
async def test_lookups_by_an_impossible_id_find_nothing(uow: UnitOfWorkFactory, bad: int) -> None:
    alice = await seed.user(uow)
    deals = await seed.collection(uow, alice)
    listing = await seed.listing(uow)
    await seed.item(uow, deals, listing)
    await seed.share_token(uow, deals)
    await seed.report(uow, deals, alice)
    await seed.api_key(uow, alice)
    assert deals.id is not None and listing.id is not None

    async with uow() as tx:
        assert await tx.listings.get(bad) is None
        assert await tx.listings.get_many([bad]) == {}
        assert await tx.collections.get(bad) is None
        assert await tx.collections.items(bad) == []
        assert await tx.collections.get_item(bad, listing.id) is None
        assert await tx.collections.get_item(deals.id, bad) is None
        assert await tx.share_tokens.get(bad) is None
        assert await tx.reports.get(bad) is None
        assert await tx.users.get(bad) is None
        assert await tx.api_keys.get(bad) is None
