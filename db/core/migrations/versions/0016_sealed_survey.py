"""survey answers sealed at answering (sealed_survey_answer), the round's key record, the scrub's
state and the count of invalid answer sets (issue 13, step 6)

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Not a batch: SQLite would rebuild survey_round, which ratings and participations refer to.
    op.add_column("survey_round", sa.Column("key_record", sa.Text(), nullable=True))
    op.add_column("survey_round", sa.Column("scrub_pending", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("survey_round", sa.Column("invalid_answers", sa.Integer(), server_default="0", nullable=False))
    op.create_table(
        "sealed_survey_answer",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("box", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"], ["survey_round.id"], name=op.f("fk_sealed_survey_answer_round_id_survey_round")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sealed_survey_answer")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("sealed_survey_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sealed_survey_answer_round_id"), ["round_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sealed_survey_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sealed_survey_answer_round_id"))
    op.drop_table("sealed_survey_answer")
    # Not a batch, as in upgrade(); SQLite (3.35+) drops a column in place.
    op.execute("ALTER TABLE survey_round DROP COLUMN invalid_answers")
    op.execute("ALTER TABLE survey_round DROP COLUMN scrub_pending")
    op.execute("ALTER TABLE survey_round DROP COLUMN key_record")
