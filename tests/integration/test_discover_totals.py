"""discover_totals.listed always equals the number of listed collections (triggers, 0002)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

LISTED = "visibility = 'public' AND NOT hidden_by_moderation"
OWNER = "INSERT INTO users (id, username, display_name) VALUES (1, 'a', 'A')"


async def _counts(engine: AsyncEngine) -> tuple[int, int]:
    async with engine.connect() as connection:
        kept = await connection.scalar(text("SELECT listed FROM discover_totals WHERE id = 1"))
        real = await connection.scalar(text(f"SELECT count(*) FROM collections WHERE {LISTED}"))
    return int(kept), int(real)


async def _run(engine: AsyncEngine, sql: str) -> None:
    async with engine.begin() as connection:
        await connection.execute(text(sql))


async def test_the_kept_total_follows_every_kind_of_change(migrated_engine: AsyncEngine) -> None:
    await _run(
        migrated_engine, "INSERT INTO users (id, username, display_name) VALUES (1, 'a', 'A')"
    )
    steps = [
        "INSERT INTO collections (owner_id, name, visibility) VALUES (1, 'p1', 'public'),"
        " (1, 'p2', 'public'), (1, 'u', 'unlisted'), (1, 'x', 'private')",
        "UPDATE collections SET visibility = 'public' WHERE name = 'u'",
        "UPDATE collections SET hidden_by_moderation = true WHERE name = 'p1'",
        "UPDATE collections SET view_count = view_count + 1",
        "UPDATE collections SET visibility = 'private' WHERE name = 'p2'",
        "UPDATE collections SET hidden_by_moderation = false WHERE name = 'p1'",
        "DELETE FROM collections WHERE name = 'p1'",
        "UPDATE users SET display_name = 'B'",
        "DELETE FROM collections",
    ]
    seen = []
    for sql in steps:
        await _run(migrated_engine, sql)
        kept, real = await _counts(migrated_engine)
        assert kept == real, sql
        seen.append(real)
    assert seen == [2, 3, 2, 2, 1, 2, 1, 1, 0]


async def test_a_rolled_back_change_leaves_the_total_alone(migrated_engine: AsyncEngine) -> None:
    await _run(
        migrated_engine, "INSERT INTO users (id, username, display_name) VALUES (1, 'a', 'A')"
    )
    async with migrated_engine.connect() as connection:
        await connection.execute(
            text("INSERT INTO collections (owner_id, name, visibility) VALUES (1, 'p', 'public')")
        )
        await connection.rollback()
    assert await _counts(migrated_engine) == (0, 0)
