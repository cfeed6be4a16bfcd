"""rectification items a rule opens record its wording as a catalogue key and parameters

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Items opened before keep their problem as stored text (problem_key NULL): shown as written.
    with op.batch_alter_table("rectification_item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("problem_key", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("problem_params", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("rectification_item", schema=None) as batch_op:
        batch_op.drop_column("problem_params")
        batch_op.drop_column("problem_key")
