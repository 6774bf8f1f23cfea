"""Before any handler runs: refuse what would otherwise reach a decoder or a database that
cannot take it (ADR 0100). Every refusal is a 400 naming the value, on every backend alike.

- A path or query value holding NUL (PostgreSQL stores no NUL) or half a surrogate pair.
- A JSON body that is not UTF-8 (msgspec raises `UnicodeDecodeError`, which is no
  decoding error Litestar knows), nested deeper than `MAX_BODY_DEPTH` (the decoder recurses:
  1,000 levels are a `RecursionError`), or holding NUL in any string or key.

Handlers that read the body themselves (import previews) check their files their own way.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec
from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.exceptions import ClientException

from domain.errors import BadValue
from domain.validation import require_storable_text
from entrypoints.http.shapes import Step, dotted, is_typed, type_at
from schemas.portable.parse import nesting_depth

# Valid bodies nest a dozen levels at most (a listing's components' metadata, 8 deep
# inside); the domain names anything deeper than its own limits. This only keeps the
# decoder's recursion far from Python's limit.
MAX_BODY_DEPTH = 32
# How far the search for the field of a too-deep body reads before it gives up naming it.
_MAX_TOKENS = 100_000
_NUL_ESCAPE = b"\\u0000"
_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{},:]')
_FORMS = (RequestEncodingType.MULTI_PART, RequestEncodingType.URL_ENCODED)
NUL_MESSAGE = "must not contain NUL (\\u0000)"


async def guard_request(request: Request[Any, Any, Any]) -> None:
    """Litestar's `before_request` hook: returns nothing, raises what it refuses."""
    for name, value in request.path_params.items():
        if isinstance(value, str):
            require_storable_text(name, value)
    for key, value in request.query_params.multi_items():
        require_storable_text(key, key)
        if isinstance(value, str):
            require_storable_text(key, value)
    data = request.route_handler.parsed_data_field
    # A JSON body is decoded as JSON whatever its Content-Type says (`curl -d` sends a form
    # type), so it is checked whatever it says too; only form bodies are someone else's.
    if data is not None and getattr(data.kwarg_definition, "media_type", None) not in _FORMS:
        await _check_body(request, data.annotation)


async def _check_body(request: Request[Any, Any, Any], body_type: Any) -> None:
    body = await request.body()
    if not body:
        return
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ClientException(f"the request body is not UTF-8 (byte {error.start})") from None
    depth = nesting_depth(body)
    if depth > MAX_BODY_DEPTH:
        _too_deep(body, depth, body_type)
    if _NUL_ESCAPE in body:
        try:
            value = await request.json()
        except Exception:  # malformed: the decoder says so, as for any other body
            return
        path = _first_nul(value)
        if path is not None:
            raise BadValue(path or "$", NUL_MESSAGE)


def _too_deep(body: bytes, depth: int, body_type: Any) -> None:
    message = f"nests {depth} levels deep; a request body may nest at most {MAX_BODY_DEPTH}"
    path = _path_at_depth(body, MAX_BODY_DEPTH)
    field = _typed_field(body_type, path) if path else None
    if field:
        raise BadValue(field, message)
    raise ClientException(f"the request body {message}")


def _path_at_depth(body: bytes, limit: int) -> list[Step] | None:
    """The keys and indexes down to the first container nested deeper than `limit`, read
    token by token (no decoder, no recursion); None past `_MAX_TOKENS`."""
    open_: list[list[Any]] = []  # per open container: its kind, and its current key or index
    last_string = b'""'
    for count, match in enumerate(_TOKEN.finditer(body)):
        if count > _MAX_TOKENS:
            return None
        token = match.group()
        first = token[:1]
        if first == b'"':
            last_string = token
        elif first == b":" and open_ and open_[-1][0] == "{":
            open_[-1][1] = _key(last_string)
        elif first == b"," and open_ and open_[-1][0] == "[":
            open_[-1][1] += 1
        elif first in (b"{", b"["):
            if len(open_) == limit:
                return [step for _, step in open_] if open_[0][0] == "{" else None
            open_.append(["{", ""] if first == b"{" else ["[", 0])
        elif first in (b"}", b"]") and open_:
            open_.pop()
    return None


def _key(token: bytes) -> str:
    try:
        return str(msgspec.json.decode(token))
    except (msgspec.DecodeError, UnicodeDecodeError):
        return ""


def _typed_field(body_type: Any, path: list[Step]) -> str | None:
    """The path cut where the body's own shape ends: `custom_fields`, not the thousand
    levels inside it."""
    kept: list[Step] = []
    for step in path:
        kept.append(step)
        if not is_typed(type_at(body_type, kept)):
            break
    return dotted(kept) if kept else None


def _first_nul(value: Any) -> str | None:
    """The path of the first string or key holding NUL, in document order ("" for the
    body itself)."""
    stack: list[tuple[list[Step], Any]] = [([], value)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            if "\x00" in node:
                return dotted(path)
        elif isinstance(node, dict):
            bad = next((key for key in node if "\x00" in key), None)
            if bad is not None:
                return dotted([*path, bad])
            stack.extend(([*path, key], child) for key, child in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend(([*path, i], node[i]) for i in reversed(range(len(node))))
    return None
