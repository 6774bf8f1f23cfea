from __future__ import annotations

from typing import Protocol

from domain.sharing import Report, ReportStatus, ShareToken


class ShareTokenRepo(Protocol):
    async def add(self, token: ShareToken) -> ShareToken: ...

    async def get(self, token_id: int) -> ShareToken | None: ...

    async def get_by_token(self, token: str) -> ShareToken | None: ...

    async def list_for_collection(self, collection_id: int) -> list[ShareToken]:
        """Oldest first, revoked ones included."""
        ...

    async def update(self, token: ShareToken) -> None:
        """Save revoked_at and expires_at; the view count moves only by increment."""
        ...

    async def increment_view_count(self, token_id: int) -> None: ...


class ReportRepo(Protocol):
    async def add(self, report: Report) -> Report:
        """A second open report by one user on one collection → Conflict."""
        ...

    async def get(self, report_id: int) -> Report | None: ...

    async def list(self, status: ReportStatus | None = None) -> list[Report]:
        """Oldest first."""
        ...

    async def update(self, report: Report) -> None: ...
