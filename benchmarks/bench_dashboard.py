"""Script time, throughput and memory of the app, measured over Streamlit's own websocket protocol.

Starts `streamlit run app.py` (demo mode, on the database benchmarks/generate.py filled) and,
for comparison, `streamlit run benchmarks/bare_page.py` (one `st.write`), then talks to them as
the browser does: a websocket on /_stcore/stream carrying the sign-in cookie of `leader`, a
BackMsg `rerun_script` per run, ForwardMsgs streamed back until `script_finished`.

    .venv/bin/python benchmarks/generate.py
    .venv/bin/python benchmarks/bench_dashboard.py [--runs 30] [--duration 20] [--sessions 20]

Everything is bounded (timeouts on every wait) and both servers are stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import tomllib
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import jwt
from sqlalchemy import create_engine, text
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
DEFAULT_DB = OUT / "bench.sqlite3"
BARE_PAGE = ROOT / "benchmarks" / "bare_page.py"
COOKIE_NAME = "minsheng_auth"  # components/auth.py
COOKIE_EXPIRY_DAYS = 1.0
DEMO_COOKIE_KEY = "demo-cookie-key-not-for-production"  # db/settings.py
RUN_TIMEOUT = 120.0  # seconds one run may take before the benchmark gives up
START_TIMEOUT = 90.0
TARGET_MEDIAN_MS = 100.0
TARGET_THROUGHPUT_RATIO = 0.5


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


@dataclass
class Timing:
    page: str
    client: str  # "quick ACK" (the server's time) or "delayed ACK" (as an ordinary TCP client sees it)
    runs: int
    first_ms: float
    median_ms: float
    p95_ms: float
    min_ms: float
    max_ms: float
    messages: int
    kib_per_run: float
    server_cpu_ms: float  # server CPU (all threads) per timed run


@dataclass
class Throughput:
    target: str
    client: str
    sessions: int
    seconds: float
    runs: int
    per_second: float
    median_ms: float
    p95_ms: float
    server_cpu_seconds: float  # user + system time of the server process during the window
    server_rss_kib: int  # with every session still open

    @property
    def cpu_ms_per_run(self) -> float:
        return self.server_cpu_seconds / self.runs * 1000 if self.runs else math.nan

    @property
    def cores(self) -> float:
        return self.server_cpu_seconds / self.seconds


@dataclass
class Results:
    started: str
    database: str
    app: str  # the checkout that ran: path, commit, and whether it had uncommitted changes
    timings: list[Timing] = field(default_factory=list)
    throughput: list[Throughput] = field(default_factory=list)
    memory_kib: dict[str, int] = field(default_factory=dict)
    client_cpu_seconds: float = 0.0
    wall_seconds: float = 0.0


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

    async def run(self, *, keep_body: bool = False) -> RunResult:
        """Ask for a rerun as the frontend does and wait for its script_finished."""
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
        message = BackMsg(rerun_script=state)
        started = time.perf_counter()
        await self.ws.send(message.SerializeToString())
        if isinstance(self.ws, QuickAckConnection):
            self.ws.quick_ack()  # sending puts the socket back into delayed-ACK mode
        count = size = 0
        body: list[bytes] = []
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
            if kind == "new_session":
                self.max_cached_age = msg.new_session.config.max_cached_message_age or self.max_cached_age
            elif kind == "navigation":
                # The page that ran: the frontend names it by this hash in later reruns.
                self.page_script_hash = msg.navigation.page_script_hash
            elif kind == "script_finished":
                self._remember(seen)
                return RunResult(time.perf_counter() - started, count, size, msg.script_finished, b"".join(body))

    def _remember(self, seen: set[str]) -> None:
        """Like the frontend's message cache: keep what the last few runs used."""
        self.runs_seen = [*self.runs_seen, seen][-self.max_cached_age :]
        self.cached = set().union(*self.runs_seen)


@contextmanager
def servers(
    db_url: str, log_dir: Path, app_dir: Path = ROOT
) -> Iterator[dict[str, tuple[subprocess.Popen[bytes], int]]]:
    """The app and the bare page, each `streamlit run` on a free port; always stopped on exit.

    Both run in `app_dir`, so both read its .streamlit/config.toml.
    """
    env = {**os.environ, "MINSHENG_DEMO": "1", "DATABASE_URL": db_url, "PYTHONUNBUFFERED": "1"}
    started: dict[str, tuple[subprocess.Popen[bytes], int]] = {}
    logs = []
    try:
        for name, script in (("app", "app.py"), ("bare", str(BARE_PAGE))):
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
            process = subprocess.Popen(command, cwd=app_dir, env=env, stdout=log, stderr=subprocess.STDOUT)
            started[name] = (process, port)
        for name, (process, port) in started.items():
            _wait_healthy(name, process, port)
        yield started
    finally:
        for process, _ in started.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process, _ in started.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        for log in logs:
            log.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(name: str, process: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"the {name} server exited with {process.returncode}; see benchmarks/out/{name}-server.log"
            )
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"the {name} server did not answer /_stcore/health within {START_TIMEOUT:.0f} s")


def cookie_key() -> str:
    """The key the app signs cookies with: MINSHENG_COOKIE_KEY, secrets.toml, else the demo key."""
    key = os.environ.get("MINSHENG_COOKIE_KEY")
    if key:
        return key
    secrets = ROOT / ".streamlit" / "secrets.toml"
    if secrets.exists():
        value = tomllib.loads(secrets.read_text()).get("cookie_key")
        if value:
            return str(value)
    return DEMO_COOKIE_KEY


def sign_in_cookie(username: str) -> str:
    """The JWT streamlit_authenticator's CookieModel writes after a sign-in (HS256)."""
    exp_date = (datetime.now() + timedelta(days=COOKIE_EXPIRY_DAYS)).timestamp()
    return jwt.encode({"username": username, "exp_date": exp_date}, cookie_key(), algorithm="HS256")


async def open_session(port: int, page: Page, cookie: str, *, quick_ack: bool = False) -> Session:
    ws = await connect(
        f"ws://127.0.0.1:{port}/_stcore/stream",
        subprotocols=["streamlit"],  # type: ignore[list-item]
        origin=f"http://127.0.0.1:{port}",  # type: ignore[arg-type]
        additional_headers={"Cookie": f"{COOKIE_NAME}={cookie}"},
        max_size=64 * 1024 * 1024,
        open_timeout=RUN_TIMEOUT,
        ping_interval=None,
        create_connection=QuickAckConnection if quick_ack else ClientConnection,
    )
    return Session(ws, page, port)


def _ms(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


async def time_page(
    server: int, port: int, page: Page, cookie: str, warm: int, runs: int, *, quick_ack: bool
) -> Timing:
    """One session: a first run (sign-in from the cookie), warm-up runs, then the timed runs."""
    session = await open_session(port, page, cookie, quick_ack=quick_ack)
    try:
        first = await session.run(keep_body=True)
        _check(page, first)
        for _ in range(warm):
            await session.run()
        cpu_before = cpu_seconds(server)
        results = [await session.run(keep_body=n == runs - 1) for n in range(runs)]
        cpu = cpu_seconds(server) - cpu_before
        _check(page, results[-1])  # still the page, still signed in
    finally:
        await session.ws.close()
    for result in results:
        if result.status != ForwardMsg.FINISHED_SUCCESSFULLY:
            raise SystemExit(f"{page.label}: a run ended with status {result.status}")
    median, p95 = _ms([r.seconds for r in results])
    seconds = [r.seconds * 1000 for r in results]
    return Timing(
        page.label,
        _client(quick_ack),
        runs,
        round(first.seconds * 1000, 1),
        round(median, 1),
        round(p95, 1),
        round(min(seconds), 1),
        round(max(seconds), 1),
        results[-1].messages,
        round(statistics.mean(r.payload_bytes for r in results) / 1024, 1),
        round(cpu / runs * 1000, 1),
    )


def _client(quick_ack: bool) -> str:
    return "quick ACK" if quick_ack else "delayed ACK"


def _check(page: Page, result: RunResult) -> None:
    """The first run must have drawn the page for a signed-in person, without an error."""
    if result.status != ForwardMsg.FINISHED_SUCCESSFULLY:
        raise SystemExit(f"{page.label}: the first run ended with status {result.status}")
    missing = [m for m in page.markers if m.encode() not in result.body]
    if missing:
        raise SystemExit(f"{page.label}: the page lacks {missing}: not signed in, or an error? See the server log.")
    if b"Traceback" in result.body:
        raise SystemExit(f"{page.label}: the page shows an exception; see the server log")


async def throughput(
    server: int, port: int, page: Page, cookie: str, sessions: int, seconds: float, *, quick_ack: bool
) -> Throughput:
    """`sessions` tabs each rerunning as soon as its last run finished, for `seconds`."""
    opened = await asyncio.gather(*(open_session(port, page, cookie, quick_ack=quick_ack) for _ in range(sessions)))
    try:
        await asyncio.gather(*(s.run() for s in opened))  # sign-in and first render, not counted
        for result in await asyncio.gather(*(s.run(keep_body=True) for s in opened)):
            _check(page, result)
        deadline = time.perf_counter() + seconds
        cpu_before = cpu_seconds(server)
        cpu_after: list[float] = []  # read when the window closes, not when the last run ends
        cpu_window = asyncio.create_task(asyncio.sleep(seconds))
        cpu_window.add_done_callback(lambda _: cpu_after.append(cpu_seconds(server)))

        async def loop(session: Session) -> list[float]:
            done = []
            while time.perf_counter() < deadline:
                result = await session.run()
                if time.perf_counter() <= deadline:
                    done.append(result.seconds)
            return done

        per_session = await asyncio.wait_for(asyncio.gather(*(loop(s) for s in opened)), seconds + RUN_TIMEOUT)
        await cpu_window
        rss = memory_kib(server)["VmRSS"]
    finally:
        await asyncio.gather(*(s.ws.close() for s in opened), return_exceptions=True)
    latencies = [x for done in per_session for x in done]
    median, p95 = _ms(latencies) if latencies else (math.nan, math.nan)
    return Throughput(
        page.label,
        _client(quick_ack),
        sessions,
        seconds,
        len(latencies),
        round(len(latencies) / seconds, 2),
        round(median, 1),
        round(p95, 1),
        round(cpu_after[0] - cpu_before, 2),
        rss,
    )


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


def project_id(db_url: str) -> int:
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            found = connection.scalar(
                text("SELECT id FROM project WHERE year = (SELECT max(year) FROM project) ORDER BY number LIMIT 1")
            )
    finally:
        engine.dispose()
    if found is None:
        raise SystemExit("the database has no projects: run benchmarks/generate.py first")
    return int(found)


async def measure(args: argparse.Namespace, db_url: str, results: Results) -> None:
    cookie = sign_in_cookie(args.username)
    pid = project_id(db_url)
    dashboard = Page("dashboard", "dashboard", markers=("领导驾驶舱",))
    home = Page("home", "", markers=("可以使用的功能",))
    projects = Page("projects", "projects", markers=("民生实事项目",))
    project = Page(f"project?id={pid}", "project", query=f"id={pid}", markers=("填报记录",))
    bare = Page("bare page", "", markers=("ok",))
    extra = {"home": home, "projects": projects, "project": project}
    with servers(db_url, OUT, args.app.resolve()) as running:
        app, app_port = running["app"]
        bare_server, bare_port = running["bare"]
        where = {page.label: (app.pid, app_port) for page in (dashboard, *extra.values())}
        where[bare.label] = (bare_server.pid, bare_port)
        results.memory_kib["app_at_start"] = memory_kib(app.pid)["VmRSS"]
        for page in (dashboard, projects, project, home, bare):
            server, port = where[page.label]
            for quick_ack in (True, False):
                timing = await time_page(server, port, page, cookie, args.warm, args.runs, quick_ack=quick_ack)
                results.timings.append(timing)
                print(f"  {timing.page} ({timing.client}): median {timing.median_ms} ms, p95 {timing.p95_ms} ms")
        results.memory_kib["app_after_timings"] = memory_kib(app.pid)["VmRSS"]
        # Alternate the targets in rounds so that a noisy neighbour hits them alike.
        targets = [dashboard, bare, *(extra[name] for name in args.also_load)]
        slice_seconds = args.duration / args.rounds
        clients = (False, True) if args.both_clients else (args.quick_ack_load,)
        totals: dict[tuple[str, bool], list[Throughput]] = {}
        for round_number in range(args.rounds):
            for quick_ack in clients:
                for page in targets:
                    server, port = where[page.label]
                    result = await throughput(
                        server, port, page, cookie, args.sessions, slice_seconds, quick_ack=quick_ack
                    )
                    totals.setdefault((page.label, quick_ack), []).append(result)
                    if server == app.pid:
                        peak = results.memory_kib.get("app_with_sessions", 0)
                        results.memory_kib["app_with_sessions"] = max(peak, result.server_rss_kib)
                    print(
                        f"  round {round_number + 1}/{args.rounds} {page.label} ({result.client}):"
                        f" {result.per_second} reruns/s"
                    )
        for (label, quick_ack), parts in totals.items():
            runs = sum(p.runs for p in parts)
            seconds = sum(p.seconds for p in parts)
            results.throughput.append(
                Throughput(
                    label,
                    _client(quick_ack),
                    args.sessions,
                    round(seconds, 1),
                    runs,
                    round(runs / seconds, 2),
                    round(statistics.median(p.median_ms for p in parts), 1),
                    round(max(p.p95_ms for p in parts), 1),
                    round(sum(p.server_cpu_seconds for p in parts), 2),
                    max(p.server_rss_kib for p in parts),
                )
            )
        await asyncio.sleep(1)
        app_memory = memory_kib(app.pid)
        results.memory_kib["app_end"] = app_memory["VmRSS"]
        results.memory_kib["app_peak"] = app_memory["VmHWM"]
        results.memory_kib["bare_end"] = memory_kib(bare_server.pid)["VmRSS"]


def report(results: Results) -> str:
    lines = [f"民生实事 benchmark, {results.started}", f"app {results.app}", f"database {results.database}", ""]
    lines.append("Script time, one signed-in session (`leader`), from sending rerun_script to script_finished:")
    lines.append(
        f"| {'page':<18} | client      | first ms | median ms | p95 ms |   min |    max | msgs | KiB/run |"
        " server CPU ms/run |"
    )
    lines.append(
        f"|{'-' * 20}|-------------|---------:|----------:|-------:|------:|-------:|-----:|--------:"
        "|------------------:|"
    )
    for t in results.timings:
        lines.append(
            f"| {t.page:<18} | {t.client:<11} | {t.first_ms:8.1f} | {t.median_ms:9.1f} | {t.p95_ms:6.1f} |"
            f" {t.min_ms:5.1f} | {t.max_ms:6.1f} | {t.messages:4d} | {t.kib_per_run:7.1f} | {t.server_cpu_ms:17.1f} |"
        )
    lines += [
        "  quick ACK: the client acknowledges at once, so this is the server's time;",
        "  delayed ACK: an ordinary TCP client, which adds ~40 ms (the server leaves Nagle on; see README).",
        "",
        "Throughput, each session rerunning as soon as its last run finished:",
        f"| {'target':<18} | client      | sessions | seconds |  runs | reruns/s | median ms | p95 ms |"
        " server CPU ms/run | cores |",
        f"|{'-' * 20}|-------------|---------:|--------:|------:|---------:|----------:|-------:|"
        "------------------:|------:|",
    ]
    for load in results.throughput:
        lines.append(
            f"| {load.target:<18} | {load.client:<11} | {load.sessions:8d} | {load.seconds:7.1f} | {load.runs:5d} |"
            f" {load.per_second:8.2f} | {load.median_ms:9.1f} | {load.p95_ms:6.1f} |"
            f" {load.cpu_ms_per_run:17.1f} | {load.cores:5.2f} |"
        )
    memory = results.memory_kib
    lines += [
        "",
        "Memory of the app server (RSS, MiB): "
        + ", ".join(f"{k.removeprefix('app_')} {v / 1024:.0f}" for k, v in memory.items() if k.startswith("app_"))
        + f"; bare-page server {memory.get('bare_end', 0) / 1024:.0f}",
        f"Benchmark client CPU {results.client_cpu_seconds:.1f} s over {results.wall_seconds:.0f} s wall",
        "",
        "Targets:",
    ]
    for t in results.timings:
        if t.page == "dashboard":
            ok = t.median_ms <= TARGET_MEDIAN_MS
            lines.append(
                f"  dashboard median ({t.client}) {t.median_ms:.1f} ms <= {TARGET_MEDIAN_MS:.0f} ms: {_verdict(ok)}"
            )
    for client in ("delayed ACK", "quick ACK"):
        by = {load.target: load for load in results.throughput if load.client == client}
        if "dashboard" in by and "bare page" in by and by["bare page"].per_second:
            dashboard, bare = by["dashboard"].per_second, by["bare page"].per_second
            ratio = dashboard / bare
            lines.append(
                f"  dashboard throughput ({client}) {dashboard:.2f}/s = {ratio * 100:.1f} % of the bare page's"
                f" {bare:.2f}/s >= {TARGET_THROUGHPUT_RATIO * 100:.0f} %: {_verdict(ratio >= TARGET_THROUGHPUT_RATIO)}"
            )
    return "\n".join(lines)


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="SQLite file made by benchmarks/generate.py")
    parser.add_argument("--url", help="a DATABASE_URL instead of --db")
    parser.add_argument("--username", default="leader")
    parser.add_argument("--app", type=Path, default=ROOT, help="the checkout to run (default: this one), for A/B runs")
    parser.add_argument("--warm", type=int, default=5, help="warm-up runs before the timed ones")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per page (at least 20)")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load per target, in total")
    parser.add_argument("--rounds", type=int, default=2, help="alternations of dashboard and bare page")
    parser.add_argument("--quick-ack-load", action="store_true", help="load with quick-ACK clients instead")
    parser.add_argument("--both-clients", action="store_true", help="load with both kinds of client")
    parser.add_argument(
        "--also-load",
        nargs="*",
        choices=("home", "projects", "project"),
        default=["home"],
        help="app pages to load as well, for comparison (default: home)",
    )
    args = parser.parse_args(argv)
    if not args.url and not args.db.exists():
        raise SystemExit(f"{args.db} does not exist: run .venv/bin/python benchmarks/generate.py first")
    db_url = args.url or f"sqlite:///{args.db.resolve()}"
    OUT.mkdir(parents=True, exist_ok=True)
    results = Results(started=datetime.now().isoformat(timespec="seconds"), database=db_url, app=describe(args.app))
    wall, cpu = time.perf_counter(), time.process_time()
    asyncio.run(measure(args, db_url, results))
    results.wall_seconds = round(time.perf_counter() - wall, 1)
    results.client_cpu_seconds = round(time.process_time() - cpu, 1)
    text_report = report(results)
    print()
    print(text_report)
    (OUT / "results.json").write_text(json.dumps(asdict(results), indent=2, ensure_ascii=False))
    (OUT / "results.txt").write_text(text_report + "\n")


if __name__ == "__main__":
    main()
