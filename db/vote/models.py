"""The vote (票决): candidates, rounds, who took part, and the ballots apart from them."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.core.models import Base
from db.system.models import Department
from db.vote.rules import DEFAULT_TURNOUT_FLOOR, RoundState, ThresholdRule


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
        CheckConstraint(RoundState.check("state"), name="state_known"),
        CheckConstraint("places BETWEEN 1 AND 50", name="places_range"),
        CheckConstraint("max_picks >= 1", name="max_picks_positive"),
        CheckConstraint(ThresholdRule.check("threshold_rule"), name="threshold_rule_known"),
        CheckConstraint("turnout_floor BETWEEN 0 AND 99", name="turnout_floor_range"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(ForeignKey("year.year"), index=True)
    state: Mapped[str] = mapped_column(String(10), default=RoundState.DRAFT)
    places: Mapped[int] = mapped_column(Integer, default=10)
    max_picks: Mapped[int] = mapped_column(Integer, default=10)
    threshold_rule: Mapped[str] = mapped_column(String(20), default=ThresholdRule.ELECTORATE_HALF)
    # percent of the electorate that must be exceeded for the turnout to count as reached
    turnout_floor: Mapped[int] = mapped_column(Integer, default=DEFAULT_TURNOUT_FLOOR, server_default="50")


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
