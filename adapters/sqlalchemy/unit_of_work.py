from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sqlalchemy.collections import SqlCollectionRepo
from adapters.sqlalchemy.listings import SqlListingRepo
from adapters.sqlalchemy.previews import SqlPreviewStore
from adapters.sqlalchemy.sharing import SqlReportRepo, SqlShareTokenRepo
from adapters.sqlalchemy.users import SqlApiKeyRepo, SqlUserRepo


class SqlUnitOfWork:
    """One database transaction on one pooled connection; leaving without commit() rolls back.

    After commit() or rollback() the unit of work stays usable: the next statement begins a
    new transaction, just as the in-memory fake keeps going after a commit.

    On SQLite every transaction is a writer (BEGIN IMMEDIATE), so units of work of one
    process also queue on `writer_lock`: they are handed the database in turn instead of
    polling SQLite's busy handler (docs/adr/0012). Other processes still wait on the busy
    timeout.
    """

    def __init__(self, engine: AsyncEngine, writer_lock: asyncio.Lock | None = None) -> None:
        self._engine = engine
        self._writer_lock = writer_lock
        self._connection: AsyncConnection | None = None
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
            await self._writer_lock.acquire()
        try:
            self._connection = await self._engine.connect()
        except BaseException:
            self._release()
            raise
        self.committed = False
        return self

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

    async def commit(self) -> None:
        await self._require_open().commit()
        self.committed = True

    async def rollback(self) -> None:
        await self._require_open().rollback()

    def _release(self) -> None:
        if self._writer_lock is not None:
            self._writer_lock.release()

    def _require_open(self) -> AsyncConnection:
        if self._connection is None:
            raise RuntimeError("the unit of work is used outside its `async with` block")
        return self._connection


class SqlUnitOfWorkFactory:
    """What the composition root hands the use cases: `async with factory() as uow: …`."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._writer_lock = asyncio.Lock() if engine.dialect.name == "sqlite" else None

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.engine, self._writer_lock)
