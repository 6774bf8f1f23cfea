"""Share links and reports: how a collection travels, and how people flag it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.validation import require_length

REPORT_NOTE_MAX = 1000
# 32 bytes from `secrets` give 256 bits; token_urlsafe(32) is 43 characters.
SHARE_TOKEN_BYTES = 32


@dataclass(slots=True)
class ShareToken:
    collection_id: int
    token: str
    created_at: datetime
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    view_count: int = 0
    id: int | None = None

    def is_usable(self, now: datetime) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or now < self.expires_at


class ReportReason(StrEnum):
    SPAM = "spam"
    INAPPROPRIATE = "inappropriate"
    OTHER = "other"


class ReportStatus(StrEnum):
    OPEN = "open"
    DISMISSED = "dismissed"
    ACTIONED = "actioned"


@dataclass(slots=True)
class Report:
    collection_id: int
    reporter_id: int
    reason: ReportReason
    note: str | None = None
    status: ReportStatus = ReportStatus.OPEN
    created_at: datetime | None = None
    id: int | None = None


def validate_report(report: Report) -> None:
    require_length("note", report.note, high=REPORT_NOTE_MAX)
