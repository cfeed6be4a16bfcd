import pytest
from sqlalchemy import func, select

from db.core.errors import Forbidden, Refused
from db.core.models import AuditEntry
from db.core.session import read_scope, session_scope
from db.system import reference
from db.system.models import Department
from tests import factories
from tests.conftest import fresh
from tests.factories import actor_of


@pytest.fixture
def admin(session):
    return actor_of(session, factories.account(session, "admin").username)


def test_an_admin_adds_and_renames_departments_and_divisions_with_audit(session, admin):
    with session_scope() as s:
        department_id = reference.save_department(s, admin, None, " 市教育局 ", "JYJ")
        reference.save_department(s, admin, department_id, "江门市教育局", "jyj", active=False)
        division_id = reference.save_division(s, admin, None, "蓬江区", 1)
        reference.save_division(s, admin, division_id, "蓬江区（改）", 2)
    with read_scope() as s:
        assert reference.departments(s) == [reference.DepartmentView(department_id, "江门市教育局", "jyj", False)]
        assert reference.departments(s, active_only=True) == []
        assert reference.divisions(s) == [reference.DivisionView(division_id, "蓬江区（改）", 2)]
    entries = fresh(session).scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.entity, e.action) for e in entries] == [
        ("department", "create"),
        ("department", "update"),
        ("division", "create"),
        ("division", "update"),
    ]
    assert entries[1].before["name"] == "市教育局" and entries[1].after["active"] is False


@pytest.mark.parametrize(
    ("name", "code", "reason"),
    [
        ("", "abc", "input.required"),
        ("长" * 61, "abc", "input.too_long"),
        ("市财政局", "abc", "input.duplicate"),
        ("新部门", "czj", "input.duplicate"),
        ("新部门", "", "input.required"),
        ("新部门", "a", "department.code_invalid"),
        ("新部门", "局", "department.code_invalid"),
        ("新部门", "a-b", "department.code_invalid"),
    ],
)
def test_bad_department_input_is_refused_and_nothing_is_written(session, admin, name, code, reason):
    with session_scope() as s:
        reference.save_department(s, admin, None, "市财政局", "czj")
    with pytest.raises(Refused) as refused, session_scope() as s:
        reference.save_department(s, admin, None, name, code)
    assert refused.value.reason == reason
    assert fresh(session).scalar(select(func.count(Department.id))) == 1


def test_a_division_name_must_be_unique(session, admin):
    factories.division(session, "台山市")
    with pytest.raises(Refused, match="input.duplicate"), session_scope() as s:
        reference.save_division(s, admin, None, "台山市", 0)


@pytest.mark.parametrize("role", ["leader", "staff", "deputy"])
def test_only_admins_edit_reference_data(session, role):
    actor = actor_of(session, factories.account(session, role).username)
    with pytest.raises(Forbidden), session_scope() as s:
        reference.save_division(s, actor, None, "新区", 0)
    with pytest.raises(Forbidden), session_scope() as s:
        reference.save_department(s, actor, None, "新局", "xj")


def test_an_admin_adds_a_year_and_changes_its_vote_defaults_with_audit(session, admin):
    with session_scope() as s:
        reference.save_year(s, admin, 2031, "市十七届人大二次会议", 10, "electorate_half", new=True)
        reference.save_year(s, admin, 2031, "市十七届人大二次会议", 12, "ballots_half", new=False)
        reference.save_year(
            s, admin, 2031, "市十七届人大二次会议", 12, "ballots_half", new=False
        )  # unchanged: no entry
    with read_scope() as s:
        assert reference.years(s) == [reference.YearView(2031, "市十七届人大二次会议", 12, "ballots_half")]
    entries = fresh(session).scalars(select(AuditEntry).where(AuditEntry.entity == "year")).all()
    assert [(e.action, e.before) for e in entries] == [
        ("create", None),
        ("update", {"session_name": "市十七届人大二次会议", "places": 10, "threshold_rule": "electorate_half"}),
    ]


@pytest.mark.parametrize(
    ("year", "name", "places", "rule", "reason"),
    [
        (1999, "会议", 10, "electorate_half", "reference.year_invalid"),
        (2031, " ", 10, "electorate_half", "input.required"),
        (2031, "会议", 0, "electorate_half", "vote.places_invalid"),
        (2031, "会议", 10, "coin_toss", "vote.rule_unknown"),
        (2030, "会议", 10, "electorate_half", "input.duplicate"),  # a new year that exists already
    ],
)
def test_a_bad_year_is_refused_and_nothing_is_written(session, admin, year, name, places, rule, reason):
    factories.year(session, 2030)
    with pytest.raises(Refused) as refused, session_scope() as s:
        reference.save_year(s, admin, year, name, places, rule, new=True)
    assert refused.value.reason == reason
    assert fresh(session).scalar(select(func.count(AuditEntry.id))) == 0


def test_only_an_admin_adds_a_year(session):
    clerk = actor_of(session, factories.account(session, "staff").username)
    with pytest.raises(Forbidden), session_scope() as s:
        reference.save_year(s, clerk, 2031, "会议", 10, "electorate_half", new=True)
