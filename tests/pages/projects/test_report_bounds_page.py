"""Regression: 10000000000000 typed as funds spent is refused on the form, in Chinese, before the database."""

from datetime import date

from sqlalchemy import func, select

from db.core.models import AuditEntry
from tests.conftest import TODAY, fresh
from tests.pages.conftest import texts
from tests.pages.projects.test_progress_pages import fill_report, year_projects


def test_funds_of_ten_trillion_are_refused_with_the_range_and_nothing_is_saved(open_page, demo_session):
    project, november = year_projects()[0], date(TODAY.year, 11, 1)
    before = fresh(demo_session).scalar(select(func.count(AuditEntry.id)))
    at = open_page("office", "pages/report_progress.py")
    at.selectbox(key="report_month").set_value(november).run()
    at.selectbox(key="report_project").set_value(project.id).run()
    values = [i.value or 0 for i in project.indicators]
    at = fill_report(at, project, november, values, 10_000_000_000_000)
    assert not at.exception
    assert "金额（万元）应在 0 至 10,000,000 之间" in texts(at)
    assert "事件编号" not in texts(at)  # refused as a rule, not met as an incident
    assert fresh(demo_session).scalar(select(func.count(AuditEntry.id))) == before
