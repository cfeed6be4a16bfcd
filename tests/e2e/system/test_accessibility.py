"""Every page, for every role, and the deputy's pages on a 390 px phone, checked with axe-core.

axe-core (the npm package's axe.min.js, as bundled by the PyPI package axe-playwright-python, so
no npm step is needed) is injected by Playwright into each page once it is drawn and run against
WCAG 2.0 and 2.1, levels A and AA. No critical or serious violation may come from the app's own
content. What Streamlit draws itself and the app cannot reach is listed in STREAMLIT_OWN below,
each with the reason; the README's accessibility section says the same.
"""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Page, expect

from components.shell import menu
from tests.e2e.conftest import PHONE, NewContext, Server, auth_cookie, open_page, sign_in, url_path

pytestmark = pytest.mark.e2e

AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ACCOUNTS = ("admin", "office", "leader", "dept_jyj", "d001")

# (rule, a CSS selector axe reports for the element): violations in Streamlit's own markup.
STREAMLIT_OWN: dict[tuple[str, str], str] = {
    # Streamlit's sidebar scrolls once a role's menu is taller than the window (the admin's and the
    # office's since the security log and the tellers joined them); its container is Streamlit's,
    # with no setting for a tabindex. Every item in it is a link, reached by Tab, which scrolls it.
    ("scrollable-region-focusable", 'data-testid="stSidebarContent"'): "Streamlit's sidebar container",
}

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "critical" || v.impact === "serious")
    .flatMap(v => v.nodes.map(n => ({rule: v.id, impact: v.impact, target: n.target.join(" "),
                                     html: n.html.slice(0, 160), summary: n.failureSummary})));
}"""


HEADING_LEVELS = """() => [...document.querySelectorAll('[data-testid="stMain"] :is(h1,h2,h3,h4,h5,h6)')]
    .filter(h => h.offsetParent !== null).map(h => Number(h.tagName[1]))"""


def headings_skip(page: Page) -> list[int] | None:
    """The main area's heading levels if they skip one (h1 then h3) or do not start at h1; else None."""
    levels = page.evaluate(HEADING_LEVELS)
    deepest = 0
    for level in levels:
        if level > deepest + 1:
            return levels
        deepest = max(deepest, level) if level > deepest else level
    return None


def violations(page: Page) -> list[dict[str, str]]:
    """The critical and serious WCAG 2.1 A/AA violations on the page as drawn, less Streamlit's own."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS)
    found = page.evaluate(RUN_AXE, WCAG_21_AA)
    return [
        v
        for v in found
        if not any(v["rule"] == rule and (sel in v["target"] or sel in v["html"]) for rule, sel in STREAMLIT_OWN)
    ]


def check_pages(page: Page, server: Server, paths: list[str]) -> dict[str, list[dict[str, str]]]:
    problems = {}
    for path in paths:
        open_page(page, server.url(path))
        if page.get_by_test_id(
            "stSidebarNav"
        ).count():  # look.MENU_REPAIRS has run (on a busy machine, after the run ends)
            expect(page.locator('[data-testid="stSidebarNavItems"][role="none"]')).to_have_count(1)
        found = violations(page)
        skipped = headings_skip(page)
        if skipped:
            found.append({"rule": "headings in order", "impact": "serious", "target": str(skipped)})
        if found:
            problems[path] = found
    return problems


@pytest.mark.parametrize("username", ACCOUNTS)
def test_every_page_of_the_role_has_no_serious_violation_of_its_own(
    server: Server, new_context: NewContext, username: str
):
    page = new_context().new_page()
    sign_in(page, server.url("/"), username)
    auth_cookie(page)
    paths = [url_path(p) for p in menu.pages_for(server.actor(username))]
    assert check_pages(page, server, paths) == {}


def test_the_deputys_pages_on_a_phone_have_no_serious_violation_of_their_own(server: Server, new_context: NewContext):
    page = new_context().new_page()
    page.set_viewport_size(PHONE)
    sign_in(page, server.url("/"), "d002")
    auth_cookie(page)
    paths = [url_path(p) for p in menu.pages_for(server.actor("d002"))]
    assert check_pages(page, server, paths) == {}


def test_the_sign_in_page_has_no_serious_violation_of_its_own(server: Server, page: Page):
    open_page(page, server.url("/"))
    assert violations(page) == [] and headings_skip(page) is None
