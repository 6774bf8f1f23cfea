"""What every benchmark shares: a throwaway PostgreSQL database, timing, and reporting."""

from __future__ import annotations

import os
import platform
import secrets
import statistics
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import asyncpg
from sqlalchemy.engine import make_url

DEFAULT_SERVER = "postgresql+asyncpg://postgres@127.0.0.1:5432"


def server_url() -> str:
    return os.environ.get("DEALBRAIN_TEST_DATABASE_URL") or DEFAULT_SERVER


@asynccontextmanager
async def throwaway_database(prefix: str) -> AsyncIterator[str]:
    """A new, empty PostgreSQL database for one run; dropped afterwards."""
    server = make_url(server_url())
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(
        user=server.username,
        password=server.password,
        host=server.host or "127.0.0.1",
        port=server.port or 5432,
        database="postgres",
    )
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def timed(call: Callable[[], Awaitable[object]], runs: int, warmup: int = 20) -> list[float]:
    """Milliseconds per call, after a warm-up."""
    for _ in range(warmup):
        await call()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def p(samples: list[float], q: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[int(q) - 1]


def machine() -> str:
    cores = os.cpu_count()
    return f"{platform.node()} · {cores} cores · Python {platform.python_version()}"


def today() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d")
