from collections import Counter
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.core import clock, migrate
from db.demo.pool.project_templates import CONFIRMED_2024, POOL
from db.demo.pool.reference import LEAD_DEPARTMENT_CODES
from db.demo.project_plans import plan_year
from db.projects import rules
from db.projects.models import ProgressReport, Project
from db.projects.rules import IndicatorFigures, ScheduleStatus
from db.system.models import Account
from tests.conftest import TODAY, fresh

FIELDS = set(
    "社会保障 公共教育 医疗卫生 创业就业 交通出行 食药品安全 质量监管 公共安全 住房保障 乡村振兴 "
    "城市管理 适老养老 育幼服务 政务服务 文化提升 全民健身 环境整治 灾害防治 惠侨便侨 职业培训".split()
)


def status(figures: list[tuple[float, float, float]], start: date, end: date, month: date) -> str:
    """The schedule status as the app computes it: (target, weight, value) per indicator."""
    actual = rules.completion([IndicatorFigures(t, w, v) for t, w, v in figures])
    planned = rules.planned_share(start, end, rules.month_end(month))
    return rules.schedule_status(actual, planned, reported=True, tolerance_points=5)


def reports_of(session: Session, project: Project) -> list[ProgressReport]:
    query = select(ProgressReport).where(ProgressReport.project_id == project.id).order_by(ProgressReport.month)
    return list(session.scalars(query))


def status_of(session: Session, project: Project) -> tuple[str, ProgressReport]:
    latest = reports_of(session, project)[-1]
    value = {v.indicator_id: float(v.value) for v in latest.values}
    figures = [(float(i.target), float(i.weight), value[i.id]) for i in project.indicators]
    return status(figures, project.start_date, project.end_date, latest.month), latest


def projects_of(session: Session, year: int) -> list[Project]:
    return list(session.scalars(select(Project).where(Project.year == year).order_by(Project.number)))


def test_this_year_has_ten_projects_numbered_one_to_ten_each_with_three_to_six_indicators(demo_session):
    projects = projects_of(demo_session, TODAY.year)
    assert [p.number for p in projects] == list(range(1, 11))
    assert len({p.title for p in projects}) == 10
    for p in projects:
        assert 3 <= len(p.indicators) <= 6 and len({i.name for i in p.indicators}) == len(p.indicators)
        assert all(i.target > 0 and i.weight in (1, 2) and i.unit for i in p.indicators)
        assert p.field in FIELDS and p.description and "市长" in p.responsible_leader
        assert p.lead_department.code in LEAD_DEPARTMENT_CODES
        assert len(p.cooperators) <= 3 and p.lead_department not in p.cooperators
        assert 100 <= p.budget <= 99_999 and p.divisions
        assert p.start_date in {date(TODAY.year, m, 1) for m in (1, 2, 3)} and p.end_date == date(TODAY.year, 12, 31)
    assert sum(p.start_date.month == 1 for p in projects) >= 8
    assert any(len(p.divisions) == 8 for p in projects)


def test_this_years_reports_run_from_january_to_last_month_filed_by_the_lead_department(demo_session):
    for project in projects_of(demo_session, TODAY.year):
        reports = reports_of(demo_session, project)
        assert [r.month for r in reports] == [date(TODAY.year, m, 1) for m in range(1, TODAY.month)]
        reporter = demo_session.get(Account, reports[0].reporter_id)
        assert reporter.username == f"dept_{project.lead_department.code}"
        for r in reports:
            assert r.reporter_id == reporter.id and r.narrative and r.next_steps
            assert rules.month_end(r.month) < clock.local(r.reported_at).date() <= TODAY
            assert len(r.values) == len(project.indicators)


def test_this_years_statuses_show_one_done_two_lagging_with_their_problems_and_two_or_three_ahead(engine, session):
    migrate.prepare(demo_mode=True, today=TODAY, engine=engine)
    fresh(session)
    statuses = {p.number: status_of(session, p) for p in projects_of(session, TODAY.year)}
    counts = Counter(s for s, _ in statuses.values())
    assert (
        counts[ScheduleStatus.DONE] == 1
        and counts[ScheduleStatus.LAGGING] == 2
        and counts[ScheduleStatus.AHEAD] in (2, 3)
    )
    assert counts[ScheduleStatus.ON_SCHEDULE] == 10 - 3 - counts[ScheduleStatus.AHEAD]
    lagging = [latest for s, latest in statuses.values() if s == ScheduleStatus.LAGGING]
    assert all(len(latest.problems) > 15 for latest in lagging)


def test_every_earlier_year_finished_its_ten_projects_close_to_but_within_budget(demo_session):
    for year in range(TODAY.year - 5, TODAY.year):
        projects = projects_of(demo_session, year)
        assert [p.number for p in projects] == list(range(1, 11))
        for p in projects:
            done, latest = status_of(demo_session, p)
            assert done == ScheduleStatus.DONE and latest.month == date(year, 12, 1)
            assert len(reports_of(demo_session, p)) == 12
            assert Decimal("0.9") * p.budget <= latest.funds_spent <= p.budget


def test_2024_has_the_six_confirmed_titles_and_titles_vary_across_years(demo_session):
    titles = {y: {p.title for p in projects_of(demo_session, y)} for y in range(TODAY.year - 5, TODAY.year + 1)}
    assert set(CONFIRMED_2024) <= titles[2024]
    assert '深入推进"四好农村路"建设' in titles[2024]
    assert all(len(titles[y] & titles[y + 1]) <= 6 for y in range(TODAY.year - 5, TODAY.year))


def test_cumulative_figures_never_fall_and_funds_never_exceed_the_budget(demo_session):
    for project in demo_session.scalars(select(Project)):
        reports = reports_of(demo_session, project)
        funds = [r.funds_spent for r in reports]
        assert funds == sorted(funds) and funds[-1] <= project.budget
        for indicator in project.indicators:
            values = [next(v.value for v in r.values if v.indicator_id == indicator.id) for r in reports]
            assert values == sorted(values)
            if indicator.unit not in ("公里", "万平方米", "万人次", "万人"):
                assert all(v == int(v) for v in values)


def test_seeding_in_early_january_gives_this_years_projects_but_no_reports_yet(engine, session):
    today = date(2027, 1, 5)
    migrate.prepare(demo_mode=True, today=today, engine=engine)
    fresh(session)
    projects = projects_of(session, 2027)
    assert [p.number for p in projects] == list(range(1, 11))
    assert not any(reports_of(session, p) for p in projects)
    last_year = projects_of(session, 2026)
    assert all(status_of(session, p)[0] == ScheduleStatus.DONE for p in last_year)
    assert all(clock.local(r.reported_at).date() <= today for p in last_year for r in reports_of(session, p))


@pytest.mark.parametrize("year", [2026, 2029])
@pytest.mark.parametrize("month", range(2, 13))
def test_the_status_mix_holds_whatever_month_the_demo_starts_in(year, month):
    plans = plan_year(year, date(year, month, 1))
    counts = Counter()
    for plan in plans:
        assert [r.month.month for r in plan.reports] == list(range(1, month))
        latest = plan.reports[-1]
        figures = [(i.target, i.weight, v) for i, v in zip(plan.indicators, latest.values, strict=True)]
        counts[status(figures, plan.start, plan.end, latest.month)] += 1
        assert latest.funds < plan.budget
    assert (
        counts[ScheduleStatus.DONE] == 1
        and counts[ScheduleStatus.LAGGING] == 2
        and counts[ScheduleStatus.AHEAD] in (2, 3)
    )
    assert counts[ScheduleStatus.ON_SCHEDULE] == 7 - counts[ScheduleStatus.AHEAD]


def test_every_hurdle_names_an_indicator_of_its_project():
    assert len(POOL) >= 30
    assert all(h.blocks < len(t.measures) for t in POOL for h in t.hurdles)
    assert {t.field for t in POOL} == FIELDS
