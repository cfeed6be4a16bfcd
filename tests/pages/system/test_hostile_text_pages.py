"""Text people typed reaches other people's pages as text: no image fetched, no link, no fake alert, no heading.

Every stored text of the demo is overwritten with hostile Markdown, then each page that shows it is
opened by the person who reads it. Whatever Streamlit would read as Markdown (bodies, alerts,
captions, labels, options) must hold it only escaped, and the person must still read every character.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from db.core.session import session_scope
from tests.pages.conftest import MARKDOWN_KINDS, shown, texts

IMAGE = "![x](http://evil.example/a.png)"
LINK = "[请重新登录](http://evil.example/login)"
FAKE_ALERT = '<span style="color:red">会话已过期，请重新登录</span>'
HEADING = "# giant heading"
HOSTILE = "\n".join([IMAGE, LINK, FAKE_ALERT, HEADING])
SHORT = IMAGE  # for columns of 40 to 100 characters

STORED = [
    "UPDATE micro_wish SET wish = :hostile, resident = :short",
    "UPDATE micro_wish_note SET text = :hostile",
    "UPDATE progress_report SET narrative = :hostile, problems = :hostile, next_steps = :hostile",
    "UPDATE project SET title = :short || id, description = :hostile",
    "UPDATE indicator SET name = :short || id",
    "UPDATE finding SET seen = :hostile, suggestion = :hostile",
    "UPDATE supervision_activity SET title = :short || id, summary = :hostile",
    "UPDATE rectification_item SET problem = :hostile, problem_key = NULL",
    "UPDATE rectification_note SET text = :hostile",
    "UPDATE lookback_review SET conclusion = :hostile, reviewers = :short",
    "UPDATE review_rating SET notes = :hostile",
    "UPDATE survey_rating SET comment = :hostile",
    "UPDATE micro_item SET title = :short || id, problem = :hostile, result = :hostile, rating_comment = :hostile",
    "UPDATE micro_item_note SET text = :hostile",
    "UPDATE candidate SET title = :short || id, description = :hostile",
    "UPDATE account SET display_name = :short",
]


@pytest.fixture
def hostile_store(demo_url: str) -> None:
    with session_scope() as s:
        for statement in STORED:
            s.execute(text(statement), {"hostile": HOSTILE, "short": SHORT})


def markdown_strings(at: AppTest) -> list[str]:
    """Every string on the page that Streamlit renders as Markdown."""
    found = [str(e.value) for kind in MARKDOWN_KINDS for e in getattr(at, kind)]
    for kind in ("expander", "checkbox", "radio", "button", "tabs", "metric", "text_area", "number_input"):
        found += [str(e.label) for e in getattr(at, kind)]
    for kind in ("page_link", "download_button"):
        found += [e.proto.label for e in at.get(kind)]
    found += [str(option) for radio in at.radio for option in radio.options]
    return found


def assert_shown_as_text(at: AppTest, expected_lines: list[str]) -> None:
    assert not at.exception
    for markdown in markdown_strings(at):
        for raw in (IMAGE, LINK, FAKE_ALERT):
            assert raw not in markdown, f"rendered as Markdown: {markdown!r}"
        assert not re.search(r"(?<!\\)<span|(?<!\\)\]\(|(^|\n)\s*#", markdown), f"Markdown: {markdown!r}"
    seen = texts(at) + "\n".join(shown(m) for m in markdown_strings(at))
    for line in expected_lines:
        assert line in seen


PAGES = [
    ("leader", "pages/dashboard.py", [SHORT, FAKE_ALERT]),  # a lagging project's problems as its reason
    ("leader", "pages/project.py", [SHORT, IMAGE, LINK, FAKE_ALERT, HEADING]),
    ("office", "pages/wish_desk.py", [IMAGE, LINK, FAKE_ALERT, HEADING]),
    ("office", "pages/rectification.py", [IMAGE, LINK, FAKE_ALERT, HEADING]),
    ("leader", "pages/supervision.py", [SHORT, IMAGE, HEADING]),
    ("leader", "pages/survey_results.py", [FAKE_ALERT, HEADING]),
    ("leader", "pages/lookback.py", [SHORT]),
    ("office", "pages/micro_office.py", [SHORT, IMAGE, HEADING]),
    ("d001", "pages/micro_items.py", [SHORT, LINK]),
    ("office", "pages/candidates.py", [SHORT]),
    ("leader", "app.py", [SHORT]),  # a display name in the sidebar and the greeting
]


@pytest.mark.parametrize(("username", "page", "expected"), PAGES, ids=[p for _, p, _ in PAGES])
def test_peoples_text_is_shown_as_the_characters_they_typed(hostile_store, open_page, username, page, expected):
    at = open_page(username, page)
    assert_shown_as_text(at, expected)
