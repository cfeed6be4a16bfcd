from dataclasses import replace
from datetime import date, datetime

import pytest

from components.projects import charts
from db.projects import dashboard
from db.projects.progress import MonthPoint, ProjectProgress, ReportEntry
from db.projects.rules import ScheduleStatus

TODAY = date(2026, 11, 27)
LABELS = {"actual": "完成率", "planned": "序时进度", "projects": "项目数", "unit": "万元"}


def report(month: date, problems: str = "", funds: float = 10) -> ReportEntry:
    return ReportEntry(month, funds, "", problems, "", "", "联络员", datetime(2026, 1, 1), {})


def project(
    number: int, status: str, completion: float, *, last: date | None = date(2026, 10, 1), **changes
) -> ProjectProgress:
    upto = last.month if last else 0
    months = tuple(MonthPoint(date(2026, m, 1), completion * m / upto, m / 12, 10.0 * m) for m in range(1, upto + 1))
    base = ProjectProgress(
        id=number,
        year=2026,
        number=number,
        title=f"项目{number}",
        field="公共教育",
        description="",
        lead_department_id=number % 2,
        lead_department=f"局{number % 2}",
        cooperators=(),
        responsible_leader="",
        budget=100.0,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
        divisions=("蓬江区", "新会区")[: number % 2 + 1],
        indicators=(),
        months=months,
        reports=(report(last, "征地慢"),) if last else (),
        completion=completion,
        planned=0.83,
        status=status,
    )
    return replace(base, **changes)


PROJECTS = [
    project(1, ScheduleStatus.ON_SCHEDULE, 0.80),
    project(2, ScheduleStatus.LAGGING, 0.50),
    project(3, ScheduleStatus.DONE, 1.0),
    project(4, ScheduleStatus.LAGGING, 0.40, last=date(2026, 9, 1)),
    project(5, ScheduleStatus.NOT_STARTED, 0.0, last=None),
]


def test_reports_are_due_the_month_after():
    assert dashboard.due_month(date(2026, 11, 27)) == date(2026, 10, 1)
    assert dashboard.due_month(date(2027, 1, 3)) == date(2026, 12, 1)


def test_the_headline_counts_lagging_projects_funds_and_missing_reports():
    headline = dashboard.headline(PROJECTS, TODAY)
    assert headline.projects == 5 and headline.lagging == 2
    assert headline.completion == pytest.approx((0.8 + 0.5 + 1 + 0.4 + 0) / 5)
    assert headline.without_report == 2  # project 4 stopped in September; project 5 never reported
    assert (headline.funds_spent, headline.budget) == (40, 500)


def test_trouble_comes_first_then_by_number():
    assert [p.number for p in dashboard.trouble_first(PROJECTS)] == [2, 4, 5, 1, 3]


def test_the_monthly_trend_carries_a_projects_last_report_forward():
    points = dashboard.monthly_trend(PROJECTS, TODAY)
    assert [p.label for p in points][:2] == ["2026-01", "2026-02"] and points[-1].label == "2026-10"
    october = points[-1]
    assert october.completion == pytest.approx((0.8 + 0.5 + 1.0 + 0.4 + 0) / 5)  # project 4 held at September


def test_groups_by_lead_department_and_by_division():
    departments = {s.label: s for s in dashboard.by_department(PROJECTS)}
    assert departments["局1"].projects == 3 and departments["局0"].projects == 2
    divisions = {s.label: s.projects for s in dashboard.by_division(PROJECTS)}
    assert divisions == {"蓬江区": 5, "新会区": 3}


@pytest.mark.parametrize(
    "build",
    [
        lambda: charts.completion_vs_plan(PROJECTS, LABELS),
        lambda: charts.trend(dashboard.monthly_trend(PROJECTS, TODAY), LABELS),
        lambda: charts.trend(list(PROJECTS[0].months), LABELS),
        lambda: charts.shares(dashboard.by_department(PROJECTS), LABELS),
        lambda: charts.funds(list(PROJECTS[0].months), 100, LABELS),
    ],
)
def test_every_chart_builds_a_valid_vega_lite_spec_with_its_data(build):
    spec = build().to_dict()
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite")
    assert spec.get("datasets") and all(rows for rows in spec["datasets"].values())


def test_the_completion_chart_shows_percentages_against_a_0_to_100_axis():
    spec = charts.completion_vs_plan(PROJECTS, LABELS).to_dict()
    bar = spec["layer"][0]["encoding"]["x"]
    assert bar["field"] == "完成率" and bar["scale"]["domain"] == [0, 100]
    rows = next(iter(spec["datasets"].values()))
    assert [r["完成率"] for r in rows] == [80.0, 50.0, 100.0, 40.0, 0.0]


def test_a_finished_years_projects_reported_through_december_are_not_missing_reports():
    done = [project(n, ScheduleStatus.DONE, 1.0, last=date(2026, 12, 1)) for n in (1, 2)]
    assert dashboard.headline(done, date(2027, 6, 1)).without_report == 0


def test_the_trend_stops_at_the_month_whose_reports_are_due():
    early = [
        project(1, ScheduleStatus.ON_SCHEDULE, 0.9, last=date(2026, 11, 1)),
        project(2, ScheduleStatus.ON_SCHEDULE, 0.8),
    ]
    assert dashboard.monthly_trend(early, TODAY)[-1].label == "2026-10"


def test_lagging_projects_bars_are_red_and_the_others_another_colour():
    spec = charts.completion_vs_plan(PROJECTS, LABELS).to_dict()
    color = spec["layer"][0]["encoding"]["color"]
    assert color["condition"]["value"] == charts.ACTUAL_COLOR and color["value"] == charts.OTHER_COLOR
    rows = next(iter(spec["datasets"].values()))
    assert [r["lagging"] for r in rows] == [False, True, False, True, False]


def test_project_names_are_whole_on_the_axis():
    long_title = replace(PROJECTS[0], title="城区老旧小区雨污分流改造及配套管网提升工程")
    spec = charts.completion_vs_plan([long_title], LABELS).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert rows[0]["group"] == "1. 城区老旧小区雨污分流改造及配套管网提升工程"
    assert spec["layer"][0]["encoding"]["y"]["axis"]["labelLimit"] == 0


def test_the_monthly_trend_has_a_legend_naming_its_two_lines():
    spec = charts.trend(dashboard.monthly_trend(PROJECTS, TODAY), LABELS).to_dict()
    assert spec["encoding"]["color"]["legend"] == {"orient": "bottom"}


def test_vote_and_survey_charts_show_whole_titles():
    title = "城区老旧小区雨污分流改造及配套管网提升工程"
    labels = {"votes": "票数", "elected": "当选", "tied": "同票", "passed": "过半", "failed": "未过半", "count": "人数"}
    votes = charts.vote_results([(f"1. {title}", 3, "当选")], 1.5, labels).to_dict()
    assert votes["layer"][0]["encoding"]["y"]["axis"]["labelLimit"] == 0
    bars = charts.satisfaction_bars([(f"1. {title}", "满意", 3)], ["满意", "基本满意", "不满意", "弃权"], labels)
    assert bars.to_dict()["encoding"]["y"]["axis"]["labelLimit"] == 0
