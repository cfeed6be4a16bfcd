"""Each document generated from the demo's data, opened again: its headings, tables, figures and words;
who may generate them; the figures as they stood on a past day; sealed counts never in them."""

from datetime import date

import pytest

from components.reports import documents
from components.reports.documents import Choice
from db.core import clock
from db.core.actors import Role
from db.core.errors import Forbidden, Refused
from db.projects import dashboard, progress
from db.reports import figures
from db.reports.rules import DocumentKind
from db.survey import results as survey_results
from db.survey import rounds as survey_rounds
from db.survey.rules import SurveyState
from tests.conftest import TODAY
from tests.docx_reading import LEFTOVERS, opened
from tests.factories import actor_of, reader

YEAR, LAST_YEAR = TODAY.year, TODAY.year - 1


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: TODAY)


@pytest.fixture
def office(demo_session):
    return actor_of(demo_session, "office")


def closed_yearend_round(session, year):
    return next(r.id for r in survey_rounds.rounds(session, year) if r.stage == "yearend" and r.state == "closed")


def generate(session, actor, choice, language="zh"):
    return opened(documents.generate(session, actor, choice, language))


def test_the_year_report_has_its_sections_tables_charts_and_an_appendix_of_every_indicator(demo_session, office):
    doc = generate(demo_session, office, Choice(DocumentKind.YEAR, YEAR, TODAY))
    projects = progress.year_progress(demo_session, YEAR, TODAY)
    assert doc.paragraphs("Document Title")[:2] == ["关于2026年市十件民生实事项目", "落实情况的报告"]
    assert doc.headings(1) == ["一、总体情况", "二、各项目落实情况", "三、存在的问题和下一步工作"]
    assert [h.split("）", 1)[1] for h in doc.headings(2)] == [p.title for p in projects]
    progress_table, indicators = doc.tables
    assert [row[1] for row in progress_table[1:]] == [p.title for p in projects]
    assert len(indicators) - 1 == sum(len(p.indicators) for p in projects)
    assert doc.pictures == 2  # completion by project, and the monthly trend
    assert doc.paragraphs("Appendix Label") == ["附件"]
    assert not LEFTOVERS.search(doc.text())


def test_the_year_reports_figures_are_the_dashboards_for_the_same_day(demo_session, office):
    found = figures.year_figures(demo_session, office, YEAR, TODAY)
    projects = progress.year_progress(demo_session, YEAR, TODAY)
    assert found.headline == dashboard.headline(projects, TODAY)
    assert [p.progress for p in found.projects] == projects
    text = generate(demo_session, office, Choice(DocumentKind.YEAR, YEAR, TODAY)).text()
    h = found.headline
    assert f"总体完成率为{h.completion * 100:.1f}%，序时进度为{h.planned * 100:.1f}%" in text
    assert f"资金支出率{h.funds_spent / h.budget * 100:.1f}%" in text
    assert f"滞后{h.lagging}个" in text


def test_a_lagging_project_gives_its_departments_reason_and_measures(demo_session, office):
    doc = generate(demo_session, office, Choice(DocumentKind.YEAR, YEAR, TODAY))
    lagging = [p for p in progress.year_progress(demo_session, YEAR, TODAY) if p.status == "lagging"]
    assert lagging
    reasons = [p for p in doc.document.paragraphs if p.text.startswith("滞后原因：")]
    assert len(reasons) == len(lagging)
    assert [r.runs[0].bold for r in reasons] == [True] * len(reasons)
    assert all(lag.latest.problems.strip()[:10] in doc.text() for lag in lagging)


def test_the_midyear_briefing_puts_lagging_projects_first_as_of_its_day(demo_session, office):
    june = date(YEAR, 6, 30)
    doc = generate(demo_session, office, Choice(DocumentKind.MIDYEAR, YEAR, june))
    as_of_june = progress.year_progress(demo_session, YEAR, june, reported_through=june)
    assert all(p.latest is None or p.latest.month <= june for p in as_of_june)
    lagging = [p.title for p in dashboard.trouble_first(as_of_june) if p.status == "lagging"]
    assert doc.headings(1) == ["一、总体进展", "二、滞后项目及原因", "三、其他项目推进情况", "四、下一步工作"]
    assert [h.split("）", 1)[1] for h in doc.headings(2)] == lagging
    headline = dashboard.headline(as_of_june, june)
    assert f"总体完成率为{headline.completion * 100:.1f}%" in doc.text()
    assert "截至2026年6月30日" in doc.text()
    assert doc.pictures == 1 and not LEFTOVERS.search(doc.text())


def test_reports_of_later_months_do_not_count_on_an_earlier_day(demo_session, office):
    today = figures.year_figures(demo_session, office, YEAR, TODAY)
    june = figures.year_figures(demo_session, office, YEAR, date(YEAR, 6, 30))
    assert june.headline.completion < today.headline.completion
    assert max(p.progress.latest.month for p in june.projects if p.progress.latest) == date(YEAR, 6, 1)


def test_rectification_items_stand_as_they_did_on_the_day(demo_session, office):
    today = figures.year_figures(demo_session, office, YEAR, TODAY)
    earlier = figures.year_figures(demo_session, office, YEAR, date(YEAR, 9, 30))
    assert len(earlier.items) < len(today.items)  # the supervision week's items came in October
    from db.oversight import rectification

    unfinished, overdue = rectification.open_counts(demo_session, TODAY, YEAR)
    assert (len(today.unfinished_items()), len(today.overdue_items())) == (unfinished, overdue)


def test_the_survey_notice_states_the_results_pages_figures(demo_session, office):
    round_id = closed_yearend_round(demo_session, LAST_YEAR)
    doc = generate(demo_session, office, Choice(DocumentKind.SURVEY, LAST_YEAR, TODAY, round_id))
    results = survey_results.results(demo_session, round_id)
    assert doc.headings(1) == ["一、测评结果", "二、列入整改的项目", "三、有关要求"]
    table = doc.tables[0]
    assert [row[1] for row in table[1:]] == [line.title for line in results.lines]
    for row, line in zip(table[1:], results.lines, strict=True):
        assert row[3:7] == [str(line.count.satisfied), str(line.count.basically_satisfied)] + [
            str(line.count.dissatisfied),
            str(line.count.abstain),
        ]
        assert row[8] == f"{line.count.overall_rate * 100:.1f}%"
    flagged = [line for line in results.lines if line.flagged]
    assert flagged and all(f"{line.number}. {line.title}：" in doc.text() for line in flagged)
    assert f"实际参加{results.responses.responded}人" in doc.text()
    assert doc.pictures == 1 and not LEFTOVERS.search(doc.text())


def test_an_open_rounds_sealed_counts_reach_no_document(demo_session, office):
    open_round = next(r for r in survey_rounds.rounds(demo_session, YEAR) if r.state == SurveyState.OPEN)
    with pytest.raises(Refused) as refused:
        documents.generate(demo_session, office, Choice(DocumentKind.SURVEY, YEAR, TODAY, open_round.id), "zh")
    assert refused.value.reason == "survey.sealed"
    assert [s for s in figures.closed_rounds(demo_session, office, YEAR)] == []
    year = figures.year_figures(demo_session, office, YEAR, TODAY)
    assert year.survey_stage is None and all(p.rated is None for p in year.projects)
    text = generate(demo_session, office, Choice(DocumentKind.YEAR, YEAR, TODAY)).text()
    assert "满意度测评中" not in text


def test_the_look_back_report_states_the_scorecards_figures(demo_session, office):
    from db.oversight import lookback

    doc = generate(demo_session, office, Choice(DocumentKind.LOOKBACK, LAST_YEAR, TODAY))
    rows = lookback.scorecard(demo_session, LAST_YEAR, TODAY)
    grades = survey_results.year_end_grades(demo_session, LAST_YEAR)
    reviewed = lookback.latest_by_project(lookback.reviews_of_year(demo_session, LAST_YEAR))
    assert doc.headings(1) == ["一、总体情况", "二、各项目“回头看”情况", "三、下一步工作"]
    assert len(doc.headings(2)) == len(reviewed)
    table = doc.tables[0]
    for row, score in zip(table[1:], rows, strict=True):
        assert row[1] == score.title and row[3] == f"{score.completion * 100:.1f}%"
        rate = grades.get(score.project_id, (None, None))[1]
        assert row[6] == ("—" if rate is None else f"{rate * 100:.1f}%")
        assert (row[8], row[9]) == (str(score.items_open), str(score.items_closed))
    assert not LEFTOVERS.search(doc.text())


def test_a_look_back_of_a_year_not_over_is_refused(demo_session, office):
    with pytest.raises(Refused, match="reports.lookback_past_only"):
        documents.generate(demo_session, office, Choice(DocumentKind.LOOKBACK, YEAR, TODAY), "zh")


@pytest.mark.parametrize("kind", [DocumentKind.YEAR, DocumentKind.MIDYEAR, DocumentKind.LOOKBACK])
def test_a_year_with_no_data_gets_a_one_paragraph_document(demo_session, office, kind):
    empty_year = 2019
    doc = generate(demo_session, office, Choice(kind, empty_year, TODAY))
    assert "2019年尚无民生实事项目" in doc.text()
    assert doc.tables == [] and doc.pictures == 0 and doc.headings(1) == []
    assert not LEFTOVERS.search(doc.text())


def test_an_english_interface_gets_an_english_document(demo_session, office):
    doc = generate(demo_session, office, Choice(DocumentKind.YEAR, YEAR, TODAY), "en")
    assert doc.paragraphs("Document Title")[0].startswith("Report on the implementation of the city's ten")
    assert doc.headings(1) == ["I. Overview", "II. The projects one by one", "III. Problems and next steps"]
    assert doc.tables[0][0][:3] == ["No.", "Project", "Lead department"]
    assert doc.document.core_properties.language == "en-GB"
    assert not LEFTOVERS.search(doc.text())


@pytest.mark.parametrize(
    "who",
    [
        pytest.param(reader(Role.STAFF, department_id=1), id="a department's staff"),
        pytest.param(reader(Role.DEPUTY, deputy_id=1), id="a deputy"),
    ],
)
@pytest.mark.parametrize("kind", list(DocumentKind))
def test_departments_and_deputies_cannot_generate_any_document(demo_session, who, kind):
    round_id = closed_yearend_round(demo_session, LAST_YEAR)
    with pytest.raises(Forbidden):
        documents.generate(demo_session, who, Choice(kind, LAST_YEAR, TODAY, round_id), "zh")


@pytest.mark.parametrize("username", ["leader", "office", "admin"])
def test_leaders_the_office_and_admins_generate_them(demo_session, username):
    data = documents.generate(
        demo_session, actor_of(demo_session, username), Choice(DocumentKind.YEAR, YEAR, TODAY), "zh"
    )
    assert data[:2] == b"PK"  # a .docx is a zip file
