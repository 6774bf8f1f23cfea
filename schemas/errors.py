from __future__ import annotations

from typing import Annotated

import msgspec


class FieldError(msgspec.Struct, omit_defaults=True):
    field: Annotated[
        str | None,
        msgspec.Meta(description="The value at fault, by its path (`items[2].status`)"),
    ]
    message: Annotated[str, msgspec.Meta(description="What is wrong with it")]


class ErrorOut(msgspec.Struct, omit_defaults=True):
    """Every error answer: a status, a short code, a message naming the field or limit."""

    status_code: Annotated[int, msgspec.Meta(description="The HTTP status, repeated")]
    error: Annotated[
        str,
        msgspec.Meta(
            description="A short code to branch on: `bad_request`, `unauthorized`, "
            "`forbidden`, `not_found`, `conflict`, `gone`, `too_large`, `invalid`, `busy`, …"
        ),
    ]
    detail: Annotated[
        str, msgspec.Meta(description="What went wrong, naming the field or the limit")
    ]
    field: Annotated[
        str | None,
        msgspec.Meta(description="The value at fault, by its path, when there is one"),
    ] = None
    errors: Annotated[
        list[FieldError] | None,
        msgspec.Meta(description="Every problem found in the request (400)"),
    ] = None
