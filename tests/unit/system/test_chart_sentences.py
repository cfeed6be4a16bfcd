"""Every chart's one-sentence summary (its text alternative beside the data table), in Chinese and English."""

from __future__ import annotations

from datetime import date

import pytest
import streamlit as st

from components.micro import chart_sentences as micro_sentences
from components.projects import chart_sentences as project_sentences
from components.survey import chart_sentences as survey_sentences
from components.vote import chart_sentences as vote_sentences
from db.micro.item_reads import FundLine
from db.micro.wishes import WishCount
from db.projects.dashboard import Share
from db.projects.progress import MonthPoint
from db.projects.rules import ScheduleStatus
from db.survey.results import ResultLine, TrendPoint
from db.survey.rules import Level, SatisfactionCount, Stage
from db.vote.rules import Tally, TallyLine
from tests.unit.projects.test_dashboard import TODAY, project


@pytest.fixture
def english():
    st.session_state["lang"] = "en"
    yield
    del st.session_state["lang"]


def statuses(*kinds: str):
    return [project(n, kind, 0.5) for n, kind in enumerate(kinds, start=1)]


# --- the dashboard ----------------------------------------------------------------------------


def test_the_schedule_sentence_counts_the_projects_on_track_and_names_the_lagging_ones():
    projects = statuses(
        *[ScheduleStatus.ON_SCHEDULE] * 5, ScheduleStatus.AHEAD, ScheduleStatus.DONE, "done", "lagging", "lagging"
    )
    assert project_sentences.schedule(projects) == "10 个项目中，8 个按序时进度推进或已完成，2 个滞后：项目9、项目10。"


def test_the_schedule_sentence_names_no_one_when_nothing_lags_and_says_the_unstarted_apart():
    projects = statuses("on_schedule", "on_schedule", "not_started")
    assert (
        project_sentences.schedule(projects) == "3 个项目中，2 个按序时进度推进或已完成，没有滞后的。另有 1 个未开工。"
    )


def test_the_schedule_sentence_reads_as_english_in_the_english_interface(english):
    projects = statuses("on_schedule", "lagging")
    assert project_sentences.schedule(projects) == "Of 2 projects, 1 are on schedule or done and 1 behind: 项目2."


def test_the_schedule_sentence_of_no_project_says_so():
    assert project_sentences.schedule([]) == "暂无项目。"


@pytest.mark.parametrize(
    ("completion", "planned", "expected"),
    [
        (0.6, 0.7, "截至 2026-10，平均完成率 60.0%，序时进度 70.0%，落后 10.0 个百分点。"),
        (0.75, 0.7, "截至 2026-10，平均完成率 75.0%，序时进度 70.0%，超前 5.0 个百分点。"),
    ],
)
def test_the_trend_sentence_says_the_last_month_and_how_far_behind_or_ahead(completion, planned, expected):
    points = [Share("2026-09", 0.1, 0.2, 10), Share("2026-10", completion, planned, 10)]
    assert project_sentences.trend(points) == expected


def test_the_groups_sentence_names_the_furthest_on_and_the_least_and_counts_those_behind():
    shares = [Share("市教育局", 0.9, 0.8, 2), Share("市交通局", 0.3, 0.8, 1), Share("市卫健局", 0.7, 0.8, 3)]
    assert project_sentences.groups(shares) == (
        "3 个单位（地区）中，完成率最高的是市教育局（90.0%），最低的是市交通局（30.0%）；2 个低于序时进度。"
    )


@pytest.mark.parametrize("view", ["project", "month", "department", "division"])
def test_every_dashboard_view_has_its_sentence(view):
    assert project_sentences.dashboard(view, statuses("on_schedule", "lagging"), TODAY).endswith("。")


# --- the vote ---------------------------------------------------------------------------------


def line(candidate: int, votes: int, *, elected: bool = False, tied: bool = False) -> TallyLine:
    return TallyLine(candidate, votes, passed=votes > 188.5, elected=elected, tied_at_cutoff=tied)


TITLES = {1: "甲项目", 2: "乙项目", 3: "丙项目", 4: "丁项目"}


def test_the_results_sentence_counts_the_elected_and_names_the_most_voted():
    tally = Tally((line(2, 300, elected=True), line(1, 250, elected=True), line(3, 100)), 188.5, 2, 0)
    assert vote_sentences.results(tally, TITLES) == (
        "3 个候选项目中 2 个当选（须得票超过 188.5 票），得票最多的是乙项目（300 票）。"
    )


def test_the_results_sentence_names_a_tie_at_the_cut_off_and_the_places_left_open():
    tally = Tally((line(2, 300, elected=True), line(1, 250, tied=True), line(3, 250, tied=True)), 188.5, 1, 1)
    assert vote_sentences.results(tally, TITLES) == (
        "3 个候选项目中 1 个当选（须得票超过 188.5 票），得票最多的是乙项目（300 票）。"
        "末位同票须重新投票：甲项目、丙项目。1 个名额空缺。"
    )


# --- the survey -------------------------------------------------------------------------------


def result(number: int, grade: str | None, counts: tuple[int, int, int, int]) -> ResultLine:
    return ResultLine(number, number, f"项目{number}", 1, "市教育局", SatisfactionCount(*counts), grade, False, None)


def test_the_survey_sentence_counts_the_grades_names_the_dissatisfied_and_the_lowest_rate():
    lines = [
        result(1, Level.SATISFIED, (300, 50, 20, 7)),
        result(2, Level.BASICALLY_SATISFIED, (150, 150, 70, 7)),
        result(3, Level.DISSATISFIED, (50, 100, 220, 7)),
    ]
    assert survey_sentences.results(lines) == (
        "3 个项目中，测评等次为满意的 1 个、基本满意 1 个、不满意 1 个（不满意的是项目3）。综合满意率最低的是项目3（40.5%）。"
    )


def test_the_survey_sentence_without_valid_ratings_says_so(english):
    lines = [result(1, None, (0, 0, 0, 5))]
    assert survey_sentences.results(lines) == (
        "Of 1 projects, 0 were graded satisfied, 0 basically satisfied and 0 dissatisfied. No valid ratings yet."
    )


# --- micro items ------------------------------------------------------------------------------


def test_the_micro_counts_sentence_lists_the_states_with_items_in_their_order():
    names = {"proposed": "已提出", "assigned": "已交办", "done": "已办结"}
    assert micro_sentences.counted({"done": 4, "proposed": 2}, names, empty_key="micro.sentence_no_items") == (
        "共 6 项：已提出 2 项、已办结 4 项。"
    )


def test_the_micro_counts_sentence_of_nothing_says_the_empty_words():
    assert micro_sentences.counted({}, {"satisfied": "满意"}, empty_key="micro.sentence_no_ratings") == "暂无代表评价。"


def test_the_divisions_sentence_names_the_division_with_most_items():
    counts = {"蓬江区": {"done": 2, "proposed": 1}, "新会区": {"done": 5}, "台山市": {}}
    assert micro_sentences.by_division(counts) == "2 个区（市）有微实事，最多的是新会区（5 项）。"


def test_the_funds_sentence_adds_up_committed_and_available_and_names_those_beyond_their_fund():
    lines = [FundLine(1, "蓬江区", 100, 30), FundLine(2, "新会区", 50, 60.5), FundLine(3, "台山市", None, 5)]
    assert micro_sentences.funds(lines) == (
        "2 个区（市）设有专项资金，已安排 90.5 万元，尚余 59.5 万元。超出资金的：新会区。"
    )


# --- one project's charts ---------------------------------------------------------------------


def month(day: date, completion: float, planned: float, spent: float) -> MonthPoint:
    return MonthPoint(day, completion, planned, spent)


@pytest.mark.parametrize(
    ("completion", "planned", "expected"),
    [
        (0.6, 0.7, "截至 2026-10，完成率 60.0%，序时进度 70.0%，落后 10.0 个百分点。"),
        (0.75, 0.7, "截至 2026-10，完成率 75.0%，序时进度 70.0%，超前 5.0 个百分点。"),
    ],
)
def test_a_projects_trend_sentence_says_its_last_month_against_the_plan(completion, planned, expected):
    months = [month(date(2026, 9, 1), 0.1, 0.2, 5), month(date(2026, 10, 1), completion, planned, 8)]
    assert project_sentences.project_trend(months) == expected


def test_a_projects_funds_sentence_says_what_was_spent_and_its_share_of_the_budget():
    months = [month(date(2026, 9, 1), 0.1, 0.2, 500), month(date(2026, 10, 1), 0.5, 0.6, 1250)]
    assert project_sentences.funds(months, 5000) == "截至 2026-10，累计支出 1,250.0 万元，为预算 5,000.0 万元的 25.0%。"
    assert project_sentences.funds(months, 0) == "截至 2026-10，累计支出 1,250.0 万元；未列预算。"


def test_a_project_with_no_month_reported_says_so_under_both_charts(english):
    assert project_sentences.project_trend([]) == project_sentences.funds([], 100) == "No monthly progress yet."


# --- the survey's trend -----------------------------------------------------------------------


def point(year: int, stage: str, series: str, rate: float | None) -> TrendPoint:
    return TrendPoint(year, stage, series, rate, None)


def test_the_survey_trend_sentence_says_each_lines_latest_rate_and_its_change_from_the_round_before():
    points = [
        point(2025, Stage.MIDYEAR, "市教育局", 0.85),
        point(2025, Stage.MIDYEAR, "市民政局", 0.9),
        point(2025, Stage.YEAREND, "市教育局", 0.912),
        point(2025, Stage.YEAREND, "市民政局", 0.9),
        point(2026, Stage.MIDYEAR, "市教育局", None),  # no valid rating: the line ends before it
    ]
    assert survey_sentences.trend(points) == (
        "市教育局：2025 年终 综合满意率 91.2%，比上一轮高 6.2 个百分点。市民政局：2025 年终 综合满意率 90.0%，与上一轮持平。"
    )


def test_the_survey_trend_sentence_in_english_and_of_one_round(english):
    points = [point(2025, Stage.YEAREND, "Education", 0.8), point(2026, Stage.MIDYEAR, "Education", 0.75)]
    assert survey_sentences.trend(points) == (
        "Education: 75.0% overall in 2026 Mid-year, 5.0 points below the round before."
    )
    assert survey_sentences.trend(points[:1]) == "Education: 80.0% overall in 2025 Year-end."
    assert survey_sentences.trend([point(2025, Stage.YEAREND, "Education", None)]) == "No valid ratings yet."


# --- the wishes -------------------------------------------------------------------------------


def test_the_wishes_sentence_adds_up_the_counts_and_names_where_most_were_fulfilled():
    rows = [WishCount("蓬江区", 10, 6, 3), WishCount("新会区", 8, 8, 5), WishCount("台山市", 4, 4, 5)]
    assert micro_sentences.wishes(rows, collected=True) == (
        "共收集心愿 22 件，已认领 18 件，已实现 13 件；实现最多的是新会区（5 件）。"
    )
    assert (
        micro_sentences.wishes(rows, collected=False) == "共认领心愿 18 件，已实现 13 件；实现最多的是新会区（5 件）。"
    )


def test_the_wishes_sentence_with_nothing_fulfilled_or_no_rows_says_so():
    assert micro_sentences.wishes([WishCount("蓬江区", 2, 1, 0)], collected=True) == (
        "共收集心愿 2 件，已认领 1 件，已实现 0 件；尚无已实现的。"
    )
    assert micro_sentences.wishes([], collected=True) == "暂无数据。"
