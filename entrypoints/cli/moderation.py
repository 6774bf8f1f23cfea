from __future__ import annotations

from typing import TYPE_CHECKING

import click

from application.moderation import Resolution
from domain.sharing import ReportStatus
from entrypoints.cli.runtime import with_container

if TYPE_CHECKING:
    from entrypoints.container import Container


@click.group("collections")
def collections() -> None:
    """Moderate collections."""


@collections.command("hide")
@click.argument("collection_id", type=click.IntRange(min=1))
@with_container
async def hide(container: Container, collection_id: int) -> None:
    """Hide COLLECTION_ID from everyone but its owner and admins (and from discover)."""
    await container.moderation().set_hidden(collection_id, True)
    click.echo(f"collection {collection_id} hidden")


@collections.command("unhide")
@click.argument("collection_id", type=click.IntRange(min=1))
@with_container
async def unhide(container: Container, collection_id: int) -> None:
    """Undo `hide`."""
    await container.moderation().set_hidden(collection_id, False)
    click.echo(f"collection {collection_id} visible again")


@click.group("reports")
def reports() -> None:
    """Read and resolve reports."""


@reports.command("list")
@click.option(
    "--status", type=click.Choice([s.value for s in ReportStatus]), help="Only this status."
)
@with_container
async def list_reports(container: Container, status: str | None) -> None:
    """List reports, oldest first."""
    rows = await container.moderation().list_reports(ReportStatus(status) if status else None)
    click.echo(f"{'ID':>5}  {'COLLECTION':>10}  {'BY':>5}  {'REASON':<13}  {'STATUS':<9}  NOTE")
    for r in rows:
        click.echo(
            f"{r.id:>5}  {r.collection_id:>10}  {r.reporter_id:>5}  {r.reason:<13}  "
            f"{r.status:<9}  {r.note or ''}"
        )


@reports.command("resolve")
@click.argument("report_id", type=click.IntRange(min=1))
@click.option("--action", type=click.Choice([a.value for a in Resolution]), required=True)
@with_container
async def resolve(container: Container, report_id: int, action: str) -> None:
    """Resolve REPORT_ID: `dismiss` it, or `hide` the collection it is about."""
    report = await container.moderation().resolve(report_id, Resolution(action))
    click.echo(f"report {report.id} {report.status}")
