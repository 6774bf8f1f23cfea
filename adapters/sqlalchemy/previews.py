from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, delete, select, update

from adapters.sqlalchemy.errors import translated
from adapters.sqlalchemy.statements import SqlRepo, insert_unless_taken
from adapters.sqlalchemy.tables import import_previews
from domain.errors import Conflict, NotFound
from domain.imports import PREVIEW_KEPT_AFTER_EXPIRY, ImportKind, ImportPreview


def _preview(row: Row[Any]) -> ImportPreview:
    return ImportPreview(
        id=row.id,
        author_id=row.author_id,
        kind=ImportKind(row.kind),
        document=row.document,
        created_at=row.created_at,
        expires_at=row.expires_at,
        summary=row.summary,
        confirmed_at=row.confirmed_at,
    )


class SqlPreviewStore(SqlRepo):
    """Previews in `import_previews`: any server process can confirm one, and the claim is
    part of the confirming transaction."""

    async def save(self, preview: ImportPreview) -> None:
        forgotten = preview.created_at - PREVIEW_KEPT_AFTER_EXPIRY
        await self._db.execute(
            delete(import_previews).where(import_previews.c.expires_at <= forgotten)
        )
        values = {
            "id": preview.id,
            "author_id": preview.author_id,
            "kind": str(preview.kind),
            "document": preview.document,
            "summary": preview.summary,
            "created_at": preview.created_at,
            "expires_at": preview.expires_at,
            "confirmed_at": preview.confirmed_at,
        }
        missing_author = NotFound(f"user {preview.author_id} not found", field="author_id")
        with translated(foreign_key=missing_author):
            row = await insert_unless_taken(self._db, import_previews, values, import_previews.c.id)
        if row is None:
            raise Conflict(f"import preview {preview.id} already exists")

    async def get(self, preview_id: str, now: datetime) -> ImportPreview | None:
        query = select(import_previews).where(
            import_previews.c.id == preview_id,
            import_previews.c.expires_at > now - PREVIEW_KEPT_AFTER_EXPIRY,
        )
        row = (await self._db.execute(query)).first()
        return _preview(row) if row else None

    async def mark_confirmed(self, preview_id: str, now: datetime) -> bool:
        # One statement: of two confirms racing, the second waits on the row lock and then
        # finds confirmed_at set (PostgreSQL re-checks the WHERE after the first commits).
        statement = (
            update(import_previews)
            .where(
                import_previews.c.id == preview_id,
                import_previews.c.confirmed_at.is_(None),
                import_previews.c.expires_at > now,
            )
            .values(confirmed_at=now)
        )
        return (await self._db.execute(statement)).rowcount == 1
