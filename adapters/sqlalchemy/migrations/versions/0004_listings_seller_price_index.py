"""An index on listings (seller, price_usd) for duplicate detection's per-seller price bands.

Every imported item with a seller asks for the listings of that seller nearest its price
(ADR 0035). With only the separate seller and price indexes, each such band read the
seller's whole catalog and sorted it; the composite index walks from the price outwards
within the seller, as the price index does for the band among all listings (ADR 0039).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_listings_seller_price_usd", "listings", ["seller", "price_usd"])


def downgrade() -> None:
    op.drop_index("ix_listings_seller_price_usd", table_name="listings")
