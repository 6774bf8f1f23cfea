from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import TYPE_CHECKING

import click

from entrypoints.cli.runtime import load_settings, one_line, prepare_schema

if TYPE_CHECKING:
    from entrypoints.settings import Settings


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--log-level", default="info", show_default=True)
def serve(host: str, port: int, log_level: str) -> None:
    """Run the HTTP API (upgrades the schema first unless DEALBRAIN_AUTO_MIGRATE=0)."""
    import uvicorn

    from entrypoints.app import create_app
    from entrypoints.container import build_container

    settings = load_settings()
    if settings.public_url is None:
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104 - a match, no bind
        settings = replace(settings, public_url=f"http://{shown}:{port}")
    _migrate(settings)
    container = build_container(settings)
    click.echo(f"Deal Brain Collections on http://{host}:{port}  (OpenAPI: /schema)", err=True)
    uvicorn.run(create_app(container), host=host, port=port, log_level=log_level)


def _migrate(settings: Settings) -> None:
    from entrypoints.container import build_container, close_resources, open_resources

    container = build_container(settings)

    async def run() -> None:
        await open_resources(container)
        try:
            await prepare_schema(container)
        finally:
            await close_resources(container)

    try:
        asyncio.run(run())
    except Exception as exc:
        raise click.ClickException(f"database: {one_line(exc).message}") from None
