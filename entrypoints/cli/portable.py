from __future__ import annotations

import asyncio
from pathlib import Path

import click
import msgspec

from application.exports import ExportFormat
from application.users import OPERATOR
from entrypoints.cli.runtime import with_container
from entrypoints.container import Container


@click.group("export")
def export() -> None:
    """Write a deal or a collection as a Deal Brain v1.0.0 file."""


def _output_option(func):  # type: ignore[no-untyped-def]
    path = click.Path(dir_okay=False, path_type=Path)
    return click.option("-o", "--output", type=path, required=True, help="File to write.")(func)


@export.command("listing")
@click.argument("listing_id", type=click.IntRange(min=1))
@_output_option
@with_container
async def export_listing(container: Container, listing_id: int, output: Path) -> None:
    """Export listing LISTING_ID."""
    file = await container.exports().listing(None, listing_id)
    await _write(output, msgspec.json.format(file.data, indent=2))


@export.command("collection")
@click.argument("collection_id", type=click.IntRange(min=1))
@_output_option
@click.option("--format", "fmt", type=click.Choice([f.value for f in ExportFormat]),
              default="json", show_default=True)  # fmt: skip
@with_container
async def export_collection(
    container: Container, collection_id: int, output: Path, fmt: str
) -> None:
    """Export collection COLLECTION_ID (any visibility: this is the admin's tool)."""
    file = await container.exports().collection(OPERATOR, collection_id, ExportFormat(fmt))
    data = msgspec.json.format(file.data, indent=2) if fmt == "json" else file.data
    await _write(output, data)


async def _write(output: Path, data: bytes) -> None:
    await asyncio.to_thread(output.write_bytes, data)
    click.echo(f"{output}: {len(data):,} bytes")
