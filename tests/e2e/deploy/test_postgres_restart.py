"""PostgreSQL restarted (and stopped for a while) under the app: pages recover without restarting the
app, and no write is left half-done. On a throwaway cluster of this module's own, never the shared one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

from db.core import clock
from db.core import session as db_session
from db.core.errors import Refused
from db.vote import candidates, voting
from db.vote.models import SealedBallot
from deploy import local
from tests.e2e.conftest import NewContext, metric, open_page, sign_in, sign_out_button, zh
from tests.e2e.deploy.conftest import actor, need_nginx, open_next_years_round, read, running_stack
from tests.e2e.deploy.test_process_killed import cast_again, page_on, totals, voted
from tests.e2e.deploy.throwaway_pg import Cluster, throwaway_cluster
from tests.e2e.vote.test_vote_round import confirm_ballot, tick, to_review

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

DEPUTIES = [f"d{n:03d}" for n in range(100, 160)]  # cast through the services while the server restarts
WRITERS = 6


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    need_nginx()
    with throwaway_cluster() as started:
        yield started


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory, cluster: Cluster) -> Iterator[local.Stack]:
    with running_stack(tmp_path_factory.mktemp("pgrestart"), cluster.admin_url, processes=2) as started:
        yield started


@pytest.fixture(scope="module")
def round_id(stack: local.Stack) -> int:
    return open_next_years_round(stack)


@pytest.mark.e2e
def test_pages_recover_after_postgres_restarts_without_restarting_the_app(
    stack: local.Stack, cluster: Cluster, round_id: int, new_context: NewContext
) -> None:
    year = clock.today().year + 1
    ballot = read(stack, lambda s: candidates.candidates(s, year))
    max_picks = read(stack, lambda s: voting.round_view(s, round_id).max_picks)
    pids = [app.process.pid for app in stack.apps]
    deputy, office, late = (
        page_on(new_context, stack, 0),
        page_on(new_context, stack, 1),
        page_on(new_context, stack, 1),
    )
    sign_in(office, stack.url("/vote_rounds"), "office")
    expect(metric(office, zh("vote.ballots_cast"))).to_have_text("0")
    for page, username in ((deputy, "d020"), (late, "d021")):
        sign_in(page, stack.url("/vote"), username)
        tick(page, ballot, ballot[:2])
        to_review(page, ballot, ballot[:2], max_picks)

    # Restarted: every pooled connection of both processes is dead; the next use replaces it.
    cluster.restart("fast")
    confirm_ballot(deputy)
    expect(metric(office, zh("vote.ballots_cast"))).to_have_text("1")  # the monitor refreshes by itself

    # Stopped: a confirm takes no effect and says why, without a traceback; so does a page opened meanwhile.
    cluster.stop("fast")
    late.get_by_role("button", name=zh("ballot.confirm"), exact=True).click()
    expect(late.get_by_text(zh("app.database_unavailable"))).to_be_visible()
    expect(late.get_by_test_id("stException")).to_have_count(0)
    other = new_context().new_page()
    other.goto(stack.url("/vote"))  # not open_page: the page stops before its cookie component
    expect(other.get_by_text(zh("app.database_unavailable"))).to_be_visible()
    cluster.start()
    assert read(stack, lambda s: voted(s, round_id, "d021")) == 0
    open_page(late, stack.url("/vote"))  # the deputy reloads: signed in, the ballot to cast again
    expect(sign_out_button(late)).to_be_visible()
    cast_again(late, ballot, ballot[:2], max_picks)
    expect(metric(office, zh("vote.ballots_cast"))).to_have_text("2")

    assert [app.process.pid for app in stack.apps] == pids
    assert all(app.process.poll() is None for app in stack.apps)
    assert "database unreachable" in stack.apps[1].log()
    assert read(stack, lambda s: totals(s, round_id)) == (2, 2)


@dataclass
class Writes:
    acknowledged: dict[str, tuple[str, tuple[int, ...]]] = field(default_factory=dict)  # username -> receipt, picks
    lost_acknowledgements: list[str] = field(default_factory=list)  # in, but the commit's answer was lost
    failures: int = 0  # attempts refused by the restarting server, then tried again
    lock: threading.Lock = field(default_factory=threading.Lock)


def cast_until_in(username: str, round_id: int, picks: list[int], writes: Writes, deadline: float) -> None:
    """Cast as a deputy's retried click would: until it is acknowledged, or refused as already in."""
    while time.monotonic() < deadline:
        try:
            with db_session.read_scope() as session:  # sealed before the write, as the ballot page does
                sealed = voting.seal_ballot(session, actor(session, username), round_id, picks)
            with db_session.session_scope() as session:
                receipt = voting.cast_sealed(session, actor(session, username), sealed)
        except (OperationalError, InterfaceError):
            with writes.lock:
                writes.failures += 1
            time.sleep(0.05)  # the server is restarting: try again shortly
            continue
        except Refused as refused:
            assert refused.reason == "vote.already_cast", refused.reason
            with writes.lock:
                writes.lost_acknowledgements.append(username)
            return
        with writes.lock:
            writes.acknowledged[username] = (receipt, tuple(sorted(picks)))
        return
    raise AssertionError(f"{username}: no cast within the deadline")


def stored_receipt(session: Session, receipt: str) -> bool:
    """Whether a sealed ballot with this receipt (its tracker) is stored; its picks stay sealed till the count."""
    return receipt in {voting.tracker_of(box) for box in session.scalars(select(SealedBallot.box))}


def test_writes_during_a_crash_restart_are_whole_or_absent(
    stack: local.Stack, cluster: Cluster, round_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", stack.database_url)
    db_session.reset_engines()
    ballot = [c.id for c in read(stack, lambda s: voting.round_candidates(s, round_id))]
    before = read(stack, lambda s: totals(s, round_id))
    writes = Writes()
    deadline = time.monotonic() + 120
    queues = [DEPUTIES[i::WRITERS] for i in range(WRITERS)]

    def writer(usernames: list[str]) -> None:
        for n, username in enumerate(usernames):
            cast_until_in(username, round_id, ballot[n % 3 : n % 3 + 2], writes, deadline)

    threads = [threading.Thread(target=writer, args=(queue,)) for queue in queues]
    for thread in threads:
        thread.start()
    while len(writes.acknowledged) < 10 and time.monotonic() < deadline:
        time.sleep(0.01)  # polling interval: restart once some casts are in and others in flight
    cluster.restart("immediate")  # like a crash: no checkpoint, recovery from the WAL at start
    for thread in threads:
        thread.join(timeout=150)
    db_session.reset_engines()

    assert writes.failures > 0, "the restart interrupted no write: the test did not test anything"
    assert len(writes.acknowledged) + len(writes.lost_acknowledgements) == len(DEPUTIES)
    for username, (receipt, _picks) in writes.acknowledged.items():
        assert read(stack, lambda s, r=receipt: stored_receipt(s, r)), username  # type: ignore[misc]
    for username in DEPUTIES:
        assert read(stack, lambda s, u=username: voted(s, round_id, u)) == 1, username  # type: ignore[misc]
    ballots, voters = read(stack, lambda s: totals(s, round_id))
    assert ballots == voters == before[0] + len(DEPUTIES)
