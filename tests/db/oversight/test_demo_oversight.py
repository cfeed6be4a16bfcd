"""Demo supervision, look-back reviews and rectification items, as of tests.conftest.TODAY."""

from collections import Counter
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.core import clock
from db.core import rules as core_rules
from db.demo.oversight import supervision_week_days
from db.oversight import rectification
from db.oversight import rules as oversight_rules
from db.oversight.models import Finding, LookbackReview, RectificationItem, ReviewRating, SupervisionActivity
from db.oversight.rules import RectificationState, ReviewAspect
from db.projects.models import Project
from db.system.models import Account, Deputy
from tests.conftest import TODAY

THIS_YEAR = TODAY.year
PAST_YEARS = (THIS_YEAR - 1, THIS_YEAR - 2)


def activities_of(session: Session, year: int) -> list[SupervisionActivity]:
    query = (
        select(SupervisionActivity)
        .where(SupervisionActivity.held_on.between(date(year, 1, 1), date(year, 12, 31)))
        .options(
            selectinload(SupervisionActivity.projects),
            selectinload(SupervisionActivity.deputies),
            selectinload(SupervisionActivity.findings),
        )
    )
    return list(session.scalars(query))


def items(session: Session) -> list[RectificationItem]:
    query = select(RectificationItem).options(
        selectinload(RectificationItem.project), selectinload(RectificationItem.notes)
    )
    return list(session.scalars(query))


def test_the_supervision_week_is_the_latest_september_one_that_is_over():
    assert supervision_week_days(date(2026, 11, 27))[0] == date(2026, 9, 21)
    assert supervision_week_days(date(2026, 9, 26))[-1] == date(2026, 9, 25)
    assert supervision_week_days(date(2026, 9, 25))[0].year == 2025  # not over yet: last year's
    assert supervision_week_days(date(2026, 3, 1))[0].year == 2025
    assert all(d.month == 9 and d.weekday() < 5 for d in supervision_week_days(date(2027, 1, 5)))


def test_this_years_september_week_has_four_to_six_group_visits_each_with_findings(demo_session):
    activities = activities_of(demo_session, THIS_YEAR)
    week = [a for a in activities if a.kind == "week"]
    assert 4 <= len(week) <= 6
    assert all(a.held_on.month == 9 and a.held_on.weekday() < 5 for a in week)
    assert all(a.findings for a in week)
    assert all(a.title.startswith("民生实事监督周·") and a.summary for a in week)
    earlier = [a for a in activities if a.kind != "week"]
    assert {"inspection", "unannounced"} <= {a.kind for a in earlier}
    assert all(a.held_on < week[0].held_on.replace(day=1) for a in earlier)
    for activity in activities:
        assert 2 <= len(activity.projects) <= 4 and 3 <= len(activity.deputies) <= 8
        assert {p.year for p in activity.projects} == {THIS_YEAR}
        assert activity.held_on < TODAY


def test_findings_are_on_covered_projects_by_participants_or_the_office_in_every_state(demo_session):
    office = demo_session.scalar(select(Account.id).where(Account.username == "office"))
    account_of = dict(demo_session.execute(select(Account.deputy_id, Account.id)).all())
    states: Counter[str] = Counter()
    for activity in activities_of(demo_session, THIS_YEAR):
        participants = {account_of[d.id] for d in activity.deputies}
        for finding in activity.findings:
            states[finding.state] += 1
            assert finding.project_id in {p.id for p in activity.projects}
            assert finding.author_id in participants | {office}
            assert finding.seen and finding.suggestion
            assert clock.local(finding.created_at).date() == activity.held_on
            assert (finding.rectification_item_id is not None) == (finding.state == "confirmed")
    assert set(states) == {"submitted", "confirmed", "dismissed"}


def test_the_demo_deputy_took_part_in_one_of_this_years_activities(demo_session):
    d001 = demo_session.scalar(select(Deputy).where(Deputy.code == "d001"))
    assert any(d001 in a.deputies for a in activities_of(demo_session, THIS_YEAR))


def test_look_back_reviews_cover_most_of_the_two_previous_years_projects_and_none_of_this_years(demo_session):
    reviews = list(
        demo_session.scalars(
            select(LookbackReview).options(selectinload(LookbackReview.ratings), selectinload(LookbackReview.project))
        )
    )
    reviewed = Counter(r.project.year for r in reviews)
    assert set(reviewed) == set(PAST_YEARS)
    assert all(6 <= reviewed[year] <= 8 for year in PAST_YEARS)
    assert len({r.project_id for r in reviews}) == len(reviews)
    for review in reviews:
        assert review.reviewed_on.year == THIS_YEAR and review.reviewed_on < TODAY
        assert review.reviewers and review.conclusion
        assert sorted(r.aspect for r in review.ratings) == sorted(ReviewAspect)
    ratings = Counter(r.rating for review in reviews for r in review.ratings)
    assert ratings["good"] > ratings["fair"] > ratings["poor"] > 0


def test_every_poor_rating_and_only_a_poor_one_has_its_rectification_item(demo_session):
    rows = demo_session.execute(select(ReviewRating, LookbackReview).join(LookbackReview)).all()
    for rating, review in rows:
        if rating.rating != "poor":
            assert rating.rectification_item_id is None
            continue
        assert rating.notes
        item = demo_session.get(RectificationItem, rating.rectification_item_id)
        assert item is not None
        assert (item.source_kind, item.source_id, item.project_id) == ("review", review.id, review.project_id)


def test_a_confirmed_finding_opened_the_item_that_points_back_to_it(demo_session):
    for finding in demo_session.scalars(select(Finding).where(Finding.state == "confirmed")):
        item = demo_session.get(RectificationItem, finding.rectification_item_id)
        assert item is not None
        assert (item.source_kind, item.source_id, item.project_id) == ("finding", finding.id, finding.project_id)
        assert item.problem.startswith(finding.seen) and item.created_at > finding.created_at


def test_items_exist_in_every_state_and_exactly_two_are_overdue(demo_session):
    ledger = items(demo_session)
    assert set(Counter(i.state for i in ledger)) == set(RectificationState)
    unfinished = [
        i
        for i in ledger
        if i.state in (RectificationState.OPEN, RectificationState.IN_PROGRESS, RectificationState.RECTIFIED)
    ]
    assert rectification.open_counts(demo_session, TODAY) == (len(unfinished), 2)
    overdue = [i for i in ledger if oversight_rules.is_overdue(i.state, i.deadline, TODAY)]
    assert sorted(i.state for i in overdue) == [RectificationState.IN_PROGRESS, RectificationState.OPEN]


def test_every_item_is_owned_by_its_projects_lead_department_with_a_consistent_history(demo_session):
    office = demo_session.scalar(select(Account.id).where(Account.username == "office"))
    liaisons = dict(
        demo_session.execute(select(Account.department_id, Account.id).where(Account.username.like("dept_%"))).all()
    )
    today_began = clock.start_of_local_day(TODAY)
    for item in items(demo_session):
        assert item.department_id == item.project.lead_department_id
        assert item.deadline >= item.created_at.date() and item.created_at < today_began
        assert item.created_by == (None if item.source_kind == "survey" else office)  # a closing round's rule
        assert [n.state_after for n in item.notes][-1:] == (
            [] if item.state == RectificationState.OPEN else [item.state]
        )
        times = [item.created_at] + [n.at for n in item.notes]
        assert times == sorted(times) and times[-1] < today_began
        state = RectificationState.OPEN
        for note in item.notes:  # every move one the rules allow, made by whom they allow
            who = oversight_rules.RECTIFICATION_MOVES[(state, note.state_after)]
            assert note.author_id == (office if who == core_rules.OFFICE else liaisons[item.department_id])
            assert note.text
            state = note.state_after
        assert bool(item.evidence) == (RectificationState.RECTIFIED in [n.state_after for n in item.notes])
        closed = item.state in (RectificationState.VERIFIED, RectificationState.REJECTED)
        assert (item.closed_by, item.closed_at) == ((office, item.notes[-1].at) if closed else (None, None))


def test_activities_cover_only_this_years_projects(demo_session):
    query = select(Project.year).select_from(SupervisionActivity).join(SupervisionActivity.projects)
    assert set(demo_session.scalars(query)) == {THIS_YEAR}
