"""Every error answers JSON naming the field or limit; nothing escapes as a bare 500."""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

import msgspec
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, InternalServerException, ValidationException
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from domain.errors import (
    BadValue,
    Busy,
    Conflict,
    DomainError,
    Forbidden,
    Gone,
    Invalid,
    NotFound,
    TooLarge,
    Unauthorized,
)
from domain.portability import MalformedDocument
from entrypoints.http.shapes import dotted, enum_choices, steps, type_at
from schemas.errors import ErrorOut, FieldError

logger = logging.getLogger("dealbrain.http")

# The first type the error is an instance of decides, so subclasses come first.
STATUS_OF: dict[type[DomainError], tuple[int, str]] = {
    # Not a document at all (not JSON, too deep): it could not be decoded, like a bad body.
    MalformedDocument: (400, "bad_request"),
    # A value wrong in itself (too long, out of range, a NUL): like a body msgspec refused.
    BadValue: (400, "bad_request"),
    Invalid: (422, "invalid"),
    Unauthorized: (401, "unauthorized"),
    Forbidden: (403, "forbidden"),
    NotFound: (404, "not_found"),
    Conflict: (409, "conflict"),
    Gone: (410, "gone"),
    TooLarge: (413, "too_large"),
    # The database stayed locked by other work (docs/adr/0092): try again, never a 500.
    Busy: (503, "busy"),
}


def _answer(body: ErrorOut, headers: dict[str, str] | None = None) -> Response[ErrorOut]:
    return Response(body, status_code=body.status_code, media_type=MediaType.JSON, headers=headers)


def domain_error(_: Request[Any, Any, Any], exc: DomainError) -> Response[ErrorOut]:
    status, code = next(
        (value for kind, value in STATUS_OF.items() if isinstance(exc, kind)), (400, "bad_request")
    )
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if isinstance(exc, Busy):
        headers = {"Retry-After": str(exc.retry_after_s)}
    errors = [FieldError(exc.field, exc.reason)] if isinstance(exc, BadValue) else None
    return _answer(ErrorOut(status, code, exc.message, field=exc.field, errors=errors), headers)


def validation_error(
    request: Request[Any, Any, Any], exc: ValidationException
) -> Response[ErrorOut]:
    """Litestar's decoding errors: malformed JSON, wrong types, broken constraints."""
    problem = _from_msgspec(exc.__cause__, _signature_model(request))
    if problem is None:
        extra = exc.extra if isinstance(exc.extra, list) else []
        problems = [_from_litestar(item) for item in extra]
        problem = problems[0] if problems else FieldError(field=None, message=str(exc.detail))
    detail = f"{problem.field}: {problem.message}" if problem.field else problem.message
    return _answer(ErrorOut(400, "bad_request", detail, field=problem.field, errors=[problem]))


_MISSING = re.compile(r"Object missing required field `([^`]+)`")
_UNKNOWN = re.compile(r"Object contains unknown field `([^`]+)`")
_ENUM = re.compile(r"Invalid enum value (.+)")
UNKNOWN_FIELD = "is not a field of this request; unknown fields are refused"


def _signature_model(request: Request[Any, Any, Any]) -> Any:
    try:
        return request.route_handler.signature_model
    except Exception:  # no route (a 404 or 405 never gets here, but be safe)
        return None


def _from_msgspec(cause: BaseException | None, model: Any = None) -> FieldError | None:
    """msgspec says `Expected … - at `$.data.metadata.series``: the path is the field.

    The handler's body parameter is `data`, so body paths start with `$.data`; that part
    is ours, not the client's, and is dropped. A bad enum value is told the allowed ones,
    found by following the path through the handler's signature `model`; an unknown field
    (request bodies refuse them, ADR 0100) is named.
    """
    if not isinstance(cause, msgspec.ValidationError):
        return None
    message, _, path = str(cause).partition(" - at `")
    where = steps(path.rstrip("`")) if path else []
    missing = _MISSING.fullmatch(message)
    unknown = _UNKNOWN.fullmatch(message)
    bad_enum = _ENUM.fullmatch(message)
    if missing:
        if missing.group(1) == "data" and not where:
            return FieldError(field=None, message="the request body is missing or empty")
        where.append(missing.group(1))
        message = "is required"
    elif unknown:
        where.append(unknown.group(1))
        message = UNKNOWN_FIELD
    elif bad_enum and model is not None:
        choices = enum_choices(type_at(model, where))
        if choices:
            message = f"{bad_enum.group(1)} is not one of {', '.join(choices)}"
    if where[:1] == ["data"]:
        where = where[1:]
    return FieldError(field=dotted(where) or None, message=message)


def _from_litestar(item: Any) -> FieldError:
    if not isinstance(item, dict):
        return FieldError(field=None, message=str(item))
    key = item.get("key")
    return FieldError(field=str(key) if key else None, message=str(item.get("message", "")))


def http_error(_: Request[Any, Any, Any], exc: HTTPException) -> Response[ErrorOut]:
    try:
        code = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_")
    except ValueError:
        code = "error"
    return _answer(ErrorOut(exc.status_code, code, str(exc.detail)), exc.headers)


def body_too_large(
    request: Request[Any, Any, Any], exc: RequestEntityTooLarge
) -> Response[ErrorOut]:
    """Litestar refused a body over `request_max_body_size`: say which limit, and what it is."""
    limit = request.route_handler.resolve_request_max_body_size()
    size = f" ({limit:,} bytes)" if limit else ""
    detail = f"the request body is larger than DEALBRAIN_MAX_UPLOAD_BYTES allows{size}"
    return _answer(ErrorOut(exc.status_code, "too_large", detail))


def server_error(
    request: Request[Any, Any, Any], exc: InternalServerException
) -> Response[ErrorOut]:
    """Litestar raises a bare 500 when a body field it could not decode has the name of a
    dependency (`items` of a collection import's confirm is also the `items` use case): it
    takes the client's mistake for a broken dependency. A body value at fault is a 400."""
    cause = exc.__cause__
    if isinstance(cause, msgspec.ValidationError) and "- at `$.data" in str(cause):
        return validation_error(request, exc)  # type: ignore[arg-type]
    return unexpected_error(request, exc)


def unexpected_error(request: Request[Any, Any, Any], exc: Exception) -> Response[ErrorOut]:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _answer(
        ErrorOut(HTTP_500_INTERNAL_SERVER_ERROR, "internal_error", "internal server error")
    )


EXCEPTION_HANDLERS: dict[Any, Any] = {
    DomainError: domain_error,
    ValidationException: validation_error,
    RequestEntityTooLarge: body_too_large,
    InternalServerException: server_error,
    HTTPException: http_error,
    Exception: unexpected_error,
}
