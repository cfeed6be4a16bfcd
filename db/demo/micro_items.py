"""Demo micro livelihood items (微实事): invented data, seeded in demo mode only.

Relative to `today`: about 150 items proposed this year and 120 last year, in every division and
every state — a few overdue, a few declined, one sent back to its department after a 不满意 rating,
and for the demo deputy d001 one item done and waiting for their rating and one just proposed —
with each division's yearly fund for both years, always above what its items hold.

Written directly with the ORM (the services check today's date and permissions, and audit);
places, titles and people's words are made up. One random.Random per year, so a given `today`
gives the same demo.
"""

from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core import clock
from db.demo.pool.micro_items import (
    BIG,
    COMPLAINTS,
    DECLINE_REASONS,
    DEFAULT_TOWN,
    KINDS,
    PRAISE,
    STARTED_NOTE,
    TOWN_CENTRE,
    TOWN_SUFFIXES,
    TOWNS,
    VILLAGE_NAMES,
    VILLAGE_SUFFIXES,
    Kind,
)
from db.demo.pool.people import DEMO_DEPUTY
from db.micro import rules as micro_rules
from db.micro.models import MicroFund, MicroItem, MicroItemNote
from db.micro.rules import Fund, MicroState
from db.survey.rules import Level
from db.system.models import Account, Department, Deputy, Division

THIS_YEAR_ITEMS, LAST_YEAR_ITEMS = 150, 120
OVERDUE = 4
SENT_BACK = "sent_back"  # in a timeline: the move back to in_progress that a first 不满意 makes
# What becomes of this year's items (their state today), and of last year's.
THIS_YEAR_STATES: dict[str, int] = {
    MicroState.PROPOSED: 10,
    MicroState.SCREENED: 8,
    MicroState.DECLINED: 5,
    MicroState.ASSIGNED: 12,
    MicroState.IN_PROGRESS: 22,
    MicroState.DONE: 12,
    MicroState.ACCEPTED: 21,
    MicroState.ARCHIVED: 10,
}
LAST_YEAR_STATES: dict[str, int] = {MicroState.DECLINED: 8, MicroState.ACCEPTED: 27, MicroState.ARCHIVED: 65}
RATINGS = {Level.SATISFIED: 70, Level.BASICALLY_SATISFIED: 30}  # a 不满意 comes only after a sending back
FUNDS = {"special": 70, "self": 20, "other": 10}


def seed_micro_items(session: Session, today: date) -> None:
    """Items of this year and last, every state, the demo deputy's two, and both years' funds."""
    divisions = list(session.scalars(select(Division).order_by(Division.sort_order)))
    departments = {d.code: d.id for d in session.scalars(select(Department))}
    accounts = {a.username: a for a in session.scalars(select(Account))}
    deputies = list(session.scalars(select(Deputy).order_by(Deputy.code)))
    people = _People(accounts, departments, deputies)
    for year, count, states in (
        (today.year - 1, LAST_YEAR_ITEMS, LAST_YEAR_STATES),
        (today.year, THIS_YEAR_ITEMS, THIS_YEAR_STATES),
    ):
        rng = random.Random(f"minsheng-demo-micro-{year}")
        items = [
            _item(rng, people, divisions, year, today, state) for state in _states(rng, count, states, year, today)
        ]
        if year == today.year:
            _make_overdue(rng, items, today)
        session.add_all(items)
        session.flush()
        _funds(session, rng, divisions, year, items)


class _People:
    def __init__(self, accounts: dict[str, Account], departments: dict[str, int], deputies: list[Deputy]) -> None:
        self.office = accounts["office"]
        self.departments = departments
        self.liaisons = {code: accounts[f"dept_{code}"] for code in departments if f"dept_{code}" in accounts}
        self.account_of = {a.deputy_id: a for a in accounts.values() if a.deputy_id is not None}
        self.demo = next(d for d in deputies if d.code == DEMO_DEPUTY)
        self.by_division: dict[int, list[Deputy]] = {}
        for deputy in deputies:
            if deputy.code != DEMO_DEPUTY:
                self.by_division.setdefault(deputy.division_id, []).append(deputy)


def _states(
    rng: random.Random, count: int, weights: dict[str, int], year: int, today: date
) -> list[str | tuple[str, str]]:
    """Each item's state today; this year also the demo deputy's two and the one sent back."""
    special: list[str | tuple[str, str]] = []
    if year == today.year:
        special = [
            ("demo", MicroState.DONE),
            ("demo", MicroState.PROPOSED),
            ("sent_back", MicroState.IN_PROGRESS),
            ("sent_back", MicroState.ACCEPTED),
            ("big", MicroState.PROPOSED),
        ]
    else:
        special = [("sent_back", MicroState.ARCHIVED)]
    planned: list[str | tuple[str, str]] = list(
        rng.choices(list(weights), list(weights.values()), k=count - len(special))
    )
    for state in MicroState if year == today.year else ():  # every state at least once
        if state not in planned:
            planned[rng.randrange(len(planned))] = state
    return special + planned


def _item(
    rng: random.Random,
    people: _People,
    divisions: list[Division],
    year: int,
    today: date,
    planned: str | tuple[str, str],
) -> MicroItem:
    role, state = planned if isinstance(planned, tuple) else ("", planned)
    deputy = people.demo if role == "demo" else None
    division = next(d for d in divisions if d.id == deputy.division_id) if deputy else rng.choice(divisions)
    deputy = deputy or rng.choice(people.by_division.get(division.id) or people.by_division[divisions[1].id])
    kind = BIG if role == "big" else rng.choice(KINDS)
    town = rng.choice(TOWNS.get(division.name, (DEFAULT_TOWN,)))
    village = rng.choice(VILLAGE_NAMES) + rng.choice(VILLAGE_SUFFIXES)
    place = _town_centre(town) if kind.at_town_centre else village
    steps = _timeline(rng, state, sent_back=role == SENT_BACK)
    span = sum(days for _, days in steps)
    first, last = date(year, 1, 6), min(date(year, 12, 20), today - timedelta(days=1))
    first = min(first, last)
    latest = last - timedelta(days=span)
    proposed_on = first + timedelta(days=rng.randint(0, max(0, (latest - first).days)))
    if role == "demo" and state == MicroState.PROPOSED:
        proposed_on = today - timedelta(days=2)
    cost = round(rng.uniform(*kind.cost), 1)
    proposer = people.account_of[deputy.id]
    item = MicroItem(
        year=year,
        title=kind.title.format(place=place),
        problem=kind.problem,
        division_id=division.id,
        town=town,
        village=village if place == village else "",
        beneficiaries=kind.beneficiaries.format(place=place, n=rng.choice((300, 500, 800, 1200, 1500, 2000, 3500))),
        estimated_cost=Decimal(str(cost)),
        deputy_id=deputy.id,
        proposed_by=proposer.id,
        proposed_at=_at(rng, proposed_on),
        state=MicroState.PROPOSED,
        sent_back=0,
        decline_reason="",
        result="",
        rating_comment="",
        rated_on_behalf=False,
    )
    item.notes.append(
        MicroItemNote(at=item.proposed_at, author_id=proposer.id, state_after=MicroState.PROPOSED, text="")
    )
    day = proposed_on
    for target, days in steps:
        day += timedelta(days=days)
        if day >= today:  # early in a year, the latest steps have not happened yet
            break
        _apply(rng, people, item, kind, target, day, cost, proposer)
    return item


def _town_centre(town: str) -> str:
    for suffix in TOWN_SUFFIXES:
        town = town.removesuffix(suffix)
    return TOWN_CENTRE.format(town=town)


def _timeline(rng: random.Random, state: str, *, sent_back: bool) -> list[tuple[str, int]]:
    """The moves that bring a new item to `state`, each with the days it took."""
    if state == MicroState.DECLINED:
        return [(MicroState.DECLINED, rng.randint(2, 10))]
    way: list[tuple[str, int]] = [
        (MicroState.SCREENED, rng.randint(2, 10)),
        (MicroState.ASSIGNED, rng.randint(1, 7)),
        (MicroState.IN_PROGRESS, rng.randint(1, 7)),
        (MicroState.DONE, rng.randint(12, 75)),
    ]
    if sent_back:  # the deputy's first 不满意, and the department's second report
        way += [(SENT_BACK, rng.randint(2, 10)), (MicroState.DONE, rng.randint(7, 30))]
    way += [(MicroState.ACCEPTED, rng.randint(2, 14)), (MicroState.ARCHIVED, rng.randint(7, 30))]
    if state == MicroState.PROPOSED:
        return []
    targets = [target for target, _ in way]
    stop = targets.index(SENT_BACK) if sent_back and state == MicroState.IN_PROGRESS else _last(targets, state)
    return way[: stop + 1]


def _last(targets: list[str], state: str) -> int:
    return len(targets) - 1 - targets[::-1].index(state)


def _apply(
    rng: random.Random,
    people: _People,
    item: MicroItem,
    kind: Kind,
    target: str,
    day: date,
    cost: float,
    proposer: Account,
) -> None:
    at, office = _at(rng, day), people.office
    author, text = office, ""
    if target == MicroState.DECLINED:
        item.decline_reason = text = rng.choice(DECLINE_REASONS)
    elif target == MicroState.ASSIGNED:
        item.department_id = people.departments[kind.department]
        item.deadline, item.assigned_at = day + timedelta(days=rng.randint(45, 120)), at
        item.fund = rng.choices(list(FUNDS), list(FUNDS.values()))[0]
    elif target == MicroState.IN_PROGRESS:
        author, text = people.liaisons.get(kind.department, office), STARTED_NOTE
    elif target == MicroState.DONE:
        author, text = people.liaisons.get(kind.department, office), kind.result
        item.result, item.done_at = kind.result, at
        item.actual_cost = Decimal(str(round(cost * rng.uniform(0.8, 1.05), 1)))
    elif target == SENT_BACK:  # the deputy's first 不满意: back to the department, once
        author, text, target = proposer, rng.choice(COMPLAINTS), MicroState.IN_PROGRESS
        item.sent_back, item.done_at = 1, None
    elif target == MicroState.ACCEPTED:
        # An item sent back once is rated 不满意 again (recorded, and closed as rated).
        rating = Level.DISSATISFIED if item.sent_back else rng.choices(list(RATINGS), list(RATINGS.values()))[0]
        on_behalf = rng.random() < 0.05
        author, text = (
            (office if on_behalf else proposer),
            rng.choice(COMPLAINTS if rating == Level.DISSATISFIED else PRAISE),
        )
        item.rating, item.rating_comment, item.rated_by, item.rated_on_behalf = rating, text, author.id, on_behalf
        item.closed_at = at
    item.state = target
    item.notes.append(MicroItemNote(at=at, author_id=author.id, state_after=target, text=text))


def _make_overdue(rng: random.Random, items: list[MicroItem], today: date) -> None:
    """Exactly a few items still worked on are past their deadline; the others are not yet due."""
    open_items = sorted(
        (i for i in items if i.state in micro_rules.OPEN_STATES), key=lambda i: i.assigned_at or datetime.max
    )
    late = set(id(i) for i in open_items[:OVERDUE])
    for item in open_items:
        assigned = (item.assigned_at or datetime.combine(today, datetime.min.time())).date()
        if id(item) in late:
            item.deadline = max(assigned + timedelta(days=14), today - timedelta(days=rng.randint(3, 25)))
        else:
            item.deadline = max(item.deadline or today, today + timedelta(days=rng.randint(7, 60)))


def _funds(session: Session, rng: random.Random, divisions: list[Division], year: int, items: list[MicroItem]) -> None:
    """Each division's fund: what its 专项资金 items hold, with room to spare, in round 50 万元."""
    for division in divisions:
        held = sum(
            float(i.estimated_cost)
            for i in items
            if i.division_id == division.id
            and i.fund == Fund.SPECIAL
            and i.state not in (MicroState.PROPOSED, MicroState.SCREENED, MicroState.DECLINED)
        )
        amount = math.ceil((held * 1.25 + rng.choice((50, 100, 150))) / 50) * 50
        session.add(MicroFund(year=year, division_id=division.id, amount=Decimal(amount)))


def _at(rng: random.Random, day: date) -> datetime:
    """A moment in office hours (China time) of that day, stored as naive UTC."""
    return clock.start_of_local_day(day) + timedelta(hours=rng.uniform(8.5, 17.5))
