"""A stranger's wrong passwords throttle the stranger, not the owner; signing out revokes the sign-in cookie server-side."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from components.shell.auth import COOKIE_NAME
from db.system.models import SecurityEvent
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

THROTTLED = re.compile(r"尝试次数过多，请 \d+ 秒后再试")
STRANGER, OWNER = "203.0.113.9", "198.51.100.7"


def attempt(page: Page, server: Server, username: str, password: str) -> None:
    """One sign-in attempt on a freshly loaded page, so its message is surely this attempt's."""
    open_page(page, server.url("/"))
    expect(page.get_by_text(zh("auth.wrong_credentials"))).to_have_count(0)
    submit_sign_in(page, username, password)


def test_a_strangers_wrong_passwords_throttle_the_stranger_not_the_owner(
    server: Server, new_context: NewContext
) -> None:
    username = "d300"  # used by this test only
    wrong = zh("auth.wrong_credentials")
    stranger = new_context(client=STRANGER).new_page()
    for _ in range(3):
        attempt(stranger, server, username, "not-the-password")
        expect(stranger.get_by_text(wrong)).to_be_visible()
        expect(stranger.get_by_text(THROTTLED)).to_have_count(0)
    for _ in range(3):  # the fourth waits 5 s after the third; a slow page load may outlast that once
        attempt(stranger, server, username, "not-the-password")
        wait_idle(stranger)
        if stranger.get_by_text(THROTTLED).count():
            break
    expect(stranger.get_by_text(THROTTLED)).to_be_visible()

    attempt(stranger, server, username, DEMO_PASSWORD)  # the right password, unchecked: the stranger must wait
    expect(stranger.get_by_text(THROTTLED)).to_be_visible()
    wait_idle(stranger)
    expect(sign_out_button(stranger)).to_have_count(0)
    expect(stranger.get_by_role("heading", name=zh("home.title"))).to_have_count(0)

    owner = new_context(client=OWNER).new_page()  # the owner, on their own device, is not held up
    sign_in(owner, server.url("/"), username)
    expect(owner.get_by_role("heading", name=zh("home.title"))).to_be_visible()

    log = server.read(
        lambda s: [
            (e.client, e.kind) for e in s.scalars(select(SecurityEvent).where(SecurityEvent.username == username))
        ]
    )
    assert log[:3] == [(STRANGER, "failed")] * 3 and (STRANGER, "throttled") in log
    assert log[-1] == (OWNER, "signed_in")


def test_signing_in_through_the_form_is_one_script_run_and_leaves_the_cookie(
    server: Server, new_context: NewContext
) -> None:
    page = new_context().new_page()
    open_page(page, server.url("/"))
    runs_before = page.evaluate("window.__e2e.runSeq")
    submit_sign_in(page, "d302", DEMO_PASSWORD)  # used by this test only
    expect(page.get_by_role("heading", name=zh("home.title"))).to_be_visible()
    cookie = auth_cookie(page)
    assert (cookie["path"], cookie["sameSite"]) == ("/", "Strict")
    assert 23 * 3600 < cookie["expires"] - time.time() <= 24 * 3600
    page.wait_for_timeout(1500)  # long enough for a cookie component's report and the run it starts
    wait_idle(page)
    # The submit's run only: the cookie component used to report having written the cookie, and
    # that report ran the whole signed-in page again.
    assert page.evaluate("[window.__e2e.runSeq, window.__e2e.valueSeq]") == [runs_before + 1, 0]


def test_signing_out_revokes_the_cookie(server: Server, new_context: NewContext) -> None:
    home = server.url("/")
    page = new_context().new_page()
    sign_in(page, home, "d301")  # used by this test only
    cookie = auth_cookie(page)

    # The cookie alone signs in a new browser, so what follows proves revocation.
    before = new_context([cookie]).new_page()
    open_page(before, home)
    expect(before.get_by_role("heading", name=zh("home.title"))).to_be_visible()
    # Signed in from the request's cookie in one script run: no cookie component reported back
    # and started a second one (the per-page cost the library's component had).
    assert before.evaluate("[window.__e2e.runSeq, window.__e2e.valueSeq]") == [1, 0]
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
