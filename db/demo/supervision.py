"""Demo supervision (监督): the year's inspections (视察) and unannounced visits (暗访), then the
September supervision week's group visits (监督周), each with deputies' findings.

Earlier findings were all handled; the week's are part confirmed, part dismissed, part still
waiting. Each confirmed finding opens a rectification item.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from db.core import clock
from db.demo.pool import supervision as words
from db.demo.pool.people import DEMO_DEPUTY
from db.demo.pool.reference import CITY_LEVEL, LIST_SEPARATOR, QUOTATION_MARKS, QUOTED
from db.demo.rectification import PlannedItem
from db.demo.timing import office_hours, weekday
from db.oversight.models import Finding, SupervisionActivity
from db.projects.models import Project
from db.system.models import Deputy

WEEK_ACTIVITIES = (4, 6)
WEEK_FINDINGS = (2, 4)  # per group visit
EARLIER_FINDINGS = (2, 3)
PROJECTS_PER_ACTIVITY = (2, 4)
DEPUTIES_PER_ACTIVITY = (3, 8)


def activities(
    session: Session,
    rng: random.Random,
    week: list[date],
    projects: list[Project],
    deputies: list[Deputy],
    account_of: dict[int | None, int],
    office: int,
    end: datetime,
) -> list[PlannedItem]:
    """The year's earlier inspections and unannounced visits, then the supervision week's group visits."""
    year = week[0].year
    demo_deputy = next((d for d in deputies if d.code == DEMO_DEPUTY), None)
    divisions = sorted({d.division for d in deputies}, key=lambda d: d.sort_order)
    groups = rng.sample(divisions, rng.randint(*WEEK_ACTIVITIES))
    groups.sort(key=lambda d: d.sort_order)
    if demo_deputy is not None and demo_deputy.division not in groups:
        groups[rng.randrange(len(groups))] = demo_deputy.division  # the demo deputy's group visits too
        groups.sort(key=lambda d: d.sort_order)
    committee = [d for d in deputies if d.standing_committee]

    earlier = [
        ("inspection", weekday(date(year, 4, rng.randint(8, 28))), committee),
        ("inspection", weekday(date(year, 6, rng.randint(3, 26))), committee),
        ("unannounced", weekday(date(year, 7, rng.randint(6, 24))), deputies),
    ]
    planned: list[tuple[SupervisionActivity, list[Finding], bool]] = []
    for kind, held_on, pool in earlier:
        visited = rng.sample(projects, rng.randint(*PROJECTS_PER_ACTIVITY))
        people = rng.sample(pool, rng.randint(*DEPUTIES_PER_ACTIVITY))
        activity = _activity(rng, kind, held_on, visited, people, office)
        planned.append((activity, _findings(rng, activity, account_of, office, EARLIER_FINDINGS), False))
    for n, division in enumerate(groups):
        held_on = week[min(n * len(week) // len(groups), len(week) - 1)]
        local = [p for p in projects if division in p.divisions] or projects
        visited = rng.sample(local, min(len(local), rng.randint(*PROJECTS_PER_ACTIVITY)))
        own = [d for d in deputies if d.division_id == division.id]
        people = rng.sample(own, min(len(own), rng.randint(*DEPUTIES_PER_ACTIVITY)))
        if demo_deputy is not None and division is demo_deputy.division and demo_deputy not in people:
            people[0] = demo_deputy
        activity = _activity(rng, "week", held_on, visited, people, office, group=division.name)
        planned.append((activity, _findings(rng, activity, account_of, office, WEEK_FINDINGS), True))

    # Earlier findings were all handled; the week's are part confirmed, part dismissed, part still waiting.
    week_findings = [f for _, findings, in_week in planned if in_week for f in findings]
    earlier_findings = [f for _, findings, in_week in planned if not in_week for f in findings]
    _label(rng, earlier_findings, confirmed=len(earlier_findings) - 1, dismissed=1)
    confirmed = round(len(week_findings) * 0.5)
    dismissed = max(1, round(len(week_findings) * 0.15))
    _label(rng, week_findings, confirmed=confirmed, dismissed=dismissed)

    for activity, findings, _ in planned:
        activity.summary = _summary(activity, len(findings))
        activity.findings = findings
    session.add_all([activity for activity, _, _ in planned])
    session.flush()

    items = []
    for finding in earlier_findings + week_findings:
        if finding.state != "confirmed":
            continue
        confirmed_at = office_hours(
            rng, finding.created_at + timedelta(days=rng.randint(1, 6)), finding.created_at, end
        )
        item = PlannedItem(finding.project, finding.seen, "finding", confirmed_at, finding, finding)
        if finding.suggestion:
            item.problem_key, item.problem_params = "rectification.problem_finding", {"suggestion": finding.suggestion}
        items.append(item)
    return items


def _activity(
    rng: random.Random,
    kind: str,
    held_on: date,
    projects: list[Project],
    deputies: list[Deputy],
    office: int,
    group: str = "",
) -> SupervisionActivity:
    projects = sorted(projects, key=lambda p: p.number)
    first = _quoted(projects[0].title)
    if len(projects) > 1:
        first = words.MORE_PROJECTS.format(first=first, count=len(projects))
    title = words.ACTIVITY_TITLES[kind].format(group=words.CITY_GROUP if group == CITY_LEVEL else group, projects=first)
    recorded = clock.start_of_local_day(held_on) + timedelta(hours=rng.uniform(7.5, 8.5))  # before the visit
    return SupervisionActivity(
        kind=kind,
        held_on=held_on,
        title=title[:100],
        summary="",
        created_by=office,
        created_at=recorded,
        projects=projects,
        deputies=sorted(deputies, key=lambda d: d.id),
    )


def _summary(activity: SupervisionActivity, findings: int) -> str:
    return words.ACTIVITY_SUMMARIES[activity.kind].format(
        day=words.ACTIVITY_DAY.format(month=activity.held_on.month, day=activity.held_on.day),
        people=len(activity.deputies),
        projects=LIST_SEPARATOR.join(_quoted(p.title) for p in activity.projects),
        departments=LIST_SEPARATOR.join(dict.fromkeys(p.lead_department.name for p in activity.projects)),
        findings=findings,
    )


def _findings(
    rng: random.Random,
    activity: SupervisionActivity,
    account_of: dict[int | None, int],
    office: int,
    count: tuple[int, int],
) -> list[Finding]:
    used: set[str] = set()
    findings = []
    for n in range(rng.randint(*count)):
        project = activity.projects[n % len(activity.projects)]
        bank = [f for f in words.FINDINGS.get(project.field, ()) if f[0] not in used]
        bank = bank or [f for f in words.GENERAL_FINDINGS if f[0] not in used]
        seen, suggestion = rng.choice(bank)
        used.add(seen)
        by_office = (activity.kind == "unannounced" and n == 0) or rng.random() < 0.15
        author = office if by_office else account_of[rng.choice(activity.deputies).id]
        at = clock.start_of_local_day(activity.held_on) + timedelta(hours=rng.uniform(9, 16.5))
        findings.append(Finding(project=project, seen=seen, suggestion=suggestion, author_id=author, created_at=at))
    return findings


def _label(rng: random.Random, findings: list[Finding], *, confirmed: int, dismissed: int) -> None:
    states = ["confirmed"] * confirmed + ["dismissed"] * dismissed
    states += ["submitted"] * (len(findings) - len(states))
    rng.shuffle(states)
    for finding, state in zip(findings, states, strict=True):
        finding.state = state


def _quoted(title: str) -> str:
    """A project's title in quotation marks, unless it holds some of its own."""
    return title if any(mark in title for mark in QUOTATION_MARKS) else QUOTED.format(title=title)
