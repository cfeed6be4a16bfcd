"""a voting round's turnout floor: the share of the electorate that must vote (issue 18)

Revision ID: 0012_turnout_floor
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_turnout_floor"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Rounds created before keep the default floor, more than half of the electorate.
    with op.batch_alter_table("voting_round", schema=None) as batch_op:
        batch_op.add_column(sa.Column("turnout_floor", sa.Integer(), server_default="50", nullable=False))
        batch_op.create_check_constraint(
            batch_op.f("ck_voting_round_turnout_floor_range"), "turnout_floor BETWEEN 0 AND 99"
        )


def downgrade() -> None:
    with op.batch_alter_table("voting_round", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_voting_round_turnout_floor_range"), type_="check")
        batch_op.drop_column("turnout_floor")
