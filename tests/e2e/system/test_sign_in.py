"""Lockout after five wrong passwords, and signing out revokes the sign-in cookie server-side."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from components.shell.auth import COOKIE_NAME
from tests.e2e.conftest import (
    DEMO_PASSWORD,
    NewContext,
    Server,
    auth_cookie,
    open_page,
    sidebar_menu,
    sign_in,
    sign_out_button,
    submit_sign_in,
    username_input,
    wait_idle,
    zh,
)

pytestmark = pytest.mark.e2e

LOCKED = "账号已锁定"  # the wrong-password message itself warns about 锁定, so be specific


def attempt(page: Page, server: Server, username: str, password: str) -> None:
    """One sign-in attempt on a freshly loaded page, so its message is surely this attempt's."""
    open_page(page, server.url("/"))
    expect(page.get_by_text(zh("auth.wrong_credentials"))).to_have_count(0)
    submit_sign_in(page, username, password)


def test_five_wrong_passwords_lock_the_account(server: Server, page: Page) -> None:
    username = "d300"  # used by this test only
    wrong = zh("auth.wrong_credentials")
    for _ in range(4):
        attempt(page, server, username, "not-the-password")
        expect(page.get_by_text(wrong)).to_be_visible()
        expect(page.get_by_text(LOCKED)).to_have_count(0)

    attempt(page, server, username, "not-the-password")
    expect(page.get_by_text(LOCKED)).to_be_visible()

    attempt(page, server, username, DEMO_PASSWORD)  # the right password, too late
    message = page.get_by_test_id("stAlert").filter(has_text=LOCKED)
    expect(message).to_be_visible()
    expect(message).to_contain_text("锁定")
    expect(message).to_contain_text(re.compile(r"\d+ 分钟"))
    expect(page.get_by_text(wrong)).to_have_count(0)
    wait_idle(page)
    expect(username_input(page)).to_be_visible()
    expect(sign_out_button(page)).to_have_count(0)
    expect(page.get_by_role("heading", name=zh("home.title"))).to_have_count(0)


def test_signing_out_revokes_the_cookie(server: Server, new_context: NewContext) -> None:
    home = server.url("/")
    page = new_context().new_page()
    sign_in(page, home, "d301")  # used by this test only
    cookie = auth_cookie(page)

    # The cookie alone signs in a new browser, so what follows proves revocation.
    before = new_context([cookie]).new_page()
    open_page(before, home)
    expect(before.get_by_role("heading", name=zh("home.title"))).to_be_visible()
    expect(sign_out_button(before)).to_be_visible()
    expect(username_input(before)).to_have_count(0)
    before.context.close()

    sign_out_button(page).click()
    expect(username_input(page)).to_be_visible()
    expect(page.get_by_text(zh("auth.signed_out"))).to_be_visible()
    expect(sign_out_button(page)).to_have_count(0)
    # Signing out also deletes the cookie from the browser (revocation above is the safeguard).
    page.wait_for_function("name => !document.cookie.split('; ').some(c => c.startsWith(name + '='))", arg=COOKIE_NAME)

    after = new_context([cookie]).new_page()
    open_page(after, home)
    expect(username_input(after)).to_be_visible()
    expect(after.get_by_text(zh("auth.session_ended"))).to_be_visible()
    expect(after.get_by_role("heading", name=zh("home.title"))).to_have_count(0)
    expect(sign_out_button(after)).to_have_count(0)
    expect(sidebar_menu(after)).to_have_count(0)

    # The signed-out browser itself, reloaded, is not signed in again either.
    open_page(page, home)
    expect(username_input(page)).to_be_visible()
    expect(page.get_by_text(zh("auth.session_ended"))).to_have_count(0)  # it has no cookie left
    expect(page.get_by_role("heading", name=zh("home.title"))).to_have_count(0)
    expect(sign_out_button(page)).to_have_count(0)
