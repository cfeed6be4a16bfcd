import io
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import func, select

from db.core.errors import ImportRefused
from db.core.session import session_scope
from db.projects import bulk_reports, reporting
from db.projects.models import ProgressReport
from db.projects.reporting import ReportInput
from tests import factories
from tests.conftest import fresh
from tests.factories import actor_of

TODAY = date(2026, 11, 27)
OCTOBER = date(2026, 10, 1)


@pytest.fixture
def world(session):
    education = factories.department(session)
    liaison = actor_of(session, factories.account(session, "staff", department_id=education.id).username)
    first = factories.project(session, education, number=1, budget=500)
    factories.project(session, education, number=2, budget=300, indicators=(("食堂", "个", 10, 1),))
    factories.project(session, factories.department(session), number=3)  # another department's
    with session_scope() as s:
        reporting.save_report(
            s, liaison, first.id, date(2026, 9, 1), ReportInput({i.id: 5 for i in first.indicators}, 50), TODAY
        )
    return liaison


def template_sheets(liaison):
    with session_scope() as s:
        content = bulk_reports.template(s, liaison, OCTOBER)
    return pd.read_excel(io.BytesIO(content), sheet_name=None, dtype=str)


def upload(liaison, sheets):
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, index=False, sheet_name=name)
    parsed = bulk_reports.read("filled.xlsx", buffer.getvalue())
    with session_scope() as s:
        return bulk_reports.apply(s, liaison, OCTOBER, parsed, TODAY)


def reports(session):
    return fresh(session).scalar(select(func.count(ProgressReport.id)))


def test_the_template_lists_only_the_departments_projects_with_last_months_figures(session, world):
    sheets = template_sheets(world)
    projects, indicators = sheets["项目"], sheets["指标"]
    assert list(projects["项目编号"]) == ["1", "2"] and set(projects["月份"]) == {"2026-10"}
    assert list(projects["上月累计支出（万元）"].fillna("")) == ["50", ""]
    assert list(indicators["指标"]) == ["新增学位", "培训教师", "食堂"]
    assert list(indicators["上月累计"].fillna("")) == ["5", "5", ""]


def test_a_filled_template_saves_every_report_in_one_go(session, world):
    sheets = template_sheets(world)
    sheets["项目"]["累计支出（万元）"] = ["80", "20"]
    sheets["项目"]["工作进展"] = ["进展顺利", "开工"]
    sheets["指标"]["本月累计"] = ["30", "12", "2"]
    assert upload(world, sheets) == bulk_reports.BulkSummary(2, "2026-10")
    assert reports(session) == 3


def test_a_workbook_with_bad_rows_is_refused_whole_listing_each_row_and_column(session, world):
    sheets = template_sheets(world)
    sheets["项目"]["累计支出（万元）"] = ["9999", "20"]  # over budget, unexplained
    sheets["指标"]["本月累计"] = ["3", "abc", "-1"]  # fell from 5; not a number; negative
    before = reports(session)
    with pytest.raises(ImportRefused) as refused:
        upload(world, sheets)
    found = [(p.line, p.column, p.reason) for p in refused.value.problems]
    assert found == [
        (2, "项目·累计支出（万元）", "progress.funds_over_budget"),
        (2, "指标·本月累计", "progress.value_fell"),
        (3, "指标·本月累计", "progress.not_a_number"),
        (4, "指标·本月累计", "progress.negative"),
    ]
    assert reports(session) == before


def test_rows_for_projects_the_department_does_not_lead_or_another_month_are_refused(session, world):
    sheets = template_sheets(world)
    sheets["项目"]["累计支出（万元）"] = ["80", "20"]
    sheets["指标"]["本月累计"] = ["30", "12", "2"]
    sheets["项目"].loc[1, "项目编号"] = "3"
    sheets["项目"].loc[0, "月份"] = "2026-09"
    with pytest.raises(ImportRefused) as refused:
        upload(world, sheets)
    reasons = {(p.line, p.reason) for p in refused.value.problems}
    assert {(2, "bulk.wrong_month"), (3, "bulk.unknown_project")} <= reasons


def test_a_missing_sheet_or_a_csv_is_refused(session, world):
    with pytest.raises(ImportRefused) as refused:
        upload(world, {"项目": template_sheets(world)["项目"]})
    assert refused.value.problems[0].reason == "import.sheet_missing"
    with pytest.raises(ImportRefused) as refused:
        bulk_reports.read("filled.csv", b"a,b")
    assert refused.value.problems[0].reason == "import.xlsx_only"


@pytest.mark.parametrize("number", ["inf", "-inf", "1e400", "nan", "1.5"])
def test_a_project_number_that_is_no_whole_number_is_an_unknown_project_not_a_crash(session, world, number):
    sheets = template_sheets(world)
    sheets["项目"].loc[0, "项目编号"] = number
    with pytest.raises(ImportRefused) as refused:
        upload(world, sheets)
    assert ("bulk.unknown_project", {"value": number}) in [(p.reason, p.params) for p in refused.value.problems]
