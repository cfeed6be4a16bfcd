from datetime import date

import pytest
from sqlalchemy import func, select

from db.core.errors import Forbidden, Refused
from db.core.models import AuditEntry
from db.core.session import read_scope, session_scope
from db.projects import editing as projects
from db.projects import progress, reporting
from db.projects.editing import IndicatorInput, ProjectInput
from db.projects.models import Indicator, Project
from db.projects.reporting import ReportInput
from tests import factories
from tests.conftest import fresh
from tests.factories import actor_of

TODAY = date(2026, 11, 27)


@pytest.fixture
def office(session):
    factories.year(session, 2026)
    return actor_of(session, factories.account(session, "staff").username)


def details(lead_id, **changes):
    values = dict(
        number=1,
        title="新建社区长者饭堂",
        field="适老养老",
        description="每镇街至少一个",
        lead_department_id=lead_id,
        cooperator_ids=(),
        responsible_leader="王副市长",
        budget="1,500",
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
        division_ids=(),
    )
    return ProjectInput(**{**values, **changes})


def test_office_staff_create_and_edit_a_project_with_audit(session, office):
    lead, partner = factories.department(session), factories.department(session)
    division = factories.division(session)
    with session_scope() as s:
        new_id = projects.save_project(s, office, 2026, None, details(lead.id))
        projects.save_project(
            s,
            office,
            2026,
            new_id,
            details(lead.id, budget=1800, cooperator_ids=(partner.id,), division_ids=(division.id,)),
        )
        projects.save_indicators(s, office, new_id, [IndicatorInput(None, "新建长者饭堂", "个", "120", 2)])
    with read_scope() as s:
        [row] = progress.year_progress(s, 2026, TODAY)
    assert (row.title, row.budget, row.cooperators, row.divisions) == (
        "新建社区长者饭堂",
        1800,
        (partner.name,),
        (division.name,),
    )
    assert [(i.name, i.target, i.weight) for i in row.indicators] == [("新建长者饭堂", 120, 2)]
    actions = fresh(session).scalars(select(AuditEntry.action).where(AuditEntry.entity == "project")).all()
    assert actions == ["create", "update", "update_indicators"]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"title": ""}, "input.required"),
        ({"title": "长" * 101}, "input.too_long"),
        ({"field": "星际旅行"}, "project.field_unknown"),
        ({"lead_department_id": None}, "project.lead_department_required"),
        ({"budget": "-1"}, "project.budget_invalid"),
        ({"budget": "很多"}, "project.budget_invalid"),
        ({"end_date": date(2025, 12, 31)}, "project.dates_reversed"),
        ({"number": 0}, "project.number_invalid"),
        ({"number": 11}, "project.number_invalid"),  # the year has ten places
        ({"number": 7}, "project.number_taken"),
    ],
)
def test_bad_project_details_are_refused_and_nothing_is_written(session, office, changes, reason):
    lead = factories.department(session)
    factories.project(session, lead, number=7)
    with pytest.raises(Refused) as refused, session_scope() as s:
        projects.save_project(s, office, 2026, None, details(lead.id, **changes))
    assert refused.value.reason == reason
    assert fresh(session).scalar(select(func.count(Project.id))) == 1


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        ([], "project.indicators_required"),
        ([IndicatorInput(None, "", "个", 1)], "input.required"),
        ([IndicatorInput(None, "学位", "", 1)], "input.required"),
        ([IndicatorInput(None, "学位", "个", -1)], "project.amount_invalid"),
        ([IndicatorInput(None, "学位", "个", 1, "x")], "project.amount_invalid"),
        ([IndicatorInput(None, "学位", "个", 1), IndicatorInput(None, "学位", "个", 2)], "input.duplicate"),
    ],
)
def test_bad_indicators_are_refused(session, office, lines, reason):
    project = factories.project(session)
    with pytest.raises(Refused) as refused, session_scope() as s:
        projects.save_indicators(s, office, project.id, lines)
    assert refused.value.reason == reason
    assert fresh(session).scalar(select(func.count(Indicator.id))) == 2


def test_an_indicator_with_reported_values_cannot_be_removed(session, office):
    project = factories.project(session)
    first, second = project.indicators
    with session_scope() as s:
        reporting.save_report(
            s, office, project.id, date(2026, 3, 1), ReportInput({first.id: 1, second.id: 1}, 1), TODAY
        )
    with pytest.raises(Refused, match="project.indicator_has_reports"), session_scope() as s:
        projects.save_indicators(s, office, project.id, [IndicatorInput(first.id, first.name, "个", 100)])


def test_department_staff_leaders_and_deputies_cannot_edit_projects(session, office):
    project = factories.project(session)
    for role, fields in (("staff", {"department_id": project.lead_department_id}), ("leader", {}), ("deputy", {})):
        actor = actor_of(session, factories.account(session, role, **fields).username)
        with pytest.raises(Forbidden), session_scope() as s:
            projects.save_project(s, actor, 2026, project.id, details(project.lead_department_id))
        with pytest.raises(Forbidden), session_scope() as s:
            projects.save_indicators(s, actor, project.id, [IndicatorInput(None, "x", "个", 1)])


def test_a_project_continued_from_last_years_is_linked_both_ways(session, office):
    lead = factories.department(session)
    last_year = factories.project(session, lead, year_number=2025, number=3)
    with session_scope() as s:
        new_id = projects.save_project(s, office, 2026, None, details(lead.id, carried_from_id=last_year.id))
    with read_scope() as s:
        [row] = progress.year_progress(s, 2026, TODAY)
        assert row.carried_from_id == last_year.id
        assert progress.continuations(s, [last_year.id]) == {last_year.id: (new_id, "2026 · 1. 新建社区长者饭堂")}
        assert progress.label(s, last_year.id) == f"2025 · 3. {last_year.title}"


@pytest.mark.parametrize("year_of_the_other", [2026, 2027])
def test_a_project_cannot_continue_one_of_the_same_or_a_later_year(session, office, year_of_the_other):
    lead = factories.department(session)
    other = factories.project(session, lead, year_number=year_of_the_other, number=5)
    with pytest.raises(Refused, match="project.carry_over_invalid"), session_scope() as s:
        projects.save_project(s, office, 2026, None, details(lead.id, carried_from_id=other.id))
