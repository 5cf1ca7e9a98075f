"""rollups: posts counted per account and day and per account and month, filled from the posts (issue 18)

Revision ID: 0010_rollups
Revises: 0009_shared_files
Create Date: 2026-12-07 17:00:00

The counting is written out here rather than imported from ``gmdesk.store.rollups``, so this script keeps
meaning what it meant when later code changes; the tests check that both give the same rows.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_rollups"
down_revision = "0009_shared_files"
branch_labels = None
depends_on = None

SLOTS = (
    "published_repost",
    "published_repost_push",
    "published_original",
    "published_original_push",
    "planned_repost",
    "planned_repost_push",
    "planned_original",
    "planned_original_push",
)


def _slot(index: int, mass_true: str, mass_false: str) -> str:
    status = "status = 'published'" if index < 4 else "status != 'published'"
    kind = "kind = 'original'" if index & 2 else "kind != 'original'"
    mass = mass_true if index & 1 else mass_false
    return f"sum(CASE WHEN {status} AND {kind} AND {mass} THEN 1 ELSE 0 END)"


def upgrade() -> None:
    op.create_table(
        "post_days",
        sa.Column("account_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in SLOTS),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_post_days_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("account_id", "day", name=op.f("pk_post_days")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "post_months",
        sa.Column("account_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("published", sa.Integer(), nullable=False),
        sa.Column("originals", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_post_months_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", "month", name=op.f("pk_post_months")),
        sqlite_with_rowid=False,
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    day = "to_char(at, 'YYYY-MM-DD')" if postgresql else "substr(at, 1, 10)"
    mass_true, mass_false = (
        ("is_mass_push", "NOT is_mass_push") if postgresql else ("is_mass_push = 1", "is_mass_push = 0")
    )
    counts = ", ".join(_slot(i, mass_true, mass_false) for i in range(len(SLOTS)))
    op.execute(
        f"INSERT INTO post_days (account_id, day, {', '.join(SLOTS)}) "
        f"SELECT account_id, {day}, {counts} FROM posts WHERE status != 'cancelled' "
        f"GROUP BY account_id, {day}"
    )
    op.execute(
        "INSERT INTO post_months (account_id, month, published, originals) "
        "SELECT account_id, substr(day, 1, 7), "
        "sum(published_repost + published_repost_push + published_original + published_original_push), "
        "sum(published_original + published_original_push) FROM post_days "
        "GROUP BY account_id, substr(day, 1, 7) "
        "HAVING sum(published_repost + published_repost_push + published_original + published_original_push) > 0"
    )


def downgrade() -> None:
    op.drop_table("post_months")
    op.drop_table("post_days")
