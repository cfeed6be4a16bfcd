"""The turnout floor of a round: set on creation, frozen when it opens, checked before publishing."""

from decimal import Decimal

import pytest

from db.core.errors import Refused
from db.core.session import read_scope, session_scope
from db.vote import voting
from db.vote.models import Candidate
from tests import ballots, factories
from tests.factories import actor_of

YEAR = 2027


@pytest.fixture
def hall(session):
    """An office clerk, four deputies and two candidates for one place."""
    factories.year(session, YEAR)
    office = actor_of(session, factories.account(session, "staff").username)
    lead = factories.department(session)
    candidates = [
        Candidate(
            year=YEAR, title=f"候选{i}", field="公共教育", lead_department_id=lead.id, estimated_budget=Decimal(1)
        )
        for i in range(2)
    ]
    session.add_all(candidates)
    session.commit()
    deputies = [actor_of(session, factories.account(session, "deputy").username) for _ in range(4)]
    return office, deputies, [c.id for c in candidates]


def open_round(office, **rules):
    with session_scope() as s:
        round_id = voting.create_round(s, office, YEAR, places=1, **rules)
        ballots.advance(s, office, round_id)
    return round_id


def cast_by(deputies, round_id, pick):
    for deputy in deputies:
        ballots.cast(deputy, round_id, [pick])


def advance(office, round_id, **confirmed):
    with session_scope() as s:
        return ballots.advance(s, office, round_id, **confirmed)


def test_a_new_round_asks_for_more_than_half_of_the_electorate_unless_told_otherwise(session, hall):
    office, _, _ = hall
    with session_scope() as s:
        default = voting.create_round(s, office, YEAR, places=1)
    with read_scope() as s:
        assert voting.round_view(s, default).turnout_floor == 50


def test_the_office_may_set_another_floor_while_the_round_is_a_draft(session, hall):
    office, _, _ = hall
    with session_scope() as s:
        round_id = voting.create_round(s, office, YEAR, places=1, turnout_floor=66)
    with session_scope() as s:
        voting.update_round(s, office, round_id, 1, 1, "electorate_half", turnout_floor=75)
    with read_scope() as s:
        assert voting.round_view(s, round_id).turnout_floor == 75


def test_closing_below_the_floor_is_allowed_but_publishing_needs_the_second_confirmation(session, hall):
    office, deputies, ids = hall
    round_id = open_round(office)
    cast_by(deputies[:2], round_id, ids[0])  # 2 of 4: exactly half, not more
    assert advance(office, round_id) == "closed"
    with pytest.raises(Refused) as refused:
        advance(office, round_id)
    assert refused.value.reason == "vote.publish_below_floor"
    assert refused.value.params == {"cast": 2, "electorate": 4, "share": 50.0, "floor": 50}
    with read_scope() as s:
        assert voting.round_view(s, round_id).state == "closed"
    assert advance(office, round_id, low_turnout_accepted=True) == "published"


def test_the_results_say_whether_the_floor_was_reached(session, hall):
    office, deputies, ids = hall
    short = open_round(office)
    cast_by(deputies[:2], short, ids[0])
    advance(office, short)
    with read_scope() as s:
        result = voting.results(s, short)
    assert (result.ballots, result.electorate, result.turnout_floor, result.floor_reached) == (2, 4, 50, False)


def test_a_turnout_above_the_floor_publishes_without_a_second_confirmation(session, hall):
    office, deputies, ids = hall
    round_id = open_round(office)
    cast_by(deputies[:3], round_id, ids[1])  # 3 of 4
    advance(office, round_id)
    assert advance(office, round_id) == "published"
    with read_scope() as s:
        assert voting.results(s, round_id).floor_reached


def test_a_lower_floor_set_on_creation_is_the_one_checked(session, hall):
    office, deputies, ids = hall
    round_id = open_round(office, turnout_floor=25)
    cast_by(deputies[:2], round_id, ids[0])  # 50 % > 25 %
    advance(office, round_id)
    assert advance(office, round_id) == "published"
