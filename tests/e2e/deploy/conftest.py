"""Fixtures for the production shape: the local stack (deploy/local.py) on a database of its own.

Each test module starts one stack (module scope): a fresh PostgreSQL database on the shared
test server (or on a throwaway cluster, tests/e2e/deploy/throwaway_pg.py), app processes on free
ports and nginx in front. The browser fixtures are those of tests/e2e (this folder is inside it,
so one Playwright serves both).
"""

from __future__ import annotations

import os
import secrets
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest
from playwright.sync_api import BrowserContext, Page
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from db.core import clock
from db.core.actors import Actor
from db.secret_ballot import tellers
from db.system import accounts
from db.system.models import Account
from db.vote import voting
from deploy import local, proxy
from tests.conftest import PG_URL, need
from tests.e2e.conftest import NewContext  # the browser fixtures come from tests/e2e/conftest.py, one Chromium

T = TypeVar("T")


def server_url() -> str:
    """The shared test PostgreSQL, as an admin URL for CREATE/DROP DATABASE."""
    need(bool(PG_URL), "TEST_DATABASE_URL is not set")
    assert PG_URL
    return PG_URL


def need_nginx() -> None:
    need(proxy.nginx_binary() is not None, "nginx is not installed (apt-get install nginx)")


@contextmanager
def running_stack(state_dir: Path, admin_url: str, *, processes: int = 2) -> Iterator[local.Stack]:
    """A database of this test process's own on that server, and the stack on it; all removed after."""
    name = f"minsheng_{state_dir.name.lower()}_{os.getpid()}"[:60]
    database_url = local.create_database(admin_url, name)
    try:
        stack = local.up(state_dir, database_url, processes=processes)
        try:
            yield stack
        finally:
            local.down(stack)
    finally:
        local.drop_database(admin_url, name)


def read(stack: local.Stack, query: Callable[[Session], T]) -> T:
    """Run query on the stack's database: the test's own bookkeeping, not what pages show."""
    engine = create_engine(stack.database_url)
    try:
        with Session(engine) as session:
            result = query(session)
            session.commit()
            return result
    finally:
        engine.dispose()


def actor(session: Session, username: str) -> Actor:
    account = session.scalar(select(Account).where(Account.username == username))
    assert account is not None, username
    return accounts.as_actor(account)


def open_next_years_round(stack: local.Stack) -> int:
    """Open the demo's draft round for next year as the office would; its id."""

    def open_it(session: Session) -> int:
        (draft,) = voting.rounds(session, clock.today().year + 1)
        record, _ = tellers.split_key(2, ["监票人甲", "监票人乙", "计票人丙"], demo=False)
        voting.advance(session, actor(session, "office"), draft.id, "draft", key=record)
        return draft.id

    return read(stack, open_it)


def route_to(stack: local.Stack, app_index: int, within: float = 30.0) -> str:
    """A routing cookie that nginx sends to apps[app_index], found by asking and reading its access log.

    Each try lands there with probability 1/N while the process is up; a process that failed
    is tried again by nginx only after its fail_timeout (10 s), hence the deadline.
    """
    wanted = f"127.0.0.1:{stack.apps[app_index].port}"
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        route = secrets.token_hex(16)
        request = urllib.request.Request(stack.url("/_stcore/health"), headers={"Cookie": f"minsheng_route={route}"})
        urllib.request.urlopen(request, timeout=10).close()
        if proxy.upstream_of(stack.proxy.access_log, route) == wanted:
            return route
        time.sleep(0.05)  # polling interval
    raise AssertionError(f"no routing cookie reached {wanted} within {within:.0f} s")


def context_on(make_context: NewContext, stack: local.Stack, app_index: int) -> BrowserContext:
    """A browser whose routing cookie sends it to apps[app_index] while that process is up."""
    return make_context([{"name": "minsheng_route", "value": route_to(stack, app_index), "url": stack.url()}])


# Records every connection state the page's Streamlit shows, to tell whether a session ever
# noticed anything (a lost websocket shows as another state before CONNECTED returns).
CONNECTION_WATCH = """
(() => {
  if (window.top !== window) return;
  window.__connection = [];
  new MutationObserver(() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const now = app && app.getAttribute("data-test-connection-state");
    const seen = window.__connection;
    if (now && seen[seen.length - 1] !== now) seen.push(now);
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-test-connection-state"] });
})();
"""


def watch_connection(context: BrowserContext) -> None:
    context.add_init_script(script=CONNECTION_WATCH)


def connection_states(page: Page) -> list[str]:
    return list(page.evaluate("window.__connection || []"))


@pytest.fixture(scope="module")
def admin_url() -> str:
    need_nginx()
    return server_url()
