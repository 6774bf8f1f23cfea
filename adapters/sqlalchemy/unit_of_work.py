from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sqlalchemy.collections import SqlCollectionRepo
from adapters.sqlalchemy.engine import BUSY_TIMEOUT_MS, SQLITE_BEGIN
from adapters.sqlalchemy.errors import busy, is_busy
from adapters.sqlalchemy.listings import SqlListingRepo
from adapters.sqlalchemy.previews import SqlPreviewStore
from adapters.sqlalchemy.sharing import SqlReportRepo, SqlShareTokenRepo
from adapters.sqlalchemy.users import SqlApiKeyRepo, SqlUserRepo

# A read-only unit of work: SQLite begins DEFERRED (in WAL mode a reader takes no lock and
# never waits for the writer); PostgreSQL begins READ ONLY (a write in it is refused).
_READ_ONLY = {SQLITE_BEGIN: "DEFERRED", "postgresql_readonly": True}


class SqlUnitOfWork:
    """One database transaction on one pooled connection; leaving without commit() rolls back.

    After commit() or rollback() the unit of work stays usable: the next statement begins a
    new transaction, just as the in-memory fake keeps going after a commit.

    On SQLite a writing unit of work begins IMMEDIATE, taking the write lock up front, so
    units of work of one process also queue on `writer_lock`: they are handed the database
    in turn instead of polling SQLite's busy handler (docs/adr/0012). Other processes still
    wait on the busy timeout. A read-only one (`read_only=True`) takes neither and never
    waits for a writer; it cannot commit (docs/adr/0092). A writer that cannot get the
    database within `busy_timeout_s` raises `Busy` (nothing was written).
    """

    def __init__(
        self,
        engine: AsyncEngine,
        writer_lock: asyncio.Lock | None = None,
        *,
        read_only: bool = False,
        busy_timeout_s: float = BUSY_TIMEOUT_MS / 1000,
    ) -> None:
        self._engine = engine
        self._writer_lock = None if read_only else writer_lock
        self._busy_timeout_s = busy_timeout_s
        self.read_only = read_only
        self._connection: AsyncConnection | None = None
        self._locked = False
        self.committed = False
        self.users = SqlUserRepo(self._require_open)
        self.api_keys = SqlApiKeyRepo(self._require_open)
        self.listings = SqlListingRepo(self._require_open)
        self.collections = SqlCollectionRepo(self._require_open)
        self.share_tokens = SqlShareTokenRepo(self._require_open)
        self.reports = SqlReportRepo(self._require_open)
        self.previews = SqlPreviewStore(self._require_open)

    async def __aenter__(self) -> Self:
        if self._connection is not None:
            raise RuntimeError("this unit of work is already open")
        if self._writer_lock is not None:
            try:
                async with asyncio.timeout(self._busy_timeout_s):
                    await self._writer_lock.acquire()
            except TimeoutError:
                raise busy() from None
            self._locked = True
        try:
            self._connection = await self._open()
        except Exception as error:
            self._release()
            if is_busy(error):
                raise busy() from error
            raise
        except BaseException:
            self._release()
            raise
        self.committed = False
        return self

    async def _open(self) -> AsyncConnection:
        connection = await self._engine.connect()
        try:
            if self.read_only:
                return await connection.execution_options(**_READ_ONLY)
            if self._writer_lock is not None:
                # BEGIN IMMEDIATE now, so waiting for another process's write lock ends here
                # (as Busy), not inside some repository call.
                await connection.begin()
        except BaseException:
            await connection.close()
            raise
        return connection

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            await connection.rollback()
        finally:
            try:
                await connection.close()
            finally:
                self._release()
        if exc is not None and is_busy(exc):
            raise busy() from exc

    async def commit(self) -> None:
        connection = self._require_open()
        if self.read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        await connection.commit()
        self.committed = True

    async def rollback(self) -> None:
        await self._require_open().rollback()

    def _release(self) -> None:
        if self._locked and self._writer_lock is not None:
            self._locked = False
            self._writer_lock.release()

    def _require_open(self) -> AsyncConnection:
        if self._connection is None:
            raise RuntimeError("the unit of work is used outside its `async with` block")
        return self._connection


class SqlUnitOfWorkFactory:
    """What the composition root hands the use cases: `async with factory() as uow: …`,
    or `factory(read_only=True)` for work that only reads."""

    def __init__(self, engine: AsyncEngine, *, busy_timeout_s: float | None = None) -> None:
        self.engine = engine
        self.busy_timeout_s = BUSY_TIMEOUT_MS / 1000 if busy_timeout_s is None else busy_timeout_s
        self._writer_lock = asyncio.Lock() if engine.dialect.name == "sqlite" else None

    def __call__(self, *, read_only: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(
            self.engine,
            self._writer_lock,
            read_only=read_only,
            busy_timeout_s=self.busy_timeout_s,
        )
