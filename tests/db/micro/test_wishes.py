"""Micro wishes (微心愿): recording, claiming, progress and closing, each audited; refusals that write
nothing; who sees the resident's name; the wall, a deputy's list, the office's list and the counts."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from db.core import clock
from db.core.errors import Forbidden, Refused
from db.core.models import AuditEntry
from db.core.session import read_scope, session_scope
from db.micro import wishes
from db.micro.models import MicroWish, MicroWishNote
from db.micro.wishes import WishEntry
from tests import factories
from tests.conftest import TODAY, fresh
from tests.factories import actor_of


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)


@pytest.fixture
def stage(session):
    """Two divisions; office staff, an admin, two deputies (of 江海区 and 新会区), a leader, a department's staff."""
    home, other = factories.division(session, "江海区"), factories.division(session, "新会区")
    department = factories.department(session)

    def actor(role, **fields):
        return actor_of(session, factories.account(session, role, **fields).username)

    return SimpleNamespace(
        home=home,
        other=other,
        office=actor("staff"),
        admin=actor("admin"),
        deputy=actor("deputy", deputy=factories.deputy(session, division_row=home)),
        colleague=actor("deputy", deputy=factories.deputy(session, division_row=other)),
        leader=actor("leader"),
        department=actor("staff", department_id=department.id),
    )


def entry(stage, **change):
    values = {
        "wish": "为留守儿童购买学习用品",
        "resident": "张小明",
        "division_id": stage.home.id,
        "category": "study",
        "estimated_value": 300,
    } | change
    return WishEntry(**values)


def record(actor, wish_entry):
    with session_scope() as s:
        return wishes.record(s, actor, wish_entry)


def claim(actor, wish_id):
    with session_scope() as s:
        wishes.claim(s, actor, wish_id)


def act(actor, wish_id, action, text="", on=None):
    with session_scope() as s:
        return wishes.act(s, actor, wish_id, action, text, on)


def read(reader, *args):
    with read_scope() as s:
        return reader(s, *args)


def counts(session):
    """Wishes, notes, audit rows."""
    fresh(session)
    return tuple(session.scalar(select(func.count()).select_from(t)) for t in (MicroWish, MicroWishNote, AuditEntry))


def wish_of(session, wish_id):
    fresh(session)
    return session.get(MicroWish, wish_id)


def audit_rows(session, wish_id):
    fresh(session)
    query = select(AuditEntry).where(AuditEntry.entity == "micro_wish", AuditEntry.entity_id == str(wish_id))
    return session.scalars(query.order_by(AuditEntry.id)).all()


def claimed_wish(stage, actor=None):
    wish_id = record(stage.office, entry(stage))
    claim(actor or stage.deputy, wish_id)
    return wish_id


# --- Recording ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["office", "admin", "deputy"])
def test_the_office_or_any_deputy_records_an_open_wish_audited_without_the_name(session, stage, who):
    wish_id = record(getattr(stage, who), entry(stage, wish="  为独居老人安装扶手 ", resident=" 李秀英 "))

    wish = wish_of(session, wish_id)
    assert (wish.wish, wish.resident, wish.state, wish.deputy_id) == ("为独居老人安装扶手", "李秀英", "open", None)
    assert (wish.division_id, wish.category, wish.estimated_value, wish.recorded_on) == (
        stage.home.id,
        "study",
        300,
        TODAY,
    )
    [row] = audit_rows(session, wish_id)
    assert (row.action, row.before, row.after["state"]) == ("create", None, "open")
    assert "resident" not in row.after and "李" not in str(row.after)  # not even masked (李**)


def test_no_audit_entry_of_a_wish_carries_the_residents_name(session, stage):
    wish_id = claimed_wish(stage)
    act(stage.deputy, wish_id, "note", "已联系家长")
    act(stage.office, wish_id, "release", "代表因病无法跟进")
    claim(stage.colleague, wish_id)
    act(stage.colleague, wish_id, "fulfil", "书包一个")

    rows = audit_rows(session, wish_id)
    assert [r.action for r in rows] == ["create", "claim", "note", "release", "claim", "fulfil"]
    assert not any("resident" in str(r.before) + str(r.after) or "张" in str(r.before) + str(r.after) for r in rows)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"wish": "  "}, "wish.wish_missing"),
        ({"wish": "愿" * (wishes.WISH_MAX + 1)}, "wish.wish_too_long"),
        ({"resident": ""}, "wish.resident_missing"),
        ({"resident": "名" * (wishes.RESIDENT_MAX + 1)}, "wish.resident_too_long"),
        ({"category": "luxury"}, "wish.category_unknown"),
        ({"estimated_value": -1}, "wish.value_invalid"),
        ({"estimated_value": 5_000_000}, "wish.value_invalid"),
        ({"estimated_value": None}, "wish.value_invalid"),
        ({"division_id": None}, "wish.division_required"),
        ({"division_id": 999_999}, "wish.division_required"),
    ],
    ids=[
        "empty wish",
        "wish too long",
        "no resident",
        "resident too long",
        "unknown category",
        "negative value",
        "absurd value",
        "no value",
        "no division",
        "unknown division",
    ],
)
def test_recording_bad_input_is_refused_with_a_reason_and_writes_nothing(session, stage, change, reason):
    before = counts(session)

    with pytest.raises(Refused) as refused:
        record(stage.office, entry(stage, **change))

    assert refused.value.reason == reason
    assert counts(session) == before


def test_every_problem_of_a_bad_wish_is_reported_at_once_each_with_its_limit(session, stage):
    before = counts(session)
    bad = entry(
        stage,
        wish="",
        resident="名" * (wishes.RESIDENT_MAX + 1),
        division_id=999_999,
        category="luxury",
        estimated_value=-5,
    )

    with pytest.raises(Refused) as refused:
        record(stage.office, bad)

    problems = [(refused.value.reason, refused.value.params), *refused.value.more]
    assert problems == [
        ("wish.wish_missing", {"max": wishes.WISH_MAX}),
        ("wish.resident_too_long", {"max": wishes.RESIDENT_MAX}),
        ("wish.division_required", {}),
        ("wish.category_unknown", {}),
        ("wish.value_invalid", {"max": 20_000}),
    ]
    assert counts(session) == before


@pytest.mark.parametrize("who", ["leader", "department"])
def test_leaders_and_departments_do_not_record_wishes_and_nothing_is_written(session, stage, who):
    before = counts(session)

    with pytest.raises(Forbidden):
        record(getattr(stage, who), entry(stage))

    assert counts(session) == before


# --- Claiming -----------------------------------------------------------------------------------


def test_a_deputy_claims_an_open_wish_it_leaves_the_wall_and_the_claim_is_noted_and_audited(session, stage):
    wish_id = record(stage.office, entry(stage))
    assert [w.id for w in read(wishes.wall)] == [wish_id]

    claim(stage.deputy, wish_id)

    wish = wish_of(session, wish_id)
    assert (wish.state, wish.deputy_id) == ("claimed", stage.deputy.deputy_id) and wish.claimed_at is not None
    assert [(n.author_id, n.action) for n in wish.notes] == [(stage.deputy.id, "claim")]
    row = audit_rows(session, wish_id)[-1]
    assert (row.action, row.before["state"], row.after["state"]) == ("claim", "open", "claimed")
    assert row.after["deputy_id"] == stage.deputy.deputy_id
    assert read(wishes.wall) == []


def test_a_second_claim_is_refused_saying_another_deputy_has_it_and_writes_nothing(session, stage):
    wish_id = claimed_wish(stage)
    before = counts(session)

    with pytest.raises(Refused) as refused:
        claim(stage.colleague, wish_id)
    assert refused.value.reason == "wish.already_claimed"
    with pytest.raises(Refused) as again:
        claim(stage.deputy, wish_id)
    assert again.value.reason == "wish.already_yours"

    assert counts(session) == before
    assert wish_of(session, wish_id).deputy_id == stage.deputy.deputy_id


@pytest.mark.parametrize("who", ["office", "leader", "department"])
def test_only_deputies_claim(session, stage, who):
    wish_id = record(stage.office, entry(stage))
    before = counts(session)

    with pytest.raises(Refused) as refused:
        claim(getattr(stage, who), wish_id)

    assert refused.value.reason == "wish.deputies_only"
    assert counts(session) == before


def test_claiming_an_unknown_wish_is_refused_as_not_found(stage):
    with pytest.raises(Refused) as refused:
        claim(stage.deputy, 999_999)
    assert refused.value.reason == "error.not_found"


# --- Progress and closing -----------------------------------------------------------------------


def test_the_claiming_deputy_notes_progress_then_fulfils_it_today_each_step_noted_and_audited(session, stage):
    wish_id = claimed_wish(stage)

    assert act(stage.deputy, wish_id, "note", " 已联系学校了解需要 ") == "claimed"
    assert act(stage.deputy, wish_id, "fulfil", "书包一个、文具一套", TODAY) == "fulfilled"

    wish = wish_of(session, wish_id)
    assert (wish.state, wish.outcome, wish.closed_on) == ("fulfilled", "书包一个、文具一套", TODAY)
    assert [(n.action, n.text) for n in wish.notes] == [
        ("claim", ""),
        ("note", "已联系学校了解需要"),
        ("fulfil", "书包一个、文具一套"),
    ]
    actions = [(r.action, (r.before or {}).get("state"), r.after["state"]) for r in audit_rows(session, wish_id)]
    assert actions == [
        ("create", None, "open"),
        ("claim", "open", "claimed"),
        ("note", "claimed", "claimed"),
        ("fulfil", "claimed", "fulfilled"),
    ]


def test_a_wish_that_cannot_be_fulfilled_is_closed_with_an_explanation(session, stage):
    wish_id = claimed_wish(stage)

    assert act(stage.deputy, wish_id, "unfulfillable", "需改造房屋结构，已转交住建部门") == "unfulfillable"

    wish = wish_of(session, wish_id)
    assert (wish.state, wish.outcome, wish.closed_on) == ("unfulfillable", "需改造房屋结构，已转交住建部门", TODAY)


def test_the_office_releases_a_claim_back_to_the_wall_with_a_reason_and_another_deputy_claims_it(session, stage):
    wish_id = claimed_wish(stage)

    assert act(stage.office, wish_id, "release", "代表因病无法跟进") == "open"
    assert wish_of(session, wish_id).deputy_id is None
    claim(stage.colleague, wish_id)

    assert wish_of(session, wish_id).deputy_id == stage.colleague.deputy_id


def test_the_office_withdraws_an_open_wish_with_a_reason(session, stage):
    wish_id = record(stage.office, entry(stage))

    assert act(stage.office, wish_id, "withdraw", "与 3 号心愿重复") == "withdrawn"

    wish = wish_of(session, wish_id)
    assert (wish.state, wish.outcome, wish.closed_on) == ("withdrawn", "与 3 号心愿重复", TODAY)
    assert read(wishes.wall) == []


def test_the_office_may_also_note_and_fulfil_a_claimed_wish(session, stage):
    wish_id = claimed_wish(stage)

    act(stage.office, wish_id, "note", "已协调爱心企业捐赠")
    act(stage.office, wish_id, "fulfil", "助听器一台")

    assert wish_of(session, wish_id).state == "fulfilled"


@pytest.mark.parametrize(
    ("who", "state", "action", "text", "on", "reason"),
    [
        ("colleague", "claimed", "note", "我来帮忙", None, "wish.not_yours"),
        ("colleague", "claimed", "fulfil", "送了书包", None, "wish.not_yours"),
        ("leader", "claimed", "note", "关注", None, "wish.not_yours"),
        ("department", "claimed", "fulfil", "送了书包", None, "wish.not_yours"),
        ("deputy", "claimed", "release", "太忙", None, "wish.office_only"),
        ("deputy", "open", "withdraw", "不需要了", None, "wish.office_only"),
        ("deputy", "open", "fulfil", "送了书包", None, "wish.move_not_allowed"),
        ("office", "open", "release", "重复", None, "wish.move_not_allowed"),
        ("office", "claimed", "withdraw", "重复", None, "wish.move_not_allowed"),
        ("deputy", "fulfilled", "note", "补充", None, "wish.move_not_allowed"),
        ("deputy", "fulfilled", "unfulfillable", "改口", None, "wish.move_not_allowed"),
        ("deputy", "claimed", "note", "  ", None, "wish.note_required"),
        ("deputy", "claimed", "fulfil", "", None, "wish.given_required"),
        ("deputy", "claimed", "unfulfillable", "", None, "wish.explanation_required"),
        ("office", "claimed", "release", "", None, "wish.reason_required"),
        ("office", "open", "withdraw", " ", None, "wish.reason_required"),
        ("deputy", "claimed", "note", "进" * (wishes.TEXT_MAX + 1), None, "wish.text_too_long"),
        ("deputy", "claimed", "fulfil", "送了书包", TODAY + timedelta(days=1), "wish.date_future"),
        ("deputy", "claimed", "fulfil", "送了书包", TODAY - timedelta(days=1), "wish.date_before_recorded"),
        ("deputy", "claimed", "delete", "", None, "wish.move_not_allowed"),
    ],
)
def test_an_action_not_allowed_to_this_person_or_in_this_state_or_with_bad_input_is_refused_and_writes_nothing(
    session, stage, who, state, action, text, on, reason
):
    wish_id = record(stage.office, entry(stage))
    if state != "open":
        claim(stage.deputy, wish_id)
    if state == "fulfilled":
        act(stage.deputy, wish_id, "fulfil", "书包一个")
    before = counts(session)

    with pytest.raises(Refused) as refused:
        act(getattr(stage, who), wish_id, action, text, on)

    assert refused.value.reason == reason
    assert counts(session) == before
    assert wish_of(session, wish_id).state == state


# --- Who sees what ------------------------------------------------------------------------------


def test_the_resident_is_named_to_the_office_and_the_claiming_deputy_only_not_to_leaders(stage):
    wish_id = claimed_wish(stage)

    def resident(actor):
        with read_scope() as s:
            return next(w.resident for w in wishes.ledger(s, actor) if w.id == wish_id)

    assert resident(stage.office) == resident(stage.admin) == "张小明"
    assert resident(stage.leader) is None  # not even masked: leaders do not handle wishes
    assert [(w.id, w.resident) for w in read(wishes.mine, stage.deputy)] == [(wish_id, "张小明")]
    assert read(wishes.mine, stage.colleague) == []


def test_the_wall_carries_no_names(stage):
    record(stage.office, entry(stage))

    assert [w.resident for w in read(wishes.wall)] == [None]


def test_deputies_and_departments_may_not_read_the_office_list(stage):
    for actor in (stage.deputy, stage.colleague, stage.department):
        with pytest.raises(Forbidden), read_scope() as s:
            wishes.ledger(s, actor)


def test_after_a_release_the_former_claimer_no_longer_sees_the_wish_or_the_name(stage):
    wish_id = claimed_wish(stage)
    act(stage.office, wish_id, "release", "代表因病无法跟进")

    assert read(wishes.mine, stage.deputy) == []


def test_the_office_list_filters_by_state_and_division(stage):
    first = record(stage.office, entry(stage))
    second = record(stage.office, entry(stage, division_id=stage.other.id))
    claim(stage.deputy, second)

    with read_scope() as s:
        assert [w.id for w in wishes.ledger(s, stage.office, states=("claimed",))] == [second]
        assert [w.id for w in wishes.ledger(s, stage.office, division_id=stage.home.id)] == [first]
        assert [w.id for w in wishes.ledger(s, stage.office)] == [second, first]


def test_the_actions_offered_are_those_the_rules_allow_this_person(stage):
    open_id, claimed_id = record(stage.office, entry(stage)), claimed_wish(stage)
    with read_scope() as s:
        views = {w.id: w for w in wishes.ledger(s, stage.office)}

    assert wishes.actions_for(stage.deputy, views[open_id]) == ["claim"]
    assert wishes.actions_for(stage.office, views[open_id]) == ["withdraw"]
    assert wishes.actions_for(stage.deputy, views[claimed_id]) == ["note", "fulfil", "unfulfillable"]
    assert wishes.actions_for(stage.colleague, views[claimed_id]) == []
    assert wishes.actions_for(stage.office, views[claimed_id]) == ["note", "fulfil", "unfulfillable", "release"]
    assert wishes.actions_for(stage.leader, views[claimed_id]) == []


# --- Counts -------------------------------------------------------------------------------------


def test_counts_by_division_and_by_the_claiming_deputys_delegation(stage):
    fulfilled = claimed_wish(stage)  # 江海区 wish, 江海区 deputy
    act(stage.deputy, fulfilled, "fulfil", "书包一个")
    claimed_wish(stage, stage.colleague)  # 江海区 wish, 新会区 deputy
    record(stage.office, entry(stage, division_id=stage.other.id))  # 新会区, open
    withdrawn = record(stage.office, entry(stage, division_id=stage.other.id))
    act(stage.office, withdrawn, "withdraw", "重复登记")

    result = read(wishes.counts)

    assert (result.total.collected, result.total.claimed, result.total.fulfilled) == (3, 2, 1)
    assert [(c.label, c.collected, c.claimed, c.fulfilled) for c in result.by_division] == [
        ("江海区", 2, 2, 1),
        ("新会区", 1, 0, 0),
    ]
    assert [(c.label, c.claimed, c.fulfilled) for c in result.by_delegation] == [("江海区", 1, 1), ("新会区", 1, 0)]


def test_counts_of_no_wishes_are_zero(stage):
    result = read(wishes.counts)
    assert (result.total.collected, result.by_division, result.by_delegation) == (0, (), ())
