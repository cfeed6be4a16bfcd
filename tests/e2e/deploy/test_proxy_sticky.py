"""Through nginx to two app processes on one PostgreSQL: each browser sticks to one process, and
what one process writes (a ballot, a lockout) every process sees.

Which process serves a browser is proven twice: by nginx's access log (the routing cookie and
the upstream of each request) and by the processes' own logs (who signed in where).
"""

from __future__ import annotations

import re
import secrets
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timedelta

import jwt
import pytest
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from components.shell.auth import COOKIE_NAME
from db.core import clock
from db.vote import candidates, voting
from deploy import local, proxy
from tests.e2e.conftest import (
    NewContext,
    auth_cookie,
    main,
    metric,
    open_page,
    sign_in,
    sign_out_button,
    submit_sign_in,
    username_input,
    wait_idle,
    zh,
)
from tests.e2e.deploy.conftest import context_on, open_next_years_round, read, running_stack
from tests.e2e.deploy.test_process_killed import totals
from tests.e2e.vote.test_vote_round import confirm_ballot, tick, to_review

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory, admin_url: str) -> Iterator[local.Stack]:
    with running_stack(tmp_path_factory.mktemp("sticky"), admin_url, processes=2) as started:
        yield started


def test_the_health_endpoint_answers_through_the_proxy(stack: local.Stack) -> None:
    with urllib.request.urlopen(stack.url("/_stcore/health"), timeout=10) as response:
        assert (response.status, response.read()) == (200, b"ok")
        cookies = " ".join(response.headers.get_all("Set-Cookie") or [])
    route = re.search(r"minsheng_route=([0-9a-f]{32});", cookies)
    assert route, "the proxy hands out its routing cookie"
    assert proxy.upstream_of(stack.proxy.access_log, route.group(1)) in {f"127.0.0.1:{a.port}" for a in stack.apps}


def test_a_new_browser_gets_a_routing_cookie_and_stays_on_one_process(
    stack: local.Stack, new_context: NewContext
) -> None:
    context = new_context()
    page = context.new_page()
    open_page(page, stack.url("/"))
    open_page(page, stack.url("/"))  # a second load, with the cookie it was given
    (route,) = [c["value"] for c in context.cookies() if c["name"] == "minsheng_route"]
    assert re.fullmatch(r"[0-9a-f]{32}", route)
    context.close()  # the websocket's log line is written when it closes
    served = [
        line.rsplit("upstream=", 1)[1]
        for line in stack.proxy.access_log.read_text().splitlines()
        if f"route={route} " in line
    ]
    assert any("/_stcore/stream" in line for line in stack.proxy.access_log.read_text().splitlines() if route in line)
    assert len(served) > 5 and len(set(served)) == 1, served


def test_a_ballot_cast_on_one_process_moves_the_turnout_shown_by_the_other(
    stack: local.Stack, new_context: NewContext
) -> None:
    year = clock.today().year + 1
    round_id = open_next_years_round(stack)
    ballot = read(stack, lambda s: candidates.candidates(s, year))
    max_picks = read(stack, lambda s: voting.round_view(s, round_id).max_picks)
    deputy = context_on(new_context, stack, 0).new_page()
    office = context_on(new_context, stack, 1).new_page()

    sign_in(office, stack.url("/vote_rounds"), "office")
    expect(metric(office, zh("vote.ballots_cast"))).to_have_text("0")
    sign_in(deputy, stack.url("/vote"), "d001")
    tick(deputy, ballot, ballot[:2])
    to_review(deputy, ballot, ballot[:2], max_picks)
    confirm_ballot(deputy)

    # The office's monitor refreshes by itself, on the other process, from the shared database.
    expect(metric(office, zh("vote.ballots_cast"))).to_have_text("1")
    expect(main(office).get_by_text(zh("vote.monitor_note"))).to_be_visible()
    first, second = (app.log() for app in stack.apps)
    assert "signed in username=d001" in first and "signed in username=d001" not in second
    assert "signed in username=office" in second and "signed in username=office" not in first
    # Every line of the app's log says which process and which session wrote it.
    line = next(line for line in first.splitlines() if "signed in username=d001" in line)
    assert re.search(rf"pid={stack.apps[0].process.pid} port={stack.apps[0].port} session=[0-9a-f-]{{8}} ", line)
    assert read(stack, lambda s: _cast(s, round_id)) == (1, 1)


def test_a_throttle_earned_on_one_process_holds_on_the_other(stack: local.Stack, new_context: NewContext) -> None:
    """The same client (nginx names it in X-Forwarded-For) tries again through the other process."""
    guesser = context_on(new_context, stack, 0).new_page()
    open_page(guesser, stack.url("/"))
    for attempt in range(5):
        submit_sign_in(guesser, "d300", f"wrong-{attempt}")
        wait_idle(guesser)
    owner = context_on(new_context, stack, 1).new_page()
    open_page(owner, stack.url("/"))
    submit_sign_in(owner, "d300", "demo2024")
    throttled = zh("auth.throttled", seconds=0).split("0")[0]  # the text before the seconds left
    expect(owner.get_by_text(throttled)).to_be_visible()
    assert "username='d300' client=127.0.0.1 reason=auth.throttled" in stack.apps[1].log()


def test_a_sign_out_on_one_process_ends_the_same_sign_in_on_the_other(
    stack: local.Stack, new_context: NewContext
) -> None:
    first = context_on(new_context, stack, 0).new_page()
    sign_in(first, stack.url("/"), "leader")
    cookie = auth_cookie(first)
    cookie.pop("sameSite", None)
    second = context_on(new_context, stack, 1).new_page()
    second.context.add_cookies([cookie])  # the same sign-in, in a browser served by the other process
    open_page(second, stack.url("/"))
    expect(sign_out_button(second)).to_be_visible()

    sign_out_button(first).click()
    expect(username_input(first)).to_be_visible()
    second.reload()  # a new session on the other process, from the cookie signed before the sign-out
    expect(username_input(second)).to_be_visible()
    expect(second.get_by_text(zh("auth.session_ended"))).to_be_visible()
    assert "signed out username=leader" in stack.apps[0].log()


def test_a_cookie_signed_with_another_key_signs_nobody_in(stack: local.Stack, new_context: NewContext) -> None:
    """What rotating MINSHENG_COOKIE_KEY does: the cookies signed with the old key are worthless."""

    def cookie(key: str) -> dict[str, str]:
        expires = (datetime.now() + timedelta(days=1)).timestamp()
        token = jwt.encode({"username": "leader", "exp_date": expires}, key, algorithm="HS256")
        return {"name": COOKIE_NAME, "value": token, "url": stack.url()}

    old = new_context([cookie(secrets.token_urlsafe(48))]).new_page()
    open_page(old, stack.url("/"))
    expect(username_input(old)).to_be_visible()
    expect(sign_out_button(old)).to_have_count(0)
    current = new_context([cookie(stack.environment["MINSHENG_COOKIE_KEY"])]).new_page()
    open_page(current, stack.url("/"))
    expect(sign_out_button(current)).to_be_visible()


def _cast(session: Session, round_id: int) -> tuple[int, int]:
    return totals(session, round_id)
