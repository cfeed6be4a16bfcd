"""Look-back reviews (回头看): recording one (each 较差 opens a rectification item), the refusals
that write nothing, the reads, and the cross-year scorecard's figures."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from db.core import clock
from db.core.errors import Forbidden, Refused
from db.core.models import AuditEntry
from db.core.session import read_scope, session_scope
from db.oversight import lookback, rectification
from db.oversight.models import LookbackReview, RectificationItem, ReviewRating
from db.projects import reporting
from db.projects.reporting import ReportInput
from tests import factories
from tests.conftest import TODAY, fresh
from tests.factories import actor_of

LAST_YEAR = TODAY.year - 1
REVIEWED_ON = TODAY - timedelta(days=3)
DEADLINE = TODAY + timedelta(days=60)
ALL_GOOD = {aspect: ("good", "") for aspect in ("operation", "service", "maintenance", "public")}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)


@pytest.fixture
def stage(session):
    """Last year's project and this year's, led by one department; office staff, the department's staff."""
    lead = factories.department(session)
    past = factories.project(session, lead, year_number=LAST_YEAR, number=1, indicators=(("学位", "个", 100, 1),))
    current = factories.project(session, lead, year_number=TODAY.year, number=1)

    def actor(role, **fields):
        return actor_of(session, factories.account(session, role, **fields).username)

    return SimpleNamespace(
        past=past, current=current, lead=lead, office=actor("staff"), staff=actor("staff", department_id=lead.id)
    )


def review(actor, project_id, ratings=None, *, reviewed_on=REVIEWED_ON, reviewers="张三、李四", deadline=DEADLINE):
    with session_scope() as s:
        return lookback.record_review(
            s, actor, project_id, reviewed_on, reviewers, ratings or ALL_GOOD, "总体运行良好", deadline
        )


def counts(session):
    """Reviews, ratings, rectification items, audit rows."""
    fresh(session)
    models = (LookbackReview, ReviewRating, RectificationItem, AuditEntry)
    return tuple(session.scalar(select(func.count()).select_from(m)) for m in models)


def test_office_records_a_review_with_four_ratings_and_an_audit_row(session, stage):
    review_id = review(stage.office, stage.past.id, {**ALL_GOOD, "service": ("fair", "  窗口排队较长  ")})

    fresh(session)
    stored = session.get(LookbackReview, review_id)
    assert (stored.project_id, stored.reviewed_on, stored.reviewers) == (stage.past.id, REVIEWED_ON, "张三、李四")
    assert {r.aspect: (r.rating, r.notes) for r in stored.ratings}["service"] == ("fair", "窗口排队较长")
    assert all(r.rectification_item_id is None for r in stored.ratings)
    [entry] = session.scalars(select(AuditEntry).where(AuditEntry.entity == "lookback_review")).all()
    assert (entry.action, entry.entity_id, entry.actor_username) == ("create", str(review_id), stage.office.username)
    assert entry.after["ratings"]["service"] == ["fair", "窗口排队较长", None]


def test_each_poor_rating_opens_a_rectification_item_for_the_lead_department(session, stage):
    ratings = {**ALL_GOOD, "maintenance": ("poor", "设备无人管护"), "public": ("poor", "群众反映噪声大")}
    review_id = review(stage.office, stage.past.id, ratings)

    fresh(session)
    items = session.scalars(select(RectificationItem).order_by(RectificationItem.id)).all()
    # The notes as written; the rule's wording (回头看·管护机制较差：…) as a catalogue key and the aspect's code.
    assert [(i.problem, i.problem_key, i.problem_params) for i in items] == [
        ("设备无人管护", "rectification.problem_review", {"aspect": "maintenance"}),
        ("群众反映噪声大", "rectification.problem_review", {"aspect": "public"}),
    ]
    assert {(i.source_kind, i.source_id, i.department_id, i.deadline) for i in items} == {
        ("review", review_id, stage.lead.id, DEADLINE)
    }
    linked = {r.aspect: r.rectification_item_id for r in session.get(LookbackReview, review_id).ratings}
    assert (linked["maintenance"], linked["public"]) == (items[0].id, items[1].id)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"project": "current"}, "lookback.year_not_past"),
        ({"project": "next"}, "lookback.year_not_past"),
        ({"reviewed_on": TODAY + timedelta(days=1)}, "lookback.date_future"),
        ({"reviewers": "   "}, "lookback.reviewers_required"),
        ({"ratings": {"operation": ("good", ""), "service": ("good", "")}}, "lookback.aspects_incomplete"),
        ({"ratings": {**ALL_GOOD, "extra": ("good", "")}}, "lookback.aspects_incomplete"),
        ({"ratings": {**ALL_GOOD, "service": ("excellent", "")}}, "lookback.rating_unknown"),
        ({"ratings": {**ALL_GOOD, "service": ("poor", "  ")}}, "lookback.poor_needs_notes"),
        ({"ratings": {**ALL_GOOD, "service": ("fair", "长" * 1001)}}, "input.too_long"),
        ({"deadline": TODAY - timedelta(days=1)}, "lookback.deadline_past"),
    ],
)
def test_bad_input_is_refused_with_a_reason_and_nothing_written(session, stage, change, reason):
    change = dict(change)  # the case is shared by both databases
    projects = {"past": stage.past, "current": stage.current}
    if change.get("project") == "next":
        projects["next"] = factories.project(session, stage.lead, year_number=TODAY.year + 1, number=1)
    project = projects[change.pop("project", "past")]
    ratings = change.pop("ratings", {**ALL_GOOD, "operation": ("poor", "路灯损坏")})
    before = counts(session)

    with pytest.raises(Refused) as refused:
        review(stage.office, project.id, ratings, **change)

    assert refused.value.reason == reason
    assert counts(session) == before


def test_only_the_office_records_a_review(session, stage):
    before = counts(session)
    with pytest.raises(Forbidden):
        review(stage.staff, stage.past.id)
    assert counts(session) == before


def test_reviews_of_a_year_list_each_with_its_ratings_and_its_items_state(session, stage):
    other = factories.project(session, stage.lead, year_number=LAST_YEAR, number=2)
    older = review(stage.office, stage.past.id, reviewed_on=REVIEWED_ON - timedelta(days=30))
    newer = review(stage.office, stage.past.id, {**ALL_GOOD, "operation": ("poor", "路灯损坏")})
    third = review(stage.office, other.id, {**ALL_GOOD, "public": ("fair", "")})
    review(stage.office, factories.project(session, year_number=LAST_YEAR - 1, number=1).id)  # another year

    with read_scope() as s:
        listed = lookback.reviews_of_year(s, LAST_YEAR)
        history = lookback.project_reviews(s, stage.past.id)

    assert [r.id for r in listed] == [newer, older, third]
    assert [r.id for r in history] == [newer, older]
    assert [r.aspect for r in listed[0].ratings] == ["operation", "service", "maintenance", "public"]
    assert (listed[0].worst, listed[1].worst, listed[2].worst) == ("poor", "good", "fair")
    assert listed[0].ratings[0].item_state == "open" and listed[0].ratings[1].item_state is None
    assert listed[0].project == f"{LAST_YEAR} · 1. {stage.past.title}"
    assert lookback.latest_by_project(listed) == {stage.past.id: listed[0], other.id: listed[2]}


def test_the_scorecard_sets_promised_against_delivered_the_completion_month_funds_review_and_items(session, stage):
    late = factories.project(session, stage.lead, year_number=LAST_YEAR, number=2, budget=500)
    with session_scope() as s:
        for month, value, funds in ((date(LAST_YEAR, 5, 1), 60, 300), (date(LAST_YEAR, 9, 1), 100, 800)):
            reporting.save_report(
                s, stage.office, stage.past.id, month, ReportInput({stage.past.indicators[0].id: value}, funds), TODAY
            )
    review(stage.office, stage.past.id, {**ALL_GOOD, "operation": ("poor", "路灯损坏")})
    review(stage.office, stage.past.id, {**ALL_GOOD, "service": ("poor", "服务差")}, reviewed_on=TODAY)
    with read_scope() as s:
        closed = rectification.ledger(s, stage.office, rectification.LedgerFilter(), TODAY)[0].id
    with session_scope() as s:
        rectification.move(s, stage.office, closed, "rejected", "已另案处理")

    with read_scope() as s:
        first, second = lookback.scorecard(s, LAST_YEAR, TODAY)

    assert (first.project_id, first.number, first.completion) == (stage.past.id, 1, 1.0)
    assert [(i.name, i.target, i.value) for i in first.targets] == [("学位", 100, 100)]
    assert (first.planned_end, first.completed_in, first.on_time) == (
        date(LAST_YEAR, 12, 31),
        date(LAST_YEAR, 9, 1),
        True,
    )
    assert (first.budget, first.funds_spent) == (1000, 800)
    assert (first.review_rating, first.reviewed_on) == ("poor", TODAY)
    assert (first.items_open + first.items_closed, first.items_closed) == (2, 1)
    assert (second.project_id, second.completion, second.completed_in, second.on_time) == (late.id, 0, None, False)
    assert (second.review_rating, second.reviewed_on, second.items_open, second.items_closed) == (None, None, 0, 0)


def test_there_is_no_scorecard_for_the_current_year(session, stage):
    with read_scope() as s:
        assert lookback.scorecard(s, TODAY.year, TODAY) == []


def test_the_scorecard_names_the_project_that_continues_a_past_one(session, stage):
    with read_scope() as s:
        first_id = lookback.scorecard(s, LAST_YEAR, TODAY)[0].project_id
    continuing = factories.project(fresh(session), year_number=TODAY.year, number=9)
    continuing.carried_from_id = first_id
    session.commit()
    with read_scope() as s:
        rows = {r.project_id: r.continued_as for r in lookback.scorecard(s, LAST_YEAR, TODAY)}
    assert rows[first_id] == f"{TODAY.year} · 9. {continuing.title}"
    assert [v for k, v in rows.items() if k != first_id] == [None] * (len(rows) - 1)
