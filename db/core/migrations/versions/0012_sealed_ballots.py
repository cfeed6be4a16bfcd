"""ballots sealed at cast (sealed_ballot), the round's key record, anonymous counted ballots
without a receipt (ballot.valid), the published tracker codes (ballot_tracker), the scrub's state

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Not a batch: SQLite would rebuild voting_round, and dropping the old table is refused while
    # ballots and participations refer to it. Adding a column needs no rebuild.
    op.add_column("voting_round", sa.Column("key_record", sa.Text(), nullable=True))
    op.add_column("voting_round", sa.Column("scrub_pending", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table(
        "sealed_ballot",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("box", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["voting_round.id"], name=op.f("fk_sealed_ballot_round_id_voting_round")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sealed_ballot")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("sealed_ballot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sealed_ballot_round_id"), ["round_id"], unique=False)
    op.create_table(
        "ballot_tracker",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("tracker", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"], ["voting_round.id"], name=op.f("fk_ballot_tracker_round_id_voting_round")
        ),
        sa.PrimaryKeyConstraint("round_id", "tracker", name=op.f("pk_ballot_tracker")),
        sqlite_with_rowid=False,
    )
    # A receipt that names a counted ballot would let its picks be shown to a buyer: the link goes.
    with _picks_kept_aside():
        with op.batch_alter_table("ballot", schema=None, table_kwargs={"sqlite_with_rowid": False}) as batch_op:
            batch_op.add_column(sa.Column("valid", sa.Boolean(), server_default=sa.true(), nullable=False))
            batch_op.drop_constraint(batch_op.f("uq_ballot_receipt_hash"), type_="unique")
            batch_op.drop_column("receipt_hash")


@contextmanager
def _picks_kept_aside() -> Iterator[None]:
    """SQLite rebuilds `ballot` to change its columns; dropping the old table would cascade to the
    picks, so they are kept aside meanwhile (PostgreSQL alters in place)."""
    bind = op.get_bind()
    picks = sa.table("ballot_pick", sa.column("ballot_id", sa.String), sa.column("candidate_id", sa.Integer))
    kept = [dict(row) for row in bind.execute(sa.select(picks)).mappings()] if bind.dialect.name == "sqlite" else []
    if kept:
        bind.execute(sa.delete(picks))
    yield
    if kept:
        bind.execute(sa.insert(picks), kept)


def downgrade() -> None:
    # Receipts of counted ballots cannot be brought back: the column returns empty.
    with _picks_kept_aside():
        with op.batch_alter_table("ballot", schema=None, table_kwargs={"sqlite_with_rowid": False}) as batch_op:
            batch_op.add_column(sa.Column("receipt_hash", sa.String(length=64), nullable=True))
            batch_op.create_unique_constraint(batch_op.f("uq_ballot_receipt_hash"), ["receipt_hash"])
            batch_op.drop_column("valid")
    op.drop_table("ballot_tracker")
    with op.batch_alter_table("sealed_ballot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sealed_ballot_round_id"))
    op.drop_table("sealed_ballot")
    # Not a batch, as in upgrade(); SQLite (3.35+) drops a column in place.
    op.execute("ALTER TABLE voting_round DROP COLUMN scrub_pending")
    op.execute("ALTER TABLE voting_round DROP COLUMN key_record")
