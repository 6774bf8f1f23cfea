"""Running a use case from a click command: settings, container, one-line errors."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

import click

from domain.errors import DomainError
from entrypoints.container import Container, build_container, close_resources, open_resources
from entrypoints.settings import Settings

P = ParamSpec("P")
R = TypeVar("R")
logger = logging.getLogger("dealbrain.cli")


def load_settings() -> Settings:
    try:
        return Settings.from_env()
    except DomainError as exc:
        raise click.ClickException(f"configuration: {exc.message}") from None


async def prepare_schema(container: Container) -> None:
    """Bring the database schema up to date, unless DEALBRAIN_AUTO_MIGRATE=0."""
    if container.config.storage() != "sql" or not container.config.auto_migrate():
        return
    from adapters.sqlalchemy.migrate import upgrade

    await upgrade(container.engine())


def with_container(
    func: Callable[..., Awaitable[R]],
) -> Callable[..., R]:
    """Run an async command body with an open container; domain errors become one line."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> R:
        container = build_container(load_settings())

        async def run() -> R:
            await open_resources(container)
            try:
                await prepare_schema(container)
                return await func(container, *args, **kwargs)
            finally:
                await close_resources(container)

        try:
            return asyncio.run(run())
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
        except (click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            logger.debug("command failed", exc_info=exc)
            raise click.ClickException(f"{exc.__class__.__name__}: {exc}") from None

    return wrapper
