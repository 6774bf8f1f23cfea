"""Every error answers JSON naming the field or limit; nothing escapes as a bare 500."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from domain.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Gone,
    Invalid,
    NotFound,
    TooLarge,
    Unauthorized,
)
from schemas.errors import ErrorOut, FieldError

logger = logging.getLogger("dealbrain.http")

STATUS_OF: dict[type[DomainError], tuple[int, str]] = {
    Invalid: (422, "invalid"),
    Unauthorized: (401, "unauthorized"),
    Forbidden: (403, "forbidden"),
    NotFound: (404, "not_found"),
    Conflict: (409, "conflict"),
    Gone: (410, "gone"),
    TooLarge: (413, "too_large"),
}


def _answer(body: ErrorOut, headers: dict[str, str] | None = None) -> Response[ErrorOut]:
    return Response(body, status_code=body.status_code, media_type=MediaType.JSON, headers=headers)


def domain_error(_: Request[Any, Any, Any], exc: DomainError) -> Response[ErrorOut]:
    status, code = next(
        (value for kind, value in STATUS_OF.items() if isinstance(exc, kind)), (400, "bad_request")
    )
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return _answer(ErrorOut(status, code, exc.message, field=exc.field), headers)


def validation_error(_: Request[Any, Any, Any], exc: ValidationException) -> Response[ErrorOut]:
    """Litestar's decoding errors: malformed JSON, wrong types, broken constraints."""
    problems = (
        [_field_error(item) for item in exc.extra or []] if isinstance(exc.extra, list) else []
    )
    if problems:
        first = problems[0]
        detail = f"{first.field}: {first.message}" if first.field else first.message
    else:
        detail = exc.detail
    field = problems[0].field if problems else None
    return _answer(ErrorOut(400, "bad_request", detail, field=field, errors=problems or None))


def _field_error(item: Any) -> FieldError:
    if not isinstance(item, dict):
        return FieldError(field=None, message=str(item))
    message = str(item.get("message", "invalid value"))
    key = item.get("key")
    # msgspec says "… - at `$.price_usd`"; keep the path and drop the `$.` noise.
    if " - at `$." in message:
        message, _, path = message.partition(" - at `$.")
        key = path.rstrip("`")
    return FieldError(field=str(key) if key else None, message=message)


def http_error(_: Request[Any, Any, Any], exc: HTTPException) -> Response[ErrorOut]:
    try:
        code = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_")
    except ValueError:
        code = "error"
    return _answer(ErrorOut(exc.status_code, code, str(exc.detail)), exc.headers)


def unexpected_error(request: Request[Any, Any, Any], exc: Exception) -> Response[ErrorOut]:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _answer(
        ErrorOut(HTTP_500_INTERNAL_SERVER_ERROR, "internal_error", "internal server error")
    )


EXCEPTION_HANDLERS: dict[Any, Any] = {
    DomainError: domain_error,
    ValidationException: validation_error,
    HTTPException: http_error,
    Exception: unexpected_error,
}
