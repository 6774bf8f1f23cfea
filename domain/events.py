"""What the core tells the outside world happened (docs/product.md §6)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class DomainEvent:
    name: str
    occurred_at: datetime
    actor_id: int | None
    subject: str
    data: dict[str, Any] = field(default_factory=dict)


COLLECTION_VISIBILITY_CHANGED = "collection.visibility_changed"
COLLECTION_COPIED = "collection.copied"
COLLECTION_VIEWED = "collection.viewed"
COLLECTION_DISCOVERED = "collection.discovered"
COLLECTION_SHARED = "collection.shared"
COLLECTION_REPORTED = "collection.reported"
CARD_RENDERED = "card.rendered"
CARD_CACHE_HIT = "card.cache_hit"
EXPORT_CREATED = "export.created"
IMPORT_PREVIEWED = "import.previewed"
IMPORT_CONFIRMED = "import.confirmed"
