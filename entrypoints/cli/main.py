"""`dealbrain`: the admin command line."""

from __future__ import annotations

import logging

import click

from entrypoints.cli.cards import cards
from entrypoints.cli.db import db
from entrypoints.cli.demo import demo
from entrypoints.cli.keys import keys
from entrypoints.cli.moderation import collections, reports
from entrypoints.cli.portable import export, import_file
from entrypoints.cli.serve import serve
from entrypoints.cli.users import users


@click.group("dealbrain")
@click.option("-v", "--verbose", is_flag=True, help="Log debug details to stderr.")
@click.version_option(package_name="dealbrain-collections")
def cli(verbose: bool) -> None:
    """Deal Brain Collections: the service and its admin tasks."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


cli.add_command(serve)
cli.add_command(users)
cli.add_command(keys)
cli.add_command(db)
cli.add_command(demo)
cli.add_command(collections)
cli.add_command(reports)
cli.add_command(cards)
cli.add_command(export)
cli.add_command(import_file)
