"""msgspec's "Expected `str`, got `int` - at `$.data.listing.title`" as (path, message)."""

from __future__ import annotations

import re

import msgspec

_AT = " - at `"
_MISSING = re.compile(r"Object missing required field `([^`]+)`")
# How a Struct's own check (`__post_init__`) names one of its fields.
_FIELD = re.compile(r"field `([^`]+)`: (.+)", re.DOTALL)


def path_and_message(error: msgspec.ValidationError) -> tuple[str, str]:
    text = str(error)
    message, path = text, "$"
    if text.endswith("`") and _AT in text:
        # The last " - at `": a bad value quoted in the message may contain one too.
        message, _, path = text[:-1].rpartition(_AT)
    if missing := _MISSING.fullmatch(message):
        return f"{path}.{missing.group(1)}", "is required"
    if field := _FIELD.fullmatch(message):
        return f"{path}.{field.group(1)}", field.group(2)
    return path, message
