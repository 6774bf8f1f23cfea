"""Small checks shared by the entities; each raises `Invalid` naming the field.

A value wrong in itself (too long, out of range, a NUL, too deep) raises `BadValue`, the
`Invalid` that every entrypoint answers like an undecodable body (HTTP 400, ADR 0100).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.errors import BadValue, Invalid
from domain.times import as_utc

# Ids are 32-bit on every backend (an identity column of SQL `Integer`), so no id is larger
# and no table holds more rows: no offset beyond it can find anything either (ADR 0100).
ID_MAX = 2**31 - 1
OFFSET_MAX = ID_MAX
# No text may hold NUL (PostgreSQL cannot store it) or half a surrogate pair (not Unicode).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def require_length(field: str, value: str | None, *, low: int = 0, high: int) -> None:
    if value is None:
        if low > 0:
            raise BadValue(field, "is required")
        return
    if not low <= len(value) <= high:
        raise BadValue(field, f"must be {low}-{high} characters long (got {len(value)})")
    require_storable_text(field, value)


def require_storable_text(field: str, value: str) -> None:
    """No NUL and no lone surrogate: text every backend stores alike."""
    bad = _UNSTORABLE.search(value)
    if bad is not None:
        what = "NUL (\\u0000)" if bad.group() == "\x00" else "a lone surrogate"
        raise BadValue(field, f"must not contain {what}")


def require_present(field: str, value: object) -> None:
    if value is None:
        raise BadValue(field, "is required")


def require_non_negative(field: str, value: float | int | None) -> None:
    if value is None:
        return
    if isinstance(value, float) and not math.isfinite(value):
        raise BadValue(field, "must be a finite number")
    if value < 0:
        raise BadValue(field, f"must be >= 0 (got {value})")


def require_at_least(field: str, value: int | None, low: int) -> None:
    if value is not None and value < low:
        raise BadValue(field, f"must be >= {low} (got {value})")


def require_id(field: str, value: int | None) -> None:
    """An id some row could have: 1 to ID_MAX."""
    if value is not None and not 1 <= value <= ID_MAX:
        raise BadValue(field, f"must be an id, 1-{ID_MAX} (got {value})")


def require_count(field: str, values: Iterable[object] | None, high: int) -> None:
    count = 0 if values is None else len(list(values))
    if count > high:
        raise BadValue(field, f"must have at most {high:,} entries (got {count:,})")


def require_moment(field: str, value: datetime | None) -> None:
    """A time that exists in UTC too (9999-12-31T23:00-05:00 does not)."""
    if value is None:
        return
    try:
        as_utc(value)
    except (OverflowError, ValueError):
        raise BadValue(field, "is out of range once converted to UTC") from None


def require_choice(field: str, value: object, choices: Iterable[str]) -> None:
    allowed = tuple(str(choice) for choice in choices)
    if value not in allowed:
        raise BadValue(field, f"{value!r} is not one of {', '.join(allowed)}")


def require_known_fields(changes: Iterable[str], editable: Iterable[str]) -> None:
    unknown = sorted(set(changes) - set(editable))
    if unknown:
        raise Invalid(unknown[0], "cannot be changed")


@dataclass(frozen=True, slots=True)
class JsonLimits:
    """How big a free-form JSON value may be (`custom_fields` and the like).

    depth: containers inside one another, the value itself counting one (`{"a": [1]}` is 2);
    entries: object members and array elements, at every level together;
    characters: the length of every key and every string, together.
    """

    depth: int
    entries: int
    characters: int


def require_json(field: str, value: Any, limits: JsonLimits) -> None:
    """A free-form JSON value within `limits`, its text storable, its numbers finite.

    Walks without recursion and stops at the first level too deep, so even a value nested a
    million levels costs no more than the limit's worth of work.
    """
    entries = characters = 0
    stack: list[tuple[str, Any, int]] = [(field, value, 1)]
    while stack:
        path, node, depth = stack.pop()
        if isinstance(node, dict | list | tuple):
            if depth > limits.depth:
                raise BadValue(field, f"must nest at most {limits.depth} levels deep (at {path})")
            entries += len(node)
            if entries > limits.entries:
                raise BadValue(field, f"must have at most {limits.entries:,} entries in all")
            if isinstance(node, dict):
                for key, child in node.items():
                    key_text = str(key)
                    characters += len(key_text)
                    child_path = f"{path}.{key_text}".replace("\x00", "\\u0000")
                    require_storable_text(child_path, key_text)
                    stack.append((child_path, child, depth + 1))
            else:
                stack.extend((f"{path}[{i}]", child, depth + 1) for i, child in enumerate(node))
        elif isinstance(node, str):
            characters += len(node)
            require_storable_text(path, node)
        elif isinstance(node, float) and not math.isfinite(node):
            raise BadValue(path, "must be a finite number")
        if characters > limits.characters:
            raise BadValue(field, f"must hold at most {limits.characters:,} characters in all")
