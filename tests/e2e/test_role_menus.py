"""Each role sees exactly its menu, and a page of another role shows the refusal, not the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from components import menu
from tests.e2e.conftest import (
    Server,
    auth_cookie,
    open_page,
    sidebar_menu,
    sign_in,
    sign_out_button,
    url_path,
    zh,
)

pytestmark = pytest.mark.e2e

ROLES = {"admin": "admin", "office": "staff", "leader": "leader", "dept_jyj": "staff", "d001": "deputy"}


@pytest.mark.parametrize("username", list(ROLES))
def test_menu_and_forbidden_pages_follow_the_role(server: Server, page: Page, username: str) -> None:
    role = ROLES[username]
    allowed = menu.pages_for(role)
    sign_in(page, server.url("/"), username)

    expect(page.get_by_role("heading", name=zh("home.title"))).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_contain_text(zh(menu.ROLE_LABELS[role]))
    expect(sidebar_menu(page)).to_have_text([zh(p.label) for p in allowed])

    forbidden = [p for p in menu.PAGES if p not in allowed]
    if role == "admin":
        assert forbidden == []
    else:
        assert forbidden, f"every page is open to {role}"
    auth_cookie(page)  # opening a URL starts a new session: it signs in from the cookie
    for entry in forbidden:
        open_page(page, server.url(url_path(entry)))
        expect(page.get_by_text(zh("guard.forbidden"))).to_be_visible()
        expect(sign_out_button(page)).to_be_visible()  # signed in: refused for the role
        expect(sidebar_menu(page)).to_have_text([zh(p.label) for p in allowed])
        expect(page.get_by_role("heading")).to_have_count(0)
        expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
        expect(page.get_by_test_id("stTabs")).to_have_count(0)
        expect(page.get_by_test_id("stForm")).to_have_count(0)
        expect(page.get_by_test_id("stMultiSelect")).to_have_count(0)
        expect(page.get_by_test_id("stSelectbox")).to_have_count(0)

    # And a page the role may open, by URL, shows its content rather than the refusal.
    entry = allowed[-1]
    open_page(page, server.url(url_path(entry)))
    expect(page.get_by_role("heading", name=zh(entry.label), exact=True)).to_be_visible()
    expect(page.get_by_text(zh("guard.forbidden"))).to_have_count(0)
