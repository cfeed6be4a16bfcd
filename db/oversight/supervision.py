"""Supervision (监督): activities such as the supervision week, and the findings made at them.

The office records an activity (kind, date, projects, deputies); a deputy who took part adds
findings from their phone on the spot; the office confirms a finding, which opens an item in
the rectification ledger, or dismisses it with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.core import audit, clock, rules
from db.core.actors import Actor, Role, require_office
from db.core.errors import Forbidden, Refused, found
from db.oversight import rectification
from db.oversight.models import Finding, SupervisionActivity, activity_deputy
from db.oversight.rules import ActivityKind, FindingState, Source
from db.projects.models import Project
from db.system.models import Account, Deputy

TITLE_MAX, TEXT_MAX = 100, 2000


@dataclass(frozen=True)
class FindingView:
    id: int
    activity_id: int
    project_id: int
    project: str
    seen: str
    suggestion: str
    author: str
    created_at: datetime
    state: str
    rectification_item_id: int | None


@dataclass(frozen=True)
class ActivityView:
    id: int
    kind: str
    held_on: date
    title: str
    summary: str
    projects: tuple[tuple[int, str], ...]  # (id, "3. 标题")
    deputies: tuple[tuple[int, str], ...]  # (id, name)
    findings: tuple[FindingView, ...]


@dataclass(frozen=True)
class WeekView:
    """A year's supervision week: its activities, the year's projects visited or not, findings per project."""

    activities: tuple[ActivityView, ...]
    visited: tuple[tuple[int, str], ...]
    not_visited: tuple[tuple[int, str], ...]
    findings_by_project: dict[int, int]


def record_activity(
    session: Session,
    actor: Actor,
    kind: str,
    held_on: date,
    title: str,
    summary: str,
    project_ids: list[int],
    deputy_ids: list[int],
) -> int:
    """The office records an activity that took place (not one planned for later)."""
    require_office(actor)
    if kind not in ActivityKind:
        raise Refused("supervision.kind_unknown")
    problem = rules.text_problem(title, max_length=TITLE_MAX) or rules.text_problem(
        summary, max_length=TEXT_MAX, required=False
    )
    if problem:
        raise Refused(problem)
    if held_on > clock.today():
        raise Refused("supervision.date_in_future")
    if not project_ids:
        raise Refused("supervision.projects_required")
    projects = list(session.scalars(select(Project).where(Project.id.in_(project_ids))))
    deputies = list(session.scalars(select(Deputy).where(Deputy.id.in_(deputy_ids))))
    if len(projects) != len(set(project_ids)) or len(deputies) != len(set(deputy_ids)):
        raise Refused("error.not_found")
    activity = SupervisionActivity(
        kind=kind,
        held_on=held_on,
        title=title.strip(),
        summary=summary.strip(),
        created_by=actor.id,
        created_at=clock.utcnow(),
        projects=projects,
        deputies=deputies,
    )
    session.add(activity)
    session.flush()
    audit.record(
        session,
        actor,
        "create",
        "supervision_activity",
        activity.id,
        after={
            "kind": kind,
            "held_on": held_on,
            "title": activity.title,
            "projects": sorted(project_ids),
            "deputies": sorted(deputy_ids),
        },
    )
    return activity.id


def add_finding(session: Session, actor: Actor, activity_id: int, project_id: int, seen: str, suggestion: str) -> int:
    """A finding at an activity: by a deputy who took part in it, or by the office."""
    activity = found(session.get(SupervisionActivity, activity_id))
    if not actor.is_office_staff:
        if actor.role != Role.DEPUTY or actor.deputy_id is None:
            raise Forbidden()
        took_part = select(activity_deputy.c.deputy_id).where(
            activity_deputy.c.activity_id == activity_id, activity_deputy.c.deputy_id == actor.deputy_id
        )
        if session.scalar(took_part) is None:
            raise Refused("supervision.not_participant")
    if project_id not in {p.id for p in activity.projects}:
        raise Refused("supervision.project_not_covered")
    problem = rules.text_problem(seen, max_length=TEXT_MAX) or rules.text_problem(
        suggestion, max_length=TEXT_MAX, required=False
    )
    if problem:
        raise Refused(problem)
    finding = Finding(
        activity_id=activity_id,
        project_id=project_id,
        seen=seen.strip(),
        suggestion=suggestion.strip(),
        author_id=actor.id,
        created_at=clock.utcnow(),
        state=FindingState.SUBMITTED,
    )
    session.add(finding)
    session.flush()
    audit.record(
        session,
        actor,
        "create",
        "finding",
        finding.id,
        after={"activity_id": activity_id, "project_id": project_id, "seen": finding.seen},
    )
    return finding.id


def confirm_finding(session: Session, actor: Actor, finding_id: int, deadline: date) -> int:
    """The office confirms a finding: it opens a rectification item for the project's lead department."""
    require_office(actor)
    finding = _submitted(session, finding_id)
    # What was seen is the problem; a suggestion, if any, is set beside it in the reader's language.
    item_id = rectification.open_item(
        session,
        actor,
        finding.project_id,
        finding.seen,
        deadline,
        source_kind=Source.FINDING,
        source_id=finding.id,
        problem_key="rectification.problem_finding" if finding.suggestion else None,
        problem_params={"suggestion": finding.suggestion} if finding.suggestion else None,
    )
    finding.state, finding.rectification_item_id = FindingState.CONFIRMED, item_id
    audit.record(
        session,
        actor,
        "confirm",
        "finding",
        finding_id,
        {"state": "submitted"},
        {"state": "confirmed", "rectification_item_id": item_id},
    )
    return item_id


def dismiss_finding(session: Session, actor: Actor, finding_id: int, reason: str) -> None:
    require_office(actor)
    finding = _submitted(session, finding_id)
    problem = rules.text_problem(reason, max_length=TEXT_MAX)
    if problem:
        raise Refused("rectification.reason_required" if problem == "input.required" else problem)
    finding.state = FindingState.DISMISSED
    audit.record(
        session,
        actor,
        "dismiss",
        "finding",
        finding_id,
        {"state": "submitted"},
        {"state": "dismissed", "reason": reason.strip()},
    )


def my_activities(session: Session, actor: Actor, year: int) -> list[ActivityView]:
    """The year's activities this deputy took part in, newest first."""
    if actor.role != Role.DEPUTY or actor.deputy_id is None:
        raise Forbidden()
    return _activities(session, year, actor.deputy_id)


def activities(session: Session, year: int) -> list[ActivityView]:
    """The year's activities, newest first."""
    return _activities(session, year, None)


def _activities(session: Session, year: int, deputy_id: int | None) -> list[ActivityView]:
    query = (
        select(SupervisionActivity)
        .where(SupervisionActivity.held_on.between(date(year, 1, 1), date(year, 12, 31)))
        .options(
            selectinload(SupervisionActivity.projects),
            selectinload(SupervisionActivity.deputies),
            selectinload(SupervisionActivity.findings).joinedload(Finding.project),
        )
        .order_by(SupervisionActivity.held_on.desc(), SupervisionActivity.id.desc())
    )
    if deputy_id is not None:
        query = query.join(activity_deputy).where(activity_deputy.c.deputy_id == deputy_id)
    rows = list(session.scalars(query))
    author_ids = {f.author_id for a in rows for f in a.findings}
    authors = dict(session.execute(select(Account.id, Account.display_name).where(Account.id.in_(author_ids))).all())
    return [_view(a, authors) for a in rows]


def supervision_week(session: Session, year: int) -> WeekView:
    """The year's supervision-week activities; which of the year's projects they visited."""
    week = tuple(a for a in activities(session, year) if a.kind == "week")
    projects = session.execute(
        select(Project.id, Project.number, Project.title).where(Project.year == year).order_by(Project.number)
    ).all()
    seen_ids = {pid for a in week for pid, _ in a.projects}
    labelled = [(pid, f"{number}. {title}") for pid, number, title in projects]
    counts: dict[int, int] = {}
    for activity in week:
        for finding in activity.findings:
            if finding.state != FindingState.DISMISSED:  # not taken up: no finding of the week
                counts[finding.project_id] = counts.get(finding.project_id, 0) + 1
    return WeekView(
        week,
        tuple(p for p in labelled if p[0] in seen_ids),
        tuple(p for p in labelled if p[0] not in seen_ids),
        counts,
    )


def _submitted(session: Session, finding_id: int) -> Finding:
    finding = found(session.scalar(select(Finding).where(Finding.id == finding_id).with_for_update()))
    if finding.state != FindingState.SUBMITTED:
        raise Refused("supervision.finding_handled")
    return finding


def _view(activity: SupervisionActivity, authors: dict[int, str]) -> ActivityView:
    return ActivityView(
        activity.id,
        activity.kind,
        activity.held_on,
        activity.title,
        activity.summary,
        tuple((p.id, f"{p.number}. {p.title}") for p in sorted(activity.projects, key=lambda p: p.number)),
        tuple((d.id, d.name) for d in sorted(activity.deputies, key=lambda d: d.code)),
        tuple(
            FindingView(
                f.id,
                f.activity_id,
                f.project_id,
                f"{f.project.number}. {f.project.title}",
                f.seen,
                f.suggestion,
                authors.get(f.author_id, ""),
                f.created_at,
                f.state,
                f.rectification_item_id,
            )
            for f in activity.findings
        ),
    )
