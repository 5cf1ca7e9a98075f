"""rules: the training register, the office's 错敏 lexicon entries and exceptions, 已核实/已更正 marks on posts,
a post's 正文 and a training's sign-in sheet as an attachment (issue 14)

Revision ID: 0006_rules
Revises: 0005_documents
Create Date: 2026-12-14 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_rules"
down_revision = "0005_documents"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trainings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("organiser", sa.String(length=200), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trainings")),
    )
    op.create_index("ix_trainings_held_on", "trainings", ["held_on"], unique=False)
    op.create_table(
        "training_attendees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("training_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], name=op.f("fk_training_attendees_person_id_people"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["training_id"], ["trainings.id"],
                                name=op.f("fk_training_attendees_training_id_trainings"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_attendees")),
        sa.UniqueConstraint("training_id", "person_id", name=op.f("uq_training_attendees_training_id_person_id")),
    )
    op.create_index(op.f("ix_training_attendees_person_id"), "training_attendees", ["person_id"], unique=False)
    op.create_table(
        "wording_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("is_exception", sa.Boolean(), nullable=False),
        sa.Column("wrong", sa.String(length=100), nullable=False),
        sa.Column("right", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("operator", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wording_terms")),
        sa.UniqueConstraint("is_exception", "wrong", name=op.f("uq_wording_terms_is_exception_wrong")),
    )
    op.create_table(
        "post_wording_marks",
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("mark", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("hits", sa.JSON(), nullable=False),
        sa.Column("marked_at", sa.DateTime(), nullable=False),
        sa.Column("operator", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], name=op.f("fk_post_wording_marks_post_id_posts"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("post_id", name=op.f("pk_post_wording_marks")),
    )
    op.add_column("posts", sa.Column("body", sa.Text(), server_default="", nullable=False))  # in place on SQLite
    with op.batch_alter_table("attachments") as batch:
        batch.add_column(sa.Column("training_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_attachments_training_id"), ["training_id"], unique=False)
        batch.create_foreign_key(batch.f("fk_attachments_training_id_trainings"), "trainings", ["training_id"],
                                 ["id"], ondelete="CASCADE")


def downgrade() -> None:
    with op.batch_alter_table("attachments") as batch:
        batch.drop_constraint(batch.f("fk_attachments_training_id_trainings"), type_="foreignkey")
        batch.drop_index(batch.f("ix_attachments_training_id"))
        batch.drop_column("training_id")
    with op.batch_alter_table("posts") as batch:
        batch.drop_column("body")
    op.drop_table("post_wording_marks")
    op.drop_table("wording_terms")
    op.drop_index(op.f("ix_training_attendees_person_id"), table_name="training_attendees")
    op.drop_table("training_attendees")
    op.drop_index("ix_trainings_held_on", table_name="trainings")
    op.drop_table("trainings")
