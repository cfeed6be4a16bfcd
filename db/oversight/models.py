"""Oversight: supervision activities and findings, look-back reviews, the rectification ledger."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.core.models import Base
from db.oversight.rules import ActivityKind, AspectRating, FindingState, RectificationState, ReviewAspect, Source
from db.projects.models import Project
from db.system.models import Department, Deputy


class RectificationItem(Base):
    """A problem found (at an inspection, a look-back review, a survey) and tracked until fixed."""

    __tablename__ = "rectification_item"
    __table_args__ = (
        CheckConstraint(RectificationState.check("state"), name="state_known"),
        CheckConstraint(Source.check("source_kind"), name="source_known"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)  # responsible
    problem: Mapped[str] = mapped_column(Text)  # as a person wrote it (empty when a rule's wording says it all)
    # An item a rule opens records the rule's wording as a catalogue key and its parameters (codes and
    # figures), so the ledger shows it in each reader's language; None: the problem is only as written.
    problem_key: Mapped[str | None] = mapped_column(String(60), nullable=True)
    problem_params: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    source_kind: Mapped[str] = mapped_column(String(10))
    source_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the finding, review or survey round
    deadline: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(12), default=RectificationState.OPEN, index=True)
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
    __table_args__ = (CheckConstraint(ActivityKind.check("kind"), name="kind_known"),)
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
    __table_args__ = (CheckConstraint(FindingState.check("state"), name="state_known"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("supervision_activity.id"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    seen: Mapped[str] = mapped_column(Text)
    suggestion: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    state: Mapped[str] = mapped_column(String(10), default=FindingState.SUBMITTED)
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
        CheckConstraint(ReviewAspect.check("aspect"), name="aspect_known"),
        CheckConstraint(AspectRating.check("rating"), name="rating_known"),
    )
    review_id: Mapped[int] = mapped_column(ForeignKey("lookback_review.id", ondelete="CASCADE"), primary_key=True)
    aspect: Mapped[str] = mapped_column(String(12), primary_key=True)
    rating: Mapped[str] = mapped_column(String(5))
    notes: Mapped[str] = mapped_column(Text, default="")
    rectification_item_id: Mapped[int | None] = mapped_column(ForeignKey("rectification_item.id"), nullable=True)
