"""Running a use case from a click command: settings, container, one-line errors.

Imports stay light here and in every command module: `dealbrain --help` must not load the
web framework, the database driver or the container (docs/adr/0093). What a command
needs is imported when it runs.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import click

from domain.errors import DomainError

if TYPE_CHECKING:
    from entrypoints.container import Container
    from entrypoints.settings import Settings

P = ParamSpec("P")
R = TypeVar("R")
logger = logging.getLogger("dealbrain.cli")
VERBOSE = "dealbrain.verbose"  # click context meta: was --verbose given?


def load_settings() -> Settings:
    from entrypoints.settings import Settings

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


def verbose() -> bool:
    context = click.get_current_context(silent=True)
    return bool(context and context.find_root().meta.get(VERBOSE))


@contextmanager
def quiet_unless_verbose() -> Iterator[None]:
    """An admin command says what happened in its output and its one `Error:` line; log
    records (with their tracebacks) are for --verbose."""
    if verbose():
        yield
        return
    logging.disable(logging.CRITICAL)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


def one_line(exc: BaseException) -> click.ClickException:
    """The error as the one line a user reads: the domain's words, or the OS's."""
    if isinstance(exc, click.ClickException):
        return exc
    if isinstance(exc, DomainError):
        return click.ClickException(exc.message)
    if isinstance(exc, OSError) and exc.filename is not None and exc.strerror:
        return click.ClickException(f"{exc.filename}: {exc.strerror}")
    logger.debug("command failed", exc_info=exc)
    lines = str(exc).strip().splitlines()  # drivers add lines of background and links
    name = exc.__class__.__name__
    return click.ClickException(f"{name}: {lines[0]}" if lines else name)


def check_writable(output: Path) -> None:
    """Refuse an output file that cannot be written before doing the work for it."""
    folder = output.parent
    if not folder.is_dir():
        raise click.ClickException(f"{output}: no such directory {str(folder)!r}")
    target = output if output.exists() else folder
    if not os.access(target, os.W_OK):
        raise click.ClickException(f"{output}: permission denied")


def with_container(
    func: Callable[..., Awaitable[R]],
) -> Callable[..., R]:
    """Run an async command body with an open container; errors become one line."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> R:
        from entrypoints.container import build_container, close_resources, open_resources

        container = build_container(load_settings())

        async def run() -> R:
            await open_resources(container)
            try:
                await prepare_schema(container)
                return await func(container, *args, **kwargs)
            finally:
                await close_resources(container)

        try:
            with quiet_unless_verbose():
                return asyncio.run(run())
        except (click.ClickException, click.Abort, KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:
            raise one_line(exc) from None

    return wrapper
