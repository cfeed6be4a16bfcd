"""Under each chart, one sentence says what it shows (the dashboard, vote and survey results, micro items)."""

from __future__ import annotations

import pytest

from tests.pages.conftest import shown

PAGES = [
    ("leader", "pages/dashboard.py", "个项目中，"),
    ("leader", "pages/vote_results.py", "个候选项目中"),
    ("leader", "pages/survey_results.py", "测评等次为满意的"),
    ("office", "pages/micro_overview.py", "个区（市）有微实事"),
    ("office", "pages/micro_overview.py", "项："),
]


@pytest.mark.parametrize(("username", "path", "words"), PAGES)
def test_each_chart_is_said_in_a_sentence_under_it(open_page, username, path, words):
    at = open_page(username, path)
    assert any(words in shown(caption.value) for caption in at.caption), [c.value for c in at.caption]


def test_the_dashboards_sentence_follows_the_chart_chosen(open_page):
    at = open_page("leader", "pages/dashboard.py")
    at.segmented_control(key="dashboard_chart").set_value("month").run()
    assert any("平均完成率" in shown(caption.value) for caption in at.caption)
