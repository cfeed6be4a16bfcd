"""Reading a year's projects with their progress: everything the lists, pages and dashboard show.

One year is loaded in a handful of queries and turned into frozen dataclasses (safe to cache);
the status of each project is computed by db.rules, never stored.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.projects import rules
from db.projects.models import Indicator, ProgressReport, Project, ReportValue
from db.projects.rules import IndicatorFigures
from db.system.models import Account, Year


@dataclass(frozen=True)
class IndicatorState:
    id: int
    name: str
    unit: str
    target: float
    weight: float
    value: float | None  # cumulative, from the latest report

    @property
    def share(self) -> float:
        return rules.indicator_share(self.target, self.value)


@dataclass(frozen=True)
class MonthPoint:
    month: date
    completion: float
    planned: float
    funds_spent: float


@dataclass(frozen=True)
class ReportEntry:
    month: date
    funds_spent: float
    narrative: str
    problems: str
    next_steps: str
    explanation: str
    reporter: str
    reported_at: datetime
    values: dict[int, float]  # indicator id -> cumulative value


@dataclass(frozen=True)
class ProjectProgress:
    id: int
    year: int
    number: int
    title: str
    field: str
    description: str
    lead_department_id: int
    lead_department: str
    cooperators: tuple[str, ...]
    responsible_leader: str
    budget: float
    start_date: date
    end_date: date
    divisions: tuple[str, ...]
    indicators: tuple[IndicatorState, ...]
    months: tuple[MonthPoint, ...]  # oldest first
    reports: tuple[ReportEntry, ...]  # newest first
    completion: float
    planned: float
    status: str
    carried_from_id: int | None = None  # the earlier year's project this one continues (续建)

    @property
    def latest(self) -> ReportEntry | None:
        return self.reports[0] if self.reports else None

    @property
    def funds_spent(self) -> float:
        return self.reports[0].funds_spent if self.reports else 0.0

    @property
    def spent_share(self) -> float:
        return self.funds_spent / self.budget if self.budget > 0 else 0.0


def year_progress(
    session: Session, year: int, today: date, *, reported_through: date | None = None
) -> list[ProjectProgress]:
    """The year's projects in number order, each with its indicators, reports and status.

    `reported_through`: only the reports of months up to that day's count (a report as of a past
    day); without it every report does, as none is ever made for a month after today.
    """
    tolerance = float(session.scalar(select(Year.schedule_tolerance).where(Year.year == year)) or 5)
    projects = session.scalars(
        select(Project)
        .where(Project.year == year)
        .order_by(Project.number)
        .options(
            selectinload(Project.lead_department),
            selectinload(Project.cooperators),
            selectinload(Project.divisions),
            selectinload(Project.indicators),
        )
    ).all()
    reports = _reports(session, [p.id for p in projects], reported_through)
    return [_progress(p, reports.get(p.id, []), today, tolerance) for p in projects]


def _reports(session: Session, project_ids: list[int], through: date | None) -> dict[int, list[ReportEntry]]:
    if not project_ids:
        return {}
    query = (
        select(ProgressReport, Account.display_name)
        .join(Account, Account.id == ProgressReport.reporter_id)
        .where(ProgressReport.project_id.in_(project_ids))
        .order_by(ProgressReport.month.desc())
    )
    if through is not None:
        query = query.where(ProgressReport.month <= through.replace(day=1))
    rows = session.execute(query).all()
    values: dict[int, dict[int, float]] = defaultdict(dict)
    for value in session.scalars(select(ReportValue).where(ReportValue.report_id.in_([r.id for r, _ in rows]))):
        values[value.report_id][value.indicator_id] = float(value.value)
    found: dict[int, list[ReportEntry]] = defaultdict(list)
    for report, reporter in rows:
        found[report.project_id].append(
            ReportEntry(
                report.month,
                float(report.funds_spent),
                report.narrative,
                report.problems,
                report.next_steps,
                report.explanation,
                reporter,
                report.reported_at,
                values[report.id],
            )
        )
    return found


def _progress(project: Project, reports: list[ReportEntry], today: date, tolerance: float) -> ProjectProgress:
    indicators = project.indicators
    months = tuple(
        MonthPoint(
            report.month,
            rules.completion(_figures(indicators, report.values)),
            rules.planned_share(project.start_date, project.end_date, min(rules.month_end(report.month), today)),
            report.funds_spent,
        )
        for report in reversed(reports)
    )
    latest = reports[0] if reports else None
    # Planned share as of the end of the month last reported on (or today, for the month under
    # way): a report cannot be judged against days it does not cover. With no report, today.
    as_of = min(rules.month_end(latest.month), today) if latest else min(today, project.end_date)
    actual = months[-1].completion if months else 0.0
    planned = rules.planned_share(project.start_date, project.end_date, as_of)
    return ProjectProgress(
        id=project.id,
        year=project.year,
        number=project.number,
        title=project.title,
        field=project.field,
        description=project.description,
        lead_department_id=project.lead_department_id,
        lead_department=project.lead_department.name,
        carried_from_id=project.carried_from_id,
        cooperators=tuple(d.name for d in project.cooperators),
        responsible_leader=project.responsible_leader,
        budget=float(project.budget),
        start_date=project.start_date,
        end_date=project.end_date,
        divisions=tuple(d.name for d in sorted(project.divisions, key=lambda d: d.sort_order)),
        indicators=tuple(
            IndicatorState(
                i.id,
                i.name,
                i.unit,
                float(i.target),
                float(i.weight),
                latest.values.get(i.id) if latest else None,
            )
            for i in indicators
        ),
        months=months,
        reports=tuple(reports),
        completion=actual,
        planned=planned,
        status=rules.schedule_status(actual, planned, reported=latest is not None, tolerance_points=tolerance),
    )


def _figures(indicators: list[Indicator], values: dict[int, float]) -> list[IndicatorFigures]:
    return [IndicatorFigures(float(i.target), float(i.weight), values.get(i.id)) for i in indicators]


def project_year(session: Session, project_id: int) -> int | None:
    return session.scalar(select(Project.year).where(Project.id == project_id))


def continuations(session: Session, project_ids: list[int]) -> dict[int, tuple[int, str]]:
    """For each of these projects continued in a later year (续建): (that project's id, its label)."""
    rows = session.execute(
        select(Project.carried_from_id, Project.id, Project.year, Project.number, Project.title).where(
            Project.carried_from_id.in_(project_ids)
        )
    )
    return {earlier: (pid, f"{year} · {number}. {title}") for earlier, pid, year, number, title in rows if earlier}


def label(session: Session, project_id: int) -> str | None:
    row = session.execute(select(Project.year, Project.number, Project.title).where(Project.id == project_id)).first()
    return f"{row.year} · {row.number}. {row.title}" if row else None
