"""Unknown fields and explicit nulls, found by walking the parsed JSON against the Structs.

msgspec ignores unknown fields without a word, but the preview must list them, so the
walk names each one by its JSON path and drops it. A `null` in a known field is dropped
too, so it reads exactly like an omitted field (a default applies, or "is required").
Opaque values (`custom_fields`, `valuation_breakdown`, component `metadata`) are left
alone: nothing inside them is unknown, and their nulls are data.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import msgspec
from msgspec import inspect

from domain.portability.paths import ROOT, index_path, key_path


@dataclass(frozen=True, slots=True)
class Each:
    """A list of Structs."""

    struct: type[msgspec.Struct]


Shape = type[msgspec.Struct] | Each | None


def prune(value: Any, struct: type[msgspec.Struct], path: str = ROOT) -> list[str]:
    """Drop unknown fields and nulls from `value` (in place); the unknown fields' paths."""
    unknown: list[str] = []
    _walk(value, struct, path, unknown)
    return unknown


def _walk(value: Any, struct: type[msgspec.Struct], path: str, unknown: list[str]) -> None:
    if not isinstance(value, dict):
        return  # the strict decode names the wrong type
    fields = _fields(struct)
    for key in list(value):
        if key not in fields:
            unknown.append(key_path(path, key))
            del value[key]
        elif value[key] is None:
            del value[key]
        elif (shape := fields[key]) is not None:
            _descend(value[key], shape, key_path(path, key), unknown)


def _descend(value: Any, shape: type[msgspec.Struct] | Each, path: str, unknown: list[str]) -> None:
    if not isinstance(shape, Each):
        _walk(value, shape, path, unknown)
    elif isinstance(value, list):
        for i, element in enumerate(value):
            _walk(element, shape.struct, index_path(path, i), unknown)


@cache
def _fields(struct: type[msgspec.Struct]) -> dict[str, Shape]:
    info = inspect.type_info(struct)
    assert isinstance(info, inspect.StructType)
    return {field.encode_name: _shape(field.type) for field in info.fields}


def _shape(kind: inspect.Type) -> Shape:
    if isinstance(kind, inspect.Metadata):
        return _shape(kind.type)
    if isinstance(kind, inspect.StructType):
        return kind.cls
    if isinstance(kind, inspect.UnionType):
        return next((s for option in kind.types if (s := _shape(option)) is not None), None)
    if isinstance(kind, inspect.ListType):
        inner = _shape(kind.item_type)
        return Each(inner) if isinstance(inner, type) else None
    return None
