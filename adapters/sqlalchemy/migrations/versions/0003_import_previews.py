"""Import previews, kept in the database so any server process can confirm one (ADR 0040).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _instant(name: str, *, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "import_previews",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        _instant("created_at", nullable=False),
        _instant("expires_at", nullable=False),
        _instant("confirmed_at"),
        sa.CheckConstraint("kind IN ('deal', 'collection')", name="ck_import_previews_kind"),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name="fk_import_previews_author_id_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_import_previews"),
    )
    op.create_index("ix_import_previews_author_id", "import_previews", ["author_id"])
    op.create_index("ix_import_previews_expires_at", "import_previews", ["expires_at"])


def downgrade() -> None:
    op.drop_table("import_previews")
