"""Migrated databases, ready to use: a SQLite template to copy and PostgreSQL to empty."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sqlalchemy import migrate
from adapters.sqlalchemy.engine import create_engine
from adapters.sqlalchemy.tables import metadata
from entrypoints.settings import Settings
from tests.support.postgres import throwaway_database_sync
from tests.support.run import run_sync


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


async def migrated(url: str) -> None:
    engine = create_engine(url)
    try:
        await migrate.upgrade(engine)
    finally:
        # Closing the last connection checkpoints SQLite's WAL into the main file.
        await engine.dispose()


def migrate_sync(url: str) -> None:
    run_sync(migrated(url))


def sqlite_template(directory: Path) -> Path:
    """A migrated SQLite file; copy it per test (`copy_sqlite`), which beats migrating."""
    path = directory / "template.db"
    migrate_sync(sqlite_url(path))
    return path


def copy_sqlite(template: Path, directory: Path) -> str:
    target = directory / "dealbrain.db"
    shutil.copyfile(template, target)
    return sqlite_url(target)


async def empty_tables(engine: AsyncEngine, *, restart_ids: bool = False) -> None:
    """Delete every row, keeping the schema. Ids keep counting up unless `restart_ids`.

    (DELETE beats TRUNCATE by far on tables this small.)
    """
    async with engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            # discover_totals is schema, not data: its one row counts down with the deletes.
            if table.name != "discover_totals":
                await connection.execute(table.delete())
        if restart_ids:
            await _restart_ids(connection)


async def _restart_ids(connection: AsyncConnection) -> None:
    if connection.dialect.name == "sqlite":
        await connection.execute(text("DELETE FROM sqlite_sequence"))
        return
    sequences = await connection.execute(
        text("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")
    )
    for name in sequences.scalars().all():
        await connection.execute(text(f'ALTER SEQUENCE "{name}" RESTART WITH 1'))


@contextmanager
def backend_settings(backend: str, data_dir: Path) -> Iterator[Settings]:
    """Settings for the in-memory wiring, or for a migrated throwaway PostgreSQL database
    (dropped when the block ends): what the suites that run on both backends start from."""
    if backend == "memory":
        yield Settings(data_dir=data_dir, database_url="unused", storage="memory")
        return
    with throwaway_database_sync() as url:
        migrate_sync(url)
        yield Settings(data_dir=data_dir, database_url=url, storage="sql")
