from __future__ import annotations

import click

from application.demo import DemoSeeder
from entrypoints.cli.runtime import with_container
from entrypoints.container import Container


@click.group("demo")
def demo() -> None:
    """Demo data for a first look."""


@demo.command("seed")
@click.option("--if-empty", is_flag=True, help="Do nothing if the demo user already exists.")
@click.option("--base-url", default="http://127.0.0.1:8000", show_default=True)
@with_container
async def seed(container: Container, if_empty: bool, base_url: str) -> None:
    """Create the `demo` user (its API key printed once), a dozen deals, two collections."""
    seeder = DemoSeeder(
        container.user_admin(),
        container.api_keys(),
        container.listings(),
        container.collections(),
        container.collection_items(),
    )
    if if_empty and await seeder.already_seeded():
        click.echo("demo data already there; try:", err=True)
        click.echo(f"  {base_url}/listings   {base_url}/schema", err=True)
        return
    data = await seeder.seed()
    key = data.key.secret
    click.echo(
        f"""Demo data: user 'demo', {len(data.listings)} listings, 2 collections.
The demo user's API key (shown only now — keep it):
  {key}
Try:
  curl {base_url}/listings
  curl {base_url}/collections/{data.public.id}
  curl -H 'Authorization: Bearer {key}' {base_url}/collections
  curl -H 'Authorization: Bearer {key}' {base_url}/collections/{data.unlisted.id}
  open {base_url}/schema  (OpenAPI)""",
        err=True,
    )
