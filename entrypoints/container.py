"""The one composition root: which adapter answers which port, chosen by configuration."""

from __future__ import annotations

import inspect
from typing import Any

from dependency_injector import containers, providers

from adapters.memory import MemoryStore, MemoryUnitOfWorkFactory
from adapters.system.clock import SystemClock
from adapters.system.log_events import LogEventSink
from application.api_keys import ApiKeys
from application.collection_items import CollectionItems
from application.collections import Collections
from application.context import Deps
from application.copying import CopyCollection
from application.discovery import Discover
from application.listings import ListingCatalog
from application.moderation import Moderation, Reports
from application.share_links import ShareLinks
from application.users import UserAdmin
from entrypoints.settings import Settings


def _sql_engine(url: str, storage: str) -> Any:
    if storage != "sql":
        return None  # the in-memory storage needs no database
    from adapters.sqlalchemy.engine import create_engine

    return create_engine(url)


def _readiness_checks(storage: str, engine: Any) -> list[tuple[str, Any]]:
    checks: list[tuple[str, Any]] = []
    if storage == "sql":
        from adapters.sqlalchemy.health import ping

        checks.append(("database", lambda: ping(engine)))
    return checks


def _sql_uow_factory(engine: Any) -> Any:
    from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory

    return SqlUnitOfWorkFactory(engine)


class Container(containers.DeclarativeContainer):
    config = providers.Configuration(strict=True)

    clock = providers.Singleton(SystemClock)
    events = providers.Singleton(LogEventSink)

    # A plain singleton, not an async Resource: an async dependency would turn every use
    # case provider async. `open_resources`/`close_resources` start and stop it.
    engine = providers.Singleton(_sql_engine, url=config.database_url, storage=config.storage)
    memory_store = providers.Singleton(MemoryStore)
    uow_factory = providers.Selector(
        config.storage,
        memory=providers.Singleton(MemoryUnitOfWorkFactory, memory_store),
        sql=providers.Singleton(_sql_uow_factory, engine),
    )

    readiness = providers.Callable(_readiness_checks, storage=config.storage, engine=engine)

    deps = providers.Singleton(Deps, uow=uow_factory, clock=clock, events=events)

    user_admin = providers.Singleton(UserAdmin, deps)
    api_keys = providers.Singleton(ApiKeys, deps)
    listings = providers.Singleton(ListingCatalog, deps)
    collections = providers.Singleton(Collections, deps)
    collection_items = providers.Singleton(CollectionItems, deps)
    share_links = providers.Singleton(ShareLinks, deps)
    discover = providers.Singleton(Discover, deps)
    copier = providers.Singleton(CopyCollection, deps)
    reports = providers.Singleton(Reports, deps)
    moderation = providers.Singleton(Moderation, deps)


def build_container(settings: Settings | None = None) -> Container:
    container = Container()
    container.config.from_dict((settings or Settings.from_env()).as_config())
    return container


async def open_resources(container: Container) -> None:
    result = container.init_resources()
    if inspect.isawaitable(result):
        await result


async def close_resources(container: Container) -> None:
    result = container.shutdown_resources()
    if inspect.isawaitable(result):
        await result
    engine = container.engine()
    if engine is not None:
        await engine.dispose()
    container.engine.reset()
