from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from adapters.memory.collections import MemoryCollectionRepo
from adapters.memory.listings import MemoryListingRepo
from adapters.memory.previews import MemoryPreviewStore
from adapters.memory.sharing import MemoryReportRepo, MemoryShareTokenRepo
from adapters.memory.store import MemoryStore
from adapters.memory.users import MemoryApiKeyRepo, MemoryUserRepo


class MemoryUnitOfWork:
    """A transaction over a `MemoryStore`; records whether it was committed.

    A read-only one (`read_only=True`) refuses `commit()`, so whatever it changed is rolled
    back when it closes, as on the SQL backends (docs/adr/0092).
    """

    def __init__(self, store: MemoryStore, *, read_only: bool = False) -> None:
        self._store = store
        self.read_only = read_only
        self._snapshot: dict[str, dict[Any, Any]] | None = None
        self.committed = False
        self.users = MemoryUserRepo(store)
        self.api_keys = MemoryApiKeyRepo(store)
        self.listings = MemoryListingRepo(store)
        self.collections = MemoryCollectionRepo(store)
        self.share_tokens = MemoryShareTokenRepo(store)
        self.reports = MemoryReportRepo(store)
        self.previews = MemoryPreviewStore(store)

    async def __aenter__(self) -> Self:
        await self._store.lock.acquire()
        self._snapshot = self._store.snapshot()
        self.committed = False
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.rollback()
        finally:
            self._snapshot = None
            self._store.lock.release()

    async def commit(self) -> None:
        self._require_open()
        if self.read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        self._snapshot = self._store.snapshot()
        self.committed = True

    async def rollback(self) -> None:
        self._require_open()
        assert self._snapshot is not None
        self._store.restore(self._snapshot)
        self._snapshot = self._store.snapshot()

    def _require_open(self) -> None:
        if self._snapshot is None:
            raise RuntimeError("the unit of work is used outside its `async with` block")


class MemoryUnitOfWorkFactory:
    def __init__(self, store: MemoryStore | None = None) -> None:
        self.store = store or MemoryStore()

    def __call__(self, *, read_only: bool = False) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self.store, read_only=read_only)
