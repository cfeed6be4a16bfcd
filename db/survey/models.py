"""Satisfaction surveys (满意度测评): rounds, who answered, the ratings apart from them, frozen results."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.core.models import Base
from db.survey.rules import GRADES, Level, Stage, SurveyState, VoterBody


class SurveyRound(Base):
    """Deputies rate a year's projects at one stage; the rectification threshold is part of the round."""

    __tablename__ = "survey_round"
    __table_args__ = (
        UniqueConstraint("year", "stage"),
        CheckConstraint(Stage.check("stage"), name="stage_known"),
        CheckConstraint(VoterBody.check("voter_body"), name="voter_body_known"),
        CheckConstraint(SurveyState.check("state"), name="state_known"),
        CheckConstraint("rectify_below BETWEEN 0 AND 1", name="rectify_below_range"),
        CheckConstraint("deadline_days BETWEEN 1 AND 365", name="deadline_days_range"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("year.year"), index=True)
    stage: Mapped[str] = mapped_column(String(10))
    voter_body: Mapped[str] = mapped_column(String(20), default=VoterBody.ALL)
    state: Mapped[str] = mapped_column(String(10), default=SurveyState.DRAFT)
    # A project is flagged when its 综合满意率 is below rectify_below, or (if set) it is graded 不满意.
    rectify_below: Mapped[Decimal] = mapped_column(Numeric(4, 3), default=Decimal("0.8"))
    rectify_when_dissatisfied: Mapped[bool] = mapped_column(Boolean, default=True)
    deadline_days: Mapped[int] = mapped_column(Integer, default=60)  # for the items opened on closing
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Set when it opens: the public key, tellers and share checks (db.secret_ballot.tellers); None
    # for a round opened before answers were sealed.
    key_record: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Set by the closing, cleared once the replaced rows are gone from storage (db.secret_ballot.rows.scrub).
    scrub_pending: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Answer sets the closing found unopenable or against the round's rules: counted as answered, rated nothing.
    invalid_answers: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


# The round's projects (chosen while a draft) and its voters (frozen when it opens).
survey_project = Table(
    "survey_project",
    Base.metadata,
    Column("round_id", ForeignKey("survey_round.id", ondelete="CASCADE"), primary_key=True),
    Column("project_id", ForeignKey("project.id"), primary_key=True),
)

survey_voter = Table(
    "survey_voter",
    Base.metadata,
    Column("round_id", ForeignKey("survey_round.id", ondelete="CASCADE"), primary_key=True),
    Column("deputy_id", ForeignKey("deputy.id"), primary_key=True),
)


class SurveyParticipation(Base):
    """Who answered: one row per deputy and round, and nothing about the answers."""

    __tablename__ = "survey_participation"
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id"), primary_key=True)
    deputy_id: Mapped[int] = mapped_column(ForeignKey("deputy.id"), primary_key=True)


class SealedAnswers(Base):
    """A deputy's answer set while its round is open, sealed to the round's public key (levels and comments).

    Written with the participation row (same transaction), which says nothing without the key the
    tellers hold. Closing opens them all, writes `SurveyRating` rows in random order and deletes these.
    Stored WITHOUT ROWID on SQLite, so no rowid counts the order of answering.
    """

    __tablename__ = "sealed_survey_answer"
    __table_args__ = {"sqlite_with_rowid": False}
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id"), index=True)
    box: Mapped[bytes] = mapped_column(LargeBinary)


class SurveyRating(Base):
    """One answer for one project: a random id, no deputy, no time, not even a link to the other answers."""

    __tablename__ = "survey_rating"
    __table_args__ = (
        CheckConstraint(Level.check("level"), name="level_known"),
        {"sqlite_with_rowid": False},
    )
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"))
    level: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text, default="")


class SurveyResult(Base):
    """A project's counts, grade and flag, computed once when the round closes and never again."""

    __tablename__ = "survey_result"
    __table_args__ = (CheckConstraint(Level.check("grade", nullable=True, among=GRADES), name="grade_known"),)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id"), primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), primary_key=True)
    satisfied: Mapped[int] = mapped_column(Integer)
    basically_satisfied: Mapped[int] = mapped_column(Integer)
    dissatisfied: Mapped[int] = mapped_column(Integer)
    abstain: Mapped[int] = mapped_column(Integer)
    grade: Mapped[str | None] = mapped_column(String(20), nullable=True)  # None: nobody answered
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    rectification_item_id: Mapped[int | None] = mapped_column(ForeignKey("rectification_item.id"), nullable=True)
