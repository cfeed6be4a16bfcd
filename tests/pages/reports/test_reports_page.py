"""The reports page: who may open it, the figures it previews — the dashboard's, the results page's and
the scorecard's for the same day — and the same figures in the document it offers."""

import pytest

from components.reports import documents
from components.reports.documents import Choice
from components.text.catalogue import CATALOGUE
from db.reports.rules import DocumentKind
from tests.conftest import TODAY
from tests.docx_reading import opened
from tests.factories import actor_of
from tests.pages.conftest import figures

PAGE = "pages/reports.py"
FORBIDDEN = CATALOGUE["guard.forbidden"][0]
LAST_YEAR = TODAY.year - 1


def choose(at, kind, year=None):
    at.segmented_control(key="reports_kind").set_value(kind).run()
    if year is not None:
        at.selectbox(key=f"reports_year_{kind}").set_value(year).run()
    assert not at.exception and not at.error
    return at


@pytest.mark.parametrize("username", ["leader", "office", "admin"])
def test_leaders_the_office_and_admins_see_the_dashboards_figures(open_page, username):
    dashboard = open_page(username, "pages/dashboard.py")
    at = open_page(username, PAGE)
    assert not at.exception and not at.error
    assert figures(at) == figures(dashboard) and len(figures(at)) == 4
    assert at.get("download_button")


@pytest.mark.parametrize("username", ["dept_jyj", "d001"])
def test_departments_and_deputies_are_turned_away(open_page, username):
    at = open_page(username, PAGE)
    assert [e.value for e in at.error] == [FORBIDDEN]
    assert not figures(at) and not at.get("download_button")


def test_the_year_reports_figures_are_the_dashboards(open_page, demo_session):
    dashboard = dict(figures(open_page("leader", "pages/dashboard.py")))
    leader = actor_of(demo_session, "leader")
    text = opened(documents.generate(demo_session, leader, Choice(DocumentKind.YEAR, TODAY.year, TODAY), "zh")).text()
    overall, funds = dashboard[CATALOGUE["dashboard.overall"][0]], dashboard[CATALOGUE["dashboard.funds"][0]]
    lagging, projects = dashboard[CATALOGUE["dashboard.lagging"][0]].split(" / ")
    assert f"{projects}个项目总体完成率为{overall}" in text
    assert f"资金支出率{funds}" in text and f"滞后{lagging}个" in text


def test_the_notices_figures_are_the_results_pages(open_page, demo_session):
    results = open_page("office", "pages/survey_results.py").dataframe[0].value
    at = choose(open_page("office", PAGE), DocumentKind.SURVEY, LAST_YEAR)
    assert at.dataframe[0].value.equals(results)  # the same round: last year's 年终
    round_id = at.selectbox(key=f"reports_round_{LAST_YEAR}").value
    office = actor_of(demo_session, "office")
    choice = Choice(DocumentKind.SURVEY, LAST_YEAR, TODAY, round_id)
    table = opened(documents.generate(demo_session, office, choice, "zh")).tables[0]
    rates = results[CATALOGUE["survey.col_overall_rate"][0]].tolist()
    assert [row[8] for row in table[1:]] == [f"{rate:.1f}%" for rate in rates]
    satisfied = results[CATALOGUE["survey_level.satisfied"][0]].tolist()
    assert [row[3] for row in table[1:]] == [str(n) for n in satisfied]


def test_the_look_back_reports_figures_are_the_scorecards(open_page, demo_session):
    scorecard = open_page("leader", "pages/scorecard.py").dataframe[0].value
    at = choose(open_page("leader", PAGE), DocumentKind.LOOKBACK)
    assert at.dataframe[0].value.equals(scorecard)
    leader = actor_of(demo_session, "leader")
    choice = Choice(DocumentKind.LOOKBACK, LAST_YEAR, TODAY)
    table = opened(documents.generate(demo_session, leader, choice, "zh")).tables[0]
    completion = scorecard[CATALOGUE["scorecard.col_completion"][0]].tolist()
    assert [row[3] for row in table[1:]] == [f"{c:.1f}%" for c in completion]
    still_open = scorecard[CATALOGUE["scorecard.col_items_open"][0]].tolist()
    assert [row[8] for row in table[1:]] == [str(n) for n in still_open]


def test_a_year_without_a_closed_round_says_there_is_no_notice_yet(open_page):
    at = open_page("office", PAGE)
    at.segmented_control(key="reports_kind").set_value(DocumentKind.SURVEY).run()
    assert not at.exception
    assert [i.value for i in at.info] == [CATALOGUE["reports.no_closed_round"][0].format(year=TODAY.year)]
    assert not at.get("download_button")


def test_the_midyear_briefing_defaults_to_the_end_of_june(open_page):
    at = choose(open_page("leader", PAGE), DocumentKind.MIDYEAR)
    assert at.date_input(key=f"reports_as_of_midyear_{TODAY.year}").value.isoformat() == f"{TODAY.year}-06-30"
    assert figures(at)  # the headline as it stood then


def test_the_page_speaks_english_when_the_interface_does(open_page):
    at = open_page("leader", PAGE)
    at.sidebar.button_group[0].set_value("en").run()
    assert at.title[0].value == CATALOGUE["menu.reports"][1]
    assert not at.exception
