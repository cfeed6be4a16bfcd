"""kill -9 one of two app processes in the middle of a vote, behind nginx, on PostgreSQL.

Two deputies on the process that dies: one is reviewing their ballot, one has just pressed
confirm as the process dies (so that ballot is in or not, by chance). Their browsers reconnect
through the proxy to the other process, still signed in; each ballot is then in exactly once,
or not at all and the deputy casts it. A deputy and the office on the other process notice
nothing: their pages never leave CONNECTED, and the office's turnout counts every ballot.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator, Sequence

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.core import clock
from db.system.models import Account
from db.vote import candidates, voting
from db.vote.candidates import CandidateView
from db.vote.models import Ballot, Participation, SealedBallot
from deploy import local
from tests.e2e.conftest import NewContext, main, metric, open_page, settle, sign_in, sign_out_button, zh
from tests.e2e.deploy.conftest import (
    connection_states,
    context_on,
    open_next_years_round,
    read,
    route_to,
    running_stack,
    watch_connection,
)
from tests.e2e.vote.test_vote_round import ballot_box, confirm_ballot, expect_already_cast, tick, to_review

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory, admin_url: str) -> Iterator[local.Stack]:
    with running_stack(tmp_path_factory.mktemp("killed"), admin_url, processes=2) as started:
        yield started


def voted(session: Session, round_id: int, username: str) -> int:
    """1 if the deputy took part in the round, else 0."""
    deputy = select(Account.deputy_id).where(Account.username == username).scalar_subquery()
    taken = select(func.count()).where(Participation.round_id == round_id, Participation.deputy_id == deputy)
    return int(session.scalar(taken) or 0)


def totals(session: Session, round_id: int) -> tuple[int, int]:
    """Ballots (sealed while the round is open, counted after) and participations of the round."""
    sealed = session.scalar(select(func.count()).where(SealedBallot.round_id == round_id)) or 0
    counted = session.scalar(select(func.count()).where(Ballot.round_id == round_id)) or 0
    ballots = sealed + counted
    voters = session.scalar(select(func.count()).where(Participation.round_id == round_id)) or 0
    return int(ballots), int(voters)


def page_on(new_context: NewContext, stack: local.Stack, app_index: int) -> Page:
    context = context_on(new_context, stack, app_index)
    watch_connection(context)
    return context.new_page()


def back_and_signed_in(page: Page) -> None:
    """The page has reconnected (to the other process) and shows the signed-in sidebar again."""
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-connection-state", "CONNECTED")
    expect(sign_out_button(page)).to_be_visible()
    settle(page)


def cast_again(page: Page, ballot: Sequence[CandidateView], picks: Sequence[CandidateView], max_picks: int) -> None:
    """The deputy reloads the ballot (a reconnected tab may still show the step it had drawn before,
    until its next click reruns it on the other process), ticks `picks`, reviews and confirms."""
    open_page(page, page.url)
    for candidate in picks:
        box = ballot_box(page, ballot.index(candidate) + 1, candidate.title).get_by_role("checkbox")
        if not box.is_checked():
            tick(page, ballot, [candidate])
    to_review(page, ballot, picks, max_picks)
    confirm_ballot(page)


def test_a_killed_process_loses_no_ballot_and_doubles_none(stack: local.Stack, new_context: NewContext) -> None:
    year = clock.today().year + 1
    round_id = open_next_years_round(stack)
    ballot = read(stack, lambda s: candidates.candidates(s, year))
    max_picks = read(stack, lambda s: voting.round_view(s, round_id).max_picks)
    reviewing, racing = page_on(new_context, stack, 0), page_on(new_context, stack, 0)
    bystander, office = page_on(new_context, stack, 1), page_on(new_context, stack, 1)

    sign_in(office, stack.url("/vote_rounds"), "office")
    for page, username in ((reviewing, "d010"), (racing, "d011"), (bystander, "d012")):
        sign_in(page, stack.url("/vote"), username)
    for page, picks in ((reviewing, ballot[:2]), (racing, ballot[2:3]), (bystander, ballot[3:6])):
        tick(page, ballot, picks)
        to_review(page, ballot, picks, max_picks)
    seen_before = {id(page): connection_states(page) for page in (bystander, office)}

    # d011 presses confirm, and the process serving d010 and d011 dies at once.
    racing.get_by_role("button", name=zh("ballot.confirm"), exact=True).click()
    os.kill(stack.apps[0].process.pid, signal.SIGKILL)
    stack.apps[0].process.wait(timeout=10)

    # d010 is back on the other process, signed in by the cookie, the ballot not cast: cast it now.
    back_and_signed_in(reviewing)
    assert read(stack, lambda s: voted(s, round_id, "d010")) == 0
    cast_again(reviewing, ballot, ballot[:2], max_picks)
    # d011's ballot is in exactly once, or not at all and d011 casts it.
    back_and_signed_in(racing)
    if read(stack, lambda s: voted(s, round_id, "d011")):
        print("d011's ballot was in before the process died")
        expect_already_cast(racing)
    else:
        print("d011's ballot was not in when the process died: cast again")
        cast_again(racing, ballot, ballot[2:3], max_picks)
    second = stack.apps[1].log()
    assert "signed in by cookie username=d010" in second and "signed in by cookie username=d011" in second

    # On the other process nothing happened: d012 votes, the office's turnout counts all three.
    confirm_ballot(bystander)
    expect(metric(office, zh("vote.ballots_cast"))).to_have_text("3")
    expect(main(office).get_by_text(zh("vote.monitor_note"))).to_be_visible()
    for page in (bystander, office):
        # The states since the page loaded (pinging, connecting, connected), and none since the kill.
        assert connection_states(page) == seen_before[id(page)], connection_states(page)
        assert seen_before[id(page)][-1] == "CONNECTED"
    assert read(stack, lambda s: totals(s, round_id)) == (3, 3)
    for username in ("d010", "d011", "d012"):
        assert read(stack, lambda s, u=username: voted(s, round_id, u)) == 1  # type: ignore[misc]

    # Started again (systemd's Restart=always), the process takes browsers again.
    local.restart_app(stack, 0)
    assert route_to(stack, 0)
