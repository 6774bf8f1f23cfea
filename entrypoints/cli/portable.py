from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import msgspec

from application.exports import ExportFormat
from application.users import OPERATOR
from domain.imports import (
    LIKELY_ONLY,
    LIKELY_OR_POSSIBLE,
    CollectionDecision,
    DealDecision,
    DealStrategy,
    DuplicatePolicy,
    ImportKind,
    ImportPreview,
    ItemAction,
    ItemChoice,
    decision_for,
    parse_item_choices,
)
from domain.users import User
from entrypoints.cli.runtime import with_container

if TYPE_CHECKING:  # only named in annotations: `dealbrain --help` stays light (ADR 0093)
    from application.imports import ImportOutcome, Imports
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
@click.option(
    "--strategy",
    type=click.Choice([policy.value for policy in DuplicatePolicy]),
    default=DuplicatePolicy.CREATE_NEW.value,
    show_default=True,
    help="What to do with the duplicates the preview finds: import them as new, skip them, "
    "or put the catalog listing in the collection instead (a repeat of an earlier item of "
    "the file is skipped by both).",
)
@click.option(
    "--match",
    type=click.Choice(["likely", "possible"]),
    default="likely",
    show_default=True,
    help="Which duplicates --strategy acts on: likely ones, or possible ones too.",
)
@click.option(
    "--decisions",
    "decisions_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='Per-item decisions, a JSON object by item index: {"0": "link:12", "3": "skip", '
    '"5": "create"}. They win over --strategy.',
)
@click.option("--yes", is_flag=True, help="Confirm without asking.")
@with_container
async def import_file(
    container: Container,
    file: Path,
    username: str,
    strategy: str,
    match: str,
    decisions_file: Path | None,
    yes: bool,
) -> None:
    """Preview FILE (a Deal Brain deal or collection), then import it for USER.

    The preview lists each listing with its likeliest duplicate in the catalog or the file;
    nothing is written until you confirm. A collection is created private. The import
    itself is one short transaction (ADR 0082).
    """
    choices = await _read_decisions(decisions_file) if decisions_file else {}
    user = await container.user_admin().get_by_username(username)
    raw = await asyncio.to_thread(file.read_bytes)
    imports = container.imports()
    preview = await imports.preview(user, raw)
    _show_preview(preview)
    bands = LIKELY_ONLY if match == "likely" else LIKELY_OR_POSSIBLE
    decision = decision_for(preview, DuplicatePolicy(strategy), bands=bands, choices=choices)
    _show_plan(preview, decision)
    if not yes and not click.confirm("Confirm?", default=False):
        click.echo("Nothing imported.")
        return
    outcome = await _confirm(imports, user, preview, decision)
    _show_outcome(outcome)


async def _read_decisions(path: Path) -> dict[int, ItemChoice]:
    raw = await asyncio.to_thread(path.read_bytes)
    try:
        plain = msgspec.json.decode(raw)
    except msgspec.DecodeError as error:
        raise click.ClickException(f"--decisions {path}: not valid JSON: {error}") from None
    if not isinstance(plain, dict):
        raise click.ClickException(
            f'--decisions {path}: must be a JSON object like {{"0": "skip"}}'
        )
    return parse_item_choices(plain)


async def _confirm(
    imports: Imports,
    user: User,
    preview: ImportPreview,
    decision: DealDecision | CollectionDecision,
) -> ImportOutcome:
    count = len(preview.summary["listings"])
    if count < PROGRESS_FROM_ITEMS:
        return await imports.confirm(user, preview.id, decision)
    with click.progressbar(length=count, label="Importing", file=sys.stderr) as bar:
        return await imports.confirm(user, preview.id, decision, progress=bar.update)


def _show_plan(preview: ImportPreview, decision: DealDecision | CollectionDecision) -> None:
    """What confirming will do, when it is not simply "everything as new"."""
    if isinstance(decision, DealDecision):
        if decision.strategy is DealStrategy.SKIP:
            click.echo("plan: skip (the catalog already has it); nothing will be imported")
        return
    if not decision.items:
        return
    actions = [choice.action for choice in decision.items.values()]
    linked = actions.count(ItemAction.LINK)
    skipped = actions.count(ItemAction.SKIP)
    new = len(preview.summary["listings"]) - linked - skipped
    click.echo(f"plan: {new} new, {linked} linked to catalog listings, {skipped} skipped")


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
    if outcome.skipped:
        click.echo("skipped: nothing imported")
        return
    if outcome.listing is not None:
        click.echo(f"created listing {outcome.listing.id}")
        return
    assert outcome.collection is not None
    click.echo(
        f"created collection {outcome.collection.id} (private) with {len(outcome.items)} item(s)"
    )
    click.echo(f"created listings: {_ids(outcome.created_listing_ids)}")
    if outcome.skipped_items:
        click.echo(f"skipped items: {_ids(outcome.skipped_items)}")


# Longer lists are shown as a count and a range.
IDS_LISTED = 10


def _ids(ids: list[int]) -> str:
    """`1, 2, 3`, or for a long list its count and range: `10,000 (101 to 10100)`."""
    if not ids:
        return "none"
    if len(ids) <= IDS_LISTED:
        return ", ".join(map(str, ids))
    low, high = min(ids), max(ids)
    gaps = "" if high - low + 1 == len(ids) else ", with gaps"
    return f"{len(ids):,} ({low} to {high}{gaps})"
