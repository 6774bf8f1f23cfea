from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import click

from entrypoints.cli.runtime import load_settings, one_line, quiet_unless_verbose


def _on_engine(action: Callable[[Any], Awaitable[Any]]) -> Any:
    """Run a migration action on the configured database (never auto-migrating first)."""
    from entrypoints.container import build_container, close_resources, open_resources

    settings = load_settings()
    if settings.storage != "sql":
        raise click.ClickException("DEALBRAIN_STORAGE=memory has no database to migrate")
    container = build_container(settings)

    async def run() -> Any:
        await open_resources(container)
        try:
            return await action(container.engine())
        finally:
            await close_resources(container)

    try:
        with quiet_unless_verbose():
            return asyncio.run(run())
    except click.ClickException:
        raise
    except Exception as exc:
        raise one_line(_in_words(exc)) from None


def _in_words(exc: Exception) -> Exception:
    """Alembic's errors for a revision it does not know, said as a user would."""
    from alembic.util import CommandError

    if isinstance(exc, CommandError):
        return click.ClickException(
            f"{exc} (`dealbrain db current` shows the revision; `head` and `base` also work)"
        )
    return exc


@click.group("db")
def db() -> None:
    """Database schema migrations (Alembic)."""


@db.command("upgrade")
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Upgrade the schema to REVISION (default: head)."""
    from adapters.sqlalchemy import migrate

    _on_engine(lambda engine: migrate.upgrade(engine, revision))
    click.echo(f"schema upgraded to {revision}")


@db.command("downgrade")
@click.argument("revision")
def downgrade(revision: str) -> None:
    """Downgrade the schema to REVISION (`base` removes every table)."""
    from adapters.sqlalchemy import migrate

    _on_engine(lambda engine: migrate.downgrade(engine, revision))
    click.echo(f"schema downgraded to {revision}")


@db.command("current")
def current() -> None:
    """Print the schema's current revision."""
    from adapters.sqlalchemy import migrate

    revision = _on_engine(migrate.current)
    click.echo(revision or "none (empty database)")
