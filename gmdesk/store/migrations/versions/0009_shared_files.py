"""shared files: on a server database the attachments' contents are kept in the database (issue 16)

Revision ID: 0009_shared_files
Revises: 0008_versions
Create Date: 2026-12-07 17:00:00

A scanned 备案表 attached at one PC must open at the others. On a SQLite file the attachments stay files beside
the database (its backups carry the folder); on a shared PostgreSQL database each file's content is stored
once by its SHA-256 here, and each PC keeps a cached copy (``gmdesk.store.shared_files``).
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_shared_files"
down_revision = "0008_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachment_contents",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )


def downgrade() -> None:
    op.drop_table("attachment_contents")
