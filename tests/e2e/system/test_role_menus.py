"""Each role sees exactly its menu, and a page it may not open shows the refusal, not the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from components.shell import menu
from db.core.actors import Role
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

# One demo account of each kind: admin, congress office staff, leader, department staff, deputy.
ACCOUNTS = {"admin": "admin", "office": "staff", "leader": "leader", "dept_jyj": "staff", "d001": "deputy"}


@pytest.mark.parametrize("username", list(ACCOUNTS))
def test_menu_and_forbidden_pages_follow_the_role(server: Server, page: Page, username: str) -> None:
    sign_in(page, server.url("/"), username)
    actor = server.actor(username)
    assert actor.role == ACCOUNTS[username]
    allowed = menu.pages_for(actor)
    labels = [zh(p.label) for p in allowed]

    expect(page.get_by_role("heading", name=zh("home.title"))).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_contain_text(zh(Role(actor.role).label_key))
    expect(sidebar_menu(page)).to_have_text(labels)
    # The home page points to the menu rather than listing it again.
    expect(page.get_by_test_id("stMain").get_by_text(zh("home.menu_hint"))).to_be_visible()

    forbidden = [p for p in menu.PAGES if p not in allowed]
    # An admin opens every page but the ballot, which is the deputies' own.
    assert forbidden and (actor.role != "admin" or all(p.roles == {"deputy"} for p in forbidden)), forbidden
    auth_cookie(page)  # opening a URL starts a new session: it signs in from the cookie
    for entry in forbidden:
        open_page(page, server.url(url_path(entry)))
        expect(page.get_by_text(zh("guard.forbidden"))).to_be_visible()
        expect(sign_out_button(page)).to_be_visible()  # signed in, and refused for the role
        expect(sidebar_menu(page)).to_have_text(labels)
        # Nothing of the page: no title, no table, tabs, form or input.
        expect(page.get_by_role("heading")).to_have_count(0)
        main = page.get_by_test_id("stMain")
        for test_id in ("stDataFrame", "stTabs", "stForm", "stMultiSelect", "stSelectbox", "stPageLink"):
            expect(main.get_by_test_id(test_id)).to_have_count(0)

    # A page the role may open, by URL, shows its content rather than the refusal.
    entry = menu.page_for("pages/my_account.py")
    assert entry in allowed
    open_page(page, server.url(url_path(entry)))
    expect(page.get_by_role("heading", name=zh(entry.label), exact=True)).to_be_visible()
    expect(page.get_by_text(zh("guard.forbidden"))).to_have_count(0)
