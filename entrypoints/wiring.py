"""Factories the container calls to build adapters. Imports are lazy so a deployment only
loads the technologies it uses (no SQLAlchemy for memory storage, no Playwright for a CLI
command that draws no card), and everything that must be closed is registered once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from domain.ports import BlobCache, Clock


class Lifecycle:
    """What was opened and must be closed, in reverse order, when the process stops."""

    def __init__(self) -> None:
        self._closers: list[Callable[[], Awaitable[Any]]] = []

    def register(self, close: Callable[[], Awaitable[Any]]) -> None:
        self._closers.append(close)

    async def close_all(self) -> None:
        closers, self._closers = self._closers, []
        for close in reversed(closers):
            await close()


def days(count: int) -> timedelta:
    return timedelta(days=count)


def sql_engine(
    lifecycle: Lifecycle, url: str, storage: str, busy_timeout_s: float | None = None
) -> Any:
    if storage != "sql":
        return None  # the in-memory storage needs no database
    from adapters.sqlalchemy.engine import create_engine

    engine = create_engine(url, sqlite_busy_timeout_s=busy_timeout_s)
    lifecycle.register(engine.dispose)
    return engine


def sql_uow_factory(engine: Any, busy_timeout_s: float | None = None) -> Any:
    from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory

    return SqlUnitOfWorkFactory(engine, busy_timeout_s=busy_timeout_s)


def card_renderer(
    lifecycle: Lifecycle, chromium_path: str | None, concurrency: int, timeout_s: float
) -> Any:
    from adapters.playwright.renderer import PlaywrightCardRenderer

    renderer = PlaywrightCardRenderer(
        chromium_path=chromium_path, concurrency=concurrency, timeout_s=timeout_s
    )
    lifecycle.register(renderer.close)
    return renderer


def card_images(
    lifecycle: Lifecycle, deps: Any, renderer: Any, blobs: BlobCache, placeholders: Any,
    ttl: timedelta, max_pending_writes: int,
) -> Any:  # fmt: skip
    """The card use cases; closing waits for their cache writes under way (ADR 0091)."""
    from application.cards import CardImages

    cards = CardImages(
        deps, renderer, blobs, placeholders, ttl, max_pending_writes=max_pending_writes
    )
    lifecycle.register(cards.flush)
    return cards


def placeholders() -> Any:
    from adapters.pillow.placeholders import PillowPlaceholders

    return PillowPlaceholders()


def memory_blobs(clock: Clock) -> BlobCache:
    from adapters.memory.blobs import MemoryBlobCache

    return MemoryBlobCache(clock)


def filesystem_blobs(clock: Clock, data_dir: str) -> BlobCache:
    from adapters.filesystem.blobs import FilesystemBlobCache

    return FilesystemBlobCache(Path(data_dir) / "blobs", clock)


def s3_blobs(
    lifecycle: Lifecycle, clock: Clock, bucket: str | None, endpoint_url: str | None,
    region: str | None, timeout_s: float = 2.0, breaker_failures: int = 3,
    breaker_open_s: float = 30.0,
) -> BlobCache:  # fmt: skip
    """S3 with every call bounded by `timeout_s`, behind a circuit breaker (ADR 0091)."""
    from adapters.s3.blobs import S3BlobCache
    from adapters.s3.breaker import CircuitBreaker

    if not bucket:
        raise ValueError("DEALBRAIN_S3_BUCKET is required for the s3 and tiered blob backends")
    cache = S3BlobCache(
        bucket, clock, endpoint_url=endpoint_url, region=region, timeout_s=timeout_s,
        breaker=CircuitBreaker(breaker_failures, breaker_open_s),
    )  # fmt: skip
    lifecycle.register(cache.close)
    return cache


def tiered_blobs(front: BlobCache, back: BlobCache, clock: Clock) -> BlobCache:
    from adapters.tiered.blobs import TieredBlobCache

    return TieredBlobCache(front, back, clock)


def readiness_checks(storage: str, engine: Any, blobs: BlobCache) -> list[tuple[str, Any]]:
    checks: list[tuple[str, Any]] = []
    if storage == "sql":
        from adapters.sqlalchemy.health import ping

        checks.append(("database", lambda: ping(engine)))
    checks.append(("blob_store", blobs.ping))
    return checks
