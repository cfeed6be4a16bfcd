"""micro wishes (微心愿): residents' wishes claimed by deputies, with their dated notes

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "micro_wish",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wish", sa.Text(), nullable=False),
        sa.Column("resident", sa.String(length=40), nullable=False),
        sa.Column("division_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=12), nullable=False),
        sa.Column("estimated_value", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=14), nullable=False),
        sa.Column("deputy_id", sa.Integer(), nullable=True),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "category IN ('study', 'elderly', 'disability', 'employment', 'living', 'other')",
            name=op.f("ck_micro_wish_category_known"),
        ),
        sa.CheckConstraint(
            "state IN ('open', 'claimed', 'fulfilled', 'unfulfillable', 'withdrawn')",
            name=op.f("ck_micro_wish_state_known"),
        ),
        sa.CheckConstraint(
            "state IN ('open', 'withdrawn') OR deputy_id IS NOT NULL", name=op.f("ck_micro_wish_claimed_by_deputy")
        ),
        sa.CheckConstraint("estimated_value BETWEEN 0 AND 20000", name=op.f("ck_micro_wish_value_range")),
        sa.ForeignKeyConstraint(["created_by"], ["account.id"], name=op.f("fk_micro_wish_created_by_account")),
        sa.ForeignKeyConstraint(["deputy_id"], ["deputy.id"], name=op.f("fk_micro_wish_deputy_id_deputy")),
        sa.ForeignKeyConstraint(["division_id"], ["division.id"], name=op.f("fk_micro_wish_division_id_division")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_micro_wish")),
    )
    with op.batch_alter_table("micro_wish", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_micro_wish_deputy_id"), ["deputy_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_micro_wish_division_id"), ["division_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_micro_wish_state"), ["state"], unique=False)

    op.create_table(
        "micro_wish_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wish_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=14), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["account.id"], name=op.f("fk_micro_wish_note_author_id_account")),
        sa.ForeignKeyConstraint(
            ["wish_id"], ["micro_wish.id"], name=op.f("fk_micro_wish_note_wish_id_micro_wish"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_micro_wish_note")),
    )
    with op.batch_alter_table("micro_wish_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_micro_wish_note_wish_id"), ["wish_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("micro_wish_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_micro_wish_note_wish_id"))

    op.drop_table("micro_wish_note")
    with op.batch_alter_table("micro_wish", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_micro_wish_state"))
        batch_op.drop_index(batch_op.f("ix_micro_wish_division_id"))
        batch_op.drop_index(batch_op.f("ix_micro_wish_deputy_id"))

    op.drop_table("micro_wish")
