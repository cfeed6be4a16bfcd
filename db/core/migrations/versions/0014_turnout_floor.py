"""a voting round's turnout floor: the share of the electorate that must vote (issue 18)

Revision ID: 0014
Revises: 0013
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Rounds created before keep the default floor, more than half of the electorate. Not a batch:
    # SQLite would rebuild voting_round, and dropping the old table is refused while ballots refer
    # to it; a column CHECK can be added in place (and goes with the column on downgrade).
    op.execute(
        "ALTER TABLE voting_round ADD COLUMN turnout_floor INTEGER DEFAULT 50 NOT NULL"
        " CONSTRAINT ck_voting_round_turnout_floor_range CHECK (turnout_floor BETWEEN 0 AND 99)"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE voting_round DROP COLUMN turnout_floor")
