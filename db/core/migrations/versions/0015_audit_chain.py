"""the audit log becomes a hash chain: each entry carries the previous entry's hash and its own

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

from db.core.audit import GENESIS, content_of, entry_hash

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_audit = sa.table(
    "audit_entry",
    sa.column("id", sa.Integer),
    sa.column("at", sa.DateTime),
    sa.column("actor_id", sa.Integer),
    sa.column("actor_username", sa.String),
    sa.column("action", sa.String),
    sa.column("entity", sa.String),
    sa.column("entity_id", sa.String),
    sa.column("before", sa.JSON),
    sa.column("after", sa.JSON),
    sa.column("prev_hash", sa.String),
    sa.column("entry_hash", sa.String),
)


def upgrade() -> None:
    # Nullable: SQLite adds the columns in place (a rebuilt table would lose its append-only triggers).
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("entry_hash", sa.String(length=64), nullable=True))
    _back_fill()


def downgrade() -> None:
    # In place on SQLite too (ALTER TABLE … DROP COLUMN, SQLite 3.35+): a batch rebuild would drop the triggers.
    op.drop_column("audit_entry", "entry_hash")
    op.drop_column("audit_entry", "prev_hash")


def _back_fill() -> None:
    """Chain the entries already written, oldest first: from here on an edit to any of them shows."""
    bind = op.get_bind()
    rows = bind.execute(sa.select(_audit).order_by(_audit.c.id)).all()
    if not rows:
        return
    sqlite = bind.dialect.name == "sqlite"
    # The append-only triggers refuse the back-fill's updates: lifted for it, inside this migration's transaction.
    if sqlite:
        op.execute("DROP TRIGGER audit_entry_no_update")
    else:
        op.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only")
    prev = GENESIS
    for row in rows:
        sealed = entry_hash(content_of(row), prev)
        bind.execute(sa.update(_audit).where(_audit.c.id == row.id).values(prev_hash=prev, entry_hash=sealed))
        prev = sealed
    if sqlite:
        op.execute(
            "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
            "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END"
        )
    else:
        op.execute("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only")
