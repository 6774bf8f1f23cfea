"""What every Struct of the portable format shares: nulls omitted, unknown fields ignored
(the reader reports them), times in UTC however they came in."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar

import msgspec

from domain.times import as_utc


def text(min_length: int = 0, max_length: int | None = None) -> Any:
    return Annotated[str, msgspec.Meta(min_length=min_length, max_length=max_length)]


# RFC 3339 as written; the reader also takes a time without zone, as UTC.
Moment = Annotated[datetime, msgspec.Meta(extra_json_schema={"format": "date-time"})]


class PortableStruct(msgspec.Struct, kw_only=True, omit_defaults=True):
    # Fields holding datetimes; a zone-less one is read as UTC, any other converted to UTC,
    # so the encoder always writes `…Z`.
    _times: ClassVar[tuple[str, ...]] = ()

    def __post_init__(self) -> None:
        for name in self._times:
            moment: datetime | None = getattr(self, name)
            if moment is not None:
                try:
                    setattr(self, name, as_utc(moment))
                except OverflowError:
                    raise ValueError(
                        f"field `{name}`: out of range once converted to UTC"
                    ) from None
