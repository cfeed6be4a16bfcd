"""Wide tables at 1280 px and on a phone: what a reader looks for comes before the long text,
and long text is held to a medium column, so the state, deadline, outcome or conclusion is in view."""

from __future__ import annotations

import json

import pytest

from components.text.catalogue import CATALOGUE


def zh(key: str) -> str:
    return CATALOGUE[key][0]


CASES = [
    ("leader", "pages/projects.py", "progress.col_status", ["progress.col_title"], 3),
    ("office", "pages/rectification.py", "rectification.col_state", ["rectification.col_problem"], 2),
    ("office", "pages/rectification.py", "rectification.col_overdue", ["rectification.col_evidence"], 3),
    ("office", "pages/rectification.py", "rectification.col_deadline", ["rectification.col_project"], 4),
    ("office", "pages/rectification.py", "rectification.col_source", [], 5),
    ("leader", "pages/scorecard.py", "scorecard.col_on_time", ["scorecard.col_targets"], 7),
    ("leader", "pages/vote_results.py", "vote.col_elected", ["vote.col_title"], 3),
    ("leader", "pages/lookback.py", "lookback.conclusion", ["lookback.conclusion"], 3),
    ("leader", "pages/survey_results.py", "survey.col_grade", ["survey.col_project"], 2),
]


def table_with(at, column: str):
    found = [d for d in at.dataframe if column in d.proto.column_order]
    assert found, f"no table on the page shows {column}"
    return found[0]


@pytest.mark.parametrize(("username", "page", "important", "long", "within"), CASES)
def test_the_columns_a_reader_looks_for_come_early_and_long_text_is_held_to_a_medium_column(
    open_page, username, page, important, long, within
):
    at = open_page(username, page)
    assert not at.exception
    table = table_with(at, zh(important))
    order = list(table.proto.column_order)
    assert order.index(zh(important)) < within, order
    config = json.loads(table.proto.columns)
    for column in long:
        assert config[zh(column)]["width"] == "medium", config.get(zh(column))


def test_the_long_targets_come_last_on_the_scorecard(open_page):
    order = list(table_with(open_page("leader", "pages/scorecard.py"), zh("scorecard.col_targets")).proto.column_order)
    assert order[-1] == zh("scorecard.col_targets")


def test_on_a_phone_survey_results_keep_the_project_in_view_but_narrow(open_page):
    table = table_with(open_page("leader", "pages/survey_results.py"), zh("survey.col_project"))
    config = json.loads(table.proto.columns)[zh("survey.col_project")]
    assert config["pinned"] is True and config["width"] == "medium"  # not the whole 390 px: the grade shows beside
