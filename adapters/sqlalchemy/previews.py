from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import msgspec
from sqlalchemy import Row, Text, cast, delete, select, update

from adapters.sqlalchemy.errors import translated
from adapters.sqlalchemy.statements import SqlRepo, insert_unless_taken
from adapters.sqlalchemy.tables import import_previews
from domain.errors import Conflict, NotFound
from domain.imports import PREVIEW_KEPT_AFTER_EXPIRY, ImportKind, ImportPreview

# A 10,000-item preview is megabytes of JSON: it is encoded and decoded on a worker thread,
# not on the event loop (ADR 0080), and travels as text.
_COLUMNS = [
    *(c for c in import_previews.columns if c.name not in ("document", "summary")),
    cast(import_previews.c.document, Text).label("document"),
    cast(import_previews.c.summary, Text).label("summary"),
]


def _preview(row: Row[Any], document: Any, summary: Any) -> ImportPreview:
    return ImportPreview(
        id=row.id,
        author_id=row.author_id,
        kind=ImportKind(row.kind),
        document=document,
        created_at=row.created_at,
        expires_at=row.expires_at,
        summary=summary,
        confirmed_at=row.confirmed_at,
    )


def _encoded(*values: Any) -> list[msgspec.Raw]:
    """JSON the engine's serializer passes through as it is (msgspec writes a Raw verbatim)."""
    return [msgspec.Raw(msgspec.json.encode(value)) for value in values]


def _decoded(*texts: str) -> list[Any]:
    return [msgspec.json.decode(text) for text in texts]


class SqlPreviewStore(SqlRepo):
    """Previews in `import_previews`: any server process can confirm one, and the claim is
    part of the confirming transaction."""

    async def save(self, preview: ImportPreview) -> None:
        forgotten = preview.created_at - PREVIEW_KEPT_AFTER_EXPIRY
        await self._db.execute(
            delete(import_previews).where(import_previews.c.expires_at <= forgotten)
        )
        document, summary = await asyncio.to_thread(_encoded, preview.document, preview.summary)
        values = {
            "id": preview.id,
            "author_id": preview.author_id,
            "kind": str(preview.kind),
            "document": document,
            "summary": summary,
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
        query = select(*_COLUMNS).where(
            import_previews.c.id == preview_id,
            import_previews.c.expires_at > now - PREVIEW_KEPT_AFTER_EXPIRY,
        )
        row = (await self._db.execute(query)).first()
        if row is None:
            return None
        document, summary = await asyncio.to_thread(_decoded, row.document, row.summary)
        return _preview(row, document, summary)

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
