"""Monthly progress reports: who may report, what a report must satisfy, and saving it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.core import audit, bounds, rules
from db.core.actors import Actor
from db.core.bounds import Quantity
from db.core.clock import today as local_today
from db.core.clock import utcnow
from db.core.errors import Forbidden, Refused, found
from db.projects.models import ProgressReport, Project, ReportValue

MAX_TEXT = 2000
TEXT_FIELDS = ("narrative", "problems", "next_steps", "explanation")


@dataclass(frozen=True)
class ReportInput:
    values: dict[int, object]  # indicator id -> what was entered (a number, or a cell's text)
    funds_spent: object
    narrative: str = ""
    problems: str = ""
    next_steps: str = ""
    explanation: str = ""  # needed when funds exceed the budget or a value falls


@dataclass(frozen=True)
class IndicatorLine:
    id: int
    name: str
    unit: str
    target: float
    previous: float | None  # last month's cumulative value
    current: float | None  # this month's, when the report is being corrected


@dataclass(frozen=True)
class ReportDraft:
    """What the report form shows: the project, last month's figures and any saved report."""

    project_id: int
    year: int
    number: int
    title: str
    budget: float
    month: date
    indicators: tuple[IndicatorLine, ...]
    previous_funds: float | None
    saved: dict[str, str] | None  # the texts and funds of this month's report, when it exists
    saved_funds: float | None = None


@dataclass(frozen=True)
class Problem:
    where: str  # "month", "funds_spent", a text field, or "indicator:<id>"
    reason: str  # catalogue key
    params: dict[str, Any] = field(default_factory=dict)


def reportable_projects(session: Session, actor: Actor, year: int) -> list[tuple[int, int, str]]:
    """(id, number, title) of the year's projects this person may report on."""
    if actor.role not in ("staff", "admin"):
        return []
    query = select(Project.id, Project.number, Project.title).where(Project.year == year)
    if not actor.is_office_staff:
        query = query.where(Project.lead_department_id == actor.department_id)
    return [(i, n, t) for i, n, t in session.execute(query.order_by(Project.number))]


def draft(session: Session, actor: Actor, project_id: int, month: date) -> ReportDraft:
    month = month.replace(day=1)
    project = _project(session, project_id)
    _require_reporter(actor, project)
    reports = {
        r.month: r
        for r in session.scalars(
            select(ProgressReport)
            .where(ProgressReport.project_id == project_id, ProgressReport.month <= month)
            .options(selectinload(ProgressReport.values))
        )
    }
    earlier = [m for m in reports if m < month]
    previous = reports[max(earlier)] if earlier else None
    saved = reports.get(month)
    previous_values = {v.indicator_id: float(v.value) for v in previous.values} if previous else {}
    saved_values = {v.indicator_id: float(v.value) for v in saved.values} if saved else {}
    return ReportDraft(
        project.id,
        project.year,
        project.number,
        project.title,
        float(project.budget),
        month,
        tuple(
            IndicatorLine(i.id, i.name, i.unit, float(i.target), previous_values.get(i.id), saved_values.get(i.id))
            for i in project.indicators
        ),
        float(previous.funds_spent) if previous else None,
        {f: getattr(saved, f) for f in TEXT_FIELDS} if saved else None,
        float(saved.funds_spent) if saved else None,
    )


def check(report: ReportDraft, data: ReportInput, today: date) -> list[Problem]:
    """Every problem with a report, in form order; an empty list means it may be saved."""
    problems: list[Problem] = []
    if report.month.year != report.year:
        problems.append(Problem("month", "progress.month_outside_year", {"year": report.year}))
    elif report.month > today.replace(day=1):
        problems.append(Problem("month", "progress.month_in_future"))
    explained = bool(data.explanation.strip())
    for line in report.indicators:
        raw, where = data.values.get(line.id), f"indicator:{line.id}"
        bad = bounds.problem(
            Quantity.INDICATOR,
            raw,
            not_a_number="progress.not_a_number",
            below="progress.negative",
            what=line.name,
            name=line.name,
        )
        if bad is not None:
            problems.append(Problem(where, bad.reason, bad.params))
        elif (
            line.previous is not None and float(bounds.value(Quantity.INDICATOR, raw)) < line.previous and not explained
        ):
            problems.append(Problem(where, "progress.value_fell", {"name": line.name, "previous": line.previous}))
    bad = bounds.problem(
        Quantity.MONEY, data.funds_spent, not_a_number="progress.funds_not_a_number", below="progress.funds_negative"
    )
    if bad is not None:
        problems.append(Problem("funds_spent", bad.reason, bad.params))
    elif float(bounds.value(Quantity.MONEY, data.funds_spent)) > report.budget and not explained:
        problems.append(Problem("funds_spent", "progress.funds_over_budget", {"budget": report.budget}))
    for name in TEXT_FIELDS:
        if rules.text_problem(getattr(data, name), max_length=MAX_TEXT, required=False):
            problems.append(Problem(name, "progress.text_too_long", {"max": MAX_TEXT}))
    return problems


def save_report(
    session: Session, actor: Actor, project_id: int, month: date, data: ReportInput, today: date | None = None
) -> None:
    """Create or correct the report of one project and month; refuses with the first problem."""
    report = draft(session, actor, project_id, month)
    problems = check(report, data, today or local_today())
    if problems:
        refused = Refused(problems[0].reason, **problems[0].params)
        refused.more = [(p.reason, p.params) for p in problems[1:]]
        raise refused
    write(session, actor, report, data)


def write(session: Session, actor: Actor, report: ReportDraft, data: ReportInput, now: datetime | None = None) -> None:
    """Store a checked report; an existing one is corrected and the audit keeps before → after."""
    row = session.scalar(
        select(ProgressReport)
        .where(ProgressReport.project_id == report.project_id, ProgressReport.month == report.month)
        .options(selectinload(ProgressReport.values))
    )
    names = {line.id: line.name for line in report.indicators}
    before = _snapshot(row, names) if row else None
    if before is not None and before == _intended(report, data, names):
        return  # the same figures and texts again (a re-uploaded workbook): nothing changes
    if row is None:
        row = ProgressReport(project_id=report.project_id, month=report.month)
        session.add(row)
    row.funds_spent = bounds.value(Quantity.MONEY, data.funds_spent)
    for name in TEXT_FIELDS:
        setattr(row, name, getattr(data, name).strip())
    row.reporter_id, row.reported_at = actor.id, now or utcnow()
    existing = {v.indicator_id: v for v in row.values}
    for indicator_id in names:
        value = bounds.value(Quantity.INDICATOR, data.values[indicator_id])
        if indicator_id in existing:
            existing[indicator_id].value = value
        else:
            row.values.append(ReportValue(indicator_id=indicator_id, value=value))
    session.flush()
    action = "update" if before else "create"
    audit.record(session, actor, action, "progress_report", row.id, before, _snapshot(row, names))


def _intended(report: ReportDraft, data: ReportInput, names: dict[int, str]) -> dict[str, Any]:
    """What _snapshot() would give once `data` is stored."""
    return {
        "month": report.month.strftime("%Y-%m"),
        "funds_spent": float(bounds.value(Quantity.MONEY, data.funds_spent)),
        **{name: getattr(data, name).strip() for name in TEXT_FIELDS},
        "values": {names[i]: float(bounds.value(Quantity.INDICATOR, data.values[i])) for i in names},
    }


def _snapshot(row: ProgressReport, names: dict[int, str]) -> dict[str, Any]:
    return {
        "month": row.month.strftime("%Y-%m"),
        "funds_spent": float(row.funds_spent),
        **{name: getattr(row, name) for name in TEXT_FIELDS},
        "values": {names.get(v.indicator_id, str(v.indicator_id)): float(v.value) for v in row.values},
    }


def _project(session: Session, project_id: int) -> Project:
    return found(session.get(Project, project_id, options=[selectinload(Project.indicators)]))


def _require_reporter(actor: Actor, project: Project) -> None:
    """Office staff and admins report on every project; a department's staff on its own only."""
    if actor.role not in ("staff", "admin"):
        raise Forbidden()
    if not actor.is_office_staff and actor.department_id != project.lead_department_id:
        raise Refused("progress.not_your_project")
