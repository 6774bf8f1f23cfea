"""Column types that behave the same on PostgreSQL and SQLite."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware instant, read back in UTC on every backend.

    PostgreSQL keeps `timestamptz` itself. SQLite has no time zones: SQLAlchemy would store
    the wall-clock digits and drop the offset, so we store UTC and put the zone back on read.
    Naive values are taken to be UTC already (the Clock port only hands out UTC).
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        utc = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def json_column_type() -> JSON:
    """Plain JSON (not JSONB): PostgreSQL keeps the text as written, so key order survives."""
    return JSON(none_as_null=True)
