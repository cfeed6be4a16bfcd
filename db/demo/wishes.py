"""Demo micro wishes (微心愿): invented residents' wishes at the liaison stations, in every state.

Relative to `today`: about two hundred wishes recorded over the last ten months in every division,
most of the older ones claimed by a deputy of the same delegation and fulfilled, some still being
worked on, a few explained as impossible or withdrawn by the office, the newest waiting on the
wall. Deputy d001 holds some of each. Residents' names and every text are made up.

Written directly with the ORM (the services check today's date and permissions, and audit).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core import clock
from db.demo import names
from db.demo.pool.people import DEMO_DEPUTY
from db.demo.pool.wishes import CANNOT, PROGRESS, WISHES, WITHDRAWN
from db.micro.models import MicroWish, MicroWishNote
from db.micro.wish_rules import WishAction, WishState
from db.system.models import Account, Deputy, Division

WISH_COUNT = 200
DAYS_BACK = 300
# d001's own: claimed and being worked on, fulfilled, explained as impossible.
DEMO_DEPUTY_WISHES = (*[WishState.CLAIMED] * 3, *[WishState.FULFILLED] * 4, WishState.UNFULFILLABLE)

# How often each category of the pool's WISHES comes up.
CATEGORY_WEIGHTS = {"study": 5, "elderly": 6, "disability": 3, "employment": 3, "living": 4, "other": 2}


def seed_wishes(session: Session, today: date) -> None:
    rng = random.Random(f"wishes-{today.isoformat()}")
    divisions = list(session.scalars(select(Division).order_by(Division.sort_order, Division.id)))
    deputies = list(session.scalars(select(Deputy).where(Deputy.active.is_(True)).order_by(Deputy.id)))
    accounts = dict(session.execute(select(Account.deputy_id, Account.id).where(Account.deputy_id.is_not(None))).all())
    office = session.scalar(select(Account.id).where(Account.username == "office"))
    demo_deputy = next(d for d in deputies if d.code == DEMO_DEPUTY)
    by_division: dict[int, list[Deputy]] = {}
    for deputy in deputies:
        by_division.setdefault(deputy.division_id, []).append(deputy)
    residents = names.generate(rng, WISH_COUNT)
    ages = sorted((rng.randint(0, DAYS_BACK) for _ in range(WISH_COUNT)), reverse=True)  # oldest first
    own = {
        i: state
        for i, state in zip(
            rng.sample(range(WISH_COUNT // 2), len(DEMO_DEPUTY_WISHES)), DEMO_DEPUTY_WISHES, strict=True
        )
    }
    for i, (resident, age) in enumerate(zip(residents, ages, strict=True)):
        category = rng.choices(list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values()))[0]
        text, (low, high), given = rng.choice(WISHES[category])
        division = rng.choice(divisions)
        recorded = today - timedelta(days=age)
        state = own.get(i) or _state(rng, age)
        deputy = demo_deputy if i in own else rng.choice(by_division.get(division.id) or deputies)
        wish = MicroWish(
            wish=text,
            resident=resident,
            division_id=division.id,
            category=category,
            estimated_value=rng.randrange(low, high + 1, 10) if high else 0,
            state=WishState.OPEN,
            outcome="",
            recorded_on=recorded,
            created_at=_at(rng, recorded),
            created_by=accounts[deputy.id] if rng.random() < 0.2 and i not in own else office,
        )
        session.add(wish)
        _history(rng, wish, state, deputy, accounts[deputy.id], office, given, today)
    session.flush()


def _state(rng: random.Random, age: int) -> str:
    """Older wishes are mostly done; the newest wait on the wall."""
    if age < 20:
        return rng.choices((WishState.OPEN, WishState.CLAIMED), (4, 1))[0]
    if age < 60:
        return rng.choices(
            (WishState.OPEN, WishState.CLAIMED, WishState.FULFILLED, WishState.WITHDRAWN), (3, 4, 3, 0.3)
        )[0]
    return rng.choices(
        (WishState.OPEN, WishState.CLAIMED, WishState.FULFILLED, WishState.UNFULFILLABLE, WishState.WITHDRAWN),
        (1, 1, 12, 1, 0.4),
    )[0]


def _history(
    rng: random.Random,
    wish: MicroWish,
    state: str,
    deputy: Deputy,
    author: int,
    office: int | None,
    given: str,
    today: date,
) -> None:
    """Claim, progress and closing notes, dated between the recording and today."""
    if state == WishState.WITHDRAWN:
        wish.state, wish.outcome = state, rng.choice(WITHDRAWN)
        wish.closed_on = min(today, wish.recorded_on + timedelta(days=rng.randint(1, 10)))
        wish.notes.append(
            MicroWishNote(at=_at(rng, wish.closed_on), author_id=office, action=WishAction.WITHDRAW, text=wish.outcome)
        )
        return
    if state == WishState.OPEN:
        return
    span = (today - wish.recorded_on).days
    claimed_on = wish.recorded_on + timedelta(days=rng.randint(0, min(span, 10)))
    wish.state, wish.deputy_id, wish.claimed_at = WishState.CLAIMED, deputy.id, _at(rng, claimed_on)
    wish.notes.append(MicroWishNote(at=wish.claimed_at, author_id=author, action=WishAction.CLAIM, text=""))
    progress_on = claimed_on + timedelta(days=rng.randint(0, max(0, (today - claimed_on).days) // 2))
    if rng.random() < 0.6:
        wish.notes.append(
            MicroWishNote(at=_at(rng, progress_on), author_id=author, action=WishAction.NOTE, text=rng.choice(PROGRESS))
        )
    if state == WishState.CLAIMED:
        return
    closed_on = min(today, progress_on + timedelta(days=rng.randint(1, 30)))
    action, outcome = (
        (WishAction.FULFIL, given) if state == WishState.FULFILLED else (WishAction.GIVE_UP, rng.choice(CANNOT))
    )
    wish.state, wish.outcome, wish.closed_on = state, outcome, closed_on
    wish.notes.append(MicroWishNote(at=_at(rng, closed_on), author_id=author, action=action, text=outcome))


def _at(rng: random.Random, day: date) -> datetime:
    """A time in office hours of that day, stored as naive UTC."""
    return clock.start_of_local_day(day) + timedelta(hours=rng.randint(9, 17), minutes=rng.randint(0, 59))
