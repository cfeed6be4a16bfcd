"""Demo micro livelihood items (微实事), as of tests.conftest.TODAY."""

from collections import Counter
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from db.demo.micro_items import seed_micro_items
from db.micro import item_reads as micro_reads
from db.micro import rules as micro_rules
from db.micro.models import MicroFund, MicroItem, MicroItemNote
from db.micro.rules import Fund, MicroRating, MicroState
from db.survey.rules import Level
from db.system.models import Deputy, Division
from tests.conftest import TODAY

THIS_YEAR, LAST_YEAR = TODAY.year, TODAY.year - 1


def items(session: Session) -> list[MicroItem]:
    query = select(MicroItem).options(selectinload(MicroItem.notes), selectinload(MicroItem.deputy))
    return list(session.scalars(query))


def test_about_150_items_this_year_and_120_last_year_in_every_division(demo_session):
    rows = items(demo_session)
    per_year = Counter(i.year for i in rows)
    assert (per_year[THIS_YEAR], per_year[LAST_YEAR]) == (150, 120)
    divisions = set(demo_session.scalars(select(Division.id)))
    for year in (THIS_YEAR, LAST_YEAR):
        assert {i.division_id for i in rows if i.year == year} == divisions


def test_this_years_items_are_in_every_state_and_last_years_are_all_settled(demo_session):
    rows = items(demo_session)
    assert {i.state for i in rows if i.year == THIS_YEAR} == set(MicroState)
    settled = {MicroState.DECLINED, MicroState.ACCEPTED, MicroState.ARCHIVED}
    assert {i.state for i in rows if i.year == LAST_YEAR} <= settled


def test_a_few_are_overdue_a_few_declined_and_one_is_back_at_the_department_after_a_dissatisfied_rating(demo_session):
    rows = items(demo_session)
    assert sum(micro_rules.is_micro_overdue(i.state, i.deadline, TODAY) for i in rows) == 4
    declined = [i for i in rows if i.state == MicroState.DECLINED]
    assert 3 <= len(declined) <= 30 and all(i.decline_reason for i in declined)
    (sent_back,) = [i for i in rows if i.sent_back and i.state == MicroState.IN_PROGRESS]
    assert [n.state_after for n in sent_back.notes][-2:] == [MicroState.DONE, MicroState.IN_PROGRESS]
    assert sent_back.notes[-1].text and sent_back.rating is None and sent_back.done_at is None
    # A 不满意 that closed an item is always its second one.
    assert all(i.sent_back == 1 for i in rows if i.rating == Level.DISSATISFIED)


def test_the_demo_deputy_has_one_item_waiting_for_their_rating_and_one_just_proposed(demo_session):
    rows = [i for i in items(demo_session) if i.deputy.code == "d001"]
    assert sorted(i.state for i in rows) == [MicroState.DONE, MicroState.PROPOSED]
    done = next(i for i in rows if i.state == MicroState.DONE)
    assert done.department_id and done.result and done.actual_cost is not None and done.done_at is not None


def test_each_item_is_proposed_in_its_division_and_its_history_is_in_order_before_today(demo_session):
    division_of = dict(demo_session.execute(select(Deputy.id, Deputy.division_id)).all())
    for item in items(demo_session):
        assert item.division_id == division_of[item.deputy_id]
        times = [n.at for n in item.notes]
        assert times == sorted(times) and times[0] == item.proposed_at
        assert item.notes[-1].state_after == item.state and times[-1].date() < TODAY
        assert micro_rules.micro_cost_problem(float(item.estimated_cost)) is None and item.title and item.town
        if item.state in (MicroState.ASSIGNED, MicroState.IN_PROGRESS, MicroState.DONE, MicroState.ACCEPTED):
            assert item.department_id and item.deadline and item.fund in Fund
        if item.state in (MicroState.ACCEPTED, MicroState.ARCHIVED):
            assert item.rating in MicroRating and item.closed_at


def test_every_division_has_a_fund_for_both_years_above_what_its_items_hold(demo_session):
    funds = demo_session.scalars(select(MicroFund)).all()
    assert Counter(f.year for f in funds) == {THIS_YEAR: 8, LAST_YEAR: 8}
    for year in (THIS_YEAR, LAST_YEAR):
        for line in micro_reads.funds(demo_session, year):
            assert line.fund is not None and line.available is not None and line.available > 0


def test_titles_are_varied_local_fixes(demo_session):
    titles = [i.title for i in items(demo_session)]
    assert len(set(titles)) > 150
    assert all(
        any(
            word in t
            for word in (
                "护栏",
                "硬底化",
                "红绿灯",
                "路灯",
                "排水",
                "器材",
                "卫生站",
                "公厕",
                "垃圾",
                "护岸",
                "候车亭",
                "人行道",
                "长者",
                "减速带",
            )
        )
        for t in titles
    )


def test_early_in_a_year_nothing_happens_after_today(demo_session):
    """Seeding as of 10 January gives only past events: the later steps just have not happened yet."""
    early = date(THIS_YEAR + 1, 1, 10)
    with Session(demo_session.get_bind().engine) as s:
        for table in (MicroItemNote, MicroItem, MicroFund):
            s.execute(delete(table))
        seed_micro_items(s, early)
        new = list(s.scalars(select(MicroItem).options(selectinload(MicroItem.notes))))
        assert Counter(i.year for i in new) == {early.year: 150, early.year - 1: 120}
        assert all(n.at.date() < early for i in new for n in i.notes)
        s.rollback()
