from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import click
import msgspec

from application.exports import ExportFormat
from application.imports import ImportOutcome, Imports
from application.users import OPERATOR
from domain.imports import (
    CollectionDecision,
    CollectionStrategy,
    DealDecision,
    DealStrategy,
    ImportKind,
    ImportPreview,
)
from domain.users import User
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


# -- Import -----------------------------------------------------------------------------------
# Files with at least this many items show a progress bar (on stderr) while they are written.
PROGRESS_FROM_ITEMS = 100
TITLE_WIDTH = 44


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as", "username", required=True, help="The user who imports and owns the result.")
@click.option("--yes", is_flag=True, help="Confirm without asking.")
@with_container
async def import_file(container: Container, file: Path, username: str, yes: bool) -> None:
    """Preview FILE (a Deal Brain deal or collection), then import it as new for USER.

    The preview lists each listing with its likeliest duplicate in the catalog or the file;
    nothing is written until you confirm. A collection is created private.
    """
    user = await container.user_admin().get_by_username(username)
    raw = await asyncio.to_thread(file.read_bytes)
    imports = container.imports()
    preview = await imports.preview(user, raw)
    _show_preview(preview)
    if not yes and not click.confirm("Confirm?", default=False):
        click.echo("Nothing imported.")
        return
    outcome = await _confirm(imports, user, preview)
    _show_outcome(outcome)


async def _confirm(imports: Imports, user: User, preview: ImportPreview) -> ImportOutcome:
    decision: DealDecision | CollectionDecision = (
        DealDecision(DealStrategy.CREATE_NEW)
        if preview.kind is ImportKind.DEAL
        else CollectionDecision(CollectionStrategy.CREATE_NEW)
    )
    count = len(preview.summary["listings"])
    if count < PROGRESS_FROM_ITEMS:
        return await imports.confirm(user, preview.id, decision)
    with click.progressbar(length=count, label="Importing", file=sys.stderr) as bar:
        return await imports.confirm(user, preview.id, decision, progress=bar.update)


def _show_preview(preview: ImportPreview) -> None:
    summary = preview.summary
    counts = summary["counts"]
    what = (
        f'collection "{summary["collection"]["name"]}"'
        if preview.kind is ImportKind.COLLECTION
        else "deal"
    )
    click.echo(
        f"{what} (format {summary['version_found']}), {len(summary['listings'])} listing(s): "
        f"{counts['new']} new, {counts['likely_duplicate']} likely duplicate(s), "
        f"{counts['possible_duplicate']} possible duplicate(s)"
    )
    for warning in summary["warnings"]:
        click.echo(f"warning: {warning}")
    click.echo(f"{'#':>4}  {'title':<{TITLE_WIDTH}}  {'price':>10}  best candidate")
    for row in summary["listings"]:
        title = _cut(row["title"], TITLE_WIDTH)
        price = f"${row['price_usd']:,.2f}"
        best = _candidate(row["candidates"][0]) if row["candidates"] else "new"
        click.echo(f"{row['index']:>4}  {title:<{TITLE_WIDTH}}  {price:>10}  {best}")


def _candidate(candidate: dict[str, Any]) -> str:
    if candidate.get("file_index") is not None:
        where = f"file item {candidate['file_index']}"
    else:
        title = candidate.get("title")
        where = f"listing {candidate['listing_id']}" + (f' "{_cut(title, 30)}"' if title else "")
    return f"{where}: {candidate['band']} ({candidate['score']}) - {candidate['reason']}"


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _show_outcome(outcome: ImportOutcome) -> None:
    if outcome.listing is not None:
        click.echo(f"created listing {outcome.listing.id}")
        return
    assert outcome.collection is not None
    click.echo(
        f"created collection {outcome.collection.id} (private) with {len(outcome.items)} item(s)"
    )
    ids = ", ".join(map(str, outcome.created_listing_ids)) or "none"
    click.echo(f"created listings: {ids}")
