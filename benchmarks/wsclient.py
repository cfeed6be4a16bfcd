"""A Streamlit "browser" for the benchmarks: servers, the sign-in form, and the websocket protocol.

`servers()` starts `streamlit run` processes on free ports and always stops them. A `Session`
is one browser tab: a websocket on /_stcore/stream, a BackMsg `rerun_script` per run
(optionally with widget states, as a click sends them), and the ForwardMsgs streamed back until
the run's `script_finished`. `sign_in()` opens a tab signed out and signs in through the real
sign-in form, as a person does (the password checked by the server; no cookie made here).
Everything the benchmarks know about the sign-in form is in this module's SIGN_IN_* names.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
COOKIE_NAME = "minsheng_auth"  # components/shell/auth.py
# The sign-in form (components/shell/auth.py sign_in_form): its form id and the fields' keys.
SIGN_IN_FORM = "sign_in"
SIGN_IN_USERNAME = "sign_in_username"
SIGN_IN_PASSWORD = "sign_in_password"
RUN_TIMEOUT = 120.0  # seconds one run may take before the benchmark gives up
START_TIMEOUT = 90.0
STOP_TIMEOUT = 15.0

Server = tuple[subprocess.Popen[bytes], int]  # the process and its port


@dataclass(frozen=True)
class Page:
    """A page as the browser asks for it: the URL path after the host, and its query string."""

    label: str
    page_name: str  # url_pathname: "" for the main script, "dashboard" for pages/dashboard.py
    query: str = ""
    markers: tuple[str, ...] = ()  # text a signed-in run of the page must contain


@dataclass
class RunResult:
    seconds: float
    messages: int
    payload_bytes: int
    status: int
    body: bytes = b""
    forward: list[ForwardMsg] = field(default_factory=list)  # the parsed messages, if asked for
    script_runs: int = 1  # script runs the server made for this request (a callback's st.rerun adds one)


class QuickAckConnection(ClientConnection):
    """A client that acknowledges every TCP segment at once (Linux TCP_QUICKACK).

    The Streamlit server leaves Nagle's algorithm on (it binds its own listening socket with
    protocol 0, so asyncio does not set TCP_NODELAY on accepted connections): after its first
    small message of a run it holds the next until the client acknowledges, and a client with
    delayed ACKs (every ordinary TCP stack) waits ~40 ms to do so. Acknowledging at once takes
    that transport wait out, leaving the server's own time.
    """

    def quick_ack(self) -> None:
        sock = self.transport.get_extra_info("socket") if self.transport else None
        if sock is not None and hasattr(socket, "TCP_QUICKACK"):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self.quick_ack()


class Session:
    """One browser tab: a websocket, the page it shows, and the hashes its message cache holds."""

    def __init__(self, ws: ClientConnection, page: Page, port: int) -> None:
        self.ws = ws
        self.page = page
        self.port = port
        self.page_script_hash = ""
        self.cached: set[str] = set()  # hashes of the messages the "browser" holds
        self.runs_seen: list[set[str]] = []
        self.max_cached_age = 2  # runs; the server says how many in new_session

    async def run(
        self, widgets: list[WidgetState] | None = None, *, keep_body: bool = False, keep_messages: bool = False
    ) -> RunResult:
        """Ask for a rerun as the frontend does and wait for the script_finished that ends it.

        `widgets` are the widget states a click sends (none: every widget keeps its value).
        A run that a callback's `st.rerun()` cuts short (FINISHED_EARLY_FOR_RERUN) is followed
        by another; the request ends with the first run that is not cut short.
        """
        message = BackMsg(rerun_script=self._client_state(widgets or []))
        started = time.perf_counter()
        await self.ws.send(message.SerializeToString())
        if isinstance(self.ws, QuickAckConnection):
            self.ws.quick_ack()  # sending puts the socket back into delayed-ACK mode
        count = size = runs = 0
        body: list[bytes] = []
        kept: list[ForwardMsg] = []
        seen: set[str] = set()
        while True:
            data = await asyncio.wait_for(self.ws.recv(), RUN_TIMEOUT)
            assert isinstance(data, bytes), "Streamlit sends binary frames only"
            count += 1
            size += len(data)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if msg.metadata.cacheable and msg.hash:
                seen.add(msg.hash)
            elif kind == "ref_hash":
                seen.add(msg.ref_hash)
            if keep_body:
                body.append(data)
            if keep_messages:
                kept.append(msg)
            if kind == "new_session":
                runs += 1  # the server sends one at the start of every script run
                self.max_cached_age = msg.new_session.config.max_cached_message_age or self.max_cached_age
            elif kind == "navigation":
                # The page that ran: the frontend names it by this hash in later reruns.
                self.page_script_hash = msg.navigation.page_script_hash
            elif kind == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                self._remember(seen)
                seconds = time.perf_counter() - started
                return RunResult(seconds, count, size, msg.script_finished, b"".join(body), kept, max(runs, 1))

    def _client_state(self, widgets: list[WidgetState]) -> ClientState:
        state = ClientState(
            query_string=self.page.query,
            page_script_hash=self.page_script_hash,
            page_name=self.page.page_name,
            context_info=ContextInfo(
                timezone="Asia/Shanghai",
                timezone_offset=-480,
                locale="zh-CN",
                url=f"http://127.0.0.1:{self.port}/{self.page.page_name}"
                + (f"?{self.page.query}" if self.page.query else ""),
                is_embedded=False,
                color_scheme="light",
            ),
        )
        state.cached_message_hashes.extend(sorted(self.cached))
        state.widget_states.SetInParent()
        state.widget_states.widgets.extend(widgets)
        return state

    def _remember(self, seen: set[str]) -> None:
        """Like the frontend's message cache: keep what the last few runs used."""
        self.runs_seen = [*self.runs_seen, seen][-self.max_cached_age :]
        self.cached = set().union(*self.runs_seen)


def elements(messages: list[ForwardMsg]) -> Iterator[tuple[str, Any]]:
    """The elements a run drew, as (type, proto): e.g. ("checkbox", Checkbox), ("button", Button)."""
    for msg in messages:
        if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            kind = element.WhichOneof("type")
            if kind:
                yield kind, getattr(element, kind)


@contextmanager
def servers(
    db_url: str, log_dir: Path, scripts: Mapping[str, str], app_dir: Path = ROOT, env: Mapping[str, str] | None = None
) -> Iterator[dict[str, Server]]:
    """`streamlit run SCRIPT` for each name, each on a free port; always stopped on exit.

    All run in `app_dir`, so all read its .streamlit/config.toml; logs go to
    `log_dir/NAME-server.log`.
    """
    environment = {
        **os.environ,
        "MINSHENG_DEMO": "1",
        "DATABASE_URL": db_url,
        "PYTHONUNBUFFERED": "1",
        # As production runs (deploy/): a cookie key in the environment. Without one, the app asks
        # st.secrets on every run, which looks for secrets.toml files again each time (no file: no
        # cache) — file-system calls that each give up the GIL, costly under a crowd.
        "MINSHENG_COOKIE_KEY": os.environ.get("MINSHENG_COOKIE_KEY") or secrets.token_urlsafe(48),
        **(env or {}),
    }
    started: dict[str, Server] = {}
    logs = []
    try:
        for name, script in scripts.items():
            port = _free_port()
            log = open(log_dir / f"{name}-server.log", "wb")  # closed in the finally below
            logs.append(log)
            command = [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                script,
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ]
            process = subprocess.Popen(command, cwd=app_dir, env=environment, stdout=log, stderr=subprocess.STDOUT)
            started[name] = (process, port)
        for name, (process, port) in started.items():
            _wait_healthy(name, process, port, log_dir)
        yield started
    finally:
        stop(process for process, _ in started.values())
        for log in logs:
            log.close()


def stop(processes: Iterator[subprocess.Popen[bytes]] | list[subprocess.Popen[bytes]]) -> None:
    """SIGTERM, then SIGKILL whatever has not exited within STOP_TIMEOUT."""
    running = list(processes)
    for process in running:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in running:
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(name: str, process: subprocess.Popen[bytes], port: int, log_dir: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the {name} server exited with {process.returncode}; see {log_dir / name}-server.log")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"the {name} server did not answer /_stcore/health within {START_TIMEOUT:.0f} s")


async def open_session(
    port: int, page: Page, cookie: str, *, quick_ack: bool = False, other_cookies: Mapping[str, str] | None = None
) -> Session:
    """A tab's websocket; `cookie` is the sign-in cookie ("" for none), `other_cookies` e.g. the proxy's route."""
    cookies = {**({COOKIE_NAME: cookie} if cookie else {}), **(other_cookies or {})}
    ws = await connect(
        f"ws://127.0.0.1:{port}/_stcore/stream",
        subprotocols=["streamlit"],  # type: ignore[list-item]
        origin=f"http://127.0.0.1:{port}",  # type: ignore[arg-type]
        additional_headers={"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())},
        max_size=64 * 1024 * 1024,
        open_timeout=RUN_TIMEOUT,
        ping_interval=None,
        create_connection=QuickAckConnection if quick_ack else ClientConnection,
    )
    return Session(ws, page, port)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads), from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak) of a process, in KiB, from /proc."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found[name] = int(value.split()[0])
    return found


def describe(app_dir: Path) -> str:
    """The checkout's path and commit, marked "+changes" when its working tree differs."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=app_dir, capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=app_dir,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit, dirty = "", ""
    return f"{app_dir.resolve()} {commit or '(no git)'}{' +changes' if dirty else ''}"


@dataclass
class SignedIn:
    """A tab signed in through the form: the session, the run that drew the page signed in, timings."""

    session: Session
    result: RunResult  # the submit's run: the page as drawn for the signed-in person (body and messages kept)
    seconds: float  # from pressing the sign-in button to the page drawn
    load_seconds: float  # opening the page signed out (and the cookie component's report)
    load_runs: int


class NoSignInForm(RuntimeError):
    pass


@dataclass
class SignInForm:
    """A tab showing the sign-in form (signed out): its session and the form's widget ids."""

    session: Session
    username_id: str
    password_id: str
    submit_id: str
    load_seconds: float  # opening the page signed out (and the cookie component's report)
    load_runs: int

    async def submit(self, username: str, password: str) -> SignedIn:
        """Press "sign in" with both fields filled, as the frontend sends it; timed to the page drawn signed in."""
        states = [
            WidgetState(id=self.username_id, string_value=username),
            WidgetState(id=self.password_id, string_value=password),
            WidgetState(id=self.submit_id, trigger_value=True),
        ]
        started = time.perf_counter()
        result = await self.session.run(states, keep_body=True, keep_messages=True)
        seconds = time.perf_counter() - started
        if any(widget_id(result, key) for key in (SIGN_IN_USERNAME, SIGN_IN_PASSWORD)):
            alerts = [str(e.body) for kind, e in elements(result.forward) if kind == "alert"]
            raise NoSignInForm(f"{username}: the sign-in form is still there after signing in: {alerts}")
        return SignedIn(self.session, result, seconds, self.load_seconds, self.load_runs)


async def open_sign_in(
    port: int, page: Page, *, quick_ack: bool = False, other_cookies: Mapping[str, str] | None = None
) -> SignInForm:
    """Open `page` signed out (no sign-in cookie) and find its sign-in form.

    Like a browser, the tab reports its cookies through the cookie component the page draws
    (none the script may read: a second run), then finds the form's fields and button.
    """
    session = await open_session(port, page, "", quick_ack=quick_ack, other_cookies=other_cookies)
    try:
        first = await session.run(keep_messages=True)
        load_seconds, load_runs = first.seconds, first.script_runs
        component = cookie_component(first)
        if component:
            first = await session.run([WidgetState(id=component, json_value="{}")], keep_messages=True)
            load_seconds += first.seconds
            load_runs += first.script_runs
        user_id, password_id = widget_id(first, SIGN_IN_USERNAME), widget_id(first, SIGN_IN_PASSWORD)
        submit = next(
            (
                str(e.id)
                for kind, e in elements(first.forward)
                if kind == "button" and e.is_form_submitter and e.form_id == SIGN_IN_FORM
            ),
            None,
        )
        if user_id is None or password_id is None or submit is None:
            raise NoSignInForm(f"{page.label}: no sign-in form on the signed-out page")
    except BaseException:
        await session.ws.close()
        raise
    return SignInForm(session, user_id, password_id, submit, load_seconds, load_runs)


async def sign_in(
    port: int,
    page: Page,
    username: str,
    password: str,
    *,
    quick_ack: bool = False,
    other_cookies: Mapping[str, str] | None = None,
    delay: float = 0.0,
) -> SignedIn:
    """Open `page` signed out and sign in through its form after `delay` s, as a person in a browser does.

    Timed from pressing the button to the end of the run, which must have drawn `page` for the
    signed-in person (no sign-in form left).
    """
    form = await open_sign_in(port, page, quick_ack=quick_ack, other_cookies=other_cookies)
    if delay:
        await asyncio.sleep(delay)
    try:
        return await form.submit(username, password)
    except BaseException:
        await form.session.ws.close()
        raise


def widget_id(result: RunResult, key: str) -> str | None:
    """The id of the widget a run drew with `key` (a keyed widget's id ends with "-" + its key)."""
    for _, element in elements(result.forward):
        found = getattr(element, "id", "")
        if isinstance(found, str) and found.endswith(f"-{key}"):
            return found
    return None


def cookie_component(result: RunResult) -> str | None:
    """The cookie component streamlit-authenticator draws (a browser reports its cookies through it)."""
    for kind, element in elements(result.forward):
        if kind == "component_instance" and element.component_name.endswith("cookie_manager"):
            return str(element.id)
    return None
