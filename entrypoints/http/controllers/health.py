from __future__ import annotations

from collections.abc import Awaitable, Callable

import msgspec
from litestar import Controller, Response, get
from litestar.di import NamedDependency

# A readiness probe is a named async check that raises when its component is down.
ReadinessCheck = tuple[str, Callable[[], Awaitable[None]]]


class Health(msgspec.Struct):
    status: str
    checks: dict[str, str] = {}


class HealthController(Controller):
    tags = ["service"]

    @get("/health", summary="Liveness: the process answers")
    async def health(self) -> Health:
        return Health("ok")

    @get("/ready", summary="Readiness: database and blob store reachable")
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
