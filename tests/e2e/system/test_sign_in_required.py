"""Every page, opened by its URL without signing in, shows only the sign-in form."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from components.shell import menu
from tests.e2e.conftest import NewContext, Server, open_page, sidebar_menu, url_path, username_input, zh

pytestmark = pytest.mark.e2e


def test_every_page_asks_for_sign_in_on_a_fresh_server(fresh_server: Server, new_context: NewContext) -> None:
    # The home page last: the very first visit to the fresh server (which migrates and seeds
    # its database) goes straight to another page's URL, as a bookmark would.
    for entry in sorted(menu.PAGES, key=lambda p: p.path == "app.py"):
        page = new_context().new_page()
        open_page(page, fresh_server.url(url_path(entry)))
        assert page.url == fresh_server.url(url_path(entry)), page.url

        expect(username_input(page)).to_be_visible()
        expect(page.get_by_label(zh("auth.password"), exact=True)).to_be_visible()
        expect(page.get_by_role("button", name=zh("auth.sign_in"), exact=True)).to_be_visible()
        # Nothing of the page itself: the only heading is the form's, no table, no menu.
        expect(page.get_by_role("heading")).to_have_text([zh("auth.title")])
        expect(page.get_by_role("heading", name=zh(entry.label))).to_have_count(0)
        expect(page.get_by_text(zh("home.title"))).to_have_count(0)
        expect(page.get_by_text(zh("guard.forbidden"))).to_have_count(0)
        main = page.get_by_test_id("stMain")
        expect(main.get_by_test_id("stForm")).to_have_count(1)
        for test_id in ("stDataFrame", "stTabs", "stMultiSelect", "stSelectbox", "stPageLink"):
            expect(main.get_by_test_id(test_id)).to_have_count(0)
        expect(sidebar_menu(page)).to_have_count(0)
        expect(page.get_by_role("button", name=zh("auth.sign_out"))).to_have_count(0)
        page.context.close()  # one browser context at a time
