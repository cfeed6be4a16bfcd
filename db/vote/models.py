"""The vote (票决): candidates, rounds, who took part, and the ballots apart from them."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    true,
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
    # The round's public key and its tellers' share checks (db.secret_ballot.tellers.RoundKeyRecord as
    # JSON), stored when it opens; nothing in it opens a ballot. NULL for a draft.
    key_record: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Set by the closing, cleared once the replaced rows are gone from storage (db.secret_ballot.rows.scrub).
    scrub_pending: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
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


class SealedBallot(Base):
    """A ballot while its round is open: its picks sealed to the round's public key (db.secret_ballot.sealing).

    Written with the participation row (same transaction), which says nothing without the key the
    tellers hold. Closing opens them all, writes `Ballot` rows in random order and deletes these.
    Stored WITHOUT ROWID on SQLite, so no rowid counts the order of casting.
    """

    __tablename__ = "sealed_ballot"
    __table_args__ = {"sqlite_with_rowid": False}
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("voting_round.id"), index=True)
    box: Mapped[bytes] = mapped_column(LargeBinary)


class Ballot(Base):
    """A counted ballot, anonymous: written by the closing with a fresh random id, in random order.

    No deputy, no time, no receipt: `valid` is False for a ballot that broke the round's rules or
    did not open (counted as cast, never as votes). Stored WITHOUT ROWID on SQLite.
    """

    __tablename__ = "ballot"
    __table_args__ = {"sqlite_with_rowid": False}
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("voting_round.id"), index=True)
    valid: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class BallotTracker(Base):
    """The tracker codes (receipts) of a round's counted ballots: which sealed ballots were counted.

    Written sorted by the closing, with no link to the `Ballot` each became: a receipt proves its
    ballot was counted, never what it held (so it cannot be sold).
    """

    __tablename__ = "ballot_tracker"
    __table_args__ = {"sqlite_with_rowid": False}
    round_id: Mapped[int] = mapped_column(ForeignKey("voting_round.id"), primary_key=True)
    tracker: Mapped[str] = mapped_column(String(16), primary_key=True)


class BallotPick(Base):
    __tablename__ = "ballot_pick"
    __table_args__ = {"sqlite_with_rowid": False}
    ballot_id: Mapped[str] = mapped_column(ForeignKey("ballot.id", ondelete="CASCADE"), primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidate.id"), primary_key=True)
