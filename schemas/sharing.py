"""Bodies for share links, copies, reports and discover."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from domain.discovery import DiscoverHit
from domain.sharing import (
    EXPIRES_IN_DAYS_MAX,
    REPORT_NOTE_MAX,
    Report,
    ReportReason,
    ReportStatus,
    ShareToken,
)
from schemas.collections import CollectionOut, Name
from schemas.convert import to_wire

SHARE_PATH = "/s/"


ReportNote = Annotated[
    str, msgspec.Meta(max_length=REPORT_NOTE_MAX, description="A few words for the moderators")
]
ExpiresInDays = Annotated[
    int,
    msgspec.Meta(
        ge=1, le=EXPIRES_IN_DAYS_MAX, description="Days from now until the link stops working"
    ),
]


class ShareTokenIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """When the link stops working: at `expires_at`, or `expires_in_days` from now (not
    both); neither, never."""

    expires_at: datetime | None = None
    expires_in_days: ExpiresInDays | None = None


class ShareTokenOut(msgspec.Struct, kw_only=True):
    id: int
    collection_id: int
    token: str
    path: str
    # The link to hand out: DEALBRAIN_PUBLIC_URL (or the origin the request came to) + path.
    url: str
    view_count: int
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, token: ShareToken, base_url: str) -> ShareTokenOut:
        path = SHARE_PATH + token.token
        return cls(
            id=token.id or 0,
            collection_id=token.collection_id,
            token=token.token,
            path=path,
            url=base_url.rstrip("/") + path,
            view_count=token.view_count,
            created_at=token.created_at,
            expires_at=token.expires_at,
            revoked_at=token.revoked_at,
        )


class ShareTokenPage(msgspec.Struct):
    items: list[ShareTokenOut]
    total: int
    limit: int
    offset: int


class CopyIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    name: Name | None = None


class ReportIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    reason: ReportReason
    note: ReportNote | None = None


class ReportOut(msgspec.Struct, kw_only=True):
    id: int
    collection_id: int
    reporter_id: int
    reason: ReportReason
    note: str | None
    status: ReportStatus
    created_at: datetime | None

    @classmethod
    def of(cls, report: Report) -> ReportOut:
        return to_wire(report, cls)


class DiscoverItemOut(CollectionOut, kw_only=True):
    owner_username: str
    item_count: int

    @classmethod
    def of_hit(cls, hit: DiscoverHit) -> DiscoverItemOut:
        base = CollectionOut.of(hit.collection)
        fields = {name: getattr(base, name) for name in base.__struct_fields__}
        return cls(**fields, owner_username=hit.owner_username, item_count=hit.item_count)


class DiscoverPage(msgspec.Struct):
    items: list[DiscoverItemOut]
    total: int
    limit: int
    offset: int
