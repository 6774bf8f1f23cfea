"""The one composition root: which adapter answers which port, chosen by configuration."""

from __future__ import annotations

import inspect

from dependency_injector import containers, providers

from adapters.memory import MemoryStore, MemoryUnitOfWorkFactory
from adapters.system.clock import SystemClock
from adapters.system.log_events import LogEventSink
from adapters.system.offload import ThreadOffload
from application.api_keys import ApiKeys
from application.collection_items import CollectionItems
from application.collections import Collections
from application.context import Deps
from application.copying import CopyCollection
from application.discovery import Discover
from application.duplicates import DuplicateDetector
from application.exports import Exports
from application.imports import Imports
from application.listings import ListingCatalog
from application.moderation import Moderation, Reports
from application.share_links import ShareLinks
from application.users import UserAdmin
from entrypoints import wiring
from entrypoints.settings import Settings

# Worker threads for CPU-bound work (ADR 0080).
CPU_WORKERS = 2


class Container(containers.DeclarativeContainer):
    config = providers.Configuration(strict=True)

    clock = providers.Singleton(SystemClock)
    events = providers.Singleton(LogEventSink)

    lifecycle = providers.Singleton(wiring.Lifecycle)

    # Plain singletons, not async Resources: an async dependency would turn every use case
    # provider async. What needs closing registers with `lifecycle` when it is built.
    engine = providers.Singleton(
        wiring.sql_engine,
        lifecycle,
        url=config.database_url,
        storage=config.storage,
        busy_timeout_s=config.sqlite_busy_timeout_s,
    )
    memory_store = providers.Singleton(MemoryStore)
    uow_factory = providers.Selector(
        config.storage,
        memory=providers.Singleton(MemoryUnitOfWorkFactory, memory_store),
        sql=providers.Singleton(
            wiring.sql_uow_factory, engine, busy_timeout_s=config.sqlite_busy_timeout_s
        ),
    )

    memory_blobs = providers.Singleton(wiring.memory_blobs, clock)
    filesystem_blobs = providers.Singleton(wiring.filesystem_blobs, clock, config.data_dir)
    s3_blobs = providers.Singleton(
        wiring.s3_blobs,
        lifecycle,
        clock,
        bucket=config.s3_bucket,
        endpoint_url=config.s3_endpoint_url,
        region=config.s3_region,
        timeout_s=config.s3_timeout_s,
        breaker_failures=config.s3_breaker_failures,
        breaker_open_s=config.s3_breaker_open_s,
    )
    blobs = providers.Selector(
        config.blob_backend,
        memory=memory_blobs,
        filesystem=filesystem_blobs,
        s3=s3_blobs,
        tiered=providers.Singleton(wiring.tiered_blobs, memory_blobs, s3_blobs, clock),
    )
    renderer = providers.Singleton(
        wiring.card_renderer,
        lifecycle,
        chromium_path=config.chromium_path,
        concurrency=config.render_concurrency,
        timeout_s=config.render_timeout_s,
    )
    placeholders = providers.Singleton(wiring.placeholders)

    readiness = providers.Callable(
        wiring.readiness_checks, storage=config.storage, engine=engine, blobs=blobs
    )

    deps = providers.Singleton(Deps, uow=uow_factory, clock=clock, events=events)

    cards = providers.Singleton(
        wiring.card_images,
        lifecycle,
        deps,
        renderer=renderer,
        blobs=blobs,
        placeholders=placeholders,
        ttl=providers.Factory(wiring.days, config.card_ttl_days),
        max_pending_writes=config.card_write_queue,
    )
    user_admin = providers.Singleton(UserAdmin, deps)
    api_keys = providers.Singleton(ApiKeys, deps)
    # A changed or deleted collection, or a change to its items, drops its cached cards.
    collections = providers.Singleton(
        Collections, deps, on_changed=providers.List(cards.provided.purge_collection)
    )
    collection_items = providers.Singleton(
        CollectionItems, deps, on_changed=providers.List(cards.provided.purge_collection)
    )
    share_links = providers.Singleton(ShareLinks, deps)
    discover = providers.Singleton(Discover, deps)
    copier = providers.Singleton(CopyCollection, deps)
    reports = providers.Singleton(Reports, deps)
    moderation = providers.Singleton(Moderation, deps)
    exports = providers.Singleton(Exports, deps)
    # A changed or deleted listing drops its cached cards (never failing the change).
    listings = providers.Singleton(
        ListingCatalog, deps, on_changed=providers.List(cards.provided.purge)
    )
    # CPU-bound work (reading, checking and scoring import files) runs here, off the event
    # loop, on at most CPU_WORKERS threads at once (ADR 0080).
    offload = providers.Singleton(ThreadOffload, workers=CPU_WORKERS)
    duplicates = providers.Singleton(DuplicateDetector, uow_factory, offload=offload)
    imports = providers.Singleton(
        Imports,
        deps,
        detector=duplicates,
        max_items=config.max_import_items,
        on_listing_changed=providers.List(cards.provided.purge),
        offload=offload,
    )


def build_container(settings: Settings | None = None) -> Container:
    container = Container()
    container.config.from_dict((settings or Settings.from_env()).as_config())
    return container


async def open_resources(container: Container) -> None:
    """Start what must be up before the first request (an S3 client)."""
    result = container.init_resources()
    if inspect.isawaitable(result):
        await result
    if container.config.blob_backend() in ("s3", "tiered"):
        await container.s3_blobs().start()


async def close_resources(container: Container) -> None:
    result = container.shutdown_resources()
    if inspect.isawaitable(result):
        await result
    await container.lifecycle().close_all()
    # Built again on next use: a test or a CLI command may open the container once more.
    for provider in (container.engine, container.s3_blobs, container.renderer):
        provider.reset()
