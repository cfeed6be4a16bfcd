"""satisfaction surveys: rounds, their projects and voters, secret ratings, frozen results

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "survey_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=10), nullable=False),
        sa.Column("voter_body", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("rectify_below", sa.Numeric(precision=4, scale=3), nullable=False),
        sa.Column("rectify_when_dissatisfied", sa.Boolean(), nullable=False),
        sa.Column("deadline_days", sa.Integer(), nullable=False),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.CheckConstraint("stage IN ('midyear', 'yearend', 'lookback')", name=op.f("ck_survey_round_stage_known")),
        sa.CheckConstraint("state IN ('draft', 'open', 'closed')", name=op.f("ck_survey_round_state_known")),
        sa.CheckConstraint(
            "voter_body IN ('all', 'standing_committee')", name=op.f("ck_survey_round_voter_body_known")
        ),
        sa.CheckConstraint("deadline_days BETWEEN 1 AND 365", name=op.f("ck_survey_round_deadline_days_range")),
        sa.CheckConstraint("rectify_below BETWEEN 0 AND 1", name=op.f("ck_survey_round_rectify_below_range")),
        sa.ForeignKeyConstraint(["year"], ["year.year"], name=op.f("fk_survey_round_year_year")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_round")),
        sa.UniqueConstraint("year", "stage", name=op.f("uq_survey_round_year")),
    )
    op.create_index(op.f("ix_survey_round_year"), "survey_round", ["year"], unique=False)
    op.create_table(
        "survey_participation",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("deputy_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["deputy_id"], ["deputy.id"], name=op.f("fk_survey_participation_deputy_id_deputy")),
        sa.ForeignKeyConstraint(
            ["round_id"], ["survey_round.id"], name=op.f("fk_survey_participation_round_id_survey_round")
        ),
        sa.PrimaryKeyConstraint("round_id", "deputy_id", name=op.f("pk_survey_participation")),
    )
    op.create_table(
        "survey_project",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], name=op.f("fk_survey_project_project_id_project")),
        sa.ForeignKeyConstraint(
            ["round_id"], ["survey_round.id"], name=op.f("fk_survey_project_round_id_survey_round"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("round_id", "project_id", name=op.f("pk_survey_project")),
    )
    op.create_table(
        "survey_rating",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "level IN ('satisfied', 'basically_satisfied', 'dissatisfied', 'abstain')",
            name=op.f("ck_survey_rating_level_known"),
        ),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], name=op.f("fk_survey_rating_project_id_project")),
        sa.ForeignKeyConstraint(["round_id"], ["survey_round.id"], name=op.f("fk_survey_rating_round_id_survey_round")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_rating")),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f("ix_survey_rating_round_id"), "survey_rating", ["round_id"], unique=False)
    op.create_table(
        "survey_voter",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("deputy_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["deputy_id"], ["deputy.id"], name=op.f("fk_survey_voter_deputy_id_deputy")),
        sa.ForeignKeyConstraint(
            ["round_id"], ["survey_round.id"], name=op.f("fk_survey_voter_round_id_survey_round"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("round_id", "deputy_id", name=op.f("pk_survey_voter")),
    )
    op.create_table(
        "survey_result",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("satisfied", sa.Integer(), nullable=False),
        sa.Column("basically_satisfied", sa.Integer(), nullable=False),
        sa.Column("dissatisfied", sa.Integer(), nullable=False),
        sa.Column("abstain", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=20), nullable=True),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("rectification_item_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "grade IS NULL OR grade IN ('satisfied', 'basically_satisfied', 'dissatisfied')",
            name=op.f("ck_survey_result_grade_known"),
        ),
        sa.ForeignKeyConstraint(["project_id"], ["project.id"], name=op.f("fk_survey_result_project_id_project")),
        sa.ForeignKeyConstraint(
            ["rectification_item_id"],
            ["rectification_item.id"],
            name=op.f("fk_survey_result_rectification_item_id_rectification_item"),
        ),
        sa.ForeignKeyConstraint(["round_id"], ["survey_round.id"], name=op.f("fk_survey_result_round_id_survey_round")),
        sa.PrimaryKeyConstraint("round_id", "project_id", name=op.f("pk_survey_result")),
    )


def downgrade() -> None:
    op.drop_table("survey_result")
    op.drop_table("survey_voter")
    op.drop_index(op.f("ix_survey_rating_round_id"), table_name="survey_rating")
    op.drop_table("survey_rating")
    op.drop_table("survey_project")
    op.drop_table("survey_participation")
    op.drop_index(op.f("ix_survey_round_year"), table_name="survey_round")
    op.drop_table("survey_round")
