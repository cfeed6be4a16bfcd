"""Script time, throughput and memory of the app, measured over Streamlit's own websocket protocol.

Starts `streamlit run app.py` (demo mode, on the database benchmarks/generate.py filled) and,
for comparison, `streamlit run benchmarks/bare_page.py` (one `st.write`), then talks to them as
the browser does: a websocket on /_stcore/stream, signed in as `leader` through the sign-in form,
a BackMsg `rerun_script` per run, ForwardMsgs streamed back until `script_finished`.

    .venv/bin/python benchmarks/generate.py
    .venv/bin/python benchmarks/bench_dashboard.py [--runs 30] [--duration 20] [--sessions 20]

Everything is bounded (timeouts on every wait) and both servers are stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import statistics
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from generate import expect_history
from sqlalchemy import create_engine, text
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from wsclient import (
    OUT,
    ROOT,
    RUN_TIMEOUT,
    Page,
    RunResult,
    Session,
    cpu_seconds,
    describe,
    memory_kib,
    open_session,
    servers,
    sign_in,
)

DEFAULT_DB = OUT / "bench.sqlite3"
DEMO_PASSWORD = "demo2024"  # db/demo: every demo account's password
BARE_PAGE = ROOT / "benchmarks" / "bare_page.py"
SAME_SIZE_PAGE = ROOT / "benchmarks" / "same_size_page.py"
TARGET_MEDIAN_MS = 100.0
BARE_LABEL = "bare page"
SAME_SIZE_LABEL = "same size as "  # + an app page's label: same_size_page.py sending as many messages
# Reruns per second with 20 sessions, as a share of the bare page's in the same run (issue 14).
TARGET_THROUGHPUT_RATIOS = {"home": 0.50, "dashboard": 0.35}


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


def _ms(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


async def time_page(
    server: int, port: int, page: Page, username: str, warm: int, runs: int, *, quick_ack: bool
) -> Timing:
    """One session: signed in through the form (its run not counted), warm-up runs, then the timed runs."""
    session, first = await _tab(port, page, username, quick_ack=quick_ack)
    try:
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


async def _tab(port: int, page: Page, username: str, *, quick_ack: bool) -> tuple[Session, RunResult]:
    """A tab showing `page`: an app page signed in through the form, the bare page (no sign-in) opened."""
    if page.label == BARE_LABEL or page.label.startswith(SAME_SIZE_LABEL):
        session = await open_session(port, page, "", quick_ack=quick_ack)
        return session, await session.run(keep_body=True)
    signed = await sign_in(port, page, username, DEMO_PASSWORD, quick_ack=quick_ack)
    return signed.session, signed.result


def _same_size_pages(timings: list[Timing], labels: list[str]) -> list[Page]:
    """same_size_page.py drawing as many messages a run as each of these app pages did (the bare page: 1 element)."""
    sent = {t.page: t.messages for t in timings}
    overhead = sent[BARE_LABEL] - 1  # the messages of a run that are not an element (start, finish, …)
    return [
        Page(SAME_SIZE_LABEL + label, "", query=f"n={sent[label] - overhead}", markers=("ok",))
        for label in labels
        if label in sent
    ]


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
    server: int, port: int, page: Page, username: str, sessions: int, seconds: float, *, quick_ack: bool
) -> Throughput:
    """`sessions` tabs, each signed in through the form, rerunning as soon as its last run finished, for `seconds`."""
    signed = await asyncio.gather(
        *(_tab(port, page, username, quick_ack=quick_ack) for _ in range(sessions)), return_exceptions=True
    )
    opened = [s[0] for s in signed if not isinstance(s, BaseException)]
    try:
        failed = [s for s in signed if isinstance(s, BaseException)]
        if failed:
            raise SystemExit(f"{page.label}: {len(failed)} of {sessions} sign-ins failed: {failed[0]!r}")
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


def project_id(db_url: str) -> int:
    """The first project of the newest year, after checking the database holds generate.py's history."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            expect_history(connection)
            found = connection.scalar(
                text("SELECT id FROM project WHERE year = (SELECT max(year) FROM project) ORDER BY number LIMIT 1")
            )
    finally:
        engine.dispose()
    if found is None:
        raise SystemExit("the database has no projects: run benchmarks/generate.py first")
    return int(found)


async def measure(args: argparse.Namespace, db_url: str, results: Results) -> None:
    pid = project_id(db_url)
    dashboard = Page("dashboard", "dashboard", markers=("领导驾驶舱",))
    home = Page("home", "", markers=("其他功能在左侧菜单中",))
    projects = Page("projects", "projects", markers=("民生实事项目",))
    project = Page(f"project?id={pid}", "project", query=f"id={pid}", markers=("填报记录",))
    bare = Page(BARE_LABEL, "", markers=("ok",))
    extra = {"home": home, "projects": projects, "project": project}
    scripts = {"app": "app.py", "bare": str(BARE_PAGE), "same_size": str(SAME_SIZE_PAGE)}
    with servers(db_url, OUT, scripts, args.app.resolve()) as running:
        app, app_port = running["app"]
        bare_server, bare_port = running["bare"]
        where = {page.label: (app.pid, app_port) for page in (dashboard, *extra.values())}
        where[bare.label] = (bare_server.pid, bare_port)
        results.memory_kib["app_at_start"] = memory_kib(app.pid)["VmRSS"]
        for page in (dashboard, projects, project, home, bare):
            server, port = where[page.label]
            for quick_ack in (True, False):
                timing = await time_page(server, port, page, args.username, args.warm, args.runs, quick_ack=quick_ack)
                results.timings.append(timing)
                print(f"  {timing.page} ({timing.client}): median {timing.median_ms} ms, p95 {timing.p95_ms} ms")
        results.memory_kib["app_after_timings"] = memory_kib(app.pid)["VmRSS"]
        same_size = _same_size_pages(results.timings, [dashboard.label, *args.also_load])
        same_size_server, same_size_port = running["same_size"]
        where.update({page.label: (same_size_server.pid, same_size_port) for page in same_size})
        # Alternate the targets in rounds so that a noisy neighbour hits them alike.
        targets = [dashboard, bare, *(extra[name] for name in args.also_load), *same_size]
        slice_seconds = args.duration / args.rounds
        clients = (False, True) if args.both_clients else (args.quick_ack_load,)
        totals: dict[tuple[str, bool], list[Throughput]] = {}
        for round_number in range(args.rounds):
            for quick_ack in clients:
                for page in targets:
                    server, port = where[page.label]
                    result = await throughput(
                        server, port, page, args.username, args.sessions, slice_seconds, quick_ack=quick_ack
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
        f"| {'target':<22} | client      | sessions | seconds |  runs | reruns/s | median ms | p95 ms |"
        " server CPU ms/run | cores |",
        f"|{'-' * 24}|-------------|---------:|--------:|------:|---------:|----------:|-------:|"
        "------------------:|------:|",
    ]
    for load in results.throughput:
        lines.append(
            f"| {load.target:<22} | {load.client:<11} | {load.sessions:8d} | {load.seconds:7.1f} | {load.runs:5d} |"
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
        if BARE_LABEL not in by or not by[BARE_LABEL].per_second:
            continue
        bare = by[BARE_LABEL].per_second
        for target, share in TARGET_THROUGHPUT_RATIOS.items():
            if target in by:
                ratio = by[target].per_second / bare
                lines.append(
                    f"  {target} throughput ({client}) {by[target].per_second:.2f}/s = {ratio * 100:.1f} % of the"
                    f" bare page's {bare:.2f}/s >= {share * 100:.0f} %: {_verdict(ratio >= share)}"
                )
            same = by.get(SAME_SIZE_LABEL + target)
            if target in by and same is not None and same.per_second:
                lines.append(
                    f"    (Streamlit alone, a page of as many elements: {same.per_second:.2f}/s ="
                    f" {same.per_second / bare * 100:.1f} % of the bare page's; {target} reaches"
                    f" {by[target].per_second / same.per_second * 100:.1f} % of that)"
                )
    return "\n".join(lines)


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


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
