"""The one way this service makes a database engine, with each backend set up the same way.

SQLite (the embedded default) gets, on every new connection: WAL (readers never wait for the
writer), foreign keys ON (SQLite leaves them off), a busy timeout (a writer waits for the
lock instead of failing) and synchronous=NORMAL (the usual WAL pairing). It also gets
`BEGIN IMMEDIATE` for every writing transaction: the write lock is taken up front, so two
transactions never both read and then deadlock trying to write (docs/adr/0012); read-only
units of work begin DEFERRED and never wait for the writer (docs/adr/0092).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import msgspec
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

BUSY_TIMEOUT_MS = 10_000
# Every SQLite connection also gets `PRAGMA busy_timeout` (BUSY_TIMEOUT_MS unless set).
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA synchronous = NORMAL",
)
# Execution option naming how a SQLite transaction begins; read-only work may ask DEFERRED.
SQLITE_BEGIN = "dealbrain_sqlite_begin"
_BEGIN_MODES = {"IMMEDIATE": "BEGIN IMMEDIATE", "DEFERRED": "BEGIN DEFERRED"}


# A URL without a driver gets the async one: `postgresql://…` works as well.
_ASYNC_DRIVERS = {
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
    "sqlite": "sqlite+aiosqlite",
}


def create_engine(url: str, *, sqlite_busy_timeout_s: float | None = None) -> AsyncEngine:
    """An async engine for `postgresql+asyncpg://…` or `sqlite+aiosqlite:///path/to/file.db`.

    `sqlite_busy_timeout_s`: how long a SQLite writer waits for another connection's write
    lock before failing (default BUSY_TIMEOUT_MS); it also bounds the wait for a pooled
    connection.
    """
    parsed = make_url(url)
    parsed = parsed.set(drivername=_ASYNC_DRIVERS.get(parsed.drivername, parsed.drivername))
    options: dict[str, Any] = {
        # msgspec keeps key order both ways and is faster than the json module.
        "json_serializer": _json_dumps,
        "json_deserializer": msgspec.json.decode,
    }
    if parsed.get_backend_name() == "sqlite":
        busy_ms = BUSY_TIMEOUT_MS if sqlite_busy_timeout_s is None else sqlite_busy_timeout_s * 1000
        return _sqlite_engine(parsed, options, int(busy_ms))
    return create_async_engine(parsed, pool_pre_ping=True, **options)


def _json_dumps(value: Any) -> str:
    return msgspec.json.encode(value).decode()


def _sqlite_engine(url: URL, options: dict[str, Any], busy_timeout_ms: int) -> AsyncEngine:
    database = url.database or ""
    if database in ("", ":memory:") or "mode=memory" in database:
        raise ValueError(
            "SQLite needs a database file (sqlite+aiosqlite:///path/to/file.db): an in-memory "
            "database has a single shared connection, so units of work would share one "
            "transaction. Use DEALBRAIN_STORAGE=memory for a throwaway store."
        )
    if not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, pool_timeout=max(busy_timeout_ms / 1000, 0.1), **options)
    pragmas = (*SQLITE_PRAGMAS, f"PRAGMA busy_timeout = {busy_timeout_ms}")
    event.listen(engine.sync_engine, "connect", partial(_configure_sqlite_connection, pragmas))
    event.listen(engine.sync_engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(
    pragmas: tuple[str, ...], dbapi_connection: Any, _record: Any
) -> None:
    # Stop the sqlite3 driver from issuing its own (deferred, DML-only) BEGIN: we issue ours.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in pragmas:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _begin_sqlite_transaction(connection: Connection) -> None:
    mode = connection.get_execution_options().get(SQLITE_BEGIN, "IMMEDIATE")
    connection.exec_driver_sql(_BEGIN_MODES[mode])
