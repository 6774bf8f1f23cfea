from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.cards import CardSubject, CardVariant


class ImageRenderer(Protocol):
    async def render(self, content: CardSubject, variant: CardVariant) -> bytes:
        """The card as image bytes of the variant's exact size and format: a listing's card
        for a `CardContent`, a collection's for a `CollectionCardContent`."""
        ...


@dataclass(frozen=True, slots=True)
class Blob:
    data: bytes
    content_type: str
    created_at: datetime
    expires_at: datetime | None


class BlobStoreUnavailable(Exception):
    """A BlobCache may raise this instead of calling a store it knows is down (a circuit
    breaker is open, docs/adr/0091): fast and expected, so callers need no traceback."""


class BlobCache(Protocol):
    async def get(self, key: str) -> Blob | None:
        """The blob, or None when missing or expired."""
        ...

    async def put(self, key: str, data: bytes, content_type: str, ttl_seconds: int) -> None: ...

    async def delete_prefix(self, prefix: str) -> int:
        """Remove every blob whose key starts with `prefix`; return how many."""
        ...

    async def ping(self) -> None:
        """Raise if the store cannot be reached."""
        ...
