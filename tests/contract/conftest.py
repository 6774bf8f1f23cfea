"""Every contract test runs once per backend: the in-memory fake, SQLite and PostgreSQL.

SQLite: a template file migrated once per session, copied per test. PostgreSQL: one
throwaway database migrated once per session, emptied before each test. Engines are made
per test, on the test's own event loop.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from adapters.memory import MemoryUnitOfWorkFactory
from adapters.sqlalchemy.engine import create_engine
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory
from domain.ports import UnitOfWorkFactory
from tests.support.databases import copy_sqlite, empty_tables, migrate_sync, sqlite_template
from tests.support.postgres import throwaway_database_sync

BACKENDS = ["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def sqlite_template_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sqlite_template(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with throwaway_database_sync() as url:
        migrate_sync(url)
        yield url


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The backend's name, or for SQL backends the URL of a migrated database."""
    if request.param == "sqlite":
        return copy_sqlite(request.getfixturevalue("sqlite_template_file"), tmp_path)
    if request.param == "postgres":
        return str(request.getfixturevalue("postgres_url"))
    return str(request.param)


@pytest.fixture
async def uow(backend: str) -> AsyncIterator[UnitOfWorkFactory]:
    """The unit-of-work factory under test (named like the unit suite's `uow` fixture)."""
    if backend == "memory":
        yield MemoryUnitOfWorkFactory()
        return
    engine = create_engine(backend)
    try:
        if engine.dialect.name == "postgresql":
            await empty_tables(engine)
        yield SqlUnitOfWorkFactory(engine)
    finally:
        await engine.dispose()
