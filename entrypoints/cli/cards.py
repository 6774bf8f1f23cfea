from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

import click

from domain.cards import CardFormat, CardSize, CardStyle, CardVariant
from domain.pages import MAX_PAGE_SIZE, PageRequest
from entrypoints.cli.runtime import check_writable, with_container

if TYPE_CHECKING:
    from entrypoints.container import Container


def _variant_options(func):  # type: ignore[no-untyped-def]
    for name, kind, default in reversed(
        [
            ("--style", CardStyle, CardStyle.LIGHT),
            ("--size", CardSize, CardSize.SOCIAL),
            ("--format", CardFormat, CardFormat.PNG),
        ]
    ):
        choice = click.Choice([v.value for v in kind])
        func = click.option(name, type=choice, default=default.value, show_default=True)(func)
    return func


@click.group("cards")
def cards() -> None:
    """Render, warm and purge listing cards."""


@cards.command("render")
@click.argument("listing_id", type=click.IntRange(min=1))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@_variant_options
@with_container
async def render(
    container: Container, listing_id: int, output: Path, style: str, size: str, format: str
) -> None:
    """Write the card of LISTING_ID to a file (from the cache, or rendered now)."""
    check_writable(output)  # before the work, not after it
    variant = CardVariant(CardStyle(style), CardSize(size), CardFormat(format))
    card = await container.cards().card(listing_id, variant)
    if card.fallback:
        raise click.ClickException(f"rendering failed: {card.error} (--verbose shows why)")
    await asyncio.to_thread(output.write_bytes, card.data)
    source = "cache" if card.cached else f"rendered in {card.render_ms:.0f} ms"
    click.echo(f"{output}: {len(card.data):,} bytes, {source}")


@cards.command("warm")
@click.option("--top", type=click.IntRange(min=1), default=50, show_default=True,
              help="How many of the newest listings.")  # fmt: skip
@_variant_options
@with_container
async def warm(container: Container, top: int, style: str, size: str, format: str) -> None:
    """Render the cards of the newest listings into the cache ahead of demand."""
    variant = CardVariant(CardStyle(style), CardSize(size), CardFormat(format))
    ids: list[int] = []
    while len(ids) < top:
        page = PageRequest(min(MAX_PAGE_SIZE, top - len(ids)), len(ids))
        found = await container.listings().search(None, page)
        ids += [listing.id for listing in found.items if listing.id is not None]
        if len(found.items) < page.limit:
            break
    rendered = failed = 0
    with click.progressbar(ids, label="warming cards", file=click.get_text_stream("stderr")) as bar:
        for listing_id in bar:
            card = await container.cards().card(listing_id, variant)
            failed += card.fallback
            rendered += not card.cached and not card.fallback
    click.echo(f"{len(ids)} cards: {rendered} rendered, {len(ids) - rendered - failed} "
               f"already cached, {failed} failed")  # fmt: skip
    if failed:
        raise SystemExit(1)


@cards.command("purge")
@click.argument("listing_id", type=click.IntRange(min=1))
@with_container
async def purge(container: Container, listing_id: int) -> None:
    """Drop every cached card of LISTING_ID."""
    removed = await container.cards().purge(listing_id)
    click.echo(f"removed {removed} cached card(s) of listing {listing_id}")
