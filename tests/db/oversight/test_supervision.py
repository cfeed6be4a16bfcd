"""Supervision (监督): the office records activities, deputies who took part add findings, the
office confirms a finding into the rectification ledger or dismisses it; the refusals that write
nothing; the year's activities and the supervision-week view."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from db.core import clock
from db.core.actors import Role
from db.core.errors import Forbidden, Refused
from db.core.models import AuditEntry
from db.core.session import read_scope, session_scope
from db.oversight import supervision
from db.oversight.models import Finding, RectificationItem, SupervisionActivity, activity_deputy, activity_project
from tests import factories
from tests.conftest import TODAY, fresh
from tests.factories import actor_of

YESTERDAY = TODAY - timedelta(days=1)
SOON = TODAY + timedelta(days=30)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)


@pytest.fixture
def stage(session):
    """Three 2026 projects (the first two led by `lead`, the third by `other`), a 2025 project;
    office staff, an admin, the lead department's staff, a leader; two deputies with accounts
    (`deputy` takes part in activities, `absent` does not) and a deputy without an account."""
    lead, other = factories.department(session), factories.department(session)
    first = factories.project(session, lead, year_number=2026, number=3)
    second = factories.project(session, lead, year_number=2026, number=1)
    third = factories.project(session, other, year_number=2026, number=7)
    earlier = factories.project(session, lead, year_number=2025, number=2)
    plain = factories.deputy(session)

    def actor(role, **fields):
        return actor_of(session, factories.account(session, role, **fields).username)

    return SimpleNamespace(
        lead=lead,
        other=other,
        first=first,
        second=second,
        third=third,
        earlier=earlier,
        plain=plain,
        office=actor("staff"),
        admin=actor("admin"),
        staff=actor("staff", department_id=lead.id),
        leader=actor("leader"),
        deputy=actor("deputy"),
        absent=actor("deputy"),
    )


def record(
    actor, project_ids, deputy_ids=(), *, kind="week", held_on=YESTERDAY, title="监督周：幼儿园建设", summary=""
):
    with session_scope() as s:
        return supervision.record_activity(s, actor, kind, held_on, title, summary, list(project_ids), list(deputy_ids))


def add(actor, activity_id, project_id, seen="围墙尚未完工", suggestion=""):
    with session_scope() as s:
        return supervision.add_finding(s, actor, activity_id, project_id, seen, suggestion)


def confirm(actor, finding_id, deadline=SOON):
    with session_scope() as s:
        return supervision.confirm_finding(s, actor, finding_id, deadline)


def dismiss(actor, finding_id, reason):
    with session_scope() as s:
        supervision.dismiss_finding(s, actor, finding_id, reason)


def activities(year=2026, deputy_id=None):
    with read_scope() as s:
        if deputy_id is None:
            return supervision.activities(s, year)
        return supervision.my_activities(s, factories.reader(Role.DEPUTY, deputy_id=deputy_id), year)


def week(year=2026):
    with read_scope() as s:
        return supervision.supervision_week(s, year)


def counts(session):
    """Activities, their project links, their deputy links, findings, rectification items, audit rows."""
    fresh(session)
    return tuple(
        session.scalar(select(func.count()).select_from(t))
        for t in (SupervisionActivity, activity_project, activity_deputy, Finding, RectificationItem, AuditEntry)
    )


def audit_rows(session, entity, entity_id):
    fresh(session)
    query = select(AuditEntry).where(AuditEntry.entity == entity, AuditEntry.entity_id == str(entity_id))
    return session.scalars(query.order_by(AuditEntry.id)).all()


def finding_of(session, finding_id):
    fresh(session)
    return session.get(Finding, finding_id)


def visit(stage):
    """A supervision-week activity on the first two projects, the stage's deputy taking part."""
    return record(stage.office, [stage.first.id, stage.second.id], [stage.deputy.deputy_id, stage.plain.id])


# --- Recording an activity ---------------------------------------------------------------------


def test_the_office_records_an_activity_with_its_projects_and_deputies_and_it_is_audited(session, stage):
    activity_id = record(
        stage.office,
        [stage.first.id, stage.second.id],
        [stage.deputy.deputy_id, stage.plain.id],
        kind="inspection",
        title="  视察幼儿园建设  ",
        summary="  进度总体正常 ",
    )

    fresh(session)
    activity = session.get(SupervisionActivity, activity_id)
    assert (activity.kind, activity.held_on, activity.title, activity.summary) == (
        "inspection",
        YESTERDAY,
        "视察幼儿园建设",
        "进度总体正常",
    )
    assert activity.created_by == stage.office.id
    assert {p.id for p in activity.projects} == {stage.first.id, stage.second.id}
    assert {d.id for d in activity.deputies} == {stage.deputy.deputy_id, stage.plain.id}
    assert activity.findings == []
    [entry] = audit_rows(session, "supervision_activity", activity_id)
    assert (entry.action, entry.actor_username, entry.before) == ("create", stage.office.username, None)
    assert entry.after["kind"] == "inspection" and entry.after["title"] == "视察幼儿园建设"
    assert entry.after["held_on"] == YESTERDAY.isoformat()
    assert entry.after["projects"] == sorted([stage.first.id, stage.second.id])
    assert entry.after["deputies"] == sorted([stage.deputy.deputy_id, stage.plain.id])


def test_an_admin_records_an_activity_held_today_without_deputies(session, stage):
    activity_id = record(stage.admin, [stage.third.id], [], kind="unannounced", held_on=TODAY)

    fresh(session)
    activity = session.get(SupervisionActivity, activity_id)
    assert (activity.held_on, activity.created_by, activity.deputies) == (TODAY, stage.admin.id, [])
    assert [p.id for p in activity.projects] == [stage.third.id]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"held_on": TODAY + timedelta(days=1)}, "supervision.date_in_future"),
        ({"title": "   "}, "input.required"),
        ({"title": "题" * (supervision.TITLE_MAX + 1)}, "input.too_long"),
        ({"summary": "字" * (supervision.TEXT_MAX + 1)}, "input.too_long"),
        ({"kind": "picnic"}, "supervision.kind_unknown"),
        ({"project_ids": []}, "supervision.projects_required"),
        ({"project_ids": "unknown"}, "error.not_found"),
        ({"deputy_ids": "unknown"}, "error.not_found"),
    ],
    ids=[
        "date in the future",
        "empty title",
        "title too long",
        "summary too long",
        "unknown kind",
        "no projects",
        "unknown project",
        "unknown deputy",
    ],
)
def test_recording_an_activity_with_bad_input_is_refused_with_a_reason_and_writes_nothing(
    session, stage, change, reason
):
    arguments = {"project_ids": [stage.first.id], "deputy_ids": [stage.deputy.deputy_id]} | change
    if arguments["project_ids"] == "unknown":
        arguments["project_ids"] = [stage.first.id, 999_999]
    if arguments["deputy_ids"] == "unknown":
        arguments["deputy_ids"] = [stage.deputy.deputy_id, 999_999]
    before = counts(session)

    with pytest.raises(Refused) as refused:
        record(stage.office, **arguments)

    assert refused.value.reason == reason
    assert counts(session) == before


@pytest.mark.parametrize("who", ["staff", "leader", "deputy"])
def test_only_the_office_records_activities_anyone_else_is_forbidden_and_nothing_is_written(session, stage, who):
    before = counts(session)

    with pytest.raises(Forbidden):
        record(getattr(stage, who), [stage.first.id], [stage.deputy.deputy_id])

    assert counts(session) == before


# --- Adding findings ---------------------------------------------------------------------------


def test_a_deputy_who_took_part_adds_a_finding_and_it_is_audited(session, stage):
    activity_id = visit(stage)
    started = clock.utcnow()

    finding_id = add(stage.deputy, activity_id, stage.second.id, "  围墙尚未完工 ", "  尽快完工  ")

    finding = finding_of(session, finding_id)
    assert (finding.activity_id, finding.project_id, finding.author_id) == (
        activity_id,
        stage.second.id,
        stage.deputy.id,
    )
    assert (finding.seen, finding.suggestion, finding.state, finding.rectification_item_id) == (
        "围墙尚未完工",
        "尽快完工",
        "submitted",
        None,
    )
    assert started <= finding.created_at <= clock.utcnow()
    [entry] = audit_rows(session, "finding", finding_id)
    assert (entry.action, entry.actor_username, entry.before) == ("create", stage.deputy.username, None)
    assert entry.after == {"activity_id": activity_id, "project_id": stage.second.id, "seen": "围墙尚未完工"}


def test_a_deputy_who_did_not_take_part_is_refused_and_nothing_is_written(session, stage):
    activity_id = visit(stage)
    before = counts(session)

    with pytest.raises(Refused) as refused:
        add(stage.absent, activity_id, stage.first.id)

    assert refused.value.reason == "supervision.not_participant"
    assert counts(session) == before


@pytest.mark.parametrize(
    ("who", "project", "seen", "reason"),
    [
        ("deputy", "third", "围墙尚未完工", "supervision.project_not_covered"),
        ("deputy", "earlier", "围墙尚未完工", "supervision.project_not_covered"),
        ("office", "third", "围墙尚未完工", "supervision.project_not_covered"),
        ("deputy", "first", "   ", "input.required"),
        ("deputy", "first", "字" * (supervision.TEXT_MAX + 1), "input.too_long"),
        ("office", "first", "", "input.required"),
    ],
    ids=[
        "project not visited",
        "project of another year",
        "office, project not visited",
        "empty text",
        "text too long",
        "office, empty text",
    ],
)
def test_a_finding_with_bad_input_is_refused_with_a_reason_and_writes_nothing(
    session, stage, who, project, seen, reason
):
    activity_id = visit(stage)
    before = counts(session)

    with pytest.raises(Refused) as refused:
        add(getattr(stage, who), activity_id, getattr(stage, project).id, seen)

    assert refused.value.reason == reason
    assert counts(session) == before


def test_a_suggestion_too_long_is_refused(session, stage):
    activity_id = visit(stage)

    with pytest.raises(Refused) as refused:
        add(stage.deputy, activity_id, stage.first.id, "围墙尚未完工", "议" * (supervision.TEXT_MAX + 1))

    assert refused.value.reason == "input.too_long"


@pytest.mark.parametrize("who", ["office", "admin"])
def test_the_office_may_add_a_finding_to_any_activity(session, stage, who):
    activity_id = visit(stage)
    actor = getattr(stage, who)

    finding_id = add(actor, activity_id, stage.first.id, "资金拨付滞后")

    finding = finding_of(session, finding_id)
    assert (finding.author_id, finding.seen, finding.suggestion, finding.state) == (
        actor.id,
        "资金拨付滞后",
        "",
        "submitted",
    )
    assert audit_rows(session, "finding", finding_id)[0].actor_username == actor.username


@pytest.mark.parametrize("who", ["leader", "staff"])
def test_a_leader_or_department_staff_may_not_add_a_finding(session, stage, who):
    activity_id = visit(stage)
    before = counts(session)

    with pytest.raises(Forbidden):
        add(getattr(stage, who), activity_id, stage.first.id)

    assert counts(session) == before


def test_a_finding_for_an_unknown_activity_is_refused_as_not_found(stage):
    with pytest.raises(Refused) as refused:
        add(stage.office, 999_999, stage.first.id)
    assert refused.value.reason == "error.not_found"


# --- Confirming and dismissing -----------------------------------------------------------------


def test_the_office_confirms_a_finding_into_an_item_of_the_projects_lead_department(session, stage):
    activity_id = record(stage.office, [stage.third.id], [stage.deputy.deputy_id])
    finding_id = add(stage.deputy, activity_id, stage.third.id, "围墙尚未完工", "尽快完工")

    item_id = confirm(stage.office, finding_id, SOON)

    fresh(session)
    item = session.get(RectificationItem, item_id)
    assert (item.source_kind, item.source_id, item.project_id) == ("finding", finding_id, stage.third.id)
    assert (item.department_id, item.deadline, item.state) == (stage.other.id, SOON, "open")
    assert (item.problem, item.created_by) == ("围墙尚未完工", stage.office.id)
    assert (item.problem_key, item.problem_params) == ("rectification.problem_finding", {"suggestion": "尽快完工"})
    finding = finding_of(session, finding_id)
    assert (finding.state, finding.rectification_item_id) == ("confirmed", item_id)
    entry = audit_rows(session, "finding", finding_id)[-1]
    assert (entry.action, entry.actor_username) == ("confirm", stage.office.username)
    assert (entry.before, entry.after) == (
        {"state": "submitted"},
        {"state": "confirmed", "rectification_item_id": item_id},
    )
    assert [e.action for e in audit_rows(session, "rectification_item", item_id)] == ["create"]


def test_a_finding_without_a_suggestion_becomes_the_items_problem_as_it_is_and_may_be_due_today(session, stage):
    activity_id = visit(stage)
    finding_id = add(stage.deputy, activity_id, stage.first.id, "资金拨付滞后")

    item_id = confirm(stage.admin, finding_id, TODAY)

    fresh(session)
    item = session.get(RectificationItem, item_id)
    assert (item.problem, item.deadline, item.department_id) == ("资金拨付滞后", TODAY, stage.lead.id)
    assert (item.problem_key, item.problem_params) == (None, None)


def test_a_finding_at_its_longest_is_confirmed_into_an_item_with_its_whole_text(session, stage):
    activity_id = visit(stage)
    seen, suggestion = "看" * supervision.TEXT_MAX, "议" * supervision.TEXT_MAX
    finding_id = add(stage.deputy, activity_id, stage.first.id, seen, suggestion)

    item_id = confirm(stage.office, finding_id)

    fresh(session)
    item = session.get(RectificationItem, item_id)
    assert (item.problem, item.problem_params) == (seen, {"suggestion": suggestion})


def test_confirming_with_a_deadline_in_the_past_is_refused_and_the_finding_stays_submitted(session, stage):
    activity_id = visit(stage)
    finding_id = add(stage.deputy, activity_id, stage.first.id)
    before = counts(session)

    with pytest.raises(Refused) as refused:
        confirm(stage.office, finding_id, YESTERDAY)

    assert refused.value.reason == "rectification.deadline_past"
    assert counts(session) == before
    finding = finding_of(session, finding_id)
    assert (finding.state, finding.rectification_item_id) == ("submitted", None)


def test_a_confirmed_finding_cannot_be_confirmed_again_or_dismissed(session, stage):
    activity_id = visit(stage)
    finding_id = add(stage.deputy, activity_id, stage.first.id)
    item_id = confirm(stage.office, finding_id)
    before = counts(session)

    for attempt in (lambda: confirm(stage.office, finding_id), lambda: dismiss(stage.office, finding_id, "重复")):
        with pytest.raises(Refused) as refused:
            attempt()
        assert refused.value.reason == "supervision.finding_handled"

    assert counts(session) == before
    finding = finding_of(session, finding_id)
    assert (finding.state, finding.rectification_item_id) == ("confirmed", item_id)


def test_dismissing_needs_a_reason_then_the_finding_is_dismissed_audited_and_handled(session, stage):
    activity_id = visit(stage)
    finding_id = add(stage.deputy, activity_id, stage.first.id)
    before = counts(session)

    with pytest.raises(Refused) as refused:
        dismiss(stage.office, finding_id, "   ")
    assert refused.value.reason == "rectification.reason_required"
    with pytest.raises(Refused) as refused:
        dismiss(stage.office, finding_id, "理" * (supervision.TEXT_MAX + 1))
    assert refused.value.reason == "input.too_long"
    assert counts(session) == before

    dismiss(stage.office, finding_id, "  已在计划内，不属问题  ")

    finding = finding_of(session, finding_id)
    assert (finding.state, finding.rectification_item_id) == ("dismissed", None)
    entry = audit_rows(session, "finding", finding_id)[-1]
    assert (entry.action, entry.actor_username, entry.before) == (
        "dismiss",
        stage.office.username,
        {"state": "submitted"},
    )
    assert entry.after == {"state": "dismissed", "reason": "已在计划内，不属问题"}
    for attempt in (lambda: confirm(stage.office, finding_id), lambda: dismiss(stage.office, finding_id, "再议")):
        with pytest.raises(Refused) as refused:
            attempt()
        assert refused.value.reason == "supervision.finding_handled"
    assert finding_of(session, finding_id).state == "dismissed"


@pytest.mark.parametrize("who", ["deputy", "staff", "leader"])
def test_only_the_office_confirms_or_dismisses_findings(session, stage, who):
    activity_id = visit(stage)
    finding_id = add(stage.deputy, activity_id, stage.first.id)
    before = counts(session)

    with pytest.raises(Forbidden):
        confirm(getattr(stage, who), finding_id)
    with pytest.raises(Forbidden):
        dismiss(getattr(stage, who), finding_id, "不属实")

    assert counts(session) == before
    assert finding_of(session, finding_id).state == "submitted"


def test_confirming_or_dismissing_an_unknown_finding_is_refused_as_not_found(stage):
    for attempt in (lambda: confirm(stage.office, 999_999), lambda: dismiss(stage.office, 999_999, "不属实")):
        with pytest.raises(Refused) as refused:
            attempt()
        assert refused.value.reason == "error.not_found"


# --- Reading: the year's activities and the supervision week --------------------------------------


@pytest.fixture
def season(stage):
    """Activities of 2026 (three of the supervision week, one inspection) and of 2025, with findings."""
    ids = SimpleNamespace(
        old=record(stage.office, [stage.earlier.id], [stage.deputy.deputy_id], held_on=date(2025, 12, 31)),
        new_year=record(stage.office, [stage.third.id], [], kind="inspection", held_on=date(2026, 1, 1)),
        week_one=record(
            stage.office, [stage.first.id, stage.second.id], [stage.deputy.deputy_id], held_on=date(2026, 9, 8)
        ),
        week_two=record(stage.office, [stage.first.id], [stage.plain.id], held_on=date(2026, 9, 10)),
        week_three=record(stage.office, [stage.second.id], [stage.deputy.deputy_id], held_on=date(2026, 9, 10)),
    )
    ids.findings = [
        add(stage.deputy, ids.week_one, stage.first.id, "围墙尚未完工"),
        add(stage.deputy, ids.week_one, stage.first.id, "操场未硬化"),
        add(stage.deputy, ids.week_one, stage.second.id, "教师不足"),
        add(stage.office, ids.week_two, stage.first.id, "资金拨付滞后"),
        add(stage.office, ids.new_year, stage.third.id, "进度滞后"),
        add(stage.deputy, ids.old, stage.earlier.id, "往年问题"),
    ]
    return ids


def test_activities_lists_the_years_activities_newest_first_with_projects_deputies_and_findings(stage, season):
    views = activities(2026)

    assert [v.id for v in views] == [season.week_three, season.week_two, season.week_one, season.new_year]
    one = next(v for v in views if v.id == season.week_one)
    assert (one.kind, one.held_on, one.title) == ("week", date(2026, 9, 8), "监督周：幼儿园建设")
    assert one.projects == (
        (stage.second.id, f"1. {stage.second.title}"),
        (stage.first.id, f"3. {stage.first.title}"),
    )
    assert one.deputies == ((stage.deputy.deputy_id, "测试代表"),)
    assert [(f.project_id, f.project, f.seen, f.author, f.state) for f in one.findings] == [
        (stage.first.id, f"3. {stage.first.title}", "围墙尚未完工", stage.deputy.display_name, "submitted"),
        (stage.first.id, f"3. {stage.first.title}", "操场未硬化", stage.deputy.display_name, "submitted"),
        (stage.second.id, f"1. {stage.second.title}", "教师不足", stage.deputy.display_name, "submitted"),
    ]
    assert [v.id for v in activities(2025)] == [season.old]
    assert activities(2024) == []


def test_activities_for_a_deputy_are_those_they_took_part_in(stage, season):
    assert [v.id for v in activities(2026, stage.deputy.deputy_id)] == [season.week_three, season.week_one]
    assert [v.id for v in activities(2025, stage.deputy.deputy_id)] == [season.old]
    assert [v.id for v in activities(2026, stage.plain.id)] == [season.week_two]
    assert activities(2026, stage.absent.deputy_id) == []
    [view] = [v for v in activities(2026, stage.plain.id)]
    assert view.deputies == ((stage.plain.id, "测试代表"),)


def test_a_confirmed_finding_shows_its_state_and_item_in_the_activity(stage, season):
    item_id = confirm(stage.office, season.findings[0])
    dismiss(stage.office, season.findings[1], "已在计划内")

    [one] = [v for v in activities(2026) if v.id == season.week_one]
    assert [(f.state, f.rectification_item_id) for f in one.findings] == [
        ("confirmed", item_id),
        ("dismissed", None),
        ("submitted", None),
    ]


def test_the_supervision_week_shows_projects_visited_and_not_and_findings_per_project(stage, season):
    view = week(2026)

    assert [a.id for a in view.activities] == [season.week_three, season.week_two, season.week_one]
    assert view.visited == ((stage.second.id, f"1. {stage.second.title}"), (stage.first.id, f"3. {stage.first.title}"))
    assert view.not_visited == ((stage.third.id, f"7. {stage.third.title}"),)  # only an inspection went there
    assert view.findings_by_project == {stage.first.id: 3, stage.second.id: 1}


def test_the_supervision_week_is_of_the_year_asked(stage, season):
    view = week(2025)
    assert [a.id for a in view.activities] == [season.old]
    assert view.visited == ((stage.earlier.id, f"2. {stage.earlier.title}"),)
    assert (view.not_visited, view.findings_by_project) == ((), {stage.earlier.id: 1})

    assert week(2024) == supervision.WeekView((), (), (), {})


def test_a_year_with_only_other_activities_has_every_project_not_visited(stage):
    activity_id = record(stage.office, [stage.first.id], [stage.deputy.deputy_id], kind="inquiry")
    add(stage.deputy, activity_id, stage.first.id)

    view = week(2026)

    assert (view.activities, view.visited, view.findings_by_project) == ((), (), {})
    assert [pid for pid, _ in view.not_visited] == [stage.second.id, stage.first.id, stage.third.id]


def test_a_dismissed_finding_is_not_counted_among_the_weeks_findings(stage, season):
    first_findings = [f for a in week(2026).activities for f in a.findings if f.project_id == stage.first.id]
    with session_scope() as s:
        supervision.dismiss_finding(s, stage.office, first_findings[0].id, "与项目无关")
    assert week(2026).findings_by_project[stage.first.id] == 2
