"""Share links and reports: how a collection travels, and how people flag it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from domain.errors import BadValue, Invalid
from domain.times import as_utc
from domain.validation import require_length, require_moment

REPORT_NOTE_MAX = 1000
# 32 bytes from `secrets` give 256 bits; token_urlsafe(32) is 43 characters.
SHARE_TOKEN_BYTES = 32
# `expires_in_days`: a day to ten years.
EXPIRES_IN_DAYS_MAX = 3650


def link_expiry(
    now: datetime, expires_at: datetime | None = None, expires_in_days: int | None = None
) -> datetime | None:
    """When a new link stops working: at `expires_at`, or `expires_in_days` from now, or
    never. Not both; a moment in the past is refused (ADR 0009)."""
    if expires_at is not None and expires_in_days is not None:
        raise BadValue("expires_in_days", "give expires_at or expires_in_days, not both")
    if expires_in_days is not None:
        if not 1 <= expires_in_days <= EXPIRES_IN_DAYS_MAX:
            raise BadValue(
                "expires_in_days", f"must be 1-{EXPIRES_IN_DAYS_MAX} (got {expires_in_days})"
            )
        return now + timedelta(days=expires_in_days)
    if expires_at is None:
        return None
    require_moment("expires_at", expires_at)
    expires_at = as_utc(expires_at)
    if expires_at <= now:
        raise Invalid("expires_at", "must be in the future")
    return expires_at


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
