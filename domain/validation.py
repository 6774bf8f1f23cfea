"""Small checks shared by the entities; each raises `Invalid` naming the field."""

from __future__ import annotations

import math
from collections.abc import Iterable

from domain.errors import Invalid


def require_length(field: str, value: str | None, *, low: int = 0, high: int) -> None:
    if value is None:
        if low > 0:
            raise Invalid(field, "is required")
        return
    if not low <= len(value) <= high:
        raise Invalid(field, f"must be {low}-{high} characters long (got {len(value)})")


def require_present(field: str, value: object) -> None:
    if value is None:
        raise Invalid(field, "is required")


def require_non_negative(field: str, value: float | int | None) -> None:
    if value is None:
        return
    if isinstance(value, float) and not math.isfinite(value):
        raise Invalid(field, "must be a finite number")
    if value < 0:
        raise Invalid(field, f"must be >= 0 (got {value})")


def require_at_least(field: str, value: int | None, low: int) -> None:
    if value is not None and value < low:
        raise Invalid(field, f"must be >= {low} (got {value})")


def require_choice(field: str, value: object, choices: Iterable[str]) -> None:
    allowed = tuple(str(choice) for choice in choices)
    if value not in allowed:
        raise Invalid(field, f"must be one of {', '.join(allowed)} (got {value!r})")


def require_known_fields(changes: Iterable[str], editable: Iterable[str]) -> None:
    unknown = sorted(set(changes) - set(editable))
    if unknown:
        raise Invalid(unknown[0], "cannot be changed")
