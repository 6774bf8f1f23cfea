"""The SQLite engine: pragmas, its file, and transactions that queue instead of failing."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import text

from adapters.memory import FixedClock
from adapters.sqlalchemy import migrate
from adapters.sqlalchemy.engine import BUSY_TIMEOUT_MS, create_engine
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory
from domain.collections import Collection, CollectionItem
from domain.listings import Listing
from domain.users import User

from .test_migrations import schema_differences

T0 = FixedClock().now()


async def test_each_connection_gets_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'new' / 'dir' / 'x.db'}")
    try:
        async with engine.connect() as connection:
            pragmas = {
                name: (await connection.execute(text(f"PRAGMA {name}"))).scalar_one()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            }
    finally:
        await engine.dispose()
    assert pragmas == {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "busy_timeout": BUSY_TIMEOUT_MS,
        "synchronous": 1,  # NORMAL
    }
    assert (tmp_path / "new" / "dir" / "x.db").exists()


@pytest.mark.parametrize(
    "url", ["sqlite+aiosqlite://", "sqlite+aiosqlite:///:memory:", "sqlite+aiosqlite:///"]
)
def test_an_in_memory_database_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="database file"):
        create_engine(url)


# SQLite cannot reflect expression indexes; the PostgreSQL-only full-text index is skipped.
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression")
async def test_the_tables_in_code_match_the_migrated_sqlite_schema(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'schema.db'}")
    try:
        await migrate.upgrade(engine)
        async with engine.connect() as connection:
            differences = await connection.run_sync(schema_differences)
    finally:
        await engine.dispose()
    assert [d for d in differences if not _known_sqlite_noise(d)] == []


def _known_sqlite_noise(difference: object) -> bool:
    """Differences Alembic reports on SQLite for every schema like ours:
    - the Identity() of each id (SQLite has INTEGER PRIMARY KEY AUTOINCREMENT instead);
    - the empty-string default of `search_words`, which SQLite reflects as `''` and
      Alembic then misreads (PostgreSQL reports nothing for the same column)."""
    [(op, _schema, _table, column, _existing, old, new)] = difference  # type: ignore[misc]
    if op != "modify_default":
        return False
    if column == "id" and type(new).__name__ == "Identity":
        return True
    return column == "search_words" and str(getattr(new, "arg", "")) in ("", "''")


async def test_writers_in_separate_processes_queue_on_the_file_lock(tmp_path: Path) -> None:
    """Two engines, each with its own in-process queue, stand in for two processes: only
    BEGIN IMMEDIATE and the busy timeout keep their concurrent adds apart."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}"
    engines = [create_engine(url), create_engine(url)]
    try:
        await migrate.upgrade(engines[0])
        factories = [SqlUnitOfWorkFactory(engine) for engine in engines]
        async with factories[0]() as tx:
            owner = await tx.users.add(User("alice", "Alice", created_at=T0))
            deals = await tx.collections.add(Collection(owner.id, "Deals"))  # type: ignore[arg-type]
            listings = [await tx.listings.add(Listing(f"L{n}", 1.0)) for n in range(20)]
            await tx.commit()

        async def add(n: int) -> None:
            async with factories[n % 2]() as tx:
                await tx.collections.add_item(CollectionItem(deals.id, listings[n].id))  # type: ignore[arg-type]
                await tx.commit()

        await asyncio.gather(*(add(n) for n in range(20)))

        async with factories[1]() as tx:
            items = await tx.collections.items(deals.id)  # type: ignore[arg-type]
        assert [item.position for item in items] == list(range(20))
        assert len({item.listing_id for item in items}) == 20
    finally:
        for engine in engines:
            await engine.dispose()


async def test_times_are_stored_as_utc_text(tmp_path: Path) -> None:
    from datetime import datetime, timedelta, timezone

    url = f"sqlite+aiosqlite:///{tmp_path / 'times.db'}"
    engine = create_engine(url)
    try:
        await migrate.upgrade(engine)
        plus_two = datetime(2026, 5, 1, 14, 0, tzinfo=timezone(timedelta(hours=2)))
        async with SqlUnitOfWorkFactory(engine)() as tx:
            await tx.users.add(User("alice", "Alice", created_at=plus_two))
            await tx.commit()
        async with engine.connect() as connection:
            raw = (await connection.execute(text("SELECT created_at FROM users"))).scalar_one()
    finally:
        await engine.dispose()
    assert raw.startswith("2026-05-01 12:00:00")
