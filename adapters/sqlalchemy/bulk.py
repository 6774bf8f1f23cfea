"""Writing many rows at once (an import's listings and items, ADR 0082): ids reserved in one
statement, then the rows in slices — PostgreSQL's COPY, SQLite's executemany — with the
event loop given a turn between slices, so thousands of rows cost a few statements and no
long pause for the other requests the process serves."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Table, func, literal_column, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sqlalchemy.errors import Violation, violation
from domain.errors import DomainError

T = TypeVar("T")
# Rows per COPY / executemany; preparing a slice costs a few milliseconds of Python.
ROWS_PER_WRITE = 500

# PostgreSQL: ids from the table's own sequence (an identity column has one), so they are
# never handed out twice (ADR 0015), and the transaction's time for rows that carry none.
_RESERVE_POSTGRES = """
SELECT nextval(pg_get_serial_sequence(:table, 'id')) AS id, now() AS now
FROM generate_series(1, :count)
"""


def slices(values: Sequence[T], size: int = ROWS_PER_WRITE) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


async def reserve_ids(db: AsyncConnection, table: Table, count: int) -> tuple[list[int], datetime]:
    """`count` new ids of `table` (in increasing order) and the transaction's time.

    SQLite: the unit of work holds the write lock (BEGIN IMMEDIATE), so the ids after the
    largest ever handed out (AUTOINCREMENT keeps it in sqlite_sequence) are free until it
    commits, and inserting them moves that mark on as an INSERT would.
    """
    if db.dialect.name == "postgresql":
        statement = text(_RESERVE_POSTGRES).bindparams(table=table.name, count=count)
        rows = (await db.execute(statement)).all()
        return [row.id for row in rows], rows[0].now
    used = select(func.coalesce(func.max(literal_column("seq")), 0)).select_from(
        text("sqlite_sequence")
    )
    used = used.where(literal_column("name") == table.name)
    last = max(
        int(await db.scalar(used) or 0),
        int(await db.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0),
    )
    return list(range(last + 1, last + 1 + count)), await transaction_time(db)


async def transaction_time(db: AsyncConnection) -> datetime:
    """CURRENT_TIMESTAMP (what a column's server default would store), aware, in UTC:
    PostgreSQL answers an aware time, SQLite text in UTC."""
    moment = await db.scalar(select(func.current_timestamp()))
    if not isinstance(moment, datetime):
        moment = datetime.fromisoformat(str(moment))
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


async def write_rows(
    db: AsyncConnection,
    table: Table,
    rows: list[dict[str, Any]],
    encode: Callable[[str, Any], Any],
    *,
    unique: DomainError | None = None,
    foreign_key: DomainError | None = None,
) -> None:
    """Insert `rows` (dicts with the same keys). PostgreSQL: one COPY, each value made
    ready for asyncpg by `encode(column, value)` (JSON columns as text); SQLite: one
    executemany through SQLAlchemy's own column types. A broken unique or foreign key rule
    raises `unique` / `foreign_key` instead, as `translated` does for single rows."""
    if not rows:
        return
    columns = list(rows[0])
    with _violations(unique=unique, foreign_key=foreign_key):
        if db.dialect.name == "postgresql":
            raw = await db.get_raw_connection()
            driver = raw.driver_connection
            assert driver is not None
            records = [tuple(encode(name, row[name]) for name in columns) for row in rows]
            await driver.copy_records_to_table(table.name, records=records, columns=columns)
        else:
            await db.execute(table.insert(), rows)
    await asyncio.sleep(0)  # a turn for the event loop between slices


@contextmanager
def _violations(*, unique: DomainError | None, foreign_key: DomainError | None) -> Iterator[None]:
    """asyncpg's COPY errors are not wrapped by SQLAlchemy: read their SQLSTATE directly."""
    try:
        yield
    except IntegrityError as error:
        kind = violation(error)
        _raise(kind, unique, foreign_key, error)
        raise
    except Exception as error:
        code = getattr(error, "sqlstate", None)
        kind = {"23505": Violation.UNIQUE, "23503": Violation.FOREIGN_KEY}.get(code or "")
        if kind is None:
            raise
        _raise(kind, unique, foreign_key, error)
        raise


def _raise(
    kind: Violation,
    unique: DomainError | None,
    foreign_key: DomainError | None,
    error: BaseException,
) -> None:
    if kind is Violation.UNIQUE and unique is not None:
        raise unique from error
    if kind is Violation.FOREIGN_KEY and foreign_key is not None:
        raise foreign_key from error
