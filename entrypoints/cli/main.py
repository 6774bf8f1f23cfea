"""`dealbrain`: the admin command line.

Every command module imports only click and light domain modules at the top; what a
command needs (the container, the web app, the database) it imports when it runs, so
`dealbrain --help` answers at once (docs/adr/0093).
"""

from __future__ import annotations

import logging

import click

from entrypoints.cli.cards import cards
from entrypoints.cli.db import db
from entrypoints.cli.demo import demo
from entrypoints.cli.keys import keys
from entrypoints.cli.moderation import collections, reports
from entrypoints.cli.portable import export, import_file
from entrypoints.cli.runtime import VERBOSE
from entrypoints.cli.serve import serve
from entrypoints.cli.users import users


@click.group("dealbrain")
@click.option("-v", "--verbose", is_flag=True, help="Log debug details to stderr.")
@click.version_option(package_name="dealbrain-collections")
@click.pass_context
def cli(context: click.Context, verbose: bool) -> None:
    """Deal Brain Collections: the service and its admin tasks."""
    context.meta[VERBOSE] = verbose
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
