"""micro livelihood items (微实事): items with their notes and attachment, division funds, the cost cap

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "micro_setting",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("cost_cap", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.CheckConstraint("cost_cap > 0", name=op.f("ck_micro_setting_cost_cap_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_micro_setting")),
    )
    op.create_table(
        "micro_fund",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("division_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_micro_fund_amount_not_negative")),
        sa.ForeignKeyConstraint(["division_id"], ["division.id"], name=op.f("fk_micro_fund_division_id_division")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_micro_fund")),
        sa.UniqueConstraint("year", "division_id", name=op.f("uq_micro_fund_year")),
    )
    op.create_table(
        "micro_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("division_id", sa.Integer(), nullable=False),
        sa.Column("town", sa.String(length=40), nullable=False),
        sa.Column("village", sa.String(length=40), nullable=False),
        sa.Column("beneficiaries", sa.String(length=200), nullable=False),
        sa.Column("estimated_cost", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("deputy_id", sa.Integer(), nullable=False),
        sa.Column("proposed_by", sa.Integer(), nullable=False),
        sa.Column("proposed_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("decline_reason", sa.Text(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("fund", sa.String(length=10), nullable=True),
        sa.Column("assigned_at", sa.DateTime(), nullable=True),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("actual_cost", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("rating", sa.String(length=20), nullable=True),
        sa.Column("rating_comment", sa.Text(), nullable=False),
        sa.Column("rated_by", sa.Integer(), nullable=True),
        sa.Column("rated_on_behalf", sa.Boolean(), nullable=False),
        sa.Column("sent_back", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "fund IS NULL OR fund IN ('special', 'self', 'other')", name=op.f("ck_micro_item_fund_known")
        ),
        sa.CheckConstraint(
            "rating IS NULL OR rating IN ('satisfied', 'basically_satisfied', 'dissatisfied')",
            name=op.f("ck_micro_item_rating_known"),
        ),
        sa.CheckConstraint(
            "state IN ('proposed', 'screened', 'declined', 'assigned', 'in_progress', 'done', 'accepted', 'archived')",
            name=op.f("ck_micro_item_state_known"),
        ),
        sa.CheckConstraint(
            "actual_cost IS NULL OR actual_cost BETWEEN 0 AND 10000", name=op.f("ck_micro_item_actual_cost_range")
        ),
        sa.CheckConstraint("estimated_cost BETWEEN 0 AND 10000", name=op.f("ck_micro_item_estimated_cost_range")),
        sa.CheckConstraint("sent_back BETWEEN 0 AND 1", name=op.f("ck_micro_item_sent_back_once")),
        sa.ForeignKeyConstraint(
            ["department_id"], ["department.id"], name=op.f("fk_micro_item_department_id_department")
        ),
        sa.ForeignKeyConstraint(["deputy_id"], ["deputy.id"], name=op.f("fk_micro_item_deputy_id_deputy")),
        sa.ForeignKeyConstraint(["division_id"], ["division.id"], name=op.f("fk_micro_item_division_id_division")),
        sa.ForeignKeyConstraint(["proposed_by"], ["account.id"], name=op.f("fk_micro_item_proposed_by_account")),
        sa.ForeignKeyConstraint(["rated_by"], ["account.id"], name=op.f("fk_micro_item_rated_by_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_micro_item")),
    )
    op.create_index(op.f("ix_micro_item_department_id"), "micro_item", ["department_id"], unique=False)
    op.create_index(op.f("ix_micro_item_deputy_id"), "micro_item", ["deputy_id"], unique=False)
    op.create_index(op.f("ix_micro_item_division_id"), "micro_item", ["division_id"], unique=False)
    op.create_index(op.f("ix_micro_item_state"), "micro_item", ["state"], unique=False)
    op.create_index(op.f("ix_micro_item_year"), "micro_item", ["year"], unique=False)
    op.create_table(
        "micro_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=5), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('jpeg', 'png', 'pdf')", name=op.f("ck_micro_attachment_kind_known")),
        sa.CheckConstraint("size BETWEEN 1 AND 5242880", name=op.f("ck_micro_attachment_size_range")),
        sa.ForeignKeyConstraint(
            ["item_id"], ["micro_item.id"], name=op.f("fk_micro_attachment_item_id_micro_item"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_micro_attachment")),
        sa.UniqueConstraint("item_id", name=op.f("uq_micro_attachment_item_id")),
    )
    op.create_table(
        "micro_item_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("state_after", sa.String(length=12), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["account.id"], name=op.f("fk_micro_item_note_author_id_account")),
        sa.ForeignKeyConstraint(
            ["item_id"], ["micro_item.id"], name=op.f("fk_micro_item_note_item_id_micro_item"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_micro_item_note")),
    )
    op.create_index(op.f("ix_micro_item_note_item_id"), "micro_item_note", ["item_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_micro_item_note_item_id"), table_name="micro_item_note")
    op.drop_table("micro_item_note")
    op.drop_table("micro_attachment")
    for column in ("year", "state", "division_id", "deputy_id", "department_id"):
        op.drop_index(op.f(f"ix_micro_item_{column}"), table_name="micro_item")
    op.drop_table("micro_item")
    op.drop_table("micro_fund")
    op.drop_table("micro_setting")
