from __future__ import annotations

from dataclasses import replace

from adapters.memory.base import MemoryTable
from domain.errors import Conflict, NotFound
from domain.sharing import Report, ReportStatus, ShareToken


class MemoryShareTokenRepo(MemoryTable):
    table = "share_tokens"

    async def add(self, token: ShareToken) -> ShareToken:
        if token.collection_id not in self._store.tables["collections"]:
            raise NotFound(f"collection {token.collection_id} not found")
        if any(row.token == token.token for row in self.rows.values()):
            raise Conflict("share token already exists", field="token")
        return self._insert(token)

    async def get(self, token_id: int) -> ShareToken | None:
        return self._get(token_id)

    async def get_by_token(self, token: str) -> ShareToken | None:
        return next((self._get(r.id) for r in self.rows.values() if r.token == token), None)

    async def list_for_collection(self, collection_id: int) -> list[ShareToken]:
        mine = [row for row in self._all() if row.collection_id == collection_id]
        return sorted(mine, key=lambda row: row.id)

    async def update(self, token: ShareToken) -> None:
        stored = self.rows.get(token.id)
        if stored is None:
            raise NotFound(f"share token {token.id} not found")
        self.rows[token.id] = replace(
            stored, revoked_at=token.revoked_at, expires_at=token.expires_at
        )

    async def increment_view_count(self, token_id: int) -> None:
        stored = self.rows.get(token_id)
        if stored is None:
            raise NotFound(f"share token {token_id} not found")
        self.rows[token_id] = replace(stored, view_count=stored.view_count + 1)


class MemoryReportRepo(MemoryTable):
    table = "reports"

    async def add(self, report: Report) -> Report:
        if report.collection_id not in self._store.tables["collections"]:
            raise NotFound(f"collection {report.collection_id} not found")
        self._require_user(report.reporter_id, "reporter_id")
        if report.status is ReportStatus.OPEN and any(
            row.collection_id == report.collection_id
            and row.reporter_id == report.reporter_id
            and row.status is ReportStatus.OPEN
            for row in self.rows.values()
        ):
            raise Conflict("you already have an open report on this collection")
        return self._insert(report)

    async def get(self, report_id: int) -> Report | None:
        return self._get(report_id)

    async def list(self, status: ReportStatus | None = None) -> list[Report]:
        rows = [row for row in self._all() if status is None or row.status is status]
        return sorted(rows, key=lambda row: row.id)

    async def update(self, report: Report) -> None:
        if not self._replace(report.id, report):
            raise NotFound(f"report {report.id} not found")
