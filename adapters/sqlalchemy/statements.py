"""Small statement builders shared by the repositories."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Row, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.dml import Insert

from domain.validation import ID_MAX

ConnectionSource = Callable[[], AsyncConnection]

_INSERTS: dict[str, Callable[[Table], Any]] = {
    "postgresql": postgresql.insert,
    "sqlite": sqlite.insert,
}


class SqlRepo:
    """Base of the repositories: each statement runs on the unit of work's connection."""

    def __init__(self, connection: ConnectionSource) -> None:
        self._connection = connection

    @property
    def _db(self) -> AsyncConnection:
        return self._connection()


def storable_id(*ids: int) -> bool:
    """Whether a column of ids could hold every one of these. An id out of range names no
    row: a lookup answers "none" without asking the database, which would refuse the
    parameter (asyncpg: an int32 overflow) rather than find nothing (ADR 0100)."""
    return all(1 <= i <= ID_MAX for i in ids)


def without_none(values: dict[str, Any], *keys: str) -> dict[str, Any]:
    """Leave these keys out when None, so the column's server default applies."""
    return {k: v for k, v in values.items() if not (k in keys and v is None)}


async def insert_unless_taken(
    db: AsyncConnection, table: Table, values: dict[str, Any], *returning: Any
) -> Row[Any] | None:
    """INSERT … ON CONFLICT DO NOTHING RETURNING: None when a unique rule refused the row.

    Unlike catching the error, this leaves a PostgreSQL transaction usable, so a caller may
    take the Conflict and carry on in the same unit of work (as with the in-memory fake).
    """
    statement: Insert = _INSERTS[db.dialect.name](table).values(values)
    statement = statement.on_conflict_do_nothing().returning(*returning)  # type: ignore[attr-defined]
    return (await db.execute(statement)).first()


async def insert_returning(
    db: AsyncConnection, table: Table, values: dict[str, Any], *returning: Any
) -> Row[Any]:
    return (await db.execute(table.insert().values(values).returning(*returning))).one()
