from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec


class CardMetadataOut(msgspec.Struct, kw_only=True):
    """What the cache holds for one variant of a card (nothing is rendered to answer)."""

    cached: Annotated[bool, msgspec.Meta(description="Whether this variant is in the cache")]
    key: Annotated[
        str,
        msgspec.Meta(description="The cache key: the listing, a content fingerprint, the variant"),
    ]
    bytes: Annotated[int | None, msgspec.Meta(description="The image's size, when cached")]
    generated_at: Annotated[
        datetime | None, msgspec.Meta(description="When it was rendered, when cached")
    ]
    expires_at: Annotated[
        datetime | None, msgspec.Meta(description="When the cache lets it go, when cached")
    ]
    render_ms: Annotated[
        float | None, msgspec.Meta(description="How long rendering took, when known")
    ]
