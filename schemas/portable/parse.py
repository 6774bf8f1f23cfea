"""Bytes to a JSON object, refusing what is not one before it can hurt: invalid JSON,
another top-level value, or nesting deeper than allowed (checked before decoding, so a
100,000-deep `[[[[…` costs a few byte scans, not a RecursionError)."""

from __future__ import annotations

from itertools import accumulate
from typing import Any

import msgspec

from domain.portability.errors import MalformedDocument

MAX_DEPTH = 64

_KEEP = b'[]{}"'
_DROP = bytes(b for b in range(256) if b not in _KEEP)
_STEP = [0] * 256
_STEP[ord("[")] = _STEP[ord("{")] = 1
_STEP[ord("]")] = _STEP[ord("}")] = -1
_decoder = msgspec.json.Decoder()


def nesting_depth(raw: bytes) -> int:
    """How deep arrays and objects nest, brackets inside strings not counted.

    Byte operations only (no Python loop per character): drop escape pairs (`\\\\`
    first, then `\\"`), so every quote left opens or closes a string; keep only quotes and
    brackets; drop adjacent quote pairs (an empty string, or two strings with nothing
    between them), which leaves every other character inside or outside as it was; then
    count only what lies outside the strings that remain.
    """
    unescaped = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    skeleton = unescaped.translate(None, _DROP).replace(b'""', b"")
    outside = b"".join(skeleton.split(b'"')[::2])
    return max(accumulate(map(_STEP.__getitem__, outside)), default=0)


def parse_object(raw: bytes | bytearray | memoryview | str, max_depth: int = MAX_DEPTH) -> Any:
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else bytes(raw)
    depth = nesting_depth(data)
    if depth > max_depth:
        raise MalformedDocument("$", f"nested too deeply ({depth} levels; at most {max_depth})")
    try:
        value = _decoder.decode(data)
    except msgspec.DecodeError as error:
        raise MalformedDocument("$", f"not valid JSON: {error}") from None
    except UnicodeDecodeError:  # msgspec raises it for bad UTF-8 inside a string
        raise MalformedDocument("$", "not valid JSON: the text is not UTF-8") from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise MalformedDocument("$", "nested too deeply") from None
    if not isinstance(value, dict):
        raise MalformedDocument("$", f"a document must be a JSON object, not {_json_type(value)}")
    return value


def _json_type(value: Any) -> str:
    names = {list: "an array", str: "a string", bool: "a boolean", int: "a number"}
    names[float] = "a number"
    return "null" if value is None else names.get(type(value), type(value).__name__)
