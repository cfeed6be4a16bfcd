"""Under each chart, one sentence says what it shows (dashboard, project, vote and survey results, trends, micro items, wishes)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.projects.models import Project
from tests.pages.conftest import shown

PAGES = [
    ("leader", "pages/dashboard.py", "个项目中，"),
    ("leader", "pages/vote_results.py", "个候选项目中"),
    ("leader", "pages/survey_results.py", "测评等次为满意的"),
    ("office", "pages/micro_overview.py", "个区（市）有微实事"),
    ("office", "pages/micro_overview.py", "项："),
    ("leader", "pages/survey_results.py", " 综合满意率 "),  # the trend, round after round
    ("leader", "pages/scorecard.py", " 综合满意率 "),
    ("office", "pages/wishes.py", "共收集心愿"),
    ("office", "pages/wishes.py", "共认领心愿"),  # by delegation
]


@pytest.mark.parametrize(("username", "path", "words"), PAGES)
def test_each_chart_is_said_in_a_sentence_under_it(open_page, username, path, words):
    at = open_page(username, path)
    assert any(words in shown(caption.value) for caption in at.caption), [c.value for c in at.caption]


def test_the_dashboards_sentence_follows_the_chart_chosen(open_page):
    at = open_page("leader", "pages/dashboard.py")
    at.segmented_control(key="dashboard_chart").set_value("month").run()
    assert any("平均完成率" in shown(caption.value) for caption in at.caption)


def test_a_projects_two_charts_are_each_said_in_a_sentence(open_page, demo_session):
    at = open_page("leader", "pages/project.py")
    at.query_params["id"] = str(demo_session.scalar(select(Project.id).order_by(Project.id)))
    said = [shown(caption.value) for caption in at.run().caption]
    assert any("序时进度" in s and "完成率" in s for s in said), said
    assert any("累计支出" in s and "预算" in s for s in said), said
