"""The indexes the queries (and later duplicate detection) rely on exist, on both backends."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, inspect
from sqlalchemy.ext.asyncio import AsyncEngine

EXPECTED_INDEXES = {
    ("collections", ("owner_id", "visibility")),
    ("collections", ("visibility", "created_at")),
    ("collections", ("visibility", "updated_at")),
    ("collections", ("copy_count", "view_count", "id")),
    ("share_tokens", ("collection_id",)),
    ("share_tokens", ("expires_at",)),
    ("api_keys", ("prefix",)),
    ("listings", ("price_usd",)),
    ("listings", ("seller",)),
    ("listings", ("normalized_url",)),
    # Duplicate detection's per-seller price bands (ADR 0039).
    ("listings", ("seller", "price_usd")),
    ("collection_items", ("listing_id",)),
}
EXPECTED_UNIQUE = {
    ("users", ("username",)),
    ("share_tokens", ("token",)),
    ("api_keys", ("key_hash",)),
}


def _schema(connection: Connection) -> dict[str, Any]:
    inspector = inspect(connection)
    indexes, unique, partial, names = set(), set(), {}, set()
    for table in inspector.get_table_names():
        for index in inspector.get_indexes(table):
            names.add(index["name"])
            columns = (table, tuple(index["column_names"]))
            indexes.add(columns)
            options = index.get("dialect_options", {})
            where = {k: str(v) for k, v in options.items() if k.endswith("_where")}
            if index["unique"]:
                partial[index["name"]] = (columns, where)
        for constraint in inspector.get_unique_constraints(table):
            unique.add((table, tuple(constraint["column_names"])))
        primary_key = inspector.get_pk_constraint(table)["constrained_columns"]
        unique.add((table, tuple(primary_key)))
    return {"indexes": indexes, "unique": unique, "partial": partial, "names": names}


async def test_the_indexes_and_unique_rules_exist(migrated_engine: AsyncEngine) -> None:
    async with migrated_engine.connect() as connection:
        schema = await connection.run_sync(_schema)

    assert EXPECTED_INDEXES - schema["indexes"] == set()
    assert EXPECTED_UNIQUE - schema["unique"] == set()
    assert ("collection_items", ("collection_id", "listing_id")) in schema["unique"]
    columns, where = schema["partial"]["uq_reports_one_open_per_reporter"]
    assert columns == ("reports", ("collection_id", "reporter_id"))
    [predicate] = where.values()
    assert "status" in predicate and "'open'" in predicate
    if migrated_engine.dialect.name == "postgresql":
        assert "ix_collections_search_words" in schema["names"]
