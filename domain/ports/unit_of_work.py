from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from domain.ports.collections import CollectionRepo
from domain.ports.listings import ListingRepo
from domain.ports.previews import PreviewStore
from domain.ports.sharing import ReportRepo, ShareTokenRepo
from domain.ports.users import ApiKeyRepo, UserRepo


class UnitOfWork(Protocol):
    """One transaction. Leaving the block without `commit()` rolls everything back."""

    users: UserRepo
    api_keys: ApiKeyRepo
    listings: ListingRepo
    collections: CollectionRepo
    share_tokens: ShareTokenRepo
    reports: ReportRepo
    previews: PreviewStore

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> UnitOfWork:
        """A new unit of work. `read_only=True` promises it only reads: it never waits for
        writers (on SQLite it takes no write lock) and its `commit()` is an error; a change
        made in it anyway is refused or discarded when it closes (docs/adr/0092)."""
        ...
