"""The rectification ledger (整改): every problem found, from any source, until it is verified fixed.

The office opens items (or a rule does, e.g. a failed satisfaction grade); the responsible
department's staff work them and say what they did; only the office verifies, sends back or
rejects. Every move follows `rules.RECTIFICATION_MOVES`, leaves a dated note and is audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from db.core import audit, clock
from db.core import rules as core_rules
from db.core.actors import Actor, Role, require_office
from db.core.errors import Forbidden, Refused, found
from db.oversight import rules
from db.oversight.models import RectificationItem, RectificationNote
from db.oversight.rules import RectificationState, Source
from db.projects.models import Project
from db.system.models import Account, Department

DEFAULT_DEADLINE = timedelta(days=60)  # offered when an item is opened; the office may change it
PROBLEM_MAX, NOTE_MAX = 5000, 2000  # a finding's 2,000 characters seen and 2,000 suggested fit whole


@dataclass(frozen=True)
class NoteView:
    at: datetime
    author: str
    state_after: str
    text: str


@dataclass(frozen=True)
class ItemView:
    id: int
    project_id: int
    project: str  # "2025 · 3. 新建和改扩建公办幼儿园"
    year: int
    department_id: int
    department: str
    problem: str
    source_kind: str
    source_id: int | None
    deadline: date
    state: str
    evidence: str
    created_at: datetime
    overdue: bool
    notes: tuple[NoteView, ...]
    problem_key: str | None = None  # the wording of the rule that opened it, with problem_params
    problem_params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LedgerFilter:
    year: int | None = None
    department_id: int | None = None
    states: tuple[str, ...] = ()
    overdue_only: bool = False


def open_item(
    session: Session,
    actor: Actor | None,
    project_id: int,
    problem: str,
    deadline: date,
    *,
    source_kind: str = "other",
    source_id: int | None = None,
    department_id: int | None = None,
    problem_key: str | None = None,
    problem_params: Mapping[str, Any] | None = None,
) -> int:
    """A new item, owned by the project's lead department unless another is named.

    `actor` None is a rule opening it (a satisfaction round closing below its threshold). A rule
    gives its wording as `problem_key` (a catalogue key) and `problem_params` (codes and figures,
    JSON), with `problem` what a person wrote, if anything: db stores no words of its own.
    """
    if actor is not None:
        require_office(actor)
    project = found(session.get(Project, project_id))
    department = found(session.get(Department, department_id or project.lead_department_id))
    text_problem = core_rules.text_problem(problem, max_length=PROBLEM_MAX, required=problem_key is None)
    if text_problem:
        raise Refused(text_problem)
    if source_kind not in Source:
        raise Refused("rectification.source_unknown")
    now = clock.utcnow()
    if deadline < clock.today():
        raise Refused("rectification.deadline_past")
    item = RectificationItem(
        project_id=project.id,
        department_id=department.id,
        problem=problem.strip(),
        problem_key=problem_key,
        problem_params=dict(problem_params or {}) if problem_key else None,
        source_kind=source_kind,
        source_id=source_id,
        deadline=deadline,
        state=RectificationState.OPEN,
        created_at=now,
        created_by=actor.id if actor else None,
    )
    session.add(item)
    session.flush()
    audit.record(session, actor, "create", "rectification_item", item.id, after=_snapshot(item))
    return item.id


def move(session: Session, actor: Actor, item_id: int, target: str, note: str = "", evidence: str = "") -> str:
    """Move an item to `target` as the rules allow this person; returns the new state."""
    item = found(session.scalar(select(RectificationItem).where(RectificationItem.id == item_id).with_for_update()))
    problem = rules.rectification_move_problem(
        item.state, target, _acting_as(actor, item.department_id), note, evidence
    )
    problem = problem or core_rules.text_problem(note, max_length=NOTE_MAX, required=False)
    problem = problem or core_rules.text_problem(evidence, max_length=NOTE_MAX, required=False)
    if problem:
        raise Refused(problem)
    before, now = _snapshot(item), clock.utcnow()
    item.state = target
    if evidence.strip():
        item.evidence = evidence.strip()
    if target in (RectificationState.VERIFIED, RectificationState.REJECTED):
        item.closed_by, item.closed_at = actor.id, now
    item.notes.append(RectificationNote(at=now, author_id=actor.id, state_after=target, text=note.strip()))
    session.flush()
    audit.record(session, actor, target, "rectification_item", item_id, before, _snapshot(item))
    return target


def ledger(session: Session, actor: Actor, chosen: LedgerFilter, today: date) -> list[ItemView]:
    """Items as chosen, overdue first, then by deadline; a department's staff read their own items only."""
    chosen = _in_scope(actor, chosen)
    query = select(RectificationItem).options(
        joinedload(RectificationItem.project), joinedload(RectificationItem.department)
    )
    if chosen.year is not None:
        query = query.join(Project).where(Project.year == chosen.year)
    if chosen.department_id is not None:
        query = query.where(RectificationItem.department_id == chosen.department_id)
    if chosen.states:
        query = query.where(RectificationItem.state.in_(chosen.states))
    if chosen.overdue_only:
        query = query.where(
            RectificationItem.state.in_((RectificationState.OPEN, RectificationState.IN_PROGRESS)),
            RectificationItem.deadline < today,
        )
    items = list(session.scalars(query))
    authors = _authors(session, items)
    views = [_view(item, today, authors) for item in items]
    return sorted(views, key=lambda v: (not v.overdue, v.deadline, v.id))


def open_counts(session: Session, today: date, year: int | None = None) -> tuple[int, int]:
    """(Items not yet verified or rejected, of which overdue) — for the leaders' dashboard."""
    unfinished = (RectificationState.OPEN, RectificationState.IN_PROGRESS, RectificationState.RECTIFIED)
    query = select(RectificationItem.state, RectificationItem.deadline).where(RectificationItem.state.in_(unfinished))
    if year is not None:
        query = query.join(Project).where(Project.year == year)
    rows = session.execute(query).all()
    return len(rows), sum(rules.is_overdue(state, deadline, today) for state, deadline in rows)


def moves_for(actor: Actor, item: ItemView) -> list[str]:
    """The states this person may move the item to now (for the buttons a page offers)."""
    acting_as = _acting_as(actor, item.department_id)
    return [to for (state, to), who in rules.RECTIFICATION_MOVES.items() if state == item.state and who == acting_as]


def _in_scope(actor: Actor, chosen: LedgerFilter) -> LedgerFilter:
    """Leaders and the office read the whole ledger; a department's staff only their department's part."""
    if actor.role == Role.LEADER or actor.is_office_staff:
        return chosen
    if actor.role == Role.STAFF and actor.department_id is not None:
        if chosen.department_id not in (None, actor.department_id):
            raise Forbidden()
        return replace(chosen, department_id=actor.department_id)
    raise Forbidden()


def _acting_as(actor: Actor, department_id: int) -> str | None:
    if actor.is_office_staff:
        return core_rules.OFFICE
    if actor.role == Role.STAFF and actor.department_id == department_id:
        return core_rules.DEPARTMENT
    return None


def _authors(session: Session, items: list[RectificationItem]) -> dict[int, str]:
    ids = {note.author_id for item in items for note in item.notes}
    if not ids:
        return {}
    return dict(session.execute(select(Account.id, Account.display_name).where(Account.id.in_(ids))).all())


def _view(item: RectificationItem, today: date, authors: dict[int, str]) -> ItemView:
    project = item.project
    return ItemView(
        item.id,
        project.id,
        f"{project.year} · {project.number}. {project.title}",
        project.year,
        item.department_id,
        item.department.name,
        item.problem,
        item.source_kind,
        item.source_id,
        item.deadline,
        item.state,
        item.evidence,
        item.created_at,
        rules.is_overdue(item.state, item.deadline, today),
        tuple(NoteView(n.at, authors.get(n.author_id, ""), n.state_after, n.text) for n in item.notes),
        item.problem_key,
        item.problem_params or {},
    )


def _snapshot(item: RectificationItem) -> dict[str, object]:
    return {
        "project_id": item.project_id,
        "department_id": item.department_id,
        "problem": item.problem,
        "problem_key": item.problem_key,
        "problem_params": item.problem_params,
        "source": [item.source_kind, item.source_id],
        "deadline": item.deadline,
        "state": item.state,
        "evidence": item.evidence,
    }
