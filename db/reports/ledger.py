"""Supervision findings and rectification items as they stood on a day, for the documents.

The ledger keeps a dated note of every move, so an item's state on a past day is replayed from
them; on today it is the state the ledger and the dashboard show.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core import clock
from db.oversight import rules as oversight_rules
from db.oversight.models import Finding, RectificationItem, RectificationNote, SupervisionActivity
from db.oversight.rules import FindingState, RectificationState
from db.reports import rules
from db.system.models import Department

UNFINISHED = (RectificationState.OPEN, RectificationState.IN_PROGRESS, RectificationState.RECTIFIED)


@dataclass(frozen=True)
class ItemOnDay:
    """A rectification item as it stood on the day."""

    id: int
    project_id: int
    department: str
    source_kind: str
    problem: str  # as a person wrote it (may be empty when a rule opened it)
    problem_key: str | None
    problem_params: dict[str, Any]
    deadline: date
    state: str
    evidence: str

    @property
    def finished(self) -> bool:
        return self.state not in UNFINISHED


@dataclass(frozen=True)
class FindingOnDay:
    """A finding made at a supervision activity held by the day, not dismissed."""

    project_id: int
    kind: str  # the activity's kind (监督周, 视察 …)
    held_on: date
    seen: str
    suggestion: str
    confirmed: bool
    item: ItemOnDay | None  # its rectification item, once confirmed


def items_on(session: Session, project_ids: list[int], day: date) -> dict[int, list[ItemOnDay]]:
    """Each project's items opened by the end of `day`, in the state they had then, oldest first."""
    if not project_ids:
        return {}
    cutoff = clock.start_of_local_day(day + timedelta(days=1))
    items = session.scalars(
        select(RectificationItem)
        .where(RectificationItem.project_id.in_(project_ids), RectificationItem.created_at < cutoff)
        .order_by(RectificationItem.id)
    ).all()
    moves: dict[int, list[tuple[Any, str]]] = defaultdict(list)
    notes = session.execute(
        select(RectificationNote.item_id, RectificationNote.at, RectificationNote.state_after)
        .where(RectificationNote.item_id.in_([i.id for i in items]))
        .order_by(RectificationNote.at, RectificationNote.id)
    )
    for item_id, at, state_after in notes:
        moves[item_id].append((at, state_after))
    departments = _department_names(session, {i.department_id for i in items})
    found: dict[int, list[ItemOnDay]] = defaultdict(list)
    for item in items:
        on_day = rules.state_on(item.created_at, moves[item.id], cutoff, RectificationState.OPEN)
        if on_day is None:
            continue
        found[item.project_id].append(
            ItemOnDay(
                item.id,
                item.project_id,
                departments.get(item.department_id, ""),
                item.source_kind,
                item.problem,
                item.problem_key,
                dict(item.problem_params or {}),
                item.deadline,
                on_day,
                item.evidence if on_day in (RectificationState.RECTIFIED, RectificationState.VERIFIED) else "",
            )
        )
    return found


def overdue(item: ItemOnDay, day: date) -> bool:
    return oversight_rules.is_overdue(item.state, item.deadline, day)


def findings_on(
    session: Session, project_ids: list[int], day: date, items: dict[int, list[ItemOnDay]]
) -> dict[int, list[FindingOnDay]]:
    """Each project's findings at activities held by `day` (dismissed ones aside), in date order."""
    if not project_ids:
        return {}
    rows = session.execute(
        select(Finding, SupervisionActivity.kind, SupervisionActivity.held_on)
        .join(SupervisionActivity, SupervisionActivity.id == Finding.activity_id)
        .where(
            Finding.project_id.in_(project_ids),
            SupervisionActivity.held_on <= day,
            Finding.state != FindingState.DISMISSED,
        )
        .order_by(SupervisionActivity.held_on, Finding.id)
    )
    by_id = {item.id: item for listed in items.values() for item in listed}
    found: dict[int, list[FindingOnDay]] = defaultdict(list)
    for finding, kind, held_on in rows:
        item = by_id.get(finding.rectification_item_id or 0)
        found[finding.project_id].append(
            FindingOnDay(finding.project_id, kind, held_on, finding.seen, finding.suggestion, item is not None, item)
        )
    return found


def _department_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Department.id, Department.name).where(Department.id.in_(ids))).all())
