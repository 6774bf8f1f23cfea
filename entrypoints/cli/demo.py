from __future__ import annotations

from typing import TYPE_CHECKING

import click

from entrypoints.cli.runtime import with_container

if TYPE_CHECKING:
    from entrypoints.container import Container


@click.group("demo")
def demo() -> None:
    """Demo data for a first look."""


@demo.command("seed")
@click.option("--if-empty", is_flag=True, help="Do nothing if the demo user already exists.")
@click.option("--base-url", default="http://127.0.0.1:8000", show_default=True)
@with_container
async def seed(container: Container, if_empty: bool, base_url: str) -> None:
    """Create the `demo` user (its API key printed once), a dozen deals, four collections."""
    from application.demo import DemoSeeder

    seeder = DemoSeeder(
        container.user_admin(),
        container.api_keys(),
        container.listings(),
        container.collections(),
        container.collection_items(),
        container.share_links(),
    )
    if if_empty and await seeder.already_seeded():
        collections, tokens = await seeder.existing_links()
        click.echo("Demo data already there. Open in a browser:", err=True)
        click.echo(f"  home         {base_url}/", err=True)
        click.echo(f"  discover     {base_url}/discover", err=True)
        for collection in collections:
            if str(collection.visibility) == "public":
                click.echo(f"  public       {base_url}/c/{collection.id}", err=True)
        for token in tokens:
            click.echo(f"  share link   {base_url}/s/{token}", err=True)
        return
    data = await seeder.seed()
    key = data.key.secret
    share = f"{base_url}/s/{data.share_token}"
    first = data.listings[0].id
    click.echo(
        f"""Demo data: user 'demo', {len(data.listings)} listings, 4 collections.
The demo user's API key (shown only now — keep it):
  {key}
Open in a browser:
  home         {base_url}/
  discover     {base_url}/discover
  public       {base_url}/c/{data.public.id}
  share link   {share}
               (paste it into Discord, Slack or X: it unfurls as a card)
  a listing    {base_url}/l/{first}
Or use the API:
  curl {base_url}/listings
  curl -H 'Accept: application/json' {share}
  curl -H 'Authorization: Bearer {key}' {base_url}/collections
  open {base_url}/schema/swagger  (OpenAPI)""",
        err=True,
    )
