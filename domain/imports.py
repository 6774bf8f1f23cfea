"""An import preview: a validated document waiting for its author's decision."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

PREVIEW_TTL = timedelta(minutes=30)


class ImportKind(StrEnum):
    DEAL = "deal"
    COLLECTION = "collection"


@dataclass(slots=True)
class ImportPreview:
    id: str
    author_id: int
    kind: ImportKind
    # The upcast v1.0.0 document, as plain JSON values.
    document: dict[str, Any]
    created_at: datetime
    expires_at: datetime
    # What the preview found (counts, duplicate candidates, warnings), as shown to the user.
    summary: dict[str, Any] = field(default_factory=dict)
    confirmed_at: datetime | None = None
