"""The schema as SQLAlchemy Core tables. Migrations must agree (tests/integration checks it).

Enumerations are TEXT with CHECK constraints, not PostgreSQL enum types: adding a value is
a one-line migration, and SQLite enforces the same rule. Free text is TEXT: lengths are the
domain's rules (domain/validation.py), so both backends accept exactly the same values.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    false,
    func,
    literal_column,
    text,
)

from adapters.sqlalchemy.types import UtcDateTime, json_column_type
from domain.collections import ItemStatus
from domain.imports import ImportKind
from domain.listings import Condition, ListingStatus
from domain.sharing import ReportReason, ReportStatus
from domain.visibility import Visibility

# Stable constraint names: migrations can refer to them and errors can be told apart.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

NOW = text("CURRENT_TIMESTAMP")
# Listed in discover (domain/access.py `listed_in_discover`).
LISTED = text(f"visibility = '{Visibility.PUBLIC.value}' AND NOT hidden_by_moderation")
# SQLite: AUTOINCREMENT so the id of a deleted row is never handed out again.
SQLITE_IDS = {"sqlite_autoincrement": True}


def one_of(column: str, values: type[StrEnum]) -> CheckConstraint:
    allowed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=column)


def _id() -> Column[int]:
    return Column("id", Integer, Identity(), primary_key=True)


def _created_at() -> Column:  # type: ignore[type-arg]
    return Column("created_at", UtcDateTime, nullable=False, server_default=NOW)


users = Table(
    "users",
    metadata,
    _id(),
    Column("username", Text, nullable=False, unique=True),
    Column("display_name", Text, nullable=False),
    Column("is_admin", Boolean, nullable=False, server_default=false()),
    _created_at(),
    **SQLITE_IDS,
)

api_keys = Table(
    "api_keys",
    metadata,
    _id(),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("prefix", Text, nullable=False, index=True),
    Column("key_hash", Text, nullable=False, unique=True),
    _created_at(),
    Column("last_used_at", UtcDateTime),
    Column("revoked_at", UtcDateTime),
    **SQLITE_IDS,
)

listings = Table(
    "listings",
    metadata,
    _id(),
    Column("title", Text, nullable=False),
    Column("listing_url", Text),
    # listing_url with the noise taken out (adapters/sqlalchemy/urls.py), for duplicates.
    Column("normalized_url", Text, index=True),
    Column("other_urls", json_column_type(), nullable=False),
    Column("seller", Text, index=True),
    Column("price_usd", Float, nullable=False, index=True),
    Column("price_date", UtcDateTime),
    Column("condition", Text, nullable=False, server_default=Condition.USED.value),
    Column("status", Text, nullable=False, server_default=ListingStatus.ACTIVE.value),
    Column("device_model", Text),
    Column("notes", Text),
    Column("custom_fields", json_column_type(), nullable=False),
    Column("valuation", json_column_type()),
    Column("performance", json_column_type()),
    Column("metadata", json_column_type()),
    # Lower-cased title, seller and device model: what a search matches words against.
    Column("search_text", Text, nullable=False),
    Column("created_by", ForeignKey("users.id"), index=True),
    _created_at(),
    Column("updated_at", UtcDateTime, nullable=False, server_default=NOW),
    one_of("condition", Condition),
    one_of("status", ListingStatus),
    # Duplicate detection's per-seller price bands: the seller's listings nearest a price.
    Index("ix_listings_seller_price_usd", "seller", "price_usd"),
    **SQLITE_IDS,
)

collections = Table(
    "collections",
    metadata,
    _id(),
    Column("owner_id", ForeignKey("users.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("description", Text),
    Column("visibility", Text, nullable=False, server_default=Visibility.PRIVATE.value),
    # No foreign key: the copy keeps naming its source after the source is deleted.
    Column("copied_from_id", Integer),
    Column("view_count", Integer, nullable=False, server_default=text("0")),
    Column("copy_count", Integer, nullable=False, server_default=text("0")),
    Column("hidden_by_moderation", Boolean, nullable=False, server_default=false()),
    # The words of name and description (domain/discovery.py), lower-case, space-separated:
    # what discover matches whole words against. Written by the adapter on every change.
    Column("search_words", Text, nullable=False, server_default=""),
    _created_at(),
    Column("updated_at", UtcDateTime, nullable=False, server_default=NOW),
    one_of("visibility", Visibility),
    Index("ix_collections_owner_id_visibility", "owner_id", "visibility"),
    Index("ix_collections_visibility_created_at", "visibility", "created_at"),
    Index("ix_collections_visibility_updated_at", "visibility", "updated_at"),
    # Discover's "popular" sort (most copied, most viewed, newest), over listed rows only;
    # being the smallest index on them, it also serves discover's count as an index-only scan.
    Index(
        "ix_collections_listed_popular",
        "copy_count",
        "view_count",
        "id",
        postgresql_where=LISTED,
        sqlite_where=LISTED,
    ),
    # PostgreSQL full-text index for discover; its expression must be the query's exactly.
    Index(
        "ix_collections_search_words",
        func.to_tsvector(literal_column("'simple'::regconfig"), literal_column("search_words")),
        postgresql_using="gin",
    ).ddl_if(dialect="postgresql"),
    **SQLITE_IDS,
)

collection_items = Table(
    "collection_items",
    metadata,
    Column("collection_id", ForeignKey("collections.id", ondelete="CASCADE"), nullable=False),
    Column("listing_id", ForeignKey("listings.id", ondelete="CASCADE"), nullable=False),
    Column("status", Text, nullable=False, server_default=ItemStatus.UNDECIDED.value),
    Column("notes", Text),
    Column("position", Integer, nullable=False),
    Column("added_at", UtcDateTime, nullable=False, server_default=NOW),
    Column("price_usd", Float),
    Column("adjusted_price_usd", Float),
    # The key is the rule "a listing appears at most once per collection".
    PrimaryKeyConstraint("collection_id", "listing_id"),
    one_of("status", ItemStatus),
    # Deleting a listing finds its items through this index.
    Index("ix_collection_items_listing_id", "listing_id"),
)

share_tokens = Table(
    "share_tokens",
    metadata,
    _id(),
    Column(
        "collection_id",
        ForeignKey("collections.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("token", Text, nullable=False, unique=True),
    Column("view_count", Integer, nullable=False, server_default=text("0")),
    Column("expires_at", UtcDateTime, index=True),
    Column("revoked_at", UtcDateTime),
    _created_at(),
    **SQLITE_IDS,
)

OPEN_REPORT = text(f"status = '{ReportStatus.OPEN.value}'")

reports = Table(
    "reports",
    metadata,
    _id(),
    Column(
        "collection_id",
        ForeignKey("collections.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("reporter_id", ForeignKey("users.id"), nullable=False),
    Column("reason", Text, nullable=False),
    Column("note", Text),
    Column("status", Text, nullable=False, server_default=ReportStatus.OPEN.value),
    _created_at(),
    one_of("reason", ReportReason),
    one_of("status", ReportStatus),
    # One open report per reporter and collection; closed ones may pile up.
    Index(
        "uq_reports_one_open_per_reporter",
        "collection_id",
        "reporter_id",
        unique=True,
        postgresql_where=OPEN_REPORT,
        sqlite_where=OPEN_REPORT,
    ),
    **SQLITE_IDS,
)

# Import previews waiting for their author's decision (ADR 0040). The id is the random
# token the client holds; the upcast document and what the preview found are JSON.
import_previews = Table(
    "import_previews",
    metadata,
    Column("id", Text, primary_key=True),
    Column("author_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", Text, nullable=False),
    Column("document", json_column_type(), nullable=False),
    Column("summary", json_column_type(), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    # Pruning deletes by expiry; the claim checks it.
    Column("expires_at", UtcDateTime, nullable=False, index=True),
    Column("confirmed_at", UtcDateTime),
    one_of("kind", ImportKind),
)

# One row: how many collections discover lists. Triggers keep it exact (migration 0002),
# so discover's unfiltered total is one row read instead of a count of every listed row.
discover_totals = Table(
    "discover_totals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("listed", BigInteger, nullable=False, server_default=text("0")),
    CheckConstraint("id = 1", name="one_row"),
)
