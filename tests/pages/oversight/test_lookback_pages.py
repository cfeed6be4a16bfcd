"""Look-back screens: the office records a review (a 较差 lands on the ledger), leaders read the
year's reviews and the cross-year scorecard, and a project's page shows its look-back history."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from components.text.catalogue import CATALOGUE
from db.core.session import session_scope
from db.oversight import lookback
from db.oversight.models import LookbackReview, RectificationItem
from db.projects.models import Project
from tests.conftest import TODAY, fresh
from tests.factories import actor_of
from tests.pages.conftest import texts

LAST_YEAR = TODAY.year - 1
SAVE = CATALOGUE["reference.save"][0]
GOOD = {aspect: ("good", "") for aspect in ("operation", "service", "maintenance", "public")}


def stored(session):
    fresh(session)
    return tuple(session.scalar(select(func.count()).select_from(m)) for m in (LookbackReview, RectificationItem))


def first_project(session, year=LAST_YEAR):
    return session.scalar(select(Project).where(Project.year == year, Project.number == 1))


def fill_review(at, project_id, *, poor_notes):
    at.selectbox(key=f"lookback_project_{LAST_YEAR}").set_value(project_id)
    at.text_input(key=f"lookback_reviewers_{LAST_YEAR}").input("人大常委会回头看小组")
    at.radio(key=f"lookback_rating_{LAST_YEAR}_maintenance").set_value("poor")
    at.text_input(key=f"lookback_notes_{LAST_YEAR}_maintenance").input(poor_notes)
    at.text_area(key=f"lookback_conclusion_{LAST_YEAR}").input("总体运行正常，管护需加强")
    return at.button(key=f"FormSubmitter:lookback_new_{LAST_YEAR}-{SAVE}").click().run()


def test_the_office_records_a_review_and_its_poor_rating_opens_a_ledger_item(open_page, demo_session):
    project = first_project(demo_session)
    before = stored(demo_session)

    at = fill_review(open_page("office", "pages/lookback.py"), project.id, poor_notes="设施无人管护")

    assert not at.exception and not at.error
    assert CATALOGUE["lookback.saved"][0] in texts(at)
    assert stored(demo_session) == (before[0] + 1, before[1] + 1)
    newest = demo_session.scalar(select(RectificationItem).order_by(RectificationItem.id.desc()))
    assert (newest.problem, newest.problem_params, newest.source_kind, newest.project_id) == (
        "设施无人管护",
        {"aspect": "maintenance"},
        "review",
        project.id,
    )
    assert newest.deadline == TODAY + timedelta(days=60)
    assert "设施无人管护" in at.dataframe[1].value.to_string()  # among the unfinished items


def test_a_poor_rating_without_notes_is_refused_and_nothing_is_written(open_page, demo_session):
    before = stored(demo_session)

    at = fill_review(open_page("office", "pages/lookback.py"), first_project(demo_session).id, poor_notes="")

    assert [e.value for e in at.error] == ["“管护机制”评为较差，须写明存在的问题。"]
    assert stored(demo_session) == before


def test_a_leader_reads_the_years_reviews_without_a_form(open_page):
    at = open_page("leader", "pages/lookback.py")
    assert not at.exception
    years = at.selectbox(key="lookback_year").options
    assert years[0] == str(LAST_YEAR) and all(int(y) < TODAY.year for y in years)
    assert at.dataframe and not at.get("form")


def test_the_scorecard_shows_each_past_project_and_offers_the_excel_file(open_page, demo_session):
    at = open_page("leader", "pages/scorecard.py")
    assert not at.exception and not at.error
    assert at.selectbox(key="scorecard_year").value == LAST_YEAR
    table = at.dataframe[0].value
    assert len(table) == demo_session.scalar(select(func.count()).where(Project.year == LAST_YEAR))
    assert CATALOGUE["scorecard.col_completed_in"][0] in table.columns
    assert at.get("download_button")


def test_a_past_projects_page_shows_its_look_back_history(open_page, demo_session):
    project = first_project(demo_session)
    with session_scope() as s:
        lookback.record_review(
            s, actor_of(demo_session, "office"), project.id, TODAY, "检查组甲", GOOD, "运行良好", TODAY
        )

    at = open_page("leader", "pages/project.py")
    at.query_params["id"] = str(project.id)
    at.switch_page("pages/project.py").run()

    assert not at.exception
    assert CATALOGUE["lookback.history"][0] in [s.value for s in at.header]
    assert any("检查组甲" in e.proto.label for e in at.expander)
