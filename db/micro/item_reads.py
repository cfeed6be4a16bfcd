"""Micro livelihood items (微实事) — the reads: items as small frozen views, the queues, funds, the overview.

Who may see what: an item's facts are open to everyone who may open its pages; the photo or
document sent with it only to its proposer, the office, leaders and the assigned department.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from db.core import rules as core_rules
from db.core.actors import Actor, Role
from db.core.errors import Forbidden, found
from db.micro import rules
from db.micro.items import acting_as, committed
from db.micro.models import MicroAttachment, MicroFund, MicroItem, MicroSetting
from db.micro.rules import MicroState
from db.system.models import Account, Deputy, Division

DONE_OR_LATER = (MicroState.DONE, MicroState.ACCEPTED, MicroState.ARCHIVED)
RATED = (MicroState.ACCEPTED, MicroState.ARCHIVED)


@dataclass(frozen=True)
class NoteView:
    at: datetime
    author: str
    state_after: str
    text: str


@dataclass(frozen=True)
class FileRef:
    filename: str
    kind: str
    size: int


@dataclass(frozen=True)
class ItemView:
    id: int
    year: int
    title: str
    problem: str
    division_id: int
    division: str
    town: str
    village: str
    beneficiaries: str
    estimated_cost: float
    deputy_id: int
    deputy: str
    proposed_at: datetime
    state: str
    decline_reason: str
    department_id: int | None
    department: str
    deadline: date | None
    fund: str | None
    result: str
    actual_cost: float | None
    rating: str | None
    rating_comment: str
    rated_on_behalf: bool
    sent_back: int
    days_to_done: int | None
    overdue: bool
    attachment: FileRef | None
    notes: tuple[NoteView, ...]

    @property
    def place(self) -> str:
        return " · ".join(p for p in (self.division, self.town, self.village) if p)


@dataclass(frozen=True)
class ItemFilter:
    year: int | None = None
    deputy_id: int | None = None
    department_id: int | None = None
    division_id: int | None = None
    states: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileDownload:
    filename: str
    kind: str
    content: bytes


@dataclass(frozen=True)
class FundLine:
    division_id: int
    division: str
    fund: float | None  # None: not set for the year
    committed: float

    @property
    def available(self) -> float | None:
        return None if self.fund is None else self.fund - self.committed


@dataclass(frozen=True)
class Overview:
    year: int
    by_state: dict[str, int]
    by_division: dict[str, dict[str, int]]  # division -> state -> items
    median_days_to_done: float | None
    ratings: dict[str, int]  # of accepted (and archived) items
    funds: tuple[FundLine, ...]
    overdue: int
    total: int
    items: tuple[ItemView, ...]  # the year's items, overdue first (the figures are counted from them)


def items(session: Session, actor: Actor, chosen: ItemFilter, today: date) -> list[ItemView]:
    """Items as chosen: overdue first, then by deadline, then the newest proposals.

    Leaders and the office read every item; a department's staff the items assigned to their
    department; a deputy the items they proposed.
    """
    chosen = _in_scope(actor, chosen)
    query = select(MicroItem).options(
        joinedload(MicroItem.division),
        joinedload(MicroItem.deputy),
        joinedload(MicroItem.department),
        selectinload(MicroItem.notes),
    )
    equal = (
        (MicroItem.year, chosen.year),
        (MicroItem.deputy_id, chosen.deputy_id),
        (MicroItem.department_id, chosen.department_id),
        (MicroItem.division_id, chosen.division_id),
    )
    for column, value in equal:
        if value is not None:
            query = query.where(column == value)
    if chosen.states:
        query = query.where(MicroItem.state.in_(chosen.states))
    rows = list(session.scalars(query).unique())
    authors = _authors(session, rows)
    files = _files(session, [row.id for row in rows])
    views = [_view(row, today, authors, files.get(row.id)) for row in rows]
    return sorted(views, key=lambda v: (not v.overdue, v.deadline or date.max, -v.id))


def item(session: Session, actor: Actor, item_id: int, today: date) -> ItemView:
    """One item, for those who may read it: leaders, the office, its department, its proposer."""
    row = found(session.get(MicroItem, item_id))
    if actor.role != Role.LEADER and acting_as(actor, row.department_id, row.deputy_id) is None:
        raise Forbidden()
    return _view(row, today, _authors(session, [row]), _files(session, [row.id]).get(row.id))


def awaiting_rating(session: Session, actor: Actor, today: date) -> list[ItemView]:
    """A deputy's done items, waiting for their rating (their to-do on the home page)."""
    if actor.role != Role.DEPUTY or actor.deputy_id is None:
        return []
    return items(session, actor, ItemFilter(states=(MicroState.DONE,)), today)


def attachment(session: Session, actor: Actor, item_id: int) -> FileDownload | None:
    """The file sent with an item, for its proposer, the office, leaders and the assigned department only."""
    row = found(session.get(MicroItem, item_id))
    if actor.role != Role.LEADER and acting_as(actor, row.department_id, row.deputy_id) is None:
        raise Forbidden()
    file = session.scalar(select(MicroAttachment).where(MicroAttachment.item_id == item_id))
    return FileDownload(file.filename, file.kind, file.content) if file else None


def may_see_attachment(actor: Actor, view: ItemView) -> bool:
    return actor.role == Role.LEADER or acting_as(actor, view.department_id, view.deputy_id) is not None


def moves_for(actor: Actor, view: ItemView) -> list[str]:
    """The states this person may move the item to now (the rating moves count as one: accepted)."""
    who = acting_as(actor, view.department_id, view.deputy_id)
    targets = [to for (state, to), allowed in rules.MOVES.items() if state == view.state and who in allowed]
    return [to for to in targets if not (view.state == MicroState.DONE and to == MicroState.IN_PROGRESS)]


def cost_cap(session: Session) -> float:
    row = session.get(MicroSetting, 1)
    return float(row.cost_cap) if row else float(rules.COST_CAP)


def funds(session: Session, year: int) -> list[FundLine]:
    """Each division's fund for the year and what its 专项资金 items hold of it."""
    set_funds = dict(
        session.execute(select(MicroFund.division_id, MicroFund.amount).where(MicroFund.year == year)).all()
    )
    divisions = session.scalars(select(Division).order_by(Division.sort_order, Division.id))
    return [
        FundLine(d.id, d.name, float(set_funds[d.id]) if d.id in set_funds else None, committed(session, year, d.id))
        for d in divisions
    ]


def overview(session: Session, actor: Actor, year: int, today: date) -> Overview:
    """Leaders' figures for a year: items by state and division, days to done, ratings, money; and the items."""
    if not (actor.role == Role.LEADER or actor.is_office_staff):
        raise Forbidden()
    rows = items(session, actor, ItemFilter(year=year), today)
    by_division: dict[str, Counter[str]] = {}
    for row in rows:
        by_division.setdefault(row.division, Counter())[row.state] += 1
    days = [row.days_to_done for row in rows if row.days_to_done is not None]
    return Overview(
        year,
        dict(Counter(row.state for row in rows)),
        {division: dict(counts) for division, counts in by_division.items()},
        core_rules.median([float(d) for d in days]),
        dict(Counter(row.rating for row in rows if row.state in RATED and row.rating)),
        tuple(funds(session, year)),
        sum(row.overdue for row in rows),
        len(rows),
        tuple(rows),
    )


def home_division(session: Session, actor: Actor) -> int | None:
    """The division of a deputy's delegation: where their proposals usually are."""
    if actor.deputy_id is None:
        return None
    return session.scalar(select(Deputy.division_id).where(Deputy.id == actor.deputy_id))


def years(session: Session) -> list[int]:
    """Years with items, newest first."""
    return list(session.scalars(select(MicroItem.year).distinct().order_by(MicroItem.year.desc())))


def _in_scope(actor: Actor, chosen: ItemFilter) -> ItemFilter:
    if actor.role == Role.LEADER or actor.is_office_staff:
        return chosen
    if actor.role == Role.STAFF and actor.department_id is not None:
        if chosen.department_id not in (None, actor.department_id):
            raise Forbidden()
        return replace(chosen, department_id=actor.department_id)
    if actor.role == Role.DEPUTY and actor.deputy_id is not None:
        if chosen.deputy_id not in (None, actor.deputy_id):
            raise Forbidden()
        return replace(chosen, deputy_id=actor.deputy_id)
    raise Forbidden()


def _authors(session: Session, rows: list[MicroItem]) -> dict[int, str]:
    ids = {note.author_id for row in rows for note in row.notes}
    if not ids:
        return {}
    return dict(session.execute(select(Account.id, Account.display_name).where(Account.id.in_(ids))).all())


def _files(session: Session, item_ids: list[int]) -> dict[int, FileRef]:
    """The attachments' names, without reading their bytes."""
    if not item_ids:
        return {}
    query = select(MicroAttachment.item_id, MicroAttachment.filename, MicroAttachment.kind, MicroAttachment.size)
    rows = session.execute(query.where(MicroAttachment.item_id.in_(item_ids))).all()
    return {item_id: FileRef(name, kind, size) for item_id, name, kind, size in rows}


def _view(row: MicroItem, today: date, authors: dict[int, str], file: FileRef | None) -> ItemView:
    done = row.done_at if row.state in DONE_OR_LATER else None
    return ItemView(
        row.id,
        row.year,
        row.title,
        row.problem,
        row.division_id,
        row.division.name,
        row.town,
        row.village,
        row.beneficiaries,
        float(row.estimated_cost),
        row.deputy_id,
        row.deputy.name,
        row.proposed_at,
        row.state,
        row.decline_reason,
        row.department_id,
        row.department.name if row.department else "",
        row.deadline,
        row.fund,
        row.result,
        float(row.actual_cost) if row.actual_cost is not None else None,
        row.rating,
        row.rating_comment,
        row.rated_on_behalf,
        row.sent_back,
        (done - row.proposed_at).days if done else None,
        rules.is_micro_overdue(row.state, row.deadline, today),
        file,
        tuple(NoteView(n.at, authors.get(n.author_id, ""), n.state_after, n.text) for n in row.notes),
    )
