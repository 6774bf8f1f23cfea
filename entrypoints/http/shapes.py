"""What type a value in a request has, found by following its path through the Structs.

Litestar decodes every parameter and the body into one msgspec Struct per handler (its
signature model, the body under `data`), and msgspec names a value at fault by its path
(`$.data.performance.storage_primary.medium`). Walking that path through the type tells
which enum a bad value missed (so the error can list the allowed ones) and where the typed
part of a body ends and free-form JSON begins (so a body nested too deeply names its field).
"""

from __future__ import annotations

import enum
import re
from typing import Any

from msgspec import inspect

Step = str | int
_STEP = re.compile(r"\.([^.\[]+)|\[(\d+|\.\.\.)\]")


def steps(path: str) -> list[Step]:
    """`$.data.ports[0].type` → ["data", "ports", 0, "type"] (`[...]`, a dict key, → "")."""
    found: list[Step] = []
    for name, index in _STEP.findall(path.removeprefix("$")):
        if name:
            found.append(name)
        else:
            found.append(int(index) if index.isdigit() else "")
    return found


def dotted(path: list[Step]) -> str:
    """["performance", "ports", 0, "type"] → "performance.ports[0].type" (a field name as
    errors give it; an unnamed dict key shows as `[...]`, as msgspec writes it)."""
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += f".{step}" if step else "[...]"
    return text.removeprefix(".").replace("\x00", "\\u0000")


def type_at(root: Any, path: list[Step]) -> inspect.Type | None:
    """The type of the value at `path` inside a value of type `root`, or None if the path
    leaves the types (into free-form JSON, or nowhere)."""
    try:
        node: inspect.Type | None = inspect.type_info(root)
    except (TypeError, ValueError):  # not a type msgspec can describe
        return None
    for step in path:
        node = _child(node, step)
        if node is None:
            return None
    return node


def is_typed(node: inspect.Type | None) -> bool:
    """Whether the value has a shape of its own (a Struct, or a list of them)."""
    node = _plain(node)
    if isinstance(node, inspect.StructType):
        return True
    if isinstance(node, inspect.UnionType):
        return any(is_typed(option) for option in node.types)
    if isinstance(node, inspect.ListType | inspect.TupleType | inspect.VarTupleType):
        return is_typed(getattr(node, "item_type", None))
    return False


def enum_choices(node: inspect.Type | None) -> list[str] | None:
    """The values an enum (or an optional one) allows, in their order."""
    node = _plain(node)
    if isinstance(node, inspect.EnumType):
        return [str(member.value) for member in node.cls if isinstance(member, enum.Enum)]
    if isinstance(node, inspect.UnionType):
        for option in node.types:
            if (choices := enum_choices(option)) is not None:
                return choices
    return None


def _plain(node: inspect.Type | None) -> inspect.Type | None:
    while isinstance(node, inspect.Metadata):
        node = node.type
    return node


def _child(node: inspect.Type | None, step: Step) -> inspect.Type | None:
    node = _plain(node)
    if isinstance(node, inspect.UnionType):
        for option in node.types:
            if (found := _child(option, step)) is not None:
                return found
        return None
    if isinstance(step, str) and step and isinstance(node, inspect.StructType):
        return next((f.type for f in node.fields if f.encode_name == step), None)
    if isinstance(step, int) and isinstance(
        node, inspect.ListType | inspect.VarTupleType | inspect.SetType | inspect.FrozenSetType
    ):
        return node.item_type
    if isinstance(step, str) and isinstance(node, inspect.DictType):
        return node.value_type
    return None
