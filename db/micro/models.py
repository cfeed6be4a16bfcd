"""Micro items (微实事) and micro wishes (微心愿): items, notes, attachments, funds, wishes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.core.models import Base
from db.micro.rules import AttachmentKind, Fund, MicroRating, MicroState
from db.micro.wish_rules import WishCategory, WishState
from db.system.models import Department, Deputy, Division


class MicroItem(Base):
    """A small local fix a deputy proposed (微实事): where, for whom, what it costs, and its way to acceptance."""

    __tablename__ = "micro_item"
    __table_args__ = (
        CheckConstraint(
            MicroState.check("state"),
            name="state_known",
        ),
        CheckConstraint(Fund.check("fund", nullable=True), name="fund_known"),
        CheckConstraint(MicroRating.check("rating", nullable=True), name="rating_known"),
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
    state: Mapped[str] = mapped_column(String(12), default=MicroState.PROPOSED, index=True)
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
        CheckConstraint(AttachmentKind.check("kind"), name="kind_known"),
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


class MicroWish(Base):
    """A resident's small wish, recorded at a liaison station, claimed by one deputy, fulfilled or explained.

    `resident` is personal data: shown to the office and the claiming deputy only (see db.wishes).
    """

    __tablename__ = "micro_wish"
    __table_args__ = (
        CheckConstraint(WishState.check("state"), name="state_known"),
        CheckConstraint(WishCategory.check("category"), name="category_known"),
        CheckConstraint("estimated_value BETWEEN 0 AND 20000", name="value_range"),
        CheckConstraint(
            f"{WishState.check('state', among=(WishState.OPEN, WishState.WITHDRAWN))} OR deputy_id IS NOT NULL",
            name="claimed_by_deputy",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    wish: Mapped[str] = mapped_column(Text)
    resident: Mapped[str] = mapped_column(String(40))
    division_id: Mapped[int] = mapped_column(ForeignKey("division.id"), index=True)
    category: Mapped[str] = mapped_column(String(12))
    estimated_value: Mapped[int] = mapped_column(Integer)  # 元
    state: Mapped[str] = mapped_column(String(14), default=WishState.OPEN, index=True)
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
