"""Typed tables. Constraints that protect data live here, so the database enforces them too."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# One naming convention so that SQLite (batch mode) and PostgreSQL migrations match.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ROLES = ("leader", "deputy", "staff", "admin")
THRESHOLD_RULES = ("electorate_half", "ballots_half")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Division(Base):
    """An administrative division; its deputies form a delegation (代表团)."""

    __tablename__ = "division"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Department(Base):
    __tablename__ = "department"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Deputy(Base):
    __tablename__ = "deputy"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    division_id: Mapped[int] = mapped_column(ForeignKey("division.id"))
    standing_committee: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    division: Mapped[Division] = relationship()


class Account(Base):
    __tablename__ = "account"
    __table_args__ = (
        CheckConstraint("role IN ('leader', 'deputy', 'staff', 'admin')", name="role_known"),
        CheckConstraint("role != 'deputy' OR deputy_id IS NOT NULL", name="deputy_linked"),
        CheckConstraint("failed_attempts >= 0", name="failed_attempts_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    password_hash: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(10))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    deputy_id: Mapped[int | None] = mapped_column(ForeignKey("deputy.id"), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    # Cookies issued before this instant are refused: sign-out, password change, reset and
    # deactivation move it forward, which reaches every app process through the database.
    sessions_valid_after: Mapped[datetime | None] = mapped_column(DateTime)
    department: Mapped[Department | None] = relationship()
    deputy: Mapped[Deputy | None] = relationship()


class Year(Base):
    """One yearly cycle, named after its plenary session."""

    __tablename__ = "year"
    __table_args__ = (
        CheckConstraint("places BETWEEN 1 AND 50", name="places_range"),
        CheckConstraint("threshold_rule IN ('electorate_half', 'ballots_half')", name="threshold_rule_known"),
        CheckConstraint("schedule_tolerance BETWEEN 0 AND 50", name="tolerance_range"),
    )
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    session_name: Mapped[str] = mapped_column(String(60))
    places: Mapped[int] = mapped_column(Integer, default=10)
    threshold_rule: Mapped[str] = mapped_column(String(20), default="electorate_half")
    # Percentage points a project may trail or lead the straight-line plan and still be 序时推进.
    schedule_tolerance: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(5), server_default="5")


class AuditEntry(Base):
    """Append-only: no code path updates or deletes a row, and database triggers refuse it."""

    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    actor_username: Mapped[str] = mapped_column(String(32), index=True)
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40), index=True)
    entity_id: Mapped[str] = mapped_column(String(40))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class DataVersion(Base):
    """A counter every write bumps, so cached reads in any process know when to refresh."""

    __tablename__ = "data_version"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(Integer, default=0)


class Project(Base):
    """One of a year's livelihood projects (民生实事), numbered 1–10 within its year."""

    __tablename__ = "project"
    __table_args__ = (
        UniqueConstraint("year", "number"),
        CheckConstraint("number BETWEEN 1 AND 50", name="number_range"),
        CheckConstraint("budget >= 0", name="budget_not_negative"),
        CheckConstraint("end_date >= start_date", name="dates_ordered"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("year.year"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(100))
    field: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, default="")
    lead_department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    responsible_leader: Mapped[str] = mapped_column(String(40), default="")
    budget: Mapped[Decimal] = mapped_column(Numeric(14, 2))  # 万元
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    # A project not finished in its year continues as a project of the next (续建); the link
    # keeps its history together on the scorecard and the project page.
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("project.id"), nullable=True)
    lead_department: Mapped[Department] = relationship()
    cooperators: Mapped[list[Department]] = relationship(secondary="project_cooperator")
    divisions: Mapped[list[Division]] = relationship(secondary="project_division")
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="project", order_by="Indicator.sort_order", cascade="all, delete-orphan"
    )


project_cooperator = Table(
    "project_cooperator",
    Base.metadata,
    Column("project_id", ForeignKey("project.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("department.id"), primary_key=True),
)

project_division = Table(
    "project_division",
    Base.metadata,
    Column("project_id", ForeignKey("project.id", ondelete="CASCADE"), primary_key=True),
    Column("division_id", ForeignKey("division.id"), primary_key=True),
)


class Indicator(Base):
    """A measurable target of a project (子项/指标): e.g. 新增学位 12,000 个."""

    __tablename__ = "indicator"
    __table_args__ = (
        UniqueConstraint("project_id", "name"),
        CheckConstraint("target >= 0", name="target_not_negative"),
        CheckConstraint("weight >= 0", name="weight_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    unit: Mapped[str] = mapped_column(String(20))
    target: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    weight: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(1))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    project: Mapped[Project] = relationship(back_populates="indicators")


class ProgressReport(Base):
    """A department's report on a project for one month: cumulative figures to date."""

    __tablename__ = "progress_report"
    __table_args__ = (
        UniqueConstraint("project_id", "month"),
        CheckConstraint("funds_spent >= 0", name="funds_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    month: Mapped[date] = mapped_column(Date)  # the first day of the month reported on
    funds_spent: Mapped[Decimal] = mapped_column(Numeric(14, 2))  # 万元, cumulative
    narrative: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    explanation: Mapped[str] = mapped_column(Text, default="")  # why funds exceed or values fell
    reporter_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    reported_at: Mapped[datetime] = mapped_column(DateTime)
    values: Mapped[list[ReportValue]] = relationship(cascade="all, delete-orphan")


class ReportValue(Base):
    __tablename__ = "report_value"
    __table_args__ = (CheckConstraint("value >= 0", name="value_not_negative"),)
    report_id: Mapped[int] = mapped_column(ForeignKey("progress_report.id", ondelete="CASCADE"), primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"), primary_key=True)
    value: Mapped[Decimal] = mapped_column(Numeric(14, 2))  # cumulative to the end of the month


# --- The deputies' vote on candidate projects (票决) -------------------------------------------

ROUND_STATES = ("draft", "open", "closed", "published")


class Candidate(Base):
    """A candidate project for a year's vote (候选项目)."""

    __tablename__ = "candidate"
    __table_args__ = (CheckConstraint("estimated_budget >= 0", name="budget_not_negative"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("year.year"), index=True)
    title: Mapped[str] = mapped_column(String(100))
    field: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, default="")
    lead_department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    estimated_budget: Mapped[Decimal] = mapped_column(Numeric(14, 2))  # 万元
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    lead_department: Mapped[Department] = relationship()
    indicators: Mapped[list[CandidateIndicator]] = relationship(
        order_by="CandidateIndicator.sort_order", cascade="all, delete-orphan"
    )


class CandidateIndicator(Base):
    """A promised target of a candidate; carried over as the project's indicator if elected."""

    __tablename__ = "candidate_indicator"
    __table_args__ = (
        UniqueConstraint("candidate_id", "name"),
        CheckConstraint("target >= 0", name="target_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    unit: Mapped[str] = mapped_column(String(20))
    target: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class VotingRound(Base):
    __tablename__ = "voting_round"
    __table_args__ = (
        CheckConstraint("state IN ('draft', 'open', 'closed', 'published')", name="state_known"),
        CheckConstraint("places BETWEEN 1 AND 50", name="places_range"),
        CheckConstraint("max_picks >= 1", name="max_picks_positive"),
        CheckConstraint("threshold_rule IN ('electorate_half', 'ballots_half')", name="threshold_rule_known"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("year.year"), index=True)
    state: Mapped[str] = mapped_column(String(10), default="draft")
    places: Mapped[int] = mapped_column(Integer, default=10)
    max_picks: Mapped[int] = mapped_column(Integer, default=10)
    threshold_rule: Mapped[str] = mapped_column(String(20), default="electorate_half")


# The round's candidates and electorate, frozen when it opens.
round_candidate = Table(
    "round_candidate",
    Base.metadata,
    Column("round_id", ForeignKey("voting_round.id", ondelete="CASCADE"), primary_key=True),
    Column("candidate_id", ForeignKey("candidate.id"), primary_key=True),
)

round_elector = Table(
    "round_elector",
    Base.metadata,
    Column("round_id", ForeignKey("voting_round.id", ondelete="CASCADE"), primary_key=True),
    Column("deputy_id", ForeignKey("deputy.id"), primary_key=True),
)


class Participation(Base):
    """Who voted: one row per deputy and round, and nothing about what was voted."""

    __tablename__ = "participation"
    round_id: Mapped[int] = mapped_column(ForeignKey("voting_round.id"), primary_key=True)
    deputy_id: Mapped[int] = mapped_column(ForeignKey("deputy.id"), primary_key=True)


class Ballot(Base):
    """What was voted: a random id, the picks and a receipt hash; no deputy, no time stamp.

    Stored WITHOUT ROWID on SQLite, so no rowid counts the order of casting. While a round is
    open its ballots are still stored in that order (and on PostgreSQL stamped with the same
    transaction id as their participation row); closing rewrites them (db.voting).
    """

    __tablename__ = "ballot"
    __table_args__ = {"sqlite_with_rowid": False}
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("voting_round.id"), index=True)
    receipt_hash: Mapped[str] = mapped_column(String(64), unique=True)


class BallotPick(Base):
    __tablename__ = "ballot_pick"
    __table_args__ = {"sqlite_with_rowid": False}
    ballot_id: Mapped[str] = mapped_column(ForeignKey("ballot.id", ondelete="CASCADE"), primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id"), primary_key=True)


# --- Satisfaction surveys (满意度测评): the vote's secrecy design, one rating per project -----------

SURVEY_STAGES = ("midyear", "yearend", "lookback")  # 年中 年终 回头看
SURVEY_BODIES = ("all", "standing_committee")  # 全体代表, 常委会组成人员
SURVEY_STATES = ("draft", "open", "closed")


class SurveyRound(Base):
    """Deputies rate a year's projects at one stage; the rectification threshold is part of the round."""

    __tablename__ = "survey_round"
    __table_args__ = (
        UniqueConstraint("year", "stage"),
        CheckConstraint("stage IN ('midyear', 'yearend', 'lookback')", name="stage_known"),
        CheckConstraint("voter_body IN ('all', 'standing_committee')", name="voter_body_known"),
        CheckConstraint("state IN ('draft', 'open', 'closed')", name="state_known"),
        CheckConstraint("rectify_below BETWEEN 0 AND 1", name="rectify_below_range"),
        CheckConstraint("deadline_days BETWEEN 1 AND 365", name="deadline_days_range"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("year.year"), index=True)
    stage: Mapped[str] = mapped_column(String(10))
    voter_body: Mapped[str] = mapped_column(String(20), default="all")
    state: Mapped[str] = mapped_column(String(10), default="draft")
    # A project is flagged when its 综合满意率 is below rectify_below, or (if set) it is graded 不满意.
    rectify_below: Mapped[Decimal] = mapped_column(Numeric(4, 3), default=Decimal("0.8"))
    rectify_when_dissatisfied: Mapped[bool] = mapped_column(Boolean, default=True)
    deadline_days: Mapped[int] = mapped_column(Integer, default=60)  # for the items opened on closing
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)


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


class SurveyRating(Base):
    """One answer for one project: a random id, no deputy, no time, not even a link to the other answers."""

    __tablename__ = "survey_rating"
    __table_args__ = (
        CheckConstraint("level IN ('satisfied', 'basically_satisfied', 'dissatisfied', 'abstain')", name="level_known"),
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
    __table_args__ = (
        CheckConstraint(
            "grade IS NULL OR grade IN ('satisfied', 'basically_satisfied', 'dissatisfied')", name="grade_known"
        ),
    )
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id"), primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), primary_key=True)
    satisfied: Mapped[int] = mapped_column(Integer)
    basically_satisfied: Mapped[int] = mapped_column(Integer)
    dissatisfied: Mapped[int] = mapped_column(Integer)
    abstain: Mapped[int] = mapped_column(Integer)
    grade: Mapped[str | None] = mapped_column(String(20), nullable=True)  # None: nobody answered
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    rectification_item_id: Mapped[int | None] = mapped_column(ForeignKey("rectification_item.id"), nullable=True)


# --- Rectification (整改): one ledger for problems from any source -------------------------------

RECTIFICATION_SOURCES = ("finding", "review", "survey", "other")


class RectificationItem(Base):
    """A problem found (at an inspection, a look-back review, a survey) and tracked until fixed."""

    __tablename__ = "rectification_item"
    __table_args__ = (
        CheckConstraint("state IN ('open', 'in_progress', 'rectified', 'verified', 'rejected')", name="state_known"),
        CheckConstraint("source_kind IN ('finding', 'review', 'survey', 'other')", name="source_known"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)  # responsible
    problem: Mapped[str] = mapped_column(Text)
    source_kind: Mapped[str] = mapped_column(String(10))
    source_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the finding, review or survey round
    deadline: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(12), default="open", index=True)
    evidence: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("account.id"), nullable=True)  # None: opened by a rule
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("account.id"), nullable=True)  # verified or rejected
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    project: Mapped[Project] = relationship()
    department: Mapped[Department] = relationship()
    notes: Mapped[list[RectificationNote]] = relationship(order_by="RectificationNote.id", cascade="all, delete-orphan")


class RectificationNote(Base):
    """A dated line of the item's history: what was done, or why it was sent back or rejected."""

    __tablename__ = "rectification_note"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("rectification_item.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    author_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    state_after: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(Text, default="")


# --- Supervision (监督) and look-back reviews (回头看) ---------------------------------------------

ACTIVITY_KINDS = (
    "week",
    "inspection",
    "unannounced",
    "inquiry",
    "deliberation",
)  # 监督周 视察 暗访 专题询问 常委会审议
FINDING_STATES = ("submitted", "confirmed", "dismissed")
REVIEW_ASPECTS = ("operation", "service", "maintenance", "public")  # 运行维护 服务质量 管护机制 群众评价
REVIEW_RATINGS = ("good", "fair", "poor")  # 良好 一般 较差

activity_project = Table(
    "activity_project",
    Base.metadata,
    Column("activity_id", ForeignKey("supervision_activity.id", ondelete="CASCADE"), primary_key=True),
    Column("project_id", ForeignKey("project.id"), primary_key=True),
)

activity_deputy = Table(
    "activity_deputy",
    Base.metadata,
    Column("activity_id", ForeignKey("supervision_activity.id", ondelete="CASCADE"), primary_key=True),
    Column("deputy_id", ForeignKey("deputy.id"), primary_key=True),
)


class SupervisionActivity(Base):
    """An inspection, a supervision-week visit, an inquiry …: which projects, which deputies, what was found."""

    __tablename__ = "supervision_activity"
    __table_args__ = (
        CheckConstraint("kind IN ('week', 'inspection', 'unannounced', 'inquiry', 'deliberation')", name="kind_known"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(String(100))
    summary: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int] = mapped_column(ForeignKey("account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    projects: Mapped[list[Project]] = relationship(secondary="activity_project")
    deputies: Mapped[list[Deputy]] = relationship(secondary="activity_deputy")
    findings: Mapped[list[Finding]] = relationship(back_populates="activity", order_by="Finding.id")


class Finding(Base):
    """What a deputy or the office saw at an activity, and a suggestion; confirmed, it opens an item."""

    __tablename__ = "finding"
    __table_args__ = (CheckConstraint("state IN ('submitted', 'confirmed', 'dismissed')", name="state_known"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("supervision_activity.id"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    seen: Mapped[str] = mapped_column(Text)
    suggestion: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    state: Mapped[str] = mapped_column(String(10), default="submitted")
    rectification_item_id: Mapped[int | None] = mapped_column(ForeignKey("rectification_item.id"), nullable=True)
    activity: Mapped[SupervisionActivity] = relationship(back_populates="findings")
    project: Mapped[Project] = relationship()


class LookbackReview(Base):
    """A look-back (回头看) at a past year's project: four aspects rated, reviewers, a conclusion."""

    __tablename__ = "lookback_review"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    reviewed_on: Mapped[date] = mapped_column(Date)
    reviewers: Mapped[str] = mapped_column(String(200))
    conclusion: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int] = mapped_column(ForeignKey("account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    project: Mapped[Project] = relationship()
    ratings: Mapped[list[ReviewRating]] = relationship(cascade="all, delete-orphan", order_by="ReviewRating.aspect")


class ReviewRating(Base):
    __tablename__ = "review_rating"
    __table_args__ = (
        CheckConstraint("aspect IN ('operation', 'service', 'maintenance', 'public')", name="aspect_known"),
        CheckConstraint("rating IN ('good', 'fair', 'poor')", name="rating_known"),
    )
    review_id: Mapped[int] = mapped_column(ForeignKey("lookback_review.id", ondelete="CASCADE"), primary_key=True)
    aspect: Mapped[str] = mapped_column(String(12), primary_key=True)
    rating: Mapped[str] = mapped_column(String(5))
    notes: Mapped[str] = mapped_column(Text, default="")
    rectification_item_id: Mapped[int | None] = mapped_column(ForeignKey("rectification_item.id"), nullable=True)


# --- Micro livelihood items (微实事) -------------------------------------------------------------
# States, funds, ratings and file kinds: db.rules (MICRO_STATES, MICRO_FUNDS, MICRO_RATINGS, ATTACHMENT_SIGNATURES).


class MicroItem(Base):
    """A small local fix a deputy proposed (微实事): where, for whom, what it costs, and its way to acceptance."""

    __tablename__ = "micro_item"
    __table_args__ = (
        CheckConstraint(
            "state IN ('proposed', 'screened', 'declined', 'assigned', 'in_progress', 'done', 'accepted', 'archived')",
            name="state_known",
        ),
        CheckConstraint("fund IS NULL OR fund IN ('special', 'self', 'other')", name="fund_known"),
        CheckConstraint(
            "rating IS NULL OR rating IN ('satisfied', 'basically_satisfied', 'dissatisfied')", name="rating_known"
        ),
        CheckConstraint("estimated_cost BETWEEN 0 AND 10000", name="estimated_cost_range"),
        CheckConstraint("actual_cost IS NULL OR actual_cost BETWEEN 0 AND 10000", name="actual_cost_range"),
        CheckConstraint("sent_back BETWEEN 0 AND 1", name="sent_back_once"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)  # the year it was proposed in
    title: Mapped[str] = mapped_column(String(100))
    problem: Mapped[str] = mapped_column(Text)
    division_id: Mapped[int] = mapped_column(ForeignKey("division.id"), index=True)
    town: Mapped[str] = mapped_column(String(40))  # 镇（街道）
    village: Mapped[str] = mapped_column(String(40), default="")  # 村（社区）
    beneficiaries: Mapped[str] = mapped_column(String(200))
    estimated_cost: Mapped[Decimal] = mapped_column(Numeric(12, 2))  # 万元
    deputy_id: Mapped[int] = mapped_column(ForeignKey("deputy.id"), index=True)  # who proposed it
    proposed_by: Mapped[int] = mapped_column(ForeignKey("account.id"))
    proposed_at: Mapped[datetime] = mapped_column(DateTime)
    state: Mapped[str] = mapped_column(String(12), default="proposed", index=True)
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True, nullable=True)
    deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    fund: Mapped[str | None] = mapped_column(String(10), nullable=True)
    assigned_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    done_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    result: Mapped[str] = mapped_column(Text, default="")  # what was done
    actual_cost: Mapped[Decimal | None] = mapped_column(Numeric(12, 2), nullable=True)
    rating: Mapped[str | None] = mapped_column(String(20), nullable=True)
    rating_comment: Mapped[str] = mapped_column(Text, default="")
    rated_by: Mapped[int | None] = mapped_column(ForeignKey("account.id"), nullable=True)
    rated_on_behalf: Mapped[bool] = mapped_column(Boolean, default=False)  # the office rated for the deputy
    sent_back: Mapped[int] = mapped_column(Integer, default=0)  # times a 不满意 rating sent it back to work
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)  # accepted (rated)
    division: Mapped[Division] = relationship()
    deputy: Mapped[Deputy] = relationship()
    department: Mapped[Department | None] = relationship()
    notes: Mapped[list[MicroItemNote]] = relationship(order_by="MicroItemNote.id", cascade="all, delete-orphan")


class MicroItemNote(Base):
    """A dated line of an item's history: each move, with its reason, result or rating."""

    __tablename__ = "micro_item_note"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("micro_item.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    author_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    state_after: Mapped[str] = mapped_column(String(12))
    text: Mapped[str] = mapped_column(Text, default="")


class MicroAttachment(Base):
    """The photo or document sent with a proposal, kept in the database so every app process serves it."""

    __tablename__ = "micro_attachment"
    __table_args__ = (
        CheckConstraint("kind IN ('jpeg', 'png', 'pdf')", name="kind_known"),
        CheckConstraint("size BETWEEN 1 AND 5242880", name="size_range"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("micro_item.id", ondelete="CASCADE"), unique=True)
    filename: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(5))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime)


class MicroFund(Base):
    """A division's yearly fund for micro items (专项资金, 万元): assignments may not exceed it."""

    __tablename__ = "micro_fund"
    __table_args__ = (
        UniqueConstraint("year", "division_id"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    division_id: Mapped[int] = mapped_column(ForeignKey("division.id"))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))


class MicroSetting(Base):
    """One row of settings: the per-item cost above which screening warns (万元)."""

    __tablename__ = "micro_setting"
    __table_args__ = (CheckConstraint("cost_cap > 0", name="cost_cap_positive"),)
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    cost_cap: Mapped[Decimal] = mapped_column(Numeric(12, 2))


# --- Micro wishes (微心愿) ---------------------------------------------------------------------

WISH_STATES = ("open", "claimed", "fulfilled", "unfulfillable", "withdrawn")
WISH_CATEGORIES = ("study", "elderly", "disability", "employment", "living", "other")  # 助学 助老 助残 就业 生活 其他


class MicroWish(Base):
    """A resident's small wish, recorded at a liaison station, claimed by one deputy, fulfilled or explained.

    `resident` is personal data: shown to the office and the claiming deputy only (see db.wishes).
    """

    __tablename__ = "micro_wish"
    __table_args__ = (
        CheckConstraint("state IN ('open', 'claimed', 'fulfilled', 'unfulfillable', 'withdrawn')", name="state_known"),
        CheckConstraint(
            "category IN ('study', 'elderly', 'disability', 'employment', 'living', 'other')", name="category_known"
        ),
        CheckConstraint("estimated_value BETWEEN 0 AND 20000", name="value_range"),
        CheckConstraint("state IN ('open', 'withdrawn') OR deputy_id IS NOT NULL", name="claimed_by_deputy"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    wish: Mapped[str] = mapped_column(Text)
    resident: Mapped[str] = mapped_column(String(40))
    division_id: Mapped[int] = mapped_column(ForeignKey("division.id"), index=True)
    category: Mapped[str] = mapped_column(String(12))
    estimated_value: Mapped[int] = mapped_column(Integer)  # 元
    state: Mapped[str] = mapped_column(String(14), default="open", index=True)
    deputy_id: Mapped[int | None] = mapped_column(ForeignKey("deputy.id"), nullable=True, index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    outcome: Mapped[str] = mapped_column(Text, default="")  # what was given, or why not, or why withdrawn
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # fulfilled, given up or withdrawn
    recorded_on: Mapped[date] = mapped_column(Date)  # the day the resident asked, at the liaison station
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[int] = mapped_column(ForeignKey("account.id"))
    division: Mapped[Division] = relationship()
    deputy: Mapped[Deputy | None] = relationship()
    notes: Mapped[list[MicroWishNote]] = relationship(order_by="MicroWishNote.id", cascade="all, delete-orphan")


class MicroWishNote(Base):
    """A dated line of a wish's history: claimed, progress, fulfilled, released …"""

    __tablename__ = "micro_wish_note"
    id: Mapped[int] = mapped_column(primary_key=True)
    wish_id: Mapped[int] = mapped_column(ForeignKey("micro_wish.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    author_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    action: Mapped[str] = mapped_column(String(14))
    text: Mapped[str] = mapped_column(Text, default="")
