"""Demo rectification items (整改) opened by confirmed findings and 较差 look-back ratings.

Every state is there, older items further along, exactly OVERDUE items past their deadline;
each item's notes replay the moves that brought it to its state.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from db.core import clock
from db.demo.pool.rectification import EVIDENCE, IN_PROGRESS_NOTES, REJECTED_NOTES, SENT_BACK_NOTE, VERIFIED_NOTES
from db.demo.timing import office_hours
from db.oversight.models import Finding, LookbackReview, RectificationItem, RectificationNote, ReviewRating
from db.oversight.rules import RectificationState
from db.projects.models import Project

OVERDUE = 2


@dataclass
class PlannedItem:
    """A rectification item about to be written, with what it came from.

    As the services do, the problem is what a person wrote; the wording of the rule that opened
    the item is a catalogue key and its parameters.
    """

    project: Project
    problem: str
    source_kind: str
    created_at: datetime
    attach: Finding | ReviewRating
    source: Finding | LookbackReview
    state: str = RectificationState.OPEN
    overdue: bool = False
    sent_back: bool = False
    notes: list[tuple[datetime, int, str, str]] = field(default_factory=list)
    problem_key: str | None = None
    problem_params: dict[str, Any] | None = None


def plan_states(rng: random.Random, items: list[PlannedItem], today: date) -> None:
    """Every state, older items further along; exactly OVERDUE items still open or in progress past their deadline."""
    items.sort(key=lambda i: i.created_at)
    old = [i for i in items if i.created_at.date() <= today - timedelta(days=30)]
    overdue = rng.sample(old[-6:] if len(old) >= OVERDUE else items[:OVERDUE], OVERDUE)
    for item, state in zip(overdue, (RectificationState.OPEN, RectificationState.IN_PROGRESS), strict=True):
        item.state, item.overdue = state, True
    rest = [i for i in items if not i.overdue]
    n = len(rest)
    counts = {
        RectificationState.VERIFIED: max(1, round(n * 0.3)),
        RectificationState.REJECTED: max(1, round(n * 0.1)),
        RectificationState.RECTIFIED: max(1, round(n * 0.2)),
        RectificationState.IN_PROGRESS: max(1, round(n * 0.2)),
    }
    states = [state for state, count in counts.items() for _ in range(count)]
    states += [RectificationState.OPEN] * (n - len(states))
    assert len(states) == n and RectificationState.OPEN in states, "too few demo items for every state"
    # Older items are further along; a little shuffling keeps the ledger from looking sorted.
    order = sorted(range(n), key=lambda k: k + rng.uniform(-1.5, 1.5))
    for item, k in zip(rest, order, strict=True):
        item.state = states[k]
    in_progress = [i for i in rest if i.state == RectificationState.IN_PROGRESS]
    in_progress[0].sent_back = True  # the office found it not yet done


def write_items(
    session: Session,
    rng: random.Random,
    items: list[PlannedItem],
    today: date,
    office: int,
    liaisons: dict[int | None, int],
    end: datetime,
) -> None:
    rows = []
    for plan in items:
        department = plan.project.lead_department_id
        liaison = liaisons.get(department, office)
        start = plan.created_at.date()
        if plan.overdue:
            deadline = start + timedelta(days=rng.choice((30, 45, 60)))
            if deadline >= today:
                deadline = start + timedelta(
                    days=rng.randint(min(14, (today - start).days - 1), (today - start).days - 1)
                )
        elif plan.state in (RectificationState.OPEN, RectificationState.IN_PROGRESS):
            deadline = max(
                start + timedelta(days=rng.choice((30, 45, 60, 90))), today + timedelta(days=rng.randint(10, 60))
            )
        steps = _steps(rng, plan)
        times = _timeline(rng, plan.created_at, end, len(steps))
        if not plan.overdue and plan.state not in (RectificationState.OPEN, RectificationState.IN_PROGRESS):
            # Done (or rejected) by the deadline, which was set long enough for it.
            done = next(
                (at for at, step in zip(times, steps, strict=True) if step[0] != RectificationState.IN_PROGRESS), end
            )
            deadline = max(
                start + timedelta(days=rng.choice((30, 45, 60, 90))),
                clock.local(done).date() + timedelta(days=rng.randint(0, 10)),
            )
        item = RectificationItem(
            project_id=plan.project.id,
            department_id=department,
            problem=plan.problem[:2000],
            problem_key=plan.problem_key,
            problem_params=plan.problem_params,
            source_kind=plan.source_kind,
            source_id=plan.source.id,
            deadline=deadline,
            state=plan.state,
            evidence="",
            created_at=plan.created_at,
            created_by=office,
        )
        for at, (state_after, by_office, text) in zip(times, steps, strict=True):
            item.notes.append(
                RectificationNote(at=at, author_id=office if by_office else liaison, state_after=state_after, text=text)
            )
            if state_after == RectificationState.RECTIFIED:
                item.evidence = text
        if plan.state in (RectificationState.VERIFIED, RectificationState.REJECTED):
            item.closed_by, item.closed_at = office, times[-1]
        rows.append((plan, item))
    session.add_all([item for _, item in rows])
    session.flush()
    for plan, item in rows:
        plan.attach.rectification_item_id = item.id
    session.flush()


def _steps(rng: random.Random, plan: PlannedItem) -> list[tuple[str, bool, str]]:
    """The item's moves from open to its state: (state after, by the office?, note)."""
    working = (RectificationState.IN_PROGRESS, False, rng.choice(IN_PROGRESS_NOTES))
    fixed = (RectificationState.RECTIFIED, False, rng.choice(EVIDENCE))
    if plan.state == RectificationState.OPEN:
        return []
    if plan.state == RectificationState.IN_PROGRESS:
        return [working, fixed, (RectificationState.IN_PROGRESS, True, SENT_BACK_NOTE)] if plan.sent_back else [working]
    if plan.state == RectificationState.RECTIFIED:
        return [working, fixed]
    if plan.state == RectificationState.VERIFIED:
        return [working, fixed, (RectificationState.VERIFIED, True, rng.choice(VERIFIED_NOTES))]
    reason = rng.choice(REJECTED_NOTES)
    return (
        [(RectificationState.REJECTED, True, reason)]
        if rng.random() < 0.5
        else [working, (RectificationState.REJECTED, True, reason)]
    )


def _timeline(rng: random.Random, start: datetime, end: datetime, count: int) -> list[datetime]:
    """`count` moments after `start` and before `end`, in order, in office hours where they fit."""
    if count == 0:
        return []
    span = (end - start).total_seconds()
    points = sorted(rng.uniform(0.1, 0.95) for _ in range(count))
    raw = [start + timedelta(seconds=span * p) for p in points]
    times: list[datetime] = []
    for moment in raw:
        previous = times[-1] if times else start
        snapped = office_hours(rng, moment, previous, end)
        times.append(snapped if snapped > previous else previous + (end - previous) / 4)
    return times
