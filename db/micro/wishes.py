"""Micro wishes (微心愿): residents' small wishes, recorded at a liaison station, claimed by one deputy.

Office staff or any deputy record a wish; any deputy claims an open one (one deputy per wish,
the first to claim wins); the claiming deputy (or the office) notes progress and closes it as
fulfilled or unfulfillable; the office may release a claim or withdraw an open wish. Every
action follows `wish_rules.WISH_MOVES`, leaves a dated note and is audited.

The resident's name is personal data: only the people handling the wish see it — the office
(admins too) and the deputy who claimed it. The wall, other deputies, leaders and departments never
do, nor does the audit log (see `_snapshot`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session, joinedload, selectinload

from db.core import audit, clock
from db.core import rules as core_rules
from db.core.actors import Actor, Role
from db.core.errors import Forbidden, Refused, found
from db.micro import wish_rules
from db.micro.models import MicroWish, MicroWishNote
from db.micro.wish_rules import WishAction, WishCategory, WishState
from db.system.models import Account, Deputy, Division

WISH_MAX, RESIDENT_MAX, TEXT_MAX = 500, 40, 2000
_TEXT_REFUSALS = {  # field -> (missing, too long)
    "wish": ("wish.wish_missing", "wish.wish_too_long"),
    "resident": ("wish.resident_missing", "wish.resident_too_long"),
    "text": ("wish.text_missing", "wish.text_too_long"),
}


@dataclass(frozen=True)
class WishEntry:
    """What the liaison station writes down: the wish, for whom, where, what kind, roughly what it costs (元)."""

    wish: str
    resident: str
    division_id: int | None
    category: str
    estimated_value: int | float | None


@dataclass(frozen=True)
class NoteView:
    """Like rectification.NoteView, but a wish's note says what was done (claim, note, fulfil…): a
    progress note leaves the state as it was, so the state after would not tell it."""

    at: datetime
    author: str
    action: str
    text: str


@dataclass(frozen=True)
class WishView:
    id: int
    wish: str
    resident: str | None  # None unless this person handles the wish (the office, the claiming deputy)
    division: str
    category: str
    estimated_value: int
    state: str
    deputy_id: int | None
    deputy: str | None
    delegation: str | None  # the claiming deputy's division
    recorded_on: date
    outcome: str
    closed_on: date | None
    notes: tuple[NoteView, ...] = ()


@dataclass(frozen=True)
class WishCount:
    label: str
    collected: int
    claimed: int  # claimed at present or closed by a deputy: fulfilled or unfulfillable
    fulfilled: int


@dataclass(frozen=True)
class WishCounts:
    total: WishCount
    by_division: tuple[WishCount, ...]
    by_delegation: tuple[WishCount, ...]  # what each delegation's deputies claimed (collected = claimed)
    withdrawn: int = 0  # not counted as collected; the ledger (台账) lists them, so its total is larger


def record(session: Session, actor: Actor, entry: WishEntry) -> int:
    """A new open wish on the wall; every problem with the entry is listed at once."""
    if _acting_as(actor, None) is None:  # neither the office nor a deputy
        raise Forbidden()
    problems = _entry_problems(session, entry)
    if problems:
        refused = Refused(problems[0][0], **problems[0][1])
        refused.more = problems[1:]
        raise refused
    assert entry.division_id is not None
    wish = MicroWish(
        wish=entry.wish.strip(),
        resident=entry.resident.strip(),
        division_id=entry.division_id,
        category=entry.category,
        estimated_value=int(entry.estimated_value or 0),
        state=WishState.OPEN,
        outcome="",
        recorded_on=clock.today(),
        created_at=clock.utcnow(),
        created_by=actor.id,
    )
    session.add(wish)
    session.flush()
    audit.record(session, actor, "create", "micro_wish", wish.id, after=_snapshot(wish))
    return wish.id


def claim(session: Session, actor: Actor, wish_id: int) -> None:
    """The deputy takes the wish on; of two claiming at once, exactly one wins.

    One conditional UPDATE … WHERE state = 'open': on PostgreSQL the second waits for the first's
    row lock and then finds the row no longer open (0 rows); SQLite serialises writers anyway.
    """
    wish = found(session.get(MicroWish, wish_id))
    problem = wish_rules.wish_move_problem(wish.state, WishAction.CLAIM, _acting_as(actor, wish.deputy_id))
    if problem:
        raise Refused(problem)
    before, now = _snapshot(wish), clock.utcnow()
    claimed = session.execute(
        update(MicroWish)
        .where(MicroWish.id == wish_id, MicroWish.state == WishState.OPEN)
        .values(state=WishState.CLAIMED, deputy_id=actor.deputy_id, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        session.expire(wish)
        raise Refused(
            wish_rules.wish_move_problem(wish.state, WishAction.CLAIM, _acting_as(actor, wish.deputy_id))
            or "wish.already_claimed"
        )
    session.expire(wish)
    session.add(MicroWishNote(wish_id=wish_id, at=now, author_id=actor.id, action=WishAction.CLAIM, text=""))
    session.flush()
    audit.record(session, actor, WishAction.CLAIM, "micro_wish", wish_id, before, _snapshot(wish))


def act(session: Session, actor: Actor, wish_id: int, action: str, text: str = "", on: date | None = None) -> str:
    """A progress note, fulfilment (what was given, on which day), giving up, a release or a withdrawal."""
    if action == WishAction.CLAIM:
        claim(session, actor, wish_id)
        return WishState.CLAIMED
    wish = found(session.scalar(select(MicroWish).where(MicroWish.id == wish_id).with_for_update()))
    problem = wish_rules.wish_move_problem(wish.state, action, _acting_as(actor, wish.deputy_id), text)
    problem = problem or _text_problem(text, TEXT_MAX, "text")
    on = on or clock.today()
    if not problem and action == WishAction.FULFIL:
        problem = wish_rules.wish_date_problem(on, wish.recorded_on, clock.today())
    if problem:
        raise Refused(problem, max=TEXT_MAX)
    before, now = _snapshot(wish), clock.utcnow()
    _source, target, _who = wish_rules.WISH_MOVES[action]
    wish.state = target
    if action in (WishAction.FULFIL, WishAction.GIVE_UP, WishAction.WITHDRAW):
        wish.outcome, wish.closed_on = text.strip(), on if action == WishAction.FULFIL else clock.today()
    if action == WishAction.RELEASE:
        wish.deputy_id, wish.claimed_at = None, None
    wish.notes.append(MicroWishNote(at=now, author_id=actor.id, action=action, text=text.strip()))
    session.flush()
    audit.record(session, actor, action, "micro_wish", wish_id, before, _snapshot(wish))
    return target


def actions_for(actor: Actor, wish: WishView) -> list[str]:
    """What this person may do with the wish now (for the choices a page offers)."""
    acting_as = _acting_as(actor, wish.deputy_id)
    return [a for a, (state, _to, who) in wish_rules.WISH_MOVES.items() if state == wish.state and acting_as in who]


def wall(session: Session) -> list[WishView]:
    """Open wishes, oldest first, with no personal data: for everyone signed in."""
    query = _query().where(MicroWish.state == WishState.OPEN).order_by(MicroWish.recorded_on, MicroWish.id)
    return [_view(w) for w in session.scalars(query)]


def mine(session: Session, actor: Actor) -> list[WishView]:
    """The wishes this deputy claimed, still open ones first, with the residents' names."""
    if actor.role != Role.DEPUTY or actor.deputy_id is None:
        raise Forbidden()
    wishes = list(session.scalars(_query(notes=True).where(MicroWish.deputy_id == actor.deputy_id)))
    views = _views(session, actor, wishes)
    return sorted(views, key=lambda v: (v.state != WishState.CLAIMED, v.recorded_on, v.id))


def ledger(
    session: Session, actor: Actor, states: tuple[str, ...] = (), division_id: int | None = None
) -> list[WishView]:
    """All wishes, newest first, for the office (with the residents' names) and leaders (without)."""
    if not (actor.is_office_staff or actor.role == Role.LEADER):
        raise Forbidden()
    query = _query(notes=True).order_by(MicroWish.recorded_on.desc(), MicroWish.id.desc())
    if states:
        query = query.where(MicroWish.state.in_(states))
    if division_id is not None:
        query = query.where(MicroWish.division_id == division_id)
    return _views(session, actor, list(session.scalars(query)))


def counts(session: Session) -> WishCounts:
    """Collected (not withdrawn), claimed and fulfilled: in all, by division, by the deputies' delegation."""
    delegation = Division.__table__.alias("delegation")
    rows = session.execute(
        select(
            Division.name,
            Division.sort_order,
            Division.id,
            MicroWish.state,
            delegation.c.name,
            delegation.c.sort_order,
            delegation.c.id,
        )
        .join(Division, MicroWish.division_id == Division.id)
        .outerjoin(Deputy, MicroWish.deputy_id == Deputy.id)
        .outerjoin(delegation, Deputy.division_id == delegation.c.id)
        .where(MicroWish.state != WishState.WITHDRAWN)
    ).all()
    done = (WishState.CLAIMED, WishState.FULFILLED, WishState.UNFULFILLABLE)
    divisions = {(order, id_, name) for name, order, id_, *_ in rows}
    delegations = {(order, id_, name) for *_, name, order, id_ in rows if name is not None}

    def count(label: str, states: list[str]) -> WishCount:
        claimed = sum(s in done for s in states)
        return WishCount(label, len(states), claimed, states.count(WishState.FULFILLED))

    total = count("", [r.state for r in rows])
    by_division = tuple(count(n, [r.state for r in rows if r[2] == i]) for _, i, n in sorted(divisions))
    by_delegation = tuple(count(n, [r.state for r in rows if r[6] == i]) for _, i, n in sorted(delegations))
    withdrawn = session.scalar(select(func.count()).where(MicroWish.state == WishState.WITHDRAWN)) or 0
    return WishCounts(total, by_division, by_delegation, int(withdrawn))


def _query(*, notes: bool = False) -> Select[MicroWish]:
    query = select(MicroWish).options(
        joinedload(MicroWish.division), joinedload(MicroWish.deputy).joinedload(Deputy.division)
    )
    return query.options(selectinload(MicroWish.notes)) if notes else query


def _entry_problems(session: Session, entry: WishEntry) -> list[tuple[str, dict[str, Any]]]:
    """Every problem with a wish to record, in the form's order, each with its parameters."""
    known_division = entry.division_id is not None and session.get(Division, entry.division_id) is not None
    problems = [
        (_text_problem(entry.wish, WISH_MAX, "wish"), {"max": WISH_MAX}),
        (_text_problem(entry.resident, RESIDENT_MAX, "resident"), {"max": RESIDENT_MAX}),
        (None if known_division else "wish.division_required", {}),
        (None if entry.category in WishCategory else "wish.category_unknown", {}),
        (wish_rules.wish_value_problem(entry.estimated_value), {"max": wish_rules.WISH_VALUE_MAX}),
    ]
    return [(key, params) for key, params in problems if key]


def _text_problem(value: str, max_length: int, field: str) -> str | None:
    """A missing or over-long text, named for its field."""
    problem = core_rules.text_problem(value, max_length=max_length)
    if problem is None:
        return None
    missing, too_long = _TEXT_REFUSALS[field]
    return missing if problem == "input.required" else too_long


def _acting_as(actor: Actor, deputy_id: int | None) -> str | None:
    """The part this person plays for a wish claimed by `deputy_id` (None: open), or None: no part."""
    if actor.is_office_staff:
        return wish_rules.WISH_OFFICE
    if actor.role == Role.DEPUTY and actor.deputy_id is not None:
        return wish_rules.WISH_CLAIMER if deputy_id == actor.deputy_id else wish_rules.WISH_DEPUTY
    return None


def _views(session: Session, actor: Actor, wishes: list[MicroWish]) -> list[WishView]:
    """With their notes; the resident's name only for those handling the wish: the office and the claimer."""
    ids = {n.author_id for w in wishes for n in w.notes}
    authors = (
        dict(session.execute(select(Account.id, Account.display_name).where(Account.id.in_(ids))).all()) if ids else {}
    )
    handles = (wish_rules.WISH_OFFICE, wish_rules.WISH_CLAIMER)
    return [
        _view(
            w,
            w.resident if _acting_as(actor, w.deputy_id) in handles else None,
            tuple(NoteView(n.at, authors.get(n.author_id, ""), n.action, n.text) for n in w.notes),
        )
        for w in wishes
    ]


def _view(wish: MicroWish, resident: str | None = None, notes: tuple[NoteView, ...] = ()) -> WishView:
    deputy = wish.deputy
    return WishView(
        wish.id,
        wish.wish,
        resident,
        wish.division.name,
        wish.category,
        wish.estimated_value,
        wish.state,
        wish.deputy_id,
        deputy.name if deputy else None,
        deputy.division.name if deputy else None,
        wish.recorded_on,
        wish.outcome,
        wish.closed_on,
        notes,
    )


def _snapshot(wish: MicroWish) -> dict[str, object]:
    # No resident's name, not even masked: admins and leaders browse the audit log, not as people
    # handling the wish, and the name cannot change once recorded — so there is no change to flag
    # either. (Were an edit of it ever added, it should audit only {"resident_changed": True}.)
    return {
        "wish": wish.wish,
        "division_id": wish.division_id,
        "category": wish.category,
        "estimated_value": wish.estimated_value,
        "state": wish.state,
        "deputy_id": wish.deputy_id,
        "outcome": wish.outcome,
        "closed_on": wish.closed_on,
    }
