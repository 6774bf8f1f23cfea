from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

import msgspec

from adapters.memory.base import MemoryTable
from domain.errors import Conflict
from domain.imports import ImportPreview, is_forgotten

_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder().decode


@dataclass(frozen=True, slots=True)
class _Stored:
    """A preview as kept: its document and summary as JSON, so every `get` hands out a copy
    of its own without deep-copying a 10,000-item document (what a database does anyway)."""

    preview: ImportPreview  # document and summary left empty
    document: bytes
    summary: bytes

    @classmethod
    def of(cls, preview: ImportPreview) -> _Stored:
        shell = replace(preview, document={}, summary={})
        return cls(shell, _encode(preview.document), _encode(preview.summary))

    def unpacked(self) -> ImportPreview:
        return replace(self.preview, document=_decode(self.document), summary=_decode(self.summary))


class MemoryPreviewStore(MemoryTable):
    """Previews in a table of the store, so a unit of work's rollback un-claims them."""

    table = "previews"

    async def save(self, preview: ImportPreview) -> None:
        self._require_user(preview.author_id, "author_id")
        now = preview.created_at
        for key in [k for k, row in self.rows.items() if is_forgotten(row.preview, now)]:
            del self.rows[key]
        if preview.id in self.rows:
            raise Conflict(f"import preview {preview.id} already exists")
        self.rows[preview.id] = _Stored.of(preview)

    async def get(self, preview_id: str, now: datetime) -> ImportPreview | None:
        row = self.rows.get(preview_id)
        if row is None or is_forgotten(row.preview, now):
            return None
        return row.unpacked()

    async def mark_confirmed(self, preview_id: str, now: datetime) -> bool:
        row = self.rows.get(preview_id)
        if row is None or row.preview.confirmed_at is not None or row.preview.is_expired(now):
            return False
        # A new row, never an edit in place: the transaction's snapshot holds the old one.
        self.rows[preview_id] = replace(row, preview=replace(row.preview, confirmed_at=now))
        return True
