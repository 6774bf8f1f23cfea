"""Between wire Structs and domain dataclasses: the field names are the same on both sides."""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec

T = TypeVar("T")


def to_domain(wire: Any, domain_type: type[T]) -> T:
    return msgspec.convert(wire, domain_type, from_attributes=True)


def to_wire(entity: Any, wire_type: type[T]) -> T:
    return msgspec.convert(entity, wire_type, from_attributes=True)


def set_fields(patch: msgspec.Struct) -> dict[str, Any]:
    """The fields a PATCH body actually carried (UNSET ones left out)."""
    return {
        name: value
        for name in patch.__struct_fields__
        if (value := getattr(patch, name)) is not msgspec.UNSET
    }
