"""The schema itself refuses bad rows, whatever code writes them (raw SQL here)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

# Ids start at 1 (see the migrated_engine fixture): users 1 alice, 2 bob; listings 1, 2;
# collection 1 holding listing 1, with share token 1, report 1 (by bob) and alice's key 1.
BASE_ROWS = (
    "INSERT INTO users (username, display_name) VALUES ('alice', 'Alice')",
    "INSERT INTO users (username, display_name) VALUES ('bob', 'Bob')",
    "INSERT INTO listings (title, price_usd, other_urls, custom_fields, search_text)"
    " VALUES ('Mini PC', 100, '[]', '{}', 'mini pc')",
    "INSERT INTO listings (title, price_usd, other_urls, custom_fields, search_text)"
    " VALUES ('Second', 50, '[]', '{}', 'second')",
    "INSERT INTO collections (owner_id, name) VALUES (1, 'Deals')",
    "INSERT INTO collection_items (collection_id, listing_id, position) VALUES (1, 1, 0)",
    "INSERT INTO share_tokens (collection_id, token) VALUES (1, 'tok')",
    "INSERT INTO reports (collection_id, reporter_id, reason) VALUES (1, 2, 'spam')",
    "INSERT INTO api_keys (user_id, name, prefix, key_hash) VALUES (1, 'k', 'p', 'h')",
)


def _listing(**columns: str) -> str:
    values = {
        "title": "'X'",
        "price_usd": "1",
        "other_urls": "'[]'",
        "custom_fields": "'{}'",
        "search_text": "'x'",
    } | columns
    return f"INSERT INTO listings ({', '.join(values)}) VALUES ({', '.join(values.values())})"


CHECK, UNIQUE, FOREIGN_KEY, NOT_NULL = "check", "unique", "foreign key", "not null"
# The rule each violation must trip: PostgreSQL SQLSTATE or SQLite extended result name.
KINDS = {
    "23514": CHECK,
    "23505": UNIQUE,
    "23503": FOREIGN_KEY,
    "23502": NOT_NULL,
    "SQLITE_CONSTRAINT_CHECK": CHECK,
    "SQLITE_CONSTRAINT_UNIQUE": UNIQUE,
    "SQLITE_CONSTRAINT_PRIMARYKEY": UNIQUE,
    "SQLITE_CONSTRAINT_FOREIGNKEY": FOREIGN_KEY,
    "SQLITE_CONSTRAINT_NOTNULL": NOT_NULL,
}

BAD_ROWS = {
    # CHECK
    "collection visibility": (
        CHECK,
        "INSERT INTO collections (owner_id, name, visibility) VALUES (1, 'C', 'secret')",
    ),
    "item status": (
        CHECK,
        "INSERT INTO collection_items (collection_id, listing_id, position, status)"
        " VALUES (1, 2, 0, 'maybe')",
    ),
    "listing condition": (CHECK, _listing(condition="'broken'")),
    "listing status": (CHECK, _listing(status="'sold'")),
    "report reason": (
        CHECK,
        "INSERT INTO reports (collection_id, reporter_id, reason) VALUES (1, 1, 'boring')",
    ),
    "report status": (
        CHECK,
        "INSERT INTO reports (collection_id, reporter_id, reason, status)"
        " VALUES (1, 1, 'spam', 'closed')",
    ),
    # UNIQUE
    "listing twice in a collection": (
        UNIQUE,
        "INSERT INTO collection_items (collection_id, listing_id, position) VALUES (1, 1, 5)",
    ),
    "username": (UNIQUE, "INSERT INTO users (username, display_name) VALUES ('alice', 'Again')"),
    "share token": (UNIQUE, "INSERT INTO share_tokens (collection_id, token) VALUES (1, 'tok')"),
    "api key hash": (
        UNIQUE,
        "INSERT INTO api_keys (user_id, name, prefix, key_hash) VALUES (2, 'k2', 'p2', 'h')",
    ),
    "second open report": (
        UNIQUE,
        "INSERT INTO reports (collection_id, reporter_id, reason) VALUES (1, 2, 'other')",
    ),
    # FOREIGN KEY
    "item of a missing collection": (
        FOREIGN_KEY,
        "INSERT INTO collection_items (collection_id, listing_id, position) VALUES (99, 1, 0)",
    ),
    "item of a missing listing": (
        FOREIGN_KEY,
        "INSERT INTO collection_items (collection_id, listing_id, position) VALUES (1, 99, 0)",
    ),
    "token of a missing collection": (
        FOREIGN_KEY,
        "INSERT INTO share_tokens (collection_id, token) VALUES (99, 't2')",
    ),
    "report on a missing collection": (
        FOREIGN_KEY,
        "INSERT INTO reports (collection_id, reporter_id, reason) VALUES (99, 1, 'spam')",
    ),
    "report by a missing user": (
        FOREIGN_KEY,
        "INSERT INTO reports (collection_id, reporter_id, reason) VALUES (1, 99, 'spam')",
    ),
    "key of a missing user": (
        FOREIGN_KEY,
        "INSERT INTO api_keys (user_id, name, prefix, key_hash) VALUES (99, 'k', 'p', 'h9')",
    ),
    "collection of a missing owner": (
        FOREIGN_KEY,
        "INSERT INTO collections (owner_id, name) VALUES (99, 'C')",
    ),
    "listing by a missing user": (FOREIGN_KEY, _listing(created_by="99")),
    # NOT NULL
    "collection without a name": (NOT_NULL, "INSERT INTO collections (owner_id) VALUES (1)"),
    "item without a position": (
        NOT_NULL,
        "INSERT INTO collection_items (collection_id, listing_id) VALUES (1, 2)",
    ),
    "listing without a price": (
        NOT_NULL,
        "INSERT INTO listings (title, other_urls, custom_fields,"
        " search_text) VALUES ('X', '[]', '{}', 'x')",
    ),
    # A user who still owns things is not deleted behind their back.
    "deleting an owner": (FOREIGN_KEY, "DELETE FROM users WHERE id = 1"),
}


async def _seed(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        for sql in BASE_ROWS:
            await connection.execute(text(sql))
        ids = await connection.execute(text("SELECT id FROM listings ORDER BY id"))
        assert ids.scalars().all() == [1, 2], "ids must start at 1 for these rows to agree"


async def _count(connection: AsyncConnection, table: str) -> int:
    return (await connection.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one()


@pytest.mark.parametrize("case", list(BAD_ROWS))
async def test_bad_rows_are_refused(migrated_engine: AsyncEngine, case: str) -> None:
    await _seed(migrated_engine)
    kind, sql = BAD_ROWS[case]
    async with migrated_engine.connect() as connection:
        with pytest.raises(IntegrityError) as caught:
            await connection.execute(text(sql))
    original = caught.value.orig
    code = getattr(original, "sqlstate", None) or getattr(original, "sqlite_errorname", None)
    assert KINDS.get(code) == kind, f"{case}: {code} {original}"


async def test_a_closed_report_does_not_block_a_new_open_one(
    migrated_engine: AsyncEngine,
) -> None:
    await _seed(migrated_engine)
    async with migrated_engine.begin() as connection:
        await connection.execute(text("UPDATE reports SET status = 'dismissed' WHERE id = 1"))
        await connection.execute(
            text(
                "INSERT INTO reports (collection_id, reporter_id, reason, status)"
                " VALUES (1, 2, 'other', 'actioned')"
            )
        )
        await connection.execute(
            text("INSERT INTO reports (collection_id, reporter_id, reason) VALUES (1, 2, 'other')")
        )
        assert await _count(connection, "reports") == 3


async def test_deleting_a_collection_cascades_to_its_children(
    migrated_engine: AsyncEngine,
) -> None:
    await _seed(migrated_engine)
    async with migrated_engine.begin() as connection:
        await connection.execute(text("DELETE FROM collections WHERE id = 1"))
        for table in ("collection_items", "share_tokens", "reports"):
            assert await _count(connection, table) == 0, table
        assert await _count(connection, "listings") == 2


async def test_deleting_a_listing_removes_its_items(migrated_engine: AsyncEngine) -> None:
    await _seed(migrated_engine)
    async with migrated_engine.begin() as connection:
        await connection.execute(text("DELETE FROM listings WHERE id = 1"))
        assert await _count(connection, "collection_items") == 0
        assert await _count(connection, "collections") == 1


async def test_deleting_a_user_removes_their_api_keys(migrated_engine: AsyncEngine) -> None:
    await _seed(migrated_engine)
    async with migrated_engine.begin() as connection:
        await connection.execute(text("DELETE FROM reports"))
        await connection.execute(text("DELETE FROM users WHERE id = 2"))
        await connection.execute(text("DELETE FROM collections"))
        await connection.execute(text("DELETE FROM users WHERE id = 1"))
        assert await _count(connection, "api_keys") == 0


async def test_server_defaults_fill_a_minimal_row(migrated_engine: AsyncEngine) -> None:
    await _seed(migrated_engine)
    async with migrated_engine.begin() as connection:
        row = (
            await connection.execute(
                text(
                    "SELECT visibility, view_count, copy_count, hidden_by_moderation,"
                    " created_at, updated_at FROM collections WHERE id = 1"
                )
            )
        ).one()
        item = (
            await connection.execute(text("SELECT status, added_at FROM collection_items"))
        ).one()
        listing = (
            await connection.execute(text("SELECT condition, status FROM listings WHERE id = 1"))
        ).one()
    assert (row.visibility, row.view_count, row.copy_count) == ("private", 0, 0)
    assert not row.hidden_by_moderation
    assert row.created_at is not None and row.updated_at is not None
    assert item.status == "undecided" and item.added_at is not None
    assert (listing.condition, listing.status) == ("used", "active")


async def test_the_adapter_reads_server_set_times_as_utc(migrated_engine: AsyncEngine) -> None:
    from adapters.sqlalchemy.unit_of_work import SqlUnitOfWorkFactory

    await _seed(migrated_engine)
    async with SqlUnitOfWorkFactory(migrated_engine)() as tx:
        collection = await tx.collections.get(1)
        user = await tx.users.get(1)
    assert collection is not None and user is not None
    for moment in (collection.created_at, collection.updated_at, user.created_at):
        assert moment is not None and moment.utcoffset() == timedelta(0)
