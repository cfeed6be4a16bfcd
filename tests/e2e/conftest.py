"""Browser end-to-end fixtures: `streamlit run` on its own demo database, driven by headless Chromium.

Each server gets a fresh MINSHENG_DATA_DIR holding a copy of one demo database seeded for the
session (as of the app's today), so no test waits for the seed; `fresh_server` starts empty and
migrates and seeds on its first visit, as a new installation does. One Chromium serves the whole session; every test opens its own contexts
(cookie jars), and a failed test leaves a screenshot of each of its pages in its tmp dir.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from unittest import mock

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, ViewportSize, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from sqlalchemy import create_engine, make_url, select
from sqlalchemy.orm import Session

from components.shell import menu
from components.shell.auth import COOKIE_NAME
from components.text.catalogue import CATALOGUE
from db.core import clock, migrate, settings
from db.core.actors import Actor
from db.secret_ballot import tellers
from db.system import accounts
from db.system.models import Account
from db.vote import voting
from db.vote.rules import RoundState
from tests import ballots
from tests.conftest import need
from tests.factories import actor_of

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 20_000  # two shared cores: Streamlit may take a while to render
STARTUP_TIMEOUT_S = 90.0
DEMO_PASSWORD = "demo2024"
PHONE: ViewportSize = {"width": 390, "height": 844}

T = TypeVar("T")

expect.set_options(timeout=TIMEOUT_MS)


def zh(key: str, **params: Any) -> str:
    """The Chinese text of a catalogue key: what t(key) shows in the default language."""
    text = CATALOGUE[key][0]
    return text.format(**params) if params else text


def url_path(page: menu.Page) -> str:
    """The URL Streamlit serves a page file at: app.py is "/", pages/x.py is "/x"."""
    return "/" if page.path == "app.py" else "/" + Path(page.path).stem


# --- the server ---------------------------------------------------------------------------


@dataclass
class Server:
    base_url: str
    data_dir: Path
    database_url: str
    log_path: Path
    process: subprocess.Popen[bytes]

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def department_codes(self) -> list[str]:
        """The codes of the departments that have a demo staff account (dept_<code>)."""
        from db.demo.pool.reference import LEAD_DEPARTMENT_CODES

        return list(LEAD_DEPARTMENT_CODES)

    def read(self, query: Callable[[Session], T]) -> T:
        """Run query in a session on the server's database: the test's own bookkeeping, not what pages show."""
        engine = create_engine(self.database_url)
        try:
            with Session(engine) as session:
                return query(session)
        finally:
            engine.dispose()

    def write(self, change: Callable[[Session], T]) -> T:
        """Run change in a session on the server's database and commit it."""

        def committed(session: Session) -> T:
            result = change(session)
            session.commit()
            return result

        return self.read(committed)

    def actor(self, username: str) -> Actor:
        """The account as the app sees it, read from the server's (seeded) database."""

        def as_actor(session: Session) -> Actor:
            account = session.scalar(select(Account).where(Account.username == username))
            assert account is not None, f"no account {username} in {self.database_url}"
            return accounts.as_actor(account)

        return self.read(as_actor)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _streamlit_command() -> list[str]:
    script = Path(sys.executable).with_name("streamlit")
    return [str(script)] if script.exists() else [sys.executable, "-m", "streamlit"]


def start_server(data_dir: Path, seeded: Path | None = None) -> Server:
    """`streamlit run app.py` in demo mode on a free port, its database under data_dir.

    `seeded` is a demo database file to start from (copied); without it the app seeds its own.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    # The browser stands behind a proxy on this machine: a test names its client address in
    # X-Forwarded-For (new_context(client=…)), as nginx would.
    env = dict(os.environ, MINSHENG_DEMO="1", MINSHENG_DATA_DIR=str(data_dir), MINSHENG_TRUSTED_PROXIES="127.0.0.1")
    env.pop("DATABASE_URL", None)  # it would win over MINSHENG_DATA_DIR and share a database
    with mock.patch.dict(os.environ, env, clear=True):
        database_url = settings.load().database_url  # where the app will put it
    if seeded is not None:
        shutil.copy(seeded, make_url(database_url).database or "")
    log_path = data_dir / "streamlit.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                *_streamlit_command(),
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=PROJECT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", data_dir, database_url, log_path, process)
    try:
        _wait_healthy(server)
    except BaseException:
        stop_server(server)
        raise
    return server


def _wait_healthy(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while True:
        if server.process.poll() is not None:
            pytest.fail(f"streamlit exited with {server.process.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(server.url("/_stcore/health"), timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"streamlit not healthy after {STARTUP_TIMEOUT_S:.0f} s:\n{server.log()}")
        time.sleep(0.1)  # polling interval, not a wait for readiness


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)


@pytest.fixture(scope="session")
def seeded_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database as the app would seed it today (the app's own clock, not the tests' TODAY)."""
    path = tmp_path_factory.mktemp("e2e_demo") / "demo.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    try:
        migrate.prepare(demo_mode=True, today=clock.today(), engine=engine)
    finally:
        engine.dispose()
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, browser: Browser, seeded_demo: Path) -> Iterator[Server]:
    """One server shared by the tests of a module; they use accounts no other test changes."""
    started = start_server(tmp_path_factory.mktemp("server"), seeded_demo)
    yield started
    stop_server(started)


@pytest.fixture
def fresh_server(tmp_path: Path, browser: Browser) -> Iterator[Server]:
    """A server of this test only: no browser has visited it, its database is not seeded yet."""
    started = start_server(tmp_path / "server")
    yield started
    stop_server(started)


# --- the browser --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    need(CHROMIUM.exists() or shutil.which("chromium") is not None, f"{CHROMIUM} is missing")
    executable = str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the item, so fixtures can tell that the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _failed(item: pytest.Item) -> bool:
    reports = (getattr(item, f"report_{when}", None) for when in ("setup", "call"))
    return any(report is not None and report.failed for report in reports)


NewContext = Callable[..., BrowserContext]


@pytest.fixture
def new_context(browser: Browser, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[NewContext]:
    """Open a fresh browser context (own cookies), optionally with cookies already set, optionally
    from a client address of its own (sent as X-Forwarded-For)."""
    contexts: list[BrowserContext] = []

    def make(cookies: list[Any] | None = None, client: str | None = None) -> BrowserContext:
        headers = {"X-Forwarded-For": client} if client else None
        context = browser.new_context(
            locale="zh-CN", viewport={"width": 1280, "height": 900}, extra_http_headers=headers
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(script=SETTLE_SCRIPT)
        if cookies:
            context.add_cookies(cookies)
        contexts.append(context)
        return context

    yield make
    if _failed(request.node):
        for i, context in enumerate(contexts):
            for j, page in enumerate(context.pages):
                path = tmp_path / f"failure-context{i}-page{j}.png"
                try:
                    page.screenshot(path=str(path), full_page=True)
                    print(f"screenshot: {path} ({page.url})")
                except Exception as error:  # a closed page must not hide the real failure
                    print(f"no screenshot of {page.url}: {error}")
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: NewContext) -> Page:
    return new_context().new_page()


# --- steps --------------------------------------------------------------------------------


def username_input(page: Page) -> Locator:
    return page.get_by_role("textbox", name=zh("auth.username"), exact=True)


def wait_idle(page: Page) -> None:
    """Wait until Streamlit has finished running the script for what the page shows."""
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")


# The sign-in cookie is read from the request (st.context.cookies) and written after a sign-in by
# a script in the page, which starts no run. A cookie component is drawn only to delete it after a
# sign-out: an iframe that, some time AFTER the run has finished, reports that it has done so and
# so starts another run. A click that lands while such a run is under way can be lost: its form
# submission is dropped without a word. So the steps below wait until no report is followed by a
# run still to come. This script, run in every page, records the components' reports and the
# starts of runs.
SETTLE_SCRIPT = """
(() => {
  if (window.top !== window) return;  // not in the component iframes
  const s = { seq: 0, valueSeq: 0, runSeq: 0, lastEventAt: performance.now() };
  window.__e2e = s;
  window.addEventListener("message", (event) => {
    const d = event.data;
    if (!d || !d.isStreamlitMessage || d.type !== "streamlit:setComponentValue") return;
    s.valueSeq = ++s.seq;
    s.lastEventAt = performance.now();
  }, true);
  new MutationObserver((records) => {
    records.forEach((record, i) => {
      const now = i + 1 < records.length
        ? records[i + 1].oldValue
        : record.target.getAttribute("data-test-script-state");
      if (now !== "notRunning" && now !== "initial") s.runSeq = ++s.seq;  // a run started
    });
    s.lastEventAt = performance.now();
  }).observe(document, {
    attributes: true, subtree: true, attributeOldValue: true,
    attributeFilter: ["data-test-script-state"],
  });
})();
"""

SETTLED = """
([name, signedIn]) => {
  const s = window.__e2e;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!s || !app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
  if (signedIn && !document.cookie.split("; ").some(c => c.startsWith(name + "="))) return false;
  const quiet = performance.now() - s.lastEventAt;
  // Normally a run starts after the last report; if the report arrived during a run,
  // the rerun may show no state change, so then settle for a longer quiet spell.
  return quiet > 150 && (s.runSeq > s.valueSeq || quiet > 1000);
}
"""


def settle(page: Page, *, signed_in: bool = False) -> None:
    """Wait until the page is idle and will not rerun by itself.

    signed_in: also wait until the browser holds its new sign-in cookie.
    """
    page.wait_for_function(SETTLED, arg=[COOKIE_NAME, signed_in])


def open_page(page: Page, url: str) -> None:
    """Go to url and wait until the page has been drawn and will not rerun by itself."""
    page.goto(url)
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-connection-state", "CONNECTED")
    settle(page)


def submit_sign_in(page: Page, username: str, password: str) -> None:
    """Fill the sign-in form and submit it (the form must be showing)."""
    expect(username_input(page)).to_be_visible()
    username_input(page).fill(username)
    page.get_by_label(zh("auth.password"), exact=True).fill(password)
    page.get_by_role("button", name=zh("auth.sign_in"), exact=True).click()


def sign_in(page: Page, url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Open url, sign in, and wait until the signed-in sidebar is drawn."""
    open_page(page, url)
    submit_sign_in(page, username, password)
    expect(sign_out_button(page)).to_be_visible()
    try:
        settle(page, signed_in=True)  # the cookie is set, so a reload or a new tab stays signed in
    except PlaywrightTimeoutError:
        # When the cookie component wrote the cookie, now and then on a busy machine it did not
        # report (about one CI run in three); kept as a safeguard: if the browser holds the cookie,
        # a reload signs in from it.
        page.reload()
        expect(sign_out_button(page)).to_be_visible()
        settle(page)


def sign_out_button(page: Page) -> Locator:
    return page.get_by_test_id("stSidebar").get_by_role("button", name=zh("auth.sign_out"))


def auth_cookie(page: Page) -> dict[str, Any]:
    """The sign-in cookie of the page's context, once the browser has stored it."""
    page.wait_for_function("name => document.cookie.split('; ').some(c => c.startsWith(name + '='))", arg=COOKIE_NAME)
    cookies = [c for c in page.context.cookies() if c["name"] == COOKIE_NAME]
    assert len(cookies) == 1, cookies
    return dict(cookies[0])


def sidebar_menu(page: Page) -> Locator:
    """The labels of the sidebar menu's entries (Streamlit's own navigation, components/shell/menu.py)."""
    return page.get_by_test_id("stSidebarNav").get_by_test_id("stSidebarNavLink").get_by_test_id("stMarkdownContainer")


def open_next_years_round(server: Server) -> int:
    """The demo leaves next year's round (13 candidates) as a draft: open it with 10 picks, once per server."""

    def opened(session: Session) -> int:
        office = actor_of(session, "office")
        (voting_round,) = voting.rounds(session, clock.today().year + 1)
        if voting_round.state == RoundState.DRAFT:
            voting.update_round(session, office, voting_round.id, 10, 10, "ballots_half")
            record, _ = tellers.split_key(2, ballots.TELLERS, demo=False)
            voting.advance(session, office, voting_round.id, key=record)
        return voting_round.id

    return server.write(opened)


# --- finding things on a page ---------------------------------------------------------------


def main(page: Page) -> Locator:
    return page.get_by_test_id("stMain")


def keyed(page: Page, key: str) -> Locator:
    """A widget by its Streamlit key (Streamlit marks its element with the class st-key-<key>)."""
    return page.locator(f".st-key-{key}")


def form_with(page: Page, widget_key: str) -> Locator:
    """The form holding the widget of that key (forms themselves carry no st-key class)."""
    return main(page).get_by_test_id("stForm").filter(has=keyed(page, widget_key))


def combobox(page: Page, label: str) -> Locator:
    """The selectbox labelled `label`."""
    return page.get_by_role("combobox", name=label, exact=True)


def metric(page: Page, label: str) -> Locator:
    """The value of the st.metric whose label shows `label`."""
    return main(page).get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


def tile(page: Page, label: str) -> Locator:
    """The value of the headline tile (components/shell/tiles.py) named `label`, found as a screen reader finds it."""
    return main(page).get_by_role("group", name=label, exact=True).locator(".ms-tile-value")


# --- doing things on a page -----------------------------------------------------------------


def choose(page: Page, selectbox: str | Locator, option: str) -> None:
    """Pick an option of a selectbox (typing it, as the list may be long); wait for the rerun.

    selectbox: its label, or an element holding it (such as keyed(page, key)).
    """
    box = combobox(page, selectbox) if isinstance(selectbox, str) else selectbox.get_by_role("combobox")
    if box.input_value() == option:
        return  # choosing it again may start a rerun that closes the next dropdown as it opens
    box.scroll_into_view_if_needed()  # a list opened while the page scrolls to it closes at once
    box.click()
    box.press_sequentially(option[-12:])  # only the options in view are drawn: narrow the list first
    page.get_by_role("option", name=option, exact=True).click()
    expect(box).to_have_value(option)
    settle(page)


def options_of(page: Page, label: str) -> list[str]:
    """The options the selectbox labelled `label` offers (opens its list, then closes it)."""
    box = combobox(page, label)
    box.scroll_into_view_if_needed()
    box.click()
    options = page.get_by_role("option")
    expect(options.first).to_be_visible()
    texts = options.all_inner_texts()
    page.keyboard.press("Escape")
    expect(options).to_have_count(0)
    return texts


# Elements of the main area that scroll sideways, less the visually hidden inputs of checkboxes
# and radios (1 px boxes that clip them).
SCROLLING_SIDEWAYS = """() => [...document.querySelectorAll('[data-testid="stMain"], [data-testid="stMain"] *')]
    .filter(e => e.clientWidth > 1 && e.scrollWidth > e.clientWidth + 1
                 && getComputedStyle(e).overflowX !== 'visible')
    .map(e => e.getAttribute('data-testid') || e.tagName)"""


def no_sideways_scroll(page: Page) -> None:
    """Neither the page nor anything in its main area scrolls sideways at the page's width."""
    viewport = page.viewport_size
    assert viewport is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert page.evaluate(SCROLLING_SIDEWAYS) == []
