from datetime import date

import pytest

from db.core.session import read_scope, session_scope
from db.projects import progress, reporting, rules
from db.projects.reporting import ReportInput
from db.projects.rules import ScheduleStatus
from tests import factories
from tests.factories import actor_of

TODAY = date(2026, 11, 27)


def test_status_is_computed_from_the_latest_report_against_the_plan_at_its_month_end(session):
    office = actor_of(session, factories.account(session, "staff").username)
    fast = factories.project(session, number=1, indicators=(("学位", "个", 100, 1),))
    slow = factories.project(session, number=2, indicators=(("学位", "个", 100, 1),))
    factories.project(session, number=3)  # no report at all
    with session_scope() as s:
        for month, fast_value, slow_value in ((date(2026, 5, 1), 30, 10), (date(2026, 6, 1), 70, 20)):
            reporting.save_report(s, office, fast.id, month, ReportInput({fast.indicators[0].id: fast_value}, 5), TODAY)
            reporting.save_report(s, office, slow.id, month, ReportInput({slow.indicators[0].id: slow_value}, 5), TODAY)
    with read_scope() as s:
        first, second, third = progress.year_progress(s, 2026, TODAY)
    june_plan = rules.planned_share(date(2026, 1, 1), date(2026, 12, 31), date(2026, 6, 30))
    assert first.planned == pytest.approx(june_plan)
    assert (first.status, second.status, third.status) == (
        ScheduleStatus.AHEAD,
        ScheduleStatus.LAGGING,
        ScheduleStatus.LAGGING,
    )
    assert [round(m.completion, 2) for m in first.months] == [0.3, 0.7]
    assert third.planned == pytest.approx(rules.planned_share(date(2026, 1, 1), date(2026, 12, 31), TODAY))


def test_a_year_without_projects_is_empty(session):
    with read_scope() as s:
        assert progress.year_progress(s, 2030, TODAY) == []
