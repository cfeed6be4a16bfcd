from datetime import date

import pytest
from sqlalchemy import func, select

from db.core.errors import Forbidden, Refused
from db.core.models import AuditEntry
from db.core.session import read_scope, session_scope
from db.projects import progress, reporting
from db.projects.models import ProgressReport
from db.projects.reporting import ReportInput
from tests import factories
from tests.conftest import fresh
from tests.factories import actor_of

TODAY = date(2026, 11, 27)
OCTOBER, NOVEMBER = date(2026, 10, 1), date(2026, 11, 1)


@pytest.fixture
def world(session):
    """A department with its liaison, another department's liaison, office staff, a project."""
    education = factories.department(session)
    other = factories.department(session)
    liaison = factories.account(session, "staff", department_id=education.id)
    stranger = factories.account(session, "staff", department_id=other.id)
    office = factories.account(session, "staff")
    project = factories.project(session, education, budget=500)
    people = {
        name: actor_of(session, a.username)
        for name, a in (("liaison", liaison), ("stranger", stranger), ("office", office))
    }
    return project, [i.id for i in project.indicators], people


def report(values, funds=100, **texts):
    return ReportInput(dict(values), funds, **texts)


def save(actor, project, month, data):
    with session_scope() as s:
        reporting.save_report(s, actor, project.id, month, data, TODAY)


def state(session):
    fresh(session)
    return (
        session.scalar(select(func.count(ProgressReport.id))),
        session.scalar(select(func.count(AuditEntry.id))),
    )


def test_the_lead_departments_liaison_reports_a_month_and_it_shows_in_the_progress(session, world):
    project, (places, teachers), people = world
    save(people["liaison"], project, OCTOBER, report({places: 40, teachers: 10}, 120, narrative="完成两所学校改扩建"))
    with read_scope() as s:
        [row] = progress.year_progress(s, 2026, TODAY)
    assert row.completion == pytest.approx((0.4 + 0.2) / 2)
    assert row.latest.month == OCTOBER and row.latest.narrative == "完成两所学校改扩建"
    assert row.funds_spent == 120 and row.latest.reporter.startswith("测试")


def test_correcting_a_month_is_an_update_whose_before_and_after_the_audit_log_keeps(session, world):
    project, (places, teachers), people = world
    save(people["liaison"], project, OCTOBER, report({places: 40, teachers: 10}))
    save(people["office"], project, OCTOBER, report({places: 45, teachers: 10}, narrative="更正"))
    fresh(session)
    assert session.scalar(select(func.count(ProgressReport.id))) == 1
    entry = session.scalar(
        select(AuditEntry).where(AuditEntry.entity == "progress_report").order_by(AuditEntry.id.desc())
    )
    assert entry.action == "update"
    assert entry.before["values"]["新增学位"] == 40 and entry.after["values"]["新增学位"] == 45
    assert entry.after["narrative"] == "更正"


def test_the_form_draft_shows_last_months_values_beside_this_months(session, world):
    project, (places, teachers), people = world
    save(people["liaison"], project, OCTOBER, report({places: 40, teachers: 10}, 120))
    with read_scope() as s:
        november = reporting.draft(s, people["liaison"], project.id, NOVEMBER)
        october = reporting.draft(s, people["liaison"], project.id, OCTOBER)
    assert [(line.previous, line.current) for line in november.indicators] == [(40, None), (10, None)]
    assert november.previous_funds == 120 and november.saved is None
    assert [line.current for line in october.indicators] == [40, 10] and october.saved_funds == 120


@pytest.mark.parametrize(
    ("values", "funds", "texts", "month", "reason"),
    [
        ({0: -1, 1: 5}, 10, {}, NOVEMBER, "progress.negative"),
        ({0: "很多", 1: 5}, 10, {}, NOVEMBER, "progress.not_a_number"),
        ({0: None, 1: 5}, 10, {}, NOVEMBER, "progress.not_a_number"),
        ({1: 5}, 10, {}, NOVEMBER, "progress.not_a_number"),  # an indicator left out
        ({0: 30, 1: 5}, 10, {}, NOVEMBER, "progress.value_fell"),  # October said 40
        ({0: 50, 1: 20}, 600, {}, NOVEMBER, "progress.funds_over_budget"),
        ({0: 50, 1: 20}, -3, {}, NOVEMBER, "progress.funds_negative"),
        ({0: 50, 1: 20}, "abc", {}, NOVEMBER, "progress.funds_not_a_number"),
        ({0: 50, 1: 20}, 10, {}, date(2025, 12, 1), "progress.month_outside_year"),
        ({0: 50, 1: 20}, 10, {}, date(2026, 12, 1), "progress.month_in_future"),
        ({0: 50, 1: 20}, 10, {"narrative": "长" * 2001}, NOVEMBER, "progress.text_too_long"),
        ({0: 50, 1: 20}, 10, {"problems": "长" * 2001}, NOVEMBER, "progress.text_too_long"),
    ],
)
def test_a_bad_report_is_refused_with_a_reason_and_nothing_is_saved(
    session, world, values, funds, texts, month, reason
):
    project, ids, people = world
    save(people["liaison"], project, OCTOBER, report({ids[0]: 40, ids[1]: 10}, 100))
    before = state(session)
    with pytest.raises(Refused) as refused:
        save(people["liaison"], project, month, report({ids[k]: v for k, v in values.items()}, funds, **texts))
    assert refused.value.reason == reason
    assert state(session) == before


def test_a_fall_or_an_overspend_is_accepted_with_a_written_explanation(session, world):
    project, (places, teachers), people = world
    save(people["liaison"], project, OCTOBER, report({places: 40, teachers: 10}, 100))
    save(
        people["liaison"],
        project,
        NOVEMBER,
        report({places: 38, teachers: 10}, 520, explanation="核减重复统计的学位；追加设备采购"),
    )
    fresh(session)
    assert session.scalar(select(func.count(ProgressReport.id))) == 2


def test_numbers_typed_with_separators_are_understood(session, world):
    project, (places, teachers), people = world
    save(people["liaison"], project, OCTOBER, report({places: "1,2", teachers: " 10 "}, "1,00"))
    with read_scope() as s:
        assert progress.year_progress(s, 2026, TODAY)[0].indicators[0].value == 12


def test_only_the_lead_department_office_staff_and_admins_report(session, world):
    project, (places, teachers), people = world
    data = report({places: 1, teachers: 1})
    with pytest.raises(Refused, match="progress.not_your_project"):
        save(people["stranger"], project, OCTOBER, data)
    for role in ("leader", "deputy"):
        with pytest.raises(Forbidden):
            save(actor_of(session, factories.account(session, role).username), project, OCTOBER, data)
    save(actor_of(session, factories.account(session, "admin").username), project, OCTOBER, data)
    with read_scope() as s:
        assert reporting.reportable_projects(s, people["stranger"], 2026) == []
        assert [p[0] for p in reporting.reportable_projects(s, people["liaison"], 2026)] == [project.id]
        assert [p[0] for p in reporting.reportable_projects(s, people["office"], 2026)] == [project.id]


def test_every_problem_of_a_report_is_named_not_only_the_first(session, world):
    project, (places, teachers), people = world
    save(people["liaison"], project, OCTOBER, report({places: 40, teachers: 10}, 100))
    with pytest.raises(Refused) as refused:
        save(people["liaison"], project, NOVEMBER, report({places: -1, teachers: 5}, 900))
    assert refused.value.reason == "progress.negative"
    assert [reason for reason, _ in refused.value.more] == ["progress.value_fell", "progress.funds_over_budget"]


def test_saving_the_same_report_again_changes_and_logs_nothing(session, world):
    project, (places, teachers), people = world
    save(people["liaison"], project, OCTOBER, report({places: 40, teachers: 10}, 100, narrative="进展"))
    before = state(session)
    save(people["office"], project, OCTOBER, report({places: "40", teachers: 10.0}, "100", narrative=" 进展 "))
    assert state(session) == before
