"""Typed tables. Constraints that protect data live here, so the database enforces them too."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
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
    )
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    session_name: Mapped[str] = mapped_column(String(60))
    places: Mapped[int] = mapped_column(Integer, default=10)
    threshold_rule: Mapped[str] = mapped_column(String(20), default="electorate_half")


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
