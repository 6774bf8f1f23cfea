"""normalized_url and search_text: computed by the adapter on every write."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy.tables import listings
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory
from adapters.sqlalchemy.urls import normalize_url
from domain.listings import Listing


@pytest.mark.parametrize(
    ("url", "normalized"),
    [
        ("HTTPS://WWW.Example.COM/Item/", "https://www.example.com/Item"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com/a?utm_source=x&UTM_Medium=y&id=7", "https://example.com/a?id=7"),
        ("https://example.com/?utm_campaign=z", "https://example.com"),
        ("https://example.com/a#reviews", "https://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://user:Secret@Example.com/a", "https://user:Secret@example.com/a"),
        ("https://example.com/a?q=&x=1", "https://example.com/a?q=&x=1"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("https://[2001:DB8::1]:443/a", "https://[2001:db8::1]/a"),
        (None, None),
        ("", None),
    ],
)
def test_normalize_url(url: str | None, normalized: str | None) -> None:
    assert normalize_url(url) == normalized


def test_the_path_keeps_its_case() -> None:
    assert normalize_url("https://a.com/CaseMatters") != normalize_url("https://a.com/casematters")


async def test_derived_columns_follow_every_write(migrated_engine: AsyncEngine) -> None:
    uow = SqlUnitOfWorkFactory(migrated_engine)
    listing = Listing(
        "Dell OptiPlex",
        99.0,
        listing_url="HTTPS://Shop.example/x/?utm_source=a&b=1",
        seller="PC Outlet",
        device_model="D10U",
    )
    async with uow() as tx:
        stored = await tx.listings.add(listing)
        await tx.commit()
    assert await _derived(migrated_engine, stored.id) == (  # type: ignore[arg-type]
        "https://shop.example/x?b=1",
        "dell optiplex pc outlet d10u",
    )

    async with uow() as tx:
        await tx.listings.update(replace(stored, listing_url=None, seller=None, title="HP Mini"))
        await tx.commit()
    assert await _derived(migrated_engine, stored.id) == (None, "hp mini d10u")  # type: ignore[arg-type]


async def _derived(engine: AsyncEngine, listing_id: int) -> tuple[str | None, str]:
    query = select(listings.c.normalized_url, listings.c.search_text).where(
        listings.c.id == listing_id
    )
    async with engine.connect() as connection:
        row = (await connection.execute(query)).one()
    return row.normalized_url, row.search_text
