"""Alembic's environment, run by adapters/sqlalchemy/migrate.py on a connection it passes in."""

from __future__ import annotations

from alembic import context

from adapters.sqlalchemy.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError(
        "run migrations through adapters.sqlalchemy.migrate (or `dealbrain db upgrade`)"
    )

context.configure(
    connection=connection,
    target_metadata=metadata,
    compare_type=True,
    # SQLite cannot ALTER most things: future migrations copy-and-move tables instead.
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
