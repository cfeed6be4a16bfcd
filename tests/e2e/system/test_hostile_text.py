"""In a real browser, people's hostile Markdown stays text: no image fetched, no link, no red fake alert, no heading;
and the tables offer no CSV download of their own (which would write a typed formula live).

Streamlit's frontend (GitHub Markdown, its colour and icon directives, math) is what plain.escape()
must defeat; only a browser shows that it does.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select, text

from db.projects.models import Project
from tests.e2e.conftest import NewContext, Server, main, open_page, sign_in, zh

pytestmark = pytest.mark.e2e

IMAGE = "![x](http://evil.example/a.png)"
LINK = "[请重新登录](http://evil.example/login)"
FAKE_ALERT = '<span style="color:red">会话已过期，请重新登录</span>'
HEADING = "# giant heading"
HOSTILE = "\n".join([IMAGE, LINK, FAKE_ALERT, HEADING, ":red[会话已过期]"])


def nothing_rendered(page: Page) -> None:
    expect(page.locator('img[src*="evil.example"]')).to_have_count(0)
    expect(page.locator('a[href*="evil.example"]')).to_have_count(0)
    expect(page.locator("h1, h2, h3", has_text="giant heading")).to_have_count(0)
    expect(page.locator("span", has_text="会话已过期").filter(has_not_text="span")).to_have_count(0)


def test_a_projects_hostile_title_description_and_report_show_as_typed(server: Server, new_context: NewContext):
    project_id = server.read(lambda s: s.scalar(select(Project.id).order_by(Project.year.desc(), Project.number)))

    def store(s):
        s.execute(
            text("UPDATE project SET title = :t, description = :d WHERE id = :i"),
            {"t": IMAGE, "d": HOSTILE, "i": project_id},
        )
        s.execute(
            text("UPDATE progress_report SET narrative = :h WHERE project_id = :i"), {"h": HOSTILE, "i": project_id}
        )

    server.write(store)
    leader = new_context().new_page()
    sign_in(leader, server.url("/"), "leader")
    open_page(leader, server.url(f"/project?id={project_id}"))
    # The description (no Markdown at all) as typed; the title, in Markdown, reads the same (an invisible
    # word joiner keeps its address from becoming a link).
    expect(main(leader).get_by_test_id("stText").get_by_text(FAKE_ALERT)).to_be_visible()
    expect(main(leader).locator("h1", has_text="![x](http")).to_have_count(1)
    # a month's report, with its narrative (the charts' data tables are expanders too)
    report = main(leader).get_by_test_id("stExpander").filter(has_not_text=zh("app.chart_data")).first
    report.click()
    expect(report.get_by_text("[请重新登录](")).to_be_visible()
    nothing_rendered(leader)

    # The indicators' table: its toolbar offers search, never its own CSV download.
    table = main(leader).get_by_test_id("stDataFrame").first
    table.hover()
    expect(leader.get_by_test_id("stElementToolbarButton").first).to_be_visible()
    expect(leader.get_by_role("button", name="Download as CSV")).to_have_count(0)
