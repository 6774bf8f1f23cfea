from __future__ import annotations

from datetime import datetime

import msgspec


class CardMetadataOut(msgspec.Struct, kw_only=True):
    cached: bool
    key: str
    bytes: int | None
    generated_at: datetime | None
    expires_at: datetime | None
    render_ms: float | None
