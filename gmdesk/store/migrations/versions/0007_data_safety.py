"""data safety: a hash-chained audit trail with changed fields, operators' roles and password hashes

Revision ID: 0007_data_safety
Revises: 0006_rules
Create Date: 2026-12-07 12:00:00

- audit_log gains ``changes`` (field → [before, after]), ``prev_hash`` and ``hash``; the entries already there
  are numbered without gaps and chained in id order, and the chain's head is stored in the settings;
- operators gain ``password_hash`` (scrypt, empty for no password); the roles become 信息员 (clerk), 审核员
  (reviewer), 负责人 (head) and 管理员 (admin): a former 查看者 (viewer) becomes a 信息员 who may not see
  personal data.

Written as 0004 on a branch; it runs after 0005 and 0006 because gmdesk had shipped those (files at
0006_rules exist), so every file passes through it exactly once.
"""

import json

import sqlalchemy as sa
from alembic import op

from gmdesk.domain.audit_chain import GENESIS, Entry, entry_hash

revision = "0007_data_safety"
down_revision = "0006_rules"
branch_labels = None
depends_on = None

_audit = sa.table(
    "audit_log",
    sa.column("id", sa.Integer),
    sa.column("at", sa.DateTime),
    sa.column("operator", sa.String),
    sa.column("action", sa.String),
    sa.column("entity", sa.String),
    sa.column("entity_id", sa.Integer),
    sa.column("detail", sa.JSON),
    sa.column("changes", sa.JSON),
    sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String),
)


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("changes", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=False, server_default=""))
    with op.batch_alter_table("operators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("password_hash", sa.String(length=200), nullable=False, server_default=""))
    bind = op.get_bind()
    bind.execute(sa.text("UPDATE operators SET role = 'clerk', may_see_personal_data = :no WHERE role = 'viewer'"),
                 {"no": False})
    _chain(bind)


def _chain(bind: sa.Connection) -> None:
    ids = [row[0] for row in bind.execute(sa.text("SELECT id FROM audit_log ORDER BY id"))]
    for number, old in enumerate(ids, start=1):
        if number != old:  # number without gaps (an id is referenced by nothing)
            bind.execute(sa.text("UPDATE audit_log SET id = :new WHERE id = :old"), {"new": number, "old": old})
    previous, last = GENESIS, 0
    chained = []
    for row in bind.execute(sa.select(_audit).order_by(_audit.c.id)).mappings():
        entry = Entry(row["id"], row["at"], row["operator"] or "", row["action"] or "", row["entity"] or "",
                      row["entity_id"], row["detail"] or {}, {}, previous)
        digest = entry_hash(entry, previous)
        chained.append({"i": row["id"], "p": previous, "h": digest})
        previous, last = digest, row["id"]
    if chained:  # one statement, many parameter sets: 100,000 entries in seconds
        bind.execute(sa.text("UPDATE audit_log SET prev_hash = :p, hash = :h WHERE id = :i"), chained)
    if last:
        bind.execute(sa.text("DELETE FROM settings WHERE key = 'audit.head'"))  # (portable INSERT OR REPLACE)
        bind.execute(
            sa.text("INSERT INTO settings (key, value) VALUES ('audit.head', :v)"),
            {"v": json.dumps({"id": last, "hash": previous})},
        )


def downgrade() -> None:
    bind = op.get_bind()
    bind.execute(sa.text("DELETE FROM settings WHERE key = 'audit.head'"))
    bind.execute(sa.text("UPDATE operators SET role = 'clerk' WHERE role IN ('reviewer', 'head')"))
    with op.batch_alter_table("operators", schema=None) as batch_op:
        batch_op.drop_column("password_hash")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("changes")
