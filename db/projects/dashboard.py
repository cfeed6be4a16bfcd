"""What the leaders' dashboard adds up from a year's projects (pure: no database here)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import mean

from db.projects import rules
from db.projects.progress import ProjectProgress
from db.projects.rules import ScheduleStatus


@dataclass(frozen=True)
class Headline:
    projects: int
    completion: float  # mean of the projects' completion, 0–1
    planned: float
    lagging: int
    funds_spent: float
    budget: float
    without_report: int  # projects missing the report due for last month


@dataclass(frozen=True)
class Share:
    label: str
    completion: float
    planned: float
    projects: int


def due_month(today: date) -> date:
    """Reports for a month are due in the next one: in November, October's must be in."""
    return date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)


def headline(projects: Sequence[ProjectProgress], today: date) -> Headline:
    due = due_month(today)
    missing = [
        p
        for p in projects
        if p.start_date <= rules.month_end(due)
        and (p.latest is None or p.latest.month < min(due, p.end_date.replace(day=1)))
    ]
    return Headline(
        projects=len(projects),
        completion=mean(p.completion for p in projects) if projects else 0.0,
        planned=mean(p.planned for p in projects) if projects else 0.0,
        lagging=sum(p.status == ScheduleStatus.LAGGING for p in projects),
        funds_spent=sum(p.funds_spent for p in projects),
        budget=sum(p.budget for p in projects),
        without_report=len(missing),
    )


def trouble_first(projects: Sequence[ProjectProgress]) -> list[ProjectProgress]:
    """Lagging projects first, then not started, on schedule, ahead, done; by number within."""
    return sorted(projects, key=lambda p: (ScheduleStatus.codes().index(p.status), p.number))


def monthly_trend(projects: Sequence[ProjectProgress], today: date) -> list[Share]:
    """Mean completion and plan at each month end, a project's last report carried forward.

    Months after the one whose reports are due are left out: a month still under way would
    compare the few early reports, and everyone else's last month, with a whole month's plan.
    """
    months = sorted({m.month for p in projects for m in p.months if m.month <= due_month(today)})
    points = []
    for month in months:
        actual, planned = [], []
        for project in projects:
            reached = [m for m in project.months if m.month <= month]
            actual.append(reached[-1].completion if reached else 0.0)
            planned.append(rules.planned_share(project.start_date, project.end_date, rules.month_end(month)))
        points.append(Share(month.strftime("%Y-%m"), mean(actual), mean(planned), len(projects)))
    return points


def by_department(projects: Sequence[ProjectProgress]) -> list[Share]:
    return _grouped(projects, lambda p: [p.lead_department])


def by_division(projects: Sequence[ProjectProgress]) -> list[Share]:
    return _grouped(projects, lambda p: list(p.divisions))


def _grouped(projects: Sequence[ProjectProgress], labels_of: Callable[[ProjectProgress], list[str]]) -> list[Share]:
    groups: dict[str, list[ProjectProgress]] = defaultdict(list)
    for project in projects:
        for label in labels_of(project):
            groups[label].append(project)
    return [
        Share(label, mean(p.completion for p in group), mean(p.planned for p in group), len(group))
        for label, group in groups.items()
    ]
