from __future__ import annotations

import msgspec


class FieldError(msgspec.Struct, omit_defaults=True):
    field: str | None
    message: str


class ErrorOut(msgspec.Struct, omit_defaults=True):
    """Every error answer: a status, a short code, a message naming the field or limit."""

    status_code: int
    error: str
    detail: str
    field: str | None = None
    errors: list[FieldError] | None = None
