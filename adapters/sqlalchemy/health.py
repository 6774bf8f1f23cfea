from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy.engine import SQLITE_BEGIN

# Reads the schema, so a missing or unreadable SQLite file fails too (SELECT 1 would not).
_PROBES = {"sqlite": "SELECT count(*) FROM sqlite_master", "postgresql": "SELECT 1"}


async def ping(engine: AsyncEngine) -> None:
    """Raise if the database cannot be reached (what `GET /ready` asks)."""
    probe = _PROBES.get(engine.dialect.name, "SELECT 1")
    async with engine.connect() as connection:
        # A readiness probe must not queue for SQLite's write lock.
        connection = await connection.execution_options(**{SQLITE_BEGIN: "DEFERRED"})
        await connection.execute(text(probe))
