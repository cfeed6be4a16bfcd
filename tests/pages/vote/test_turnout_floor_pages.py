"""The turnout floor on the office's screens: the warning before closing, the second confirmation, the results."""

from __future__ import annotations

import pytest

from db.core.session import read_scope, session_scope
from db.system.models import Year
from db.vote import voting
from tests import ballots
from tests.conftest import TODAY, fresh
from tests.factories import actor_of
from tests.pages.conftest import shown, texts
from tests.pages.vote.test_vote_pages import close_with

NEXT_YEAR = TODAY.year + 1


@pytest.fixture
def low_round(demo_session):
    """The demo's draft round for next year, opened by the office, with one ballot cast."""
    round_id, ids = ballots.open_demo_draft(actor_of(demo_session, "office"), NEXT_YEAR)
    ballots.cast(actor_of(demo_session, "d050"), round_id, ids[:1])
    with read_scope() as s:
        return round_id, voting.turnout(s, round_id)


def test_closing_below_the_floor_warns_with_the_turnout_figure(open_page, low_round):
    round_id, turnout = low_round
    at = open_page("office", "pages/vote_rounds.py")
    share = f"{turnout.share * 100:.1f}%"
    warned = [w.value for w in at.warning if "未超过本轮投票率下限 50%" in w.value]
    assert warned and share in warned[0] and f"已投 1 / 应投 {turnout.electorate}" in warned[0]


def test_closing_says_the_turnout_the_round_closed_at_not_the_one_the_page_was_drawn_with(
    open_page, demo_session, low_round
):
    round_id, turnout = low_round
    at = open_page("office", "pages/vote_rounds.py")
    assert any(f"已投 1 / 应投 {turnout.electorate}" in w.value for w in at.warning)
    with read_scope() as s:
        ids = [c.id for c in voting.round_candidates(s, round_id)]
    ballots.cast(actor_of(demo_session, "d051"), round_id, ids[:1])  # arrives while the office enters the codes
    close_with(at, round_id, ballots.handed_out(round_id)[:2])
    share = f"{2 / turnout.electorate * 100:.1f}%"
    closed = [shown(s.value) for s in at.success if "投票已结束" in s.value]
    assert closed and f"截止时已投 2 / 应投 {turnout.electorate}" in closed[0] and share in closed[0], closed
    assert "未超过本轮投票率下限 50%" in closed[0]


def test_publishing_below_the_floor_needs_a_second_box_naming_the_turnout(open_page, demo_session, low_round):
    round_id, turnout = low_round
    with session_scope() as s:
        ballots.advance(s, actor_of(demo_session, "office"), round_id)
    at = open_page("office", "pages/vote_rounds.py")
    low = at.checkbox(key=f"publish_{round_id}_low")
    assert f"{turnout.share * 100:.1f}%（1/{turnout.electorate}）" in low.label
    at.checkbox(key=f"publish_{round_id}_sure").check().run()
    assert at.button(key=f"publish_{round_id}").disabled
    at.checkbox(key=f"publish_{round_id}_low").check().run()
    assert not at.button(key=f"publish_{round_id}").disabled
    at.button(key=f"publish_{round_id}").click().run()
    assert "结果已公布" in texts(at)
    assert voting.round_view(fresh(demo_session), round_id).state == "published"


def test_the_results_and_the_projector_say_the_floor_was_not_reached(open_page, demo_session, low_round):
    round_id, _ = low_round
    office = actor_of(demo_session, "office")
    with session_scope() as s:
        ballots.advance(s, office, round_id)
    with session_scope() as s:
        ballots.advance(s, office, round_id, low_turnout_accepted=True)
    results = open_page("d050", "pages/vote_results.py")
    results.selectbox(key="results_round").set_value(round_id).run()
    assert "未达到投票率下限（须超过 50%）" in texts(results)
    screen = open_page("leader", "pages/vote_screen.py")
    assert "未达到投票率下限（须超过 50%）" in texts(screen)


def test_the_office_sets_the_floor_when_it_creates_a_round(open_page, demo_session):
    demo_session.add(Year(year=NEXT_YEAR + 1, session_name="测试", places=10))
    demo_session.commit()
    at = open_page("office", "pages/vote_rounds.py")
    assert at.number_input(key=f"create_{NEXT_YEAR + 1}_floor").value == 50
    at.number_input(key=f"create_{NEXT_YEAR + 1}_floor").set_value(66)
    at.button(key=f"FormSubmitter:create_{NEXT_YEAR + 1}-保存").click().run()
    (created,) = voting.rounds(fresh(demo_session), NEXT_YEAR + 1)
    assert created.turnout_floor == 66
    assert "投票率下限：超过 66%" in texts(at)
