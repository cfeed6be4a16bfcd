"""Demo micro wishes, as of tests.conftest.TODAY: every state, every division, d001's own, plausible."""

from collections import Counter
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from db.core import clock
from db.core.session import read_scope, session_scope
from db.demo.pool.wishes import WISHES
from db.demo.wishes import seed_wishes
from db.micro import wish_rules, wishes
from db.micro.models import MicroWish
from db.micro.wish_rules import WishCategory, WishState
from db.system.models import Account, Deputy, Division
from tests.conftest import TODAY, fresh
from tests.factories import actor_of


def all_wishes(session):
    return list(fresh(session).scalars(select(MicroWish).options(selectinload(MicroWish.notes))))


def test_about_two_hundred_wishes_in_every_state_and_division_recorded_over_the_last_ten_months(demo_session):
    rows = all_wishes(demo_session)

    assert 180 <= len(rows) <= 220
    states = Counter(w.state for w in rows)
    assert set(states) == set(WishState)
    assert states["fulfilled"] > states["claimed"] > states["unfulfillable"]
    assert states["open"] >= 20
    assert {w.division_id for w in rows} == set(demo_session.scalars(select(Division.id)))
    assert {w.category for w in rows} == set(WishCategory)
    assert all(TODAY - timedelta(days=300) <= w.recorded_on <= TODAY for w in rows)
    assert all(wish_rules.wish_value_problem(w.estimated_value) is None for w in rows)


def test_each_wish_is_consistent_with_its_state_and_its_dates_run_forward(demo_session):
    for w in all_wishes(demo_session):
        actions = [n.action for n in w.notes]
        assert (w.deputy_id is not None) == (w.state in ("claimed", "fulfilled", "unfulfillable")), w.id
        if w.deputy_id is not None:
            assert actions[0] == "claim" and clock.local(w.claimed_at).date() >= w.recorded_on
        if w.state in ("fulfilled", "unfulfillable", "withdrawn"):
            assert w.outcome and w.recorded_on <= w.closed_on <= TODAY, w.id
            assert (
                actions[-1]
                == {"fulfilled": "fulfil", "unfulfillable": "unfulfillable", "withdrawn": "withdraw"}[w.state]
            )
        else:
            assert w.closed_on is None and not w.outcome
        if w.state == "open":
            assert actions == []


def test_the_demo_deputy_holds_wishes_in_hand_fulfilled_and_explained(demo_session):
    d001 = actor_of(demo_session, "d001")
    with read_scope() as s:
        mine = wishes.mine(s, d001)

    assert Counter(w.state for w in mine) >= Counter({"claimed": 3, "fulfilled": 4, "unfulfillable": 1})
    assert all(w.resident for w in mine)


def test_deputies_mostly_claim_wishes_of_their_own_delegations_division(demo_session):
    rows = [w for w in all_wishes(demo_session) if w.deputy_id is not None]
    deputies = dict(demo_session.execute(select(Deputy.id, Deputy.division_id)).all())

    own = sum(deputies[w.deputy_id] == w.division_id for w in rows)
    assert own >= 0.8 * len(rows)


def test_the_texts_are_the_invented_ones_and_the_notes_are_by_the_claiming_deputy_or_the_office(demo_session):
    texts = {text for entries in WISHES.values() for text, _, _ in entries}
    accounts = dict(demo_session.execute(select(Account.id, Account.deputy_id)).all())
    office = demo_session.scalar(select(Account.id).where(Account.username == "office"))
    for w in all_wishes(demo_session):
        assert w.wish in texts
        assert all(accounts[n.author_id] in (w.deputy_id, None) or n.author_id == office for n in w.notes)


def test_the_demo_is_the_same_for_the_same_day(demo_session):
    def facts(rows):
        return [(w.wish, w.resident, w.state, w.recorded_on, w.division_id, w.deputy_id, w.outcome) for w in rows]

    first = facts(sorted(all_wishes(demo_session), key=lambda w: w.id))
    with session_scope() as s:
        seed_wishes(s, TODAY)  # again, beside the first
    again = facts(sorted(all_wishes(demo_session), key=lambda w: w.id))[len(first) :]

    assert again == first


def test_the_counts_cover_every_division_and_the_wall_shows_the_open_ones(demo_session):
    with read_scope() as s:
        tally, wall = wishes.counts(s), wishes.wall(s)

    assert [c.label for c in tally.by_division] == list(
        demo_session.scalars(select(Division.name).order_by(Division.sort_order))
    )
    assert tally.total.fulfilled > 0 and len(tally.by_delegation) > 1
    assert len(wall) == sum(w.state == "open" for w in all_wishes(demo_session))
