"""The initial schema: users, API keys, listings, collections and items, share tokens, reports.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOW = sa.text("CURRENT_TIMESTAMP")
SQLITE_IDS = {"sqlite_autoincrement": True}
OPEN_REPORT = sa.text("status = 'open'")
LISTED = sa.text("visibility = 'public' AND NOT hidden_by_moderation")


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), sa.Identity(), nullable=False)


def _instant(name: str, *, nullable: bool = True, default: bool = False) -> sa.Column:
    return sa.Column(
        name,
        sa.DateTime(timezone=True),
        nullable=nullable,
        server_default=NOW if default else None,
    )


def _json(name: str, *, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.JSON(), nullable=nullable)


def _one_of(column: str, table: str, *values: str) -> sa.CheckConstraint:
    allowed = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(f"{column} IN ({allowed})", name=f"ck_{table}_{column}")


def upgrade() -> None:
    op.create_table(
        "users",
        _id(),
        sa.Column("username", sa.Text(), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("is_admin", sa.Boolean(), server_default=sa.false(), nullable=False),
        _instant("created_at", nullable=False, default=True),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
        **SQLITE_IDS,
    )
    op.create_table(
        "api_keys",
        _id(),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("prefix", sa.Text(), nullable=False),
        sa.Column("key_hash", sa.Text(), nullable=False),
        _instant("created_at", nullable=False, default=True),
        _instant("last_used_at"),
        _instant("revoked_at"),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_api_keys_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_api_keys"),
        sa.UniqueConstraint("key_hash", name="uq_api_keys_key_hash"),
        **SQLITE_IDS,
    )
    op.create_index("ix_api_keys_user_id", "api_keys", ["user_id"])
    op.create_index("ix_api_keys_prefix", "api_keys", ["prefix"])

    op.create_table(
        "listings",
        _id(),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("listing_url", sa.Text(), nullable=True),
        sa.Column("normalized_url", sa.Text(), nullable=True),
        _json("other_urls", nullable=False),
        sa.Column("seller", sa.Text(), nullable=True),
        sa.Column("price_usd", sa.Float(), nullable=False),
        _instant("price_date"),
        sa.Column("condition", sa.Text(), server_default="used", nullable=False),
        sa.Column("status", sa.Text(), server_default="active", nullable=False),
        sa.Column("device_model", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        _json("custom_fields", nullable=False),
        _json("valuation"),
        _json("performance"),
        _json("metadata"),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        _instant("created_at", nullable=False, default=True),
        _instant("updated_at", nullable=False, default=True),
        _one_of("condition", "listings", "new", "refurb", "used"),
        _one_of("status", "listings", "active", "archived", "pending"),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name="fk_listings_created_by_users"),
        sa.PrimaryKeyConstraint("id", name="pk_listings"),
        **SQLITE_IDS,
    )
    op.create_index("ix_listings_normalized_url", "listings", ["normalized_url"])
    op.create_index("ix_listings_seller", "listings", ["seller"])
    op.create_index("ix_listings_price_usd", "listings", ["price_usd"])
    op.create_index("ix_listings_created_by", "listings", ["created_by"])

    op.create_table(
        "collections",
        _id(),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("visibility", sa.Text(), server_default="private", nullable=False),
        sa.Column("copied_from_id", sa.Integer(), nullable=True),
        sa.Column("view_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("copy_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("hidden_by_moderation", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("search_words", sa.Text(), server_default="", nullable=False),
        _instant("created_at", nullable=False, default=True),
        _instant("updated_at", nullable=False, default=True),
        _one_of("visibility", "collections", "private", "unlisted", "public"),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name="fk_collections_owner_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_collections"),
        **SQLITE_IDS,
    )
    op.create_index("ix_collections_owner_id_visibility", "collections", ["owner_id", "visibility"])
    op.create_index(
        "ix_collections_visibility_created_at", "collections", ["visibility", "created_at"]
    )
    op.create_index(
        "ix_collections_visibility_updated_at", "collections", ["visibility", "updated_at"]
    )
    op.create_index(
        "ix_collections_listed_popular",
        "collections",
        ["copy_count", "view_count", "id"],
        postgresql_where=LISTED,
        sqlite_where=LISTED,
    )
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(
            "ix_collections_search_words",
            "collections",
            [sa.text("to_tsvector('simple'::regconfig, search_words)")],
            postgresql_using="gin",
        )

    op.create_table(
        "collection_items",
        sa.Column("collection_id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.Text(), server_default="undecided", nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        _instant("added_at", nullable=False, default=True),
        sa.Column("price_usd", sa.Float(), nullable=True),
        sa.Column("adjusted_price_usd", sa.Float(), nullable=True),
        _one_of("status", "collection_items", "undecided", "shortlisted", "rejected", "bought"),
        sa.ForeignKeyConstraint(
            ["collection_id"],
            ["collections.id"],
            name="fk_collection_items_collection_id_collections",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["listing_id"],
            ["listings.id"],
            name="fk_collection_items_listing_id_listings",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("collection_id", "listing_id", name="pk_collection_items"),
    )
    op.create_index("ix_collection_items_listing_id", "collection_items", ["listing_id"])

    op.create_table(
        "share_tokens",
        _id(),
        sa.Column("collection_id", sa.Integer(), nullable=False),
        sa.Column("token", sa.Text(), nullable=False),
        sa.Column("view_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        _instant("expires_at"),
        _instant("revoked_at"),
        _instant("created_at", nullable=False, default=True),
        sa.ForeignKeyConstraint(
            ["collection_id"],
            ["collections.id"],
            name="fk_share_tokens_collection_id_collections",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_share_tokens"),
        sa.UniqueConstraint("token", name="uq_share_tokens_token"),
        **SQLITE_IDS,
    )
    op.create_index("ix_share_tokens_collection_id", "share_tokens", ["collection_id"])
    op.create_index("ix_share_tokens_expires_at", "share_tokens", ["expires_at"])

    op.create_table(
        "reports",
        _id(),
        sa.Column("collection_id", sa.Integer(), nullable=False),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), server_default="open", nullable=False),
        _instant("created_at", nullable=False, default=True),
        _one_of("reason", "reports", "spam", "inappropriate", "other"),
        _one_of("status", "reports", "open", "dismissed", "actioned"),
        sa.ForeignKeyConstraint(
            ["collection_id"],
            ["collections.id"],
            name="fk_reports_collection_id_collections",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["reporter_id"], ["users.id"], name="fk_reports_reporter_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_reports"),
        **SQLITE_IDS,
    )
    op.create_index("ix_reports_collection_id", "reports", ["collection_id"])
    op.create_index(
        "uq_reports_one_open_per_reporter",
        "reports",
        ["collection_id", "reporter_id"],
        unique=True,
        postgresql_where=OPEN_REPORT,
        sqlite_where=OPEN_REPORT,
    )


def downgrade() -> None:
    # Children first; dropping a table drops its indexes, constraints and identity sequence.
    for table in (
        "reports",
        "share_tokens",
        "collection_items",
        "collections",
        "listings",
        "api_keys",
        "users",
    ):
        op.drop_table(table)
