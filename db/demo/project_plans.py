"""The demo projects of a year, planned before anything is written: invented data.

Every year draws from its own random.Random, so a given `today` always gives the same demo.
Earlier years end with every target met. This year has reports up to last month, shaped so that
the schedule status (db.projects.rules) shows one project done, two lagging, two or three ahead
and the rest on schedule.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from db.core import clock
from db.demo.pool import projects as words
from db.demo.pool.project_templates import CONFIRMED_2024, DECIMAL_UNITS, POOL, Template
from db.demo.pool.reference import DIVISIONS
from db.demo.project_figures import PlannedIndicator, at_least, completion, final_values, monthly_path, nice
from db.projects import rules
from db.projects.rules import ScheduleStatus

PROJECTS_A_YEAR = 10


@dataclass(frozen=True)
class PlannedReport:
    month: date
    values: tuple[float, ...]  # cumulative, one per indicator
    funds: float  # 万元, cumulative
    narrative: str
    problems: str
    next_steps: str
    reported_at: datetime  # naive UTC, as stored


@dataclass(frozen=True)
class PlannedProject:
    year: int
    number: int
    title: str
    field: str
    description: str
    lead: str
    cooperators: tuple[str, ...]
    leader: str
    budget: float
    start: date
    end: date
    divisions: tuple[str, ...]
    indicators: tuple[PlannedIndicator, ...]
    reports: tuple[PlannedReport, ...]
    aim: str  # the schedule status the figures are shaped for (ScheduleStatus.DONE, …)


def plan_year(year: int, today: date) -> list[PlannedProject]:
    """A year's ten projects: finished if the year is over, reported up to last month if current."""
    if year > today.year:
        return []
    rng = random.Random(f"minsheng-demo-{year}")
    templates = _choose(rng, year)
    current = year == today.year
    last_month = today.month - 1 if current else 12
    aims = _aims(rng, templates) if current else [ScheduleStatus.DONE] * len(templates)
    late = _late_starters(rng, aims) if current and last_month >= 4 else set()
    order = list(range(len(templates)))
    rng.shuffle(order)
    return [
        _plan_project(rng, year, number, templates[i], aims[i], i in late, last_month, today)
        for number, i in enumerate(order, start=1)
    ]


def _choose(rng: random.Random, year: int) -> list[Template]:
    if year == 2024:
        confirmed = [t for t in POOL if t.title in CONFIRMED_2024]
        return confirmed + rng.sample([t for t in POOL if t.title not in CONFIRMED_2024], 4)
    while True:
        chosen = rng.sample(POOL, PROJECTS_A_YEAR)
        if sum(bool(t.hurdles) for t in chosen) >= 3 and sum(not t.hurdles for t in chosen) >= 2:
            return chosen


def _aims(rng: random.Random, templates: list[Template]) -> list[ScheduleStatus]:
    """One done (a service, no building works), two lagging (building works), two or three ahead."""
    aims = [ScheduleStatus.ON_SCHEDULE] * len(templates)
    builds = [i for i, t in enumerate(templates) if t.hurdles]
    services = [i for i, t in enumerate(templates) if not t.hurdles]
    for i in rng.sample(builds, 2):
        aims[i] = ScheduleStatus.LAGGING
    aims[rng.choice(services)] = ScheduleStatus.DONE
    rest = [i for i, aim in enumerate(aims) if aim == ScheduleStatus.ON_SCHEDULE]
    for i in rng.sample(rest, rng.choice((2, 3))):
        aims[i] = ScheduleStatus.AHEAD
    return aims


def _late_starters(rng: random.Random, aims: Sequence[str]) -> set[int]:
    """A couple of projects on schedule started in February or March."""
    return set(rng.sample([i for i, aim in enumerate(aims) if aim == ScheduleStatus.ON_SCHEDULE], 2))


def _plan_project(
    rng: random.Random,
    year: int,
    number: int,
    template: Template,
    aim: str,
    late: bool,
    last_month: int,
    today: date,
) -> PlannedProject:
    indicators = tuple(
        PlannedIndicator(m.name, m.unit, nice(rng.uniform(m.low, m.high), m.unit in DECIMAL_UNITS), m.weight)
        for m in template.measures
    )
    budget = nice(rng.uniform(*template.budget), False)
    start = date(year, rng.choice((2, 3)), 1) if late else date(year, 1, 1)
    end = date(year, 12, 31)
    reports: tuple[PlannedReport, ...] = ()
    if last_month:
        reports = _reports(rng, template, indicators, aim, budget, start, end, last_month, today)
    return PlannedProject(
        year=year,
        number=number,
        title=template.title,
        field=template.field,
        description=template.description,
        lead=template.lead,
        cooperators=template.cooperators,
        leader=words.LEADERS[words.LEADER_OF_FIELD[template.field]],
        budget=budget,
        start=start,
        end=end,
        divisions=template.divisions or tuple(DIVISIONS),
        indicators=indicators,
        reports=reports,
        aim=aim,
    )


def _reports(
    rng: random.Random,
    template: Template,
    indicators: tuple[PlannedIndicator, ...],
    aim: str,
    budget: float,
    start: date,
    end: date,
    last_month: int,
    today: date,
) -> tuple[PlannedReport, ...]:
    months = [date(start.year, m, 1) for m in range(1, last_month + 1)]
    first = start.month - 1  # index of the first month of work
    planned = rules.planned_share(start, end, rules.month_end(months[-1]))
    hurdle = rng.choice(template.hurdles) if template.hurdles else None
    blocked = hurdle.blocks if hurdle else 0
    if aim == ScheduleStatus.DONE:
        finals = [at_least(rng, i) for i in indicators]
        until = min(last_month, rng.randint(7, 9)) - 1 if last_month < 12 else rng.choice((9, 10, 11, 11))
    else:
        finals = final_values(rng, indicators, aim, planned, blocked)
        until = last_month - 1
    stalled = min(3, last_month - first) if aim == ScheduleStatus.LAGGING else 0
    series = [
        monthly_path(rng, final, ind.step, first, until, len(months), stalled if n == blocked else 0)
        for n, (ind, final) in enumerate(zip(indicators, finals, strict=True))
    ]
    actual = completion(indicators, finals)
    if aim == ScheduleStatus.DONE:
        spent = budget * (rng.uniform(0.95, 0.995) if last_month == 12 else rng.uniform(0.88, 0.97))
    else:
        spent = budget * min(0.97, actual * rng.uniform(0.8, 0.97))
    funds = monthly_path(rng, round(spent, 2), 0.01, first, len(months) - 1, len(months), 0)
    reports = []
    for k, month in enumerate(months):
        values = tuple(s[k] for s in series)
        problems, next_steps = "", rng.choice(words.NEXT_STEPS)
        if k < first:
            narrative = words.PREPARING_NARRATIVE.format(month=start.month)
            next_steps = words.PREPARING_NEXT_STEPS
        else:
            narrative = _narrative(month, indicators, values, funds[k], budget)
            if all(v >= i.target for v, i in zip(values, indicators, strict=True)):
                next_steps = words.DONE_NEXT_STEPS
            elif hurdle and k >= len(months) - stalled:
                problems, next_steps = hurdle.problem, hurdle.remedy + words.LAGGING_NEXT_STEPS
            elif rng.random() < 0.1:
                problems = rng.choice(words.MINOR_PROBLEMS)
        reports.append(
            PlannedReport(month, values, funds[k], narrative, problems, next_steps, _reported_at(rng, month, today))
        )
    return tuple(reports)


def _narrative(
    month: date, indicators: tuple[PlannedIndicator, ...], values: tuple[float, ...], funds: float, budget: float
) -> str:
    done = all(v >= i.target for v, i in zip(values, indicators, strict=True))
    parts = [
        words.INDICATOR_PROGRESS.format(
            name=i.name,
            value=_format(v, i.step),
            unit=i.unit,
            target=_format(i.target, i.step),
            percent=math.floor(v / i.target * 100),
        )
        for i, v in zip(indicators, values, strict=True)
    ]
    return words.NARRATIVE.format(
        opening=words.ALL_TARGETS_MET if done else "",
        month=month.month,
        indicators=words.INDICATOR_SEPARATOR.join(parts),
        funds=funds,
        percent=math.floor(funds / budget * 100),
    )


def _reported_at(rng: random.Random, month: date, today: date) -> datetime:
    """A few working days after the month ends, in office hours (China time), never after today."""
    day = rules.month_end(month) + timedelta(days=rng.randint(3, 8))
    at = clock.start_of_local_day(day) + timedelta(hours=rng.randint(9, 17), minutes=rng.randint(0, 59))
    return min(at, clock.start_of_local_day(today) + timedelta(hours=8, minutes=30))


def _format(x: float, step: float) -> str:
    return f"{x:.1f}".removesuffix(".0") if step < 1 else f"{x:.0f}"
