"""The ten projects: projects, their indicators, monthly progress reports."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
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
from db.system.models import Department, Division


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
