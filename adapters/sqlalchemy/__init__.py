"""Repositories and the unit of work on SQLAlchemy Core: PostgreSQL (asyncpg), SQLite (aiosqlite).

The tables are private to this package; rows become domain dataclasses at the edge of each
repository, so no ORM object ever leaves it. Public names for the composition root:
`engine.create_engine`, `unit_of_work.SqlUnitOfWorkFactory`, `migrate.upgrade|downgrade|current`
and `health.ping`.
"""
