from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import Row, exists, select, update

from adapters.sqlalchemy.errors import translated
from adapters.sqlalchemy.statements import SqlRepo, insert_unless_taken, storable_id, without_none
from adapters.sqlalchemy.tables import collections, reports, share_tokens
from domain.errors import Conflict, NotFound
from domain.sharing import Report, ReportReason, ReportStatus, ShareToken


class _CollectionChild(SqlRepo):
    async def _require_collection(self, collection_id: int) -> None:
        found = await self._db.scalar(select(exists().where(collections.c.id == collection_id)))
        if not found:
            raise NotFound(f"collection {collection_id} not found")


def _token(row: Row[Any]) -> ShareToken:
    return ShareToken(
        id=row.id,
        collection_id=row.collection_id,
        token=row.token,
        created_at=row.created_at,
        expires_at=row.expires_at,
        revoked_at=row.revoked_at,
        view_count=row.view_count,
    )


class SqlShareTokenRepo(_CollectionChild):
    async def add(self, token: ShareToken) -> ShareToken:
        await self._require_collection(token.collection_id)
        values = {
            "collection_id": token.collection_id,
            "token": token.token,
            "view_count": token.view_count,
            "expires_at": token.expires_at,
            "revoked_at": token.revoked_at,
            "created_at": token.created_at,
        }
        with translated(foreign_key=NotFound(f"collection {token.collection_id} not found")):
            row = await insert_unless_taken(
                self._db,
                share_tokens,
                without_none(values, "created_at"),
                share_tokens.c.id,
                share_tokens.c.created_at,
            )
        if row is None:
            raise Conflict("share token already exists", field="token")
        return replace(token, id=row.id, created_at=row.created_at)

    async def get(self, token_id: int) -> ShareToken | None:
        if not storable_id(token_id):
            return None
        return await self._one(share_tokens.c.id == token_id)

    async def get_by_token(self, token: str) -> ShareToken | None:
        return await self._one(share_tokens.c.token == token)

    async def list_for_collection(self, collection_id: int) -> list[ShareToken]:
        query = (
            select(share_tokens)
            .where(share_tokens.c.collection_id == collection_id)
            .order_by(share_tokens.c.id)
        )
        return [_token(row) for row in await self._db.execute(query)]

    async def update(self, token: ShareToken) -> None:
        await self._change(token.id, revoked_at=token.revoked_at, expires_at=token.expires_at)

    async def increment_view_count(self, token_id: int) -> None:
        await self._change(token_id, view_count=share_tokens.c.view_count + 1)

    async def _one(self, where: Any) -> ShareToken | None:
        row = (await self._db.execute(select(share_tokens).where(where))).first()
        return _token(row) if row else None

    async def _change(self, token_id: int | None, **values: Any) -> None:
        statement = update(share_tokens).where(share_tokens.c.id == token_id).values(values)
        if (await self._db.execute(statement)).rowcount == 0:
            raise NotFound(f"share token {token_id} not found")


def _report(row: Row[Any]) -> Report:
    return Report(
        id=row.id,
        collection_id=row.collection_id,
        reporter_id=row.reporter_id,
        reason=ReportReason(row.reason),
        note=row.note,
        status=ReportStatus(row.status),
        created_at=row.created_at,
    )


def _report_values(report: Report) -> dict[str, Any]:
    values = {
        "collection_id": report.collection_id,
        "reporter_id": report.reporter_id,
        "reason": str(report.reason),
        "note": report.note,
        "status": str(report.status),
        "created_at": report.created_at,
    }
    return without_none(values, "created_at")


def _already_open() -> Conflict:
    return Conflict("you already have an open report on this collection")


def _missing_parent(report: Report) -> NotFound:
    return NotFound(
        f"collection {report.collection_id} or user {report.reporter_id} not found",
        field="reporter_id",
    )


class SqlReportRepo(_CollectionChild):
    async def add(self, report: Report) -> Report:
        await self._require_collection(report.collection_id)
        with translated(foreign_key=_missing_parent(report)):
            row = await insert_unless_taken(
                self._db, reports, _report_values(report), reports.c.id, reports.c.created_at
            )
        if row is None:
            raise _already_open()
        return replace(report, id=row.id, created_at=row.created_at)

    async def get(self, report_id: int) -> Report | None:
        if not storable_id(report_id):
            return None
        row = (await self._db.execute(select(reports).where(reports.c.id == report_id))).first()
        return _report(row) if row else None

    async def list(self, status: ReportStatus | None = None) -> list[Report]:
        query = select(reports).order_by(reports.c.id)
        if status is not None:
            query = query.where(reports.c.status == str(status))
        return [_report(row) for row in await self._db.execute(query)]

    async def update(self, report: Report) -> None:
        """Replace the stored report with this one, as the in-memory fake does."""
        statement = update(reports).where(reports.c.id == report.id).values(_report_values(report))
        with translated(unique=_already_open(), foreign_key=_missing_parent(report)):
            result = await self._db.execute(statement)
        if result.rowcount == 0:
            raise NotFound(f"report {report.id} not found")
