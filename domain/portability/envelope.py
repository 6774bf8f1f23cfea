"""The envelope variant some tools wrote after the old application's JSON Schema, which
wrongly put `data` inside `deal_brain_export`: moved back to the top level, with a warning."""

from __future__ import annotations

from typing import Any

NESTED_DATA_WARNING = (
    "$.deal_brain_export.data: `data` belongs next to `deal_brain_export`, not inside it "
    "(as the old application's JSON Schema had it); read from there"
)


def hoist_data(document: dict[str, Any]) -> tuple[dict[str, Any], list[str], dict[str, str]]:
    """(document with `data` at the top, warnings, path moves). Input is not changed."""
    header = document["deal_brain_export"]
    if document.get("data") is not None or header.get("data") is None:
        return document, [], {}
    header = dict(header)
    data = header.pop("data")
    hoisted = {**document, "deal_brain_export": header, "data": data}
    return hoisted, [NESTED_DATA_WARNING], {"$.data": "$.deal_brain_export.data"}
