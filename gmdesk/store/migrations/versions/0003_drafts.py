"""drafts: unsaved input kept per record, so nothing the clerk typed is lost

Revision ID: 0003_drafts
Revises: 0002_message_answer_index
Create Date: 2026-12-07 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_drafts"
down_revision = "0002_message_answer_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
        sa.UniqueConstraint("kind", "key", name=op.f("uq_drafts_kind_key")),
    )


def downgrade() -> None:
    op.drop_table("drafts")
