"""the security log: sign-ins, failed and throttled attempts with the client address (issue 14)

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "security_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("username", sa.String(length=32), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("wait_seconds", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('signed_in', 'failed', 'throttled', 'inactive', 'unlocked')",
            name=op.f("ck_security_event_kind_known"),
        ),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"], name=op.f("fk_security_event_account_id_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_security_event")),
    )
    op.create_index(op.f("ix_security_event_at"), "security_event", ["at"], unique=False)
    op.create_index("ix_security_event_username_at", "security_event", ["username", "at"], unique=False)
    op.create_index("ix_security_event_client_at", "security_event", ["client", "at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_security_event_client_at", table_name="security_event")
    op.drop_index("ix_security_event_username_at", table_name="security_event")
    op.drop_index(op.f("ix_security_event_at"), table_name="security_event")
    op.drop_table("security_event")
