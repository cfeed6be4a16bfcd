"""Reference data and accounts: divisions, departments, deputies, accounts, years."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.core.actors import Role
from db.core.models import Base
from db.system.rules import SecurityEventKind
from db.vote.rules import ThresholdRule


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
        CheckConstraint(Role.check("role"), name="role_known"),
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


class SecurityEvent(Base):
    """The security log: every sign-in, failed attempt and throttled attempt, with the client address.

    Append-only, apart from the audit log: it is written on every attempt (also by strangers), so
    it bumps no data version. The throttle counts its rows (db/system/security.py).
    """

    __tablename__ = "security_event"
    __table_args__ = (
        CheckConstraint(SecurityEventKind.check("kind"), name="kind_known"),
        Index("ix_security_event_username_at", "username", "at"),
        Index("ix_security_event_client_at", "client", "at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    kind: Mapped[str] = mapped_column(String(12))
    # As typed (trimmed, lower case, cut to 32): an unknown username is logged like a known one.
    username: Mapped[str] = mapped_column(String(32))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    client: Mapped[str] = mapped_column(String(64))
    wait_seconds: Mapped[int | None] = mapped_column(Integer)  # a throttled attempt: how long it must wait


class Year(Base):
    """One yearly cycle, named after its plenary session."""

    __tablename__ = "year"
    __table_args__ = (
        CheckConstraint("places BETWEEN 1 AND 50", name="places_range"),
        CheckConstraint(ThresholdRule.check("threshold_rule"), name="threshold_rule_known"),
        CheckConstraint("schedule_tolerance BETWEEN 0 AND 50", name="tolerance_range"),
    )
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    session_name: Mapped[str] = mapped_column(String(60))
    places: Mapped[int] = mapped_column(Integer, default=10)
    threshold_rule: Mapped[str] = mapped_column(String(20), default=ThresholdRule.ELECTORATE_HALF)
    # Percentage points a project may trail or lead the straight-line plan and still be 序时推进.
    schedule_tolerance: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(5), server_default="5")
