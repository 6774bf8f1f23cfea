from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.imports import ImportPreview


class PreviewStore(Protocol):
    async def save(self, preview: ImportPreview) -> None: ...

    async def get(self, preview_id: str, now: datetime) -> ImportPreview | None:
        """The preview, or None when missing or expired."""
        ...

    async def mark_confirmed(self, preview_id: str, now: datetime) -> bool:
        """Claim the preview for confirmation; False if it was already claimed."""
        ...
