"""documents: the office's order of units (排序号) for reports, the 通报 and the account table

Revision ID: 0005_documents
Revises: 0003_drafts
Create Date: 2026-12-07 10:00:00

Empty means "not placed": such units follow the placed ones in administrative order (县政府办, 乡镇, 部门,
事业单位, 其他, each in the order entered), which is also the order of a database nobody has sorted.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_documents"
down_revision = "0003_drafts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("units", sa.Column("sort_order", sa.Integer(), nullable=True))  # SQLite adds a column in place


def downgrade() -> None:
    with op.batch_alter_table("units") as batch:
        batch.drop_column("sort_order")
