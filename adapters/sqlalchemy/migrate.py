"""Alembic, driven from code: no alembic.ini, and always on the service's own async engine.

`upgrade`, `downgrade` and `current` back `dealbrain db …`; `revision` is for developers
(autogenerate a new migration from the tables against a database at head).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

MIGRATIONS = Path(__file__).with_name("migrations")
# Any constant will do: every replica that migrates on start asks for the same one.
_PG_MIGRATION_LOCK = 0x6462_6D69  # "dbmi"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    # env.py runs the migrations on this connection, inside its transaction.
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision in the code (there is exactly one head)."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations found"
    return head


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    # One transaction for the whole run: a failing migration leaves the schema as it was.
    async with engine.begin() as connection:
        await _one_migrator_at_a_time(connection)
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), revision))


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    async with engine.begin() as connection:
        await _one_migrator_at_a_time(connection)
        await connection.run_sync(lambda sync: command.downgrade(alembic_config(sync), revision))


async def _one_migrator_at_a_time(connection: AsyncConnection) -> None:
    """Replicas starting together (DEALBRAIN_AUTO_MIGRATE) migrate in turn; the later ones
    find the schema at head and do nothing. On SQLite, BEGIN IMMEDIATE already does this.

    The wait happens before Alembic starts, which matters within one process too: Alembic
    keeps its `context`/`op` in module globals, so two runs must never interleave.
    """
    if connection.dialect.name == "postgresql":
        await connection.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
        )


async def current(engine: AsyncEngine) -> str | None:
    """The revision the database is at; None for an empty database."""
    async with engine.connect() as connection:
        return await connection.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_revision()
        )


async def revision(engine: AsyncEngine, message: str, *, autogenerate: bool = True) -> None:
    """Write a new migration file under migrations/versions (for developers)."""
    async with engine.connect() as connection:
        await connection.run_sync(
            lambda sync: command.revision(
                alembic_config(sync), message=message, autogenerate=autogenerate
            )
        )
