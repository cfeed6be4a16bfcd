"""candidate indicators: the targets a candidate promises, carried over when it is elected

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "candidate_indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("target", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.CheckConstraint("target >= 0", name=op.f("ck_candidate_indicator_target_not_negative")),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["candidate.id"],
            name=op.f("fk_candidate_indicator_candidate_id_candidate"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidate_indicator")),
        sa.UniqueConstraint("candidate_id", "name", name=op.f("uq_candidate_indicator_candidate_id")),
    )
    with op.batch_alter_table("candidate_indicator", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_candidate_indicator_candidate_id"), ["candidate_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("candidate_indicator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidate_indicator_candidate_id"))
    op.drop_table("candidate_indicator")
