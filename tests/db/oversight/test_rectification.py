"""The rectification ledger (整改): opening items, moving them through the state machine with a
dated note and an audit row each, the refusals that write nothing, and the ledger's reads."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from db.core import clock
from db.core.errors import Forbidden, Refused
from db.core.models import AuditEntry
from db.core.session import read_scope, session_scope
from db.oversight import rectification
from db.oversight.models import RectificationItem, RectificationNote
from db.oversight.rectification import LedgerFilter
from tests import factories
from tests.conftest import TODAY, fresh
from tests.factories import actor_of

SOON = TODAY + timedelta(days=30)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)


@pytest.fixture
def stage(session):
    """A 2026 project led by one department, another department, office staff, the lead
    department's staff, the other department's staff, a deputy and a leader."""
    lead, other = factories.department(session), factories.department(session)
    project = factories.project(session, lead, year_number=2026)

    def actor(role, **fields):
        return actor_of(session, factories.account(session, role, **fields).username)

    return SimpleNamespace(
        project=project,
        lead=lead,
        other=other,
        office=actor("staff"),
        admin=actor("admin"),
        staff=actor("staff", department_id=lead.id),
        stranger=actor("staff", department_id=other.id),
        deputy=actor("deputy"),
        leader=actor("leader"),
    )


def open_item(actor, project_id, problem="路面破损未修复", deadline=SOON, **more):
    with session_scope() as s:
        return rectification.open_item(s, actor, project_id, problem, deadline, **more)


def move(actor, item_id, target, note="", evidence=""):
    with session_scope() as s:
        return rectification.move(s, actor, item_id, target, note, evidence)


def ledger(today=TODAY, reader=None, **chosen):
    with read_scope() as s:
        return rectification.ledger(s, reader or factories.reader(), LedgerFilter(**chosen), today)


def open_counts(today=TODAY, year=None):
    with read_scope() as s:
        return rectification.open_counts(s, today, year)


def counts(session):
    """Items, notes, audit rows."""
    fresh(session)
    return tuple(
        session.scalar(select(func.count()).select_from(t)) for t in (RectificationItem, RectificationNote, AuditEntry)
    )


def item_of(session, item_id):
    fresh(session)
    return session.get(RectificationItem, item_id)


def audit_rows(session, item_id):
    fresh(session)
    query = select(AuditEntry).where(AuditEntry.entity == "rectification_item", AuditEntry.entity_id == str(item_id))
    return session.scalars(query.order_by(AuditEntry.id)).all()


def worked_to(stage, state):
    """An item of the stage's project moved by the right people to `state`."""
    item_id = open_item(stage.office, stage.project.id)
    path = {
        "open": [],
        "in_progress": [(stage.staff, "in_progress", "已安排施工", "")],
        "rectified": [
            (stage.staff, "in_progress", "已安排施工", ""),
            (stage.staff, "rectified", "路面已修复", "修复前后照片、验收单"),
        ],
    }[state]
    for actor, target, note, evidence in path:
        move(actor, item_id, target, note, evidence)
    return item_id


# --- Opening -----------------------------------------------------------------------------------


def test_office_opens_an_item_owned_by_the_projects_lead_department_and_audited(session, stage):
    item_id = open_item(stage.office, stage.project.id, "  路面破损未修复  ", source_kind="finding", source_id=7)

    item = item_of(session, item_id)
    assert (item.project_id, item.department_id, item.problem) == (stage.project.id, stage.lead.id, "路面破损未修复")
    assert (item.source_kind, item.source_id, item.deadline, item.state) == ("finding", 7, SOON, "open")
    assert (item.created_by, item.closed_by, item.closed_at, item.evidence) == (stage.office.id, None, None, "")
    [entry] = audit_rows(session, item_id)
    assert (entry.action, entry.actor_username, entry.before) == ("create", stage.office.username, None)
    assert entry.after["state"] == "open" and entry.after["department_id"] == stage.lead.id
    assert entry.after["deadline"] == SOON.isoformat()


def test_an_item_may_be_given_to_another_department_and_may_be_due_today(session, stage):
    item_id = open_item(stage.admin, stage.project.id, deadline=TODAY, department_id=stage.other.id)

    item = item_of(session, item_id)
    assert (item.department_id, item.deadline, item.created_by) == (stage.other.id, TODAY, stage.admin.id)


def test_a_rule_opens_an_item_without_an_actor_and_the_audit_says_system(session, stage):
    item_id = open_item(None, stage.project.id, source_kind="survey", source_id=3)

    assert item_of(session, item_id).created_by is None
    assert audit_rows(session, item_id)[0].actor_username == "system"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"problem": "   "}, "input.required"),
        ({"problem": "问" * (rectification.PROBLEM_MAX + 1)}, "input.too_long"),
        ({"deadline": TODAY - timedelta(days=1)}, "rectification.deadline_past"),
        ({"project_id": 999_999}, "error.not_found"),
        ({"department_id": 999_999}, "error.not_found"),
        ({"source_kind": "rumour"}, "rectification.source_unknown"),
    ],
    ids=[
        "empty problem",
        "problem too long",
        "deadline before today",
        "unknown project",
        "unknown department",
        "unknown source kind",
    ],
)
def test_opening_with_bad_input_is_refused_with_a_reason_and_writes_nothing(session, stage, change, reason):
    before = counts(session)
    arguments = {"project_id": stage.project.id} | change

    with pytest.raises(Refused) as refused:
        open_item(stage.office, **arguments)

    assert refused.value.reason == reason
    assert counts(session) == before


@pytest.mark.parametrize("who", ["staff", "stranger", "deputy", "leader"])
def test_only_the_office_opens_items_anyone_else_is_forbidden_and_nothing_is_written(session, stage, who):
    before = counts(session)

    with pytest.raises(Forbidden):
        open_item(getattr(stage, who), stage.project.id)

    assert counts(session) == before


# --- Moving ------------------------------------------------------------------------------------


def test_the_whole_path_to_verified_is_audited_noted_with_dates_and_authors_and_closed_by_the_office(session, stage):
    item_id = open_item(stage.office, stage.project.id)
    started = clock.utcnow()

    assert move(stage.staff, item_id, "in_progress", "  已安排施工  ") == "in_progress"
    assert move(stage.staff, item_id, "rectified", "路面已修复", "  修复前后照片、验收单 ") == "rectified"
    assert item_of(session, item_id).closed_by is None
    assert move(stage.office, item_id, "verified", "现场核实通过") == "verified"

    item = item_of(session, item_id)
    assert (item.state, item.evidence, item.closed_by) == ("verified", "修复前后照片、验收单", stage.office.id)
    assert started <= item.closed_at <= clock.utcnow()
    notes = [(n.author_id, n.state_after, n.text) for n in item.notes]
    assert notes == [
        (stage.staff.id, "in_progress", "已安排施工"),
        (stage.staff.id, "rectified", "路面已修复"),
        (stage.office.id, "verified", "现场核实通过"),
    ]
    assert all(started <= n.at <= clock.utcnow() for n in item.notes)
    moves = [
        (e.actor_username, e.action, e.before["state"], e.after["state"]) for e in audit_rows(session, item_id)[1:]
    ]
    assert moves == [
        (stage.staff.username, "in_progress", "open", "in_progress"),
        (stage.staff.username, "rectified", "in_progress", "rectified"),
        (stage.office.username, "verified", "rectified", "verified"),
    ]
    assert audit_rows(session, item_id)[2].after["evidence"] == "修复前后照片、验收单"


def test_the_ledger_shows_the_notes_with_their_authors_names(stage):
    item_id = worked_to(stage, "rectified")

    [view] = ledger()
    assert view.id == item_id and view.state == "rectified" and view.department == stage.lead.name
    assert view.project == f"2026 · {stage.project.number}. {stage.project.title}"
    assert [(n.author, n.state_after, n.text) for n in view.notes] == [
        (stage.staff.display_name, "in_progress", "已安排施工"),
        (stage.staff.display_name, "rectified", "路面已修复"),
    ]


def test_the_office_sends_a_rectified_item_back_with_a_reason_and_the_department_works_it_again(session, stage):
    item_id = worked_to(stage, "rectified")

    with pytest.raises(Refused) as refused:
        move(stage.office, item_id, "in_progress", "  ")
    assert refused.value.reason == "rectification.reason_required"

    assert move(stage.office, item_id, "in_progress", "照片不清晰，请补充") == "in_progress"
    item = item_of(session, item_id)
    assert (item.state, item.closed_by, item.closed_at) == ("in_progress", None, None)
    assert (item.notes[-1].author_id, item.notes[-1].text) == (stage.office.id, "照片不清晰，请补充")
    assert move(stage.staff, item_id, "rectified", "已补充", "清晰照片") == "rectified"
    assert item_of(session, item_id).evidence == "清晰照片"


@pytest.mark.parametrize("state", ["open", "in_progress", "rectified"])
def test_the_office_rejects_an_unfinished_item_only_with_a_reason_and_closes_it(session, stage, state):
    item_id = worked_to(stage, state)
    before = counts(session)

    with pytest.raises(Refused) as refused:
        move(stage.office, item_id, "rejected")
    assert refused.value.reason == "rectification.reason_required"
    assert counts(session) == before

    assert move(stage.office, item_id, "rejected", "不属于本项目范围") == "rejected"
    item = item_of(session, item_id)
    assert (item.state, item.closed_by, item.notes[-1].text) == ("rejected", stage.office.id, "不属于本项目范围")
    assert item.closed_at is not None
    assert (audit_rows(session, item_id)[-1].before["state"], audit_rows(session, item_id)[-1].after["state"]) == (
        state,
        "rejected",
    )


@pytest.mark.parametrize(
    ("state", "who", "target", "reason"),
    [
        ("open", "stranger", "in_progress", "rectification.not_yours"),
        ("in_progress", "stranger", "rectified", "rectification.not_yours"),
        ("open", "office", "in_progress", "rectification.not_yours"),
        ("open", "deputy", "in_progress", "rectification.not_yours"),
        ("open", "leader", "in_progress", "rectification.not_yours"),
        ("rectified", "staff", "verified", "rectification.office_only"),
        ("rectified", "staff", "in_progress", "rectification.office_only"),
        ("open", "staff", "rejected", "rectification.office_only"),
        ("rectified", "leader", "verified", "rectification.office_only"),
        ("open", "staff", "rectified", "rectification.move_not_allowed"),
        ("open", "office", "verified", "rectification.move_not_allowed"),
        ("in_progress", "office", "open", "rectification.move_not_allowed"),
        ("in_progress", "staff", "rectified", "rectification.evidence_required"),
    ],
)
def test_a_move_not_allowed_to_this_person_or_from_this_state_is_refused_and_writes_nothing(
    session, stage, state, who, target, reason
):
    item_id = worked_to(stage, state)
    before = counts(session)

    with pytest.raises(Refused) as refused:
        move(getattr(stage, who), item_id, target, "说明", "")

    assert refused.value.reason == reason
    assert counts(session) == before
    assert item_of(session, item_id).state == state


@pytest.mark.parametrize("closed", ["verified", "rejected"])
def test_a_closed_item_moves_no_further(stage, closed):
    item_id = worked_to(stage, "rectified")
    move(stage.office, item_id, closed, "结论")

    for who, target in [
        (stage.staff, "in_progress"),
        (stage.office, "in_progress"),
        (stage.office, "rejected"),
        (stage.office, "verified"),
    ]:
        with pytest.raises(Refused) as refused:
            move(who, item_id, target, "再议", "证据")
        assert refused.value.reason == "rectification.move_not_allowed"


def test_moving_an_unknown_item_is_refused_as_not_found(stage):
    with pytest.raises(Refused) as refused:
        move(stage.staff, 999_999, "in_progress", "已安排")
    assert refused.value.reason == "error.not_found"


def test_a_note_too_long_is_refused(session, stage):
    item_id = open_item(stage.office, stage.project.id)

    with pytest.raises(Refused) as refused:
        move(stage.staff, item_id, "in_progress", "字" * (rectification.NOTE_MAX + 1))

    assert refused.value.reason == "input.too_long"
    assert item_of(session, item_id).state == "open"


# --- Reading: the ledger and the dashboard's counts ---------------------------------------------


@pytest.fixture
def spread(session, stage, monkeypatch):
    """Items across two years and two departments, opened on earlier days so some are now overdue."""
    earlier = factories.project(session, stage.other, year_number=2025)
    fresh(session)
    monkeypatch.setattr(clock, "today", lambda: date(2026, 1, 1))
    ids = SimpleNamespace(
        late_open=open_item(stage.office, stage.project.id, "逾期未动", date(2026, 3, 1)),
        late_working=worked_to_deadline(stage, date(2026, 6, 1)),
        late_but_rectified=open_item(stage.office, stage.project.id, "逾期但已整改", date(2026, 2, 1)),
        due_later=open_item(stage.office, stage.project.id, "尚未到期", date(2026, 12, 31)),
        due_sooner=open_item(stage.office, stage.project.id, "即将到期", date(2026, 12, 1)),
        other_year_late=open_item(stage.office, earlier.id, "往年逾期", date(2026, 5, 1)),
        verified_late=open_item(stage.office, stage.project.id, "已核销", date(2026, 4, 1)),
        rejected=open_item(stage.office, earlier.id, "不予受理", date(2026, 4, 1)),
    )
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    for item_id in (ids.late_but_rectified, ids.verified_late):
        move(stage.staff, item_id, "in_progress", "已安排")
        move(stage.staff, item_id, "rectified", "已整改", "照片")
    move(stage.office, ids.verified_late, "verified", "核实通过")
    move(stage.office, ids.rejected, "rejected", "不属实")
    return ids


def worked_to_deadline(stage, deadline):
    item_id = open_item(stage.office, stage.project.id, "逾期在办", deadline)
    move(stage.staff, item_id, "in_progress", "已安排")
    return item_id


def test_the_ledger_puts_overdue_items_first_then_orders_by_deadline(spread):
    views = ledger()

    assert [v.id for v in views] == [
        spread.late_open,  # overdue, 2026-03-01
        spread.other_year_late,  # overdue, 2026-05-01
        spread.late_working,  # overdue, 2026-06-01
        spread.late_but_rectified,  # not overdue: waiting for the office
        spread.verified_late,
        spread.rejected,
        spread.due_sooner,
        spread.due_later,
    ]
    assert [v.overdue for v in views] == [True] * 3 + [False] * 5


def test_the_ledger_filters_by_year_department_states_and_overdue(spread, stage):
    def ids(**chosen):
        return {v.id for v in ledger(**chosen)}

    assert ids(year=2025) == {spread.other_year_late, spread.rejected}
    assert ids(year=2024) == set()
    assert ids(department_id=stage.lead.id) == {
        spread.late_open,
        spread.late_working,
        spread.late_but_rectified,
        spread.due_later,
        spread.due_sooner,
        spread.verified_late,
    }
    assert ids(states=("verified", "rejected")) == {spread.verified_late, spread.rejected}
    assert ids(overdue_only=True) == {spread.late_open, spread.late_working, spread.other_year_late}
    assert ids(year=2026, overdue_only=True, states=("open",)) == {spread.late_open}
    assert ids(department_id=stage.other.id, year=2025, states=("open",)) == {spread.other_year_late}


def test_a_departments_staff_read_their_own_departments_items_whatever_they_ask_for(spread, stage):
    own = {v.id for v in ledger(department_id=stage.lead.id)}
    assert {v.id for v in ledger(reader=stage.staff)} == own
    assert {v.id for v in ledger(reader=stage.staff, department_id=stage.lead.id)} == own
    with pytest.raises(Forbidden):
        ledger(reader=stage.staff, department_id=stage.other.id)


def test_leaders_and_the_office_read_the_whole_ledger_deputies_none_of_it(spread, stage):
    everything = {v.id for v in ledger()}
    assert {v.id for v in ledger(reader=stage.leader)} == everything == {v.id for v in ledger(reader=stage.admin)}
    with pytest.raises(Forbidden):
        ledger(reader=stage.deputy)


def test_overdue_is_judged_on_the_day_asked(spread):
    assert {v.id for v in ledger(today=date(2026, 5, 15), overdue_only=True)} == {
        spread.late_open,
        spread.other_year_late,
    }
    assert ledger(today=date(2026, 1, 1), overdue_only=True) == []


def test_open_counts_counts_unfinished_items_and_the_overdue_among_them_by_year(spread):
    assert open_counts() == (6, 3)
    assert open_counts(year=2026) == (5, 2)
    assert open_counts(year=2025) == (1, 1)
    assert open_counts(year=2024) == (0, 0)
    assert open_counts(today=date(2026, 1, 1)) == (6, 0)


def test_verifying_an_item_takes_it_off_the_open_count(stage):
    item_id = worked_to(stage, "rectified")
    assert open_counts() == (1, 0)

    move(stage.office, item_id, "verified", "核实通过")

    assert open_counts() == (0, 0)


def test_moves_for_offers_each_person_only_the_moves_the_rules_allow_them(stage):
    open_id, rectified_id = worked_to(stage, "open"), worked_to(stage, "rectified")
    views = {v.id: v for v in ledger()}

    def offered(who, item_id):
        return sorted(rectification.moves_for(getattr(stage, who), views[item_id]))

    assert offered("staff", open_id) == ["in_progress"]
    assert offered("office", open_id) == ["rejected"]
    assert offered("office", rectified_id) == ["in_progress", "rejected", "verified"]
    assert offered("staff", rectified_id) == []
    assert [offered(who, open_id) for who in ("stranger", "deputy", "leader")] == [[], [], []]
