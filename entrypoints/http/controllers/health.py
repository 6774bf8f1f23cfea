from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

import msgspec
from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec

from entrypoints.http.openapi import ApiOperation, errors

# A readiness probe is a named async check that raises when its component is down.
ReadinessCheck = tuple[str, Callable[[], Awaitable[None]]]


class Health(msgspec.Struct):
    status: Annotated[
        str, msgspec.Meta(description="`ok`, or `unavailable` when a readiness check failed")
    ]
    checks: Annotated[
        dict[str, str],
        msgspec.Meta(
            description="Readiness only: each component (`database`, `blob_store`) and `ok` or "
            "`unavailable: <error kind>`"
        ),
    ] = {}


class HealthController(Controller):
    tags = ["service"]

    @get(
        "/health",
        summary="Liveness: the process answers",
        description='Always `{"status": "ok"}` while the process runs; looks at nothing '
        "else (see /ready).",
        responses=errors(),
        operation_class=ApiOperation,
    )
    async def health(self) -> Health:
        return Health("ok")

    @get(
        "/ready",
        summary="Readiness: database and blob store reachable",
        description="Runs every readiness check (a query on the database, a look-up in the blob "
        "store). 200 when all pass; 503 with each component's state when one fails.",
        responses={
            **errors(),
            503: ResponseSpec(Health, description="A component is unavailable (see `checks`)"),
        },
        operation_class=ApiOperation,
    )
    async def ready(self, readiness: NamedDependency[list[ReadinessCheck]]) -> Response[Health]:
        checks: dict[str, str] = {}
        for name, check in readiness:
            try:
                await check()
                checks[name] = "ok"
            except Exception as exc:  # a probe reports every failure, whatever its kind
                checks[name] = f"unavailable: {exc.__class__.__name__}"
        ok = all(value == "ok" for value in checks.values())
        return Response(
            Health("ok" if ok else "unavailable", checks), status_code=200 if ok else 503
        )
