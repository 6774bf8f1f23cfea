from __future__ import annotations

from typing import TYPE_CHECKING

import click

from entrypoints.cli.runtime import with_container

if TYPE_CHECKING:
    from entrypoints.container import Container


@click.group("keys")
def keys() -> None:
    """Create, list and revoke API keys."""


@keys.command("create")
@click.argument("username")
@click.option("--name", "label", default="default", show_default=True, help="A label for the key.")
@with_container
async def create(container: Container, username: str, label: str) -> None:
    """Create an API key for USERNAME and print it (it is shown only this once)."""
    issued = await container.api_keys().create(username, label)
    click.echo(issued.secret)
    click.echo(
        f"API key {issued.key.id} for {username}: store it now, it cannot be shown again.",
        err=True,
    )


@keys.command("list")
@click.option("--user", "username", help="Only this user's keys.")
@with_container
async def list_keys(container: Container, username: str | None) -> None:
    """List API keys (their prefix only, never the secret)."""
    rows = await container.api_keys().list(username)
    names = {user.id: user.username for user in await container.user_admin().list_users()}
    click.echo(f"{'ID':>5}  {'USER':<16}  {'PREFIX':<14}  {'NAME':<20}  {'STATE':<8}  LAST USED")
    for key in rows:
        state = "active" if key.is_active else "revoked"
        used = key.last_used_at.isoformat(timespec="seconds") if key.last_used_at else "never"
        owner = names.get(key.user_id, str(key.user_id))
        click.echo(
            f"{key.id:>5}  {owner:<16}  {key.prefix:<14}  {key.name:<20}  {state:<8}  {used}"
        )


@keys.command("revoke")
@click.argument("key_id", type=click.IntRange(min=1))
@with_container
async def revoke(container: Container, key_id: int) -> None:
    """Revoke API key KEY_ID; requests with it answer 401 from now on."""
    key = await container.api_keys().revoke(key_id)
    click.echo(f"revoked API key {key.id} ({key.prefix}…)")
