# ruff: noqa: F811 (test functions take the imported `world` fixture by name)
"""Any filled-in progress workbook is either refused with a reason and nothing written, or saved within bounds."""

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from db.core.bounds import BOUNDS, Quantity
from db.core.errors import ImportRefused
from db.projects import bulk_reports
from db.projects.models import ProgressReport, ReportValue
from tests.conftest import fresh
from tests.db.import_properties import assert_refused_with_reasons, cell
from tests.db.projects.test_bulk_reports import template_sheets, upload, world  # noqa: F401 (the fixture)


def everything(session):
    fresh(session)
    reports = sorted((r.id, r.project_id, r.month, r.funds_spent) for r in session.scalars(select(ProgressReport)))
    values = sorted((v.report_id, v.indicator_id, v.value) for v in session.scalars(select(ReportValue)))
    return reports, values


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_progress_workbook_is_refused_with_a_reason_and_nothing_written_or_saved_within_bounds(
    session, world, data
):
    sheets = template_sheets(world)
    projects, indicators = sheets[bulk_reports.PROJECT_SHEET].copy(), sheets[bulk_reports.INDICATOR_SHEET].copy()
    for i in range(len(projects)):
        projects.loc[i, bulk_reports.FUNDS] = data.draw(cell("60", "0", "10000000", "10000000.01"))
        projects.loc[i, bulk_reports.NUMBER] = data.draw(cell("1", "2", "3", "99"))
        projects.loc[i, bulk_reports.TEXTS["narrative"]] = data.draw(cell("按计划推进"))
    for i in range(len(indicators)):
        indicators.loc[i, bulk_reports.VALUE] = data.draw(cell("6", "0", "1000000000", "1000000000.01"))
    before = everything(session)
    try:
        upload(world, {bulk_reports.PROJECT_SHEET: projects, bulk_reports.INDICATOR_SHEET: indicators})
    except ImportRefused as refused:
        assert_refused_with_reasons(refused)
        assert everything(session) == before
        return
    money, indicator = BOUNDS[Quantity.MONEY], BOUNDS[Quantity.INDICATOR]
    reports, values = everything(session)
    assert all(funds is None or money.low <= funds <= money.high for *_, funds in reports)
    assert all(indicator.low <= value <= indicator.high for *_, value in values)
    assert isinstance(projects, pd.DataFrame)
