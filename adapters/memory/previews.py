from __future__ import annotations

import copy
from dataclasses import replace
from datetime import datetime

from adapters.memory.base import MemoryTable
from domain.errors import Conflict
from domain.imports import ImportPreview, is_forgotten


class MemoryPreviewStore(MemoryTable):
    """Previews in a table of the store, so a unit of work's rollback un-claims them."""

    table = "previews"

    async def save(self, preview: ImportPreview) -> None:
        self._require_user(preview.author_id, "author_id")
        for key in [k for k, row in self.rows.items() if is_forgotten(row, preview.created_at)]:
            del self.rows[key]
        if preview.id in self.rows:
            raise Conflict(f"import preview {preview.id} already exists")
        self.rows[preview.id] = copy.deepcopy(preview)

    async def get(self, preview_id: str, now: datetime) -> ImportPreview | None:
        row = self.rows.get(preview_id)
        if row is None or is_forgotten(row, now):
            return None
        return copy.deepcopy(row)

    async def mark_confirmed(self, preview_id: str, now: datetime) -> bool:
        row = self.rows.get(preview_id)
        if row is None or row.confirmed_at is not None or row.is_expired(now):
            return False
        # A new row, never an edit in place: the transaction's snapshot holds the old one.
        self.rows[preview_id] = replace(row, confirmed_at=now)
        return True
