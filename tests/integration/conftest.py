"""Integration tests against real databases (PostgreSQL first; SQLite where it matters)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy.engine import create_engine
from tests.support.databases import copy_sqlite, empty_tables, migrate_sync, sqlite_template
from tests.support.postgres import throwaway_database, throwaway_database_sync


@pytest.fixture
async def empty_postgres_url() -> AsyncIterator[str]:
    """A database of its own with nothing in it, not even the schema."""
    async with throwaway_database() as url:
        yield url


@pytest.fixture(scope="module")
def migrated_postgres_url() -> Iterator[str]:
    with throwaway_database_sync() as url:
        migrate_sync(url)
        yield url


@pytest.fixture(scope="module")
def sqlite_template_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sqlite_template(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def migrated_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return copy_sqlite(request.getfixturevalue("sqlite_template_file"), tmp_path)
    return str(request.getfixturevalue("migrated_postgres_url"))


@pytest.fixture
async def migrated_engine(migrated_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on a migrated, empty database (SQLite file or PostgreSQL); ids start at 1."""
    engine = create_engine(migrated_url)
    try:
        await empty_tables(engine, restart_ids=True)
        yield engine
    finally:
        await engine.dispose()
