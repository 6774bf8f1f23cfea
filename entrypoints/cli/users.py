from __future__ import annotations

from typing import TYPE_CHECKING

import click

from entrypoints.cli.runtime import with_container

if TYPE_CHECKING:
    from entrypoints.container import Container


@click.group("users")
def users() -> None:
    """Create and list users."""


@users.command("create")
@click.argument("username")
@click.option("--display-name", help="Name shown to others (default: the username).")
@click.option("--admin", is_flag=True, help="Make the user an admin.")
@with_container
async def create(
    container: Container, username: str, display_name: str | None, admin: bool
) -> None:
    """Create user USERNAME (3-32 characters of a-z, 0-9, '_' or '-')."""
    user = await container.user_admin().create_user(username, display_name, is_admin=admin)
    role = "admin" if user.is_admin else "user"
    click.echo(f"created {role} {user.username} (id {user.id})")


@users.command("list")
@with_container
async def list_users(container: Container) -> None:
    """List every user."""
    rows = await container.user_admin().list_users()
    click.echo(f"{'ID':>5}  {'USERNAME':<32}  {'ADMIN':<5}  CREATED")
    for user in rows:
        created = user.created_at.isoformat(timespec="seconds") if user.created_at else "-"
        admin = "yes" if user.is_admin else "no"
        click.echo(f"{user.id:>5}  {user.username:<32}  {admin:<5}  {created}")
