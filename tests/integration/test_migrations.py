"""Migrations: one head, every step reversible, and the same schema the code declares."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy import migrate
from adapters.sqlalchemy.engine import create_engine
from adapters.sqlalchemy.tables import metadata

pytestmark = pytest.mark.postgres

TABLES = {
    "discover_totals",
    "users",
    "api_keys",
    "listings",
    "collections",
    "collection_items",
    "share_tokens",
    "reports",
    "import_previews",
}


@pytest.fixture
async def engine(empty_postgres_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(empty_postgres_url)
    yield engine
    await engine.dispose()


async def _catalog(engine: AsyncEngine) -> dict[str, set[str]]:
    """What lives in the public schema, by kind."""
    queries = {
        "tables": "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
        "types": (
            "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
            "WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'c') "
            "AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.reltype = t.oid)"
        ),
        "sequences": "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'",
        "indexes": "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'",
    }
    async with engine.connect() as connection:
        return {
            kind: set((await connection.execute(text(sql))).scalars())
            for kind, sql in queries.items()
        }


def test_there_is_exactly_one_head() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert len(script.get_heads()) == 1
    assert script.get_current_head() == migrate.head_revision()


async def test_upgrade_downgrade_to_base_and_upgrade_again(engine: AsyncEngine) -> None:
    assert await migrate.current(engine) is None

    await migrate.upgrade(engine)
    assert await migrate.current(engine) == migrate.head_revision()
    assert (await _catalog(engine))["tables"] == TABLES | {"alembic_version"}

    await migrate.downgrade(engine, "base")
    assert await migrate.current(engine) is None
    left = await _catalog(engine)
    assert left["tables"] == {"alembic_version"}
    assert left["types"] == set()
    assert left["sequences"] == set()
    assert left["indexes"] == {"alembic_version_pkc"}

    await migrate.upgrade(engine)
    assert await migrate.current(engine) == migrate.head_revision()
    assert (await _catalog(engine))["tables"] == TABLES | {"alembic_version"}


async def test_every_revision_goes_down_and_up_one_step_at_a_time(
    engine: AsyncEngine,
) -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    oldest_first = [r.revision for r in reversed(list(script.walk_revisions()))]

    for revision in oldest_first:
        await migrate.upgrade(engine, revision)
        assert await migrate.current(engine) == revision
    for revision in reversed(oldest_first):
        assert await migrate.current(engine) == revision
        await migrate.downgrade(engine, "-1")
    assert await migrate.current(engine) is None
    assert (await _catalog(engine))["tables"] == {"alembic_version"}


def schema_differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "compare_server_default": True}
    )
    return list(compare_metadata(context, metadata))


async def test_the_tables_in_code_match_the_migrated_schema(engine: AsyncEngine) -> None:
    await migrate.upgrade(engine)
    async with engine.connect() as connection:
        assert await connection.run_sync(schema_differences) == []


async def test_replicas_migrating_at_once_take_turns(empty_postgres_url: str) -> None:
    import asyncio

    engines = [create_engine(empty_postgres_url) for _ in range(3)]
    try:
        await asyncio.gather(*(migrate.upgrade(engine) for engine in engines))
        assert await migrate.current(engines[0]) == migrate.head_revision()
    finally:
        for engine in engines:
            await engine.dispose()


async def test_a_url_without_the_async_driver_gets_it(empty_postgres_url: str) -> None:
    plain = empty_postgres_url.replace("postgresql+asyncpg://", "postgresql://")
    engine = create_engine(plain)
    try:
        assert engine.dialect.driver == "asyncpg"
        assert await migrate.current(engine) is None
    finally:
        await engine.dispose()
