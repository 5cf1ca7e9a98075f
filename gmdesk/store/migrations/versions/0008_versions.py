"""versions: a version column on every record two clerks can edit, for a shared database (issue 16)

Revision ID: 0008_versions
Revises: 0007_data_safety
Create Date: 2026-12-07 14:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_versions"
down_revision = "0007_data_safety"
branch_labels = None
depends_on = None

TABLES = ("operators", "filing_events", "rectification_items", "messages", "reply_templates", "units", "people",
          "accounts", "policy_profiles", "posts", "repost_tasks", "trainings")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
