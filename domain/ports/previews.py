from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.imports import ImportPreview


class PreviewStore(Protocol):
    """Import previews, a repository of the unit of work: claiming one and writing what it
    imports commit or roll back together (ADR 0040)."""

    async def save(self, preview: ImportPreview) -> None:
        """Store a new preview; previews forgotten by `preview.created_at` are pruned."""
        ...

    async def get(self, preview_id: str, now: datetime) -> ImportPreview | None:
        """The preview, expired or not, or None when missing or forgotten (kept
        PREVIEW_KEPT_AFTER_EXPIRY after expiry, so an expired one can be told apart)."""
        ...

    async def mark_confirmed(self, preview_id: str, now: datetime) -> bool:
        """Claim the preview: True only for the one caller that finds it unconfirmed and
        unexpired; the claim is undone if the unit of work rolls back."""
        ...
