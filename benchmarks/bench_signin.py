"""The plenary morning: 377 sign-ins through the real form within 10 s, while signed-in deputies vote.

One run a store (a fresh database with the plenary's open round, as bench_plenary.py prepares
it): `--voters` deputies sign in through the form before the burst and keep their ballot page
open; then 377 tabs (d001-d377, one each, as phones in the hall) open the ballot page signed
out, and press "sign in" at uniformly random moments within `--window` seconds; while they do,
the voters cast their ballots (review, then confirm) at random moments within the window.
Timed: each sign-in from the press to the ballot page drawn signed in; each ballot's confirm.
Then the ballots are checked in the database as bench_plenary.py checks them.

    .venv/bin/python benchmarks/bench_signin.py                      # sqlite:1 and postgresql:2, ~6 min
    .venv/bin/python benchmarks/bench_signin.py --runs sqlite:1 --deputies 40 --voters 10   # quick check

Targets (issue 14): every sign-in succeeds, sign-in p95 <= 15 s, every ballot cast and stored,
confirm p95 <= 1 s. Results: benchmarks/out/signin.txt and signin.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (str(ROOT), str(ROOT / "benchmarks")):
    if path not in sys.path:
        sys.path.insert(0, path)

import bench_plenary as plenary  # noqa: E402
import wsclient  # noqa: E402

from db.core import clock  # noqa: E402
from db.demo.pool.people import DEMO_PASSWORD  # noqa: E402

DEPUTIES = 377
WINDOW = 10.0  # seconds within which all sign-ins start
VOTERS = 40  # deputies already signed in who vote during the burst
TARGET_SIGN_IN_P95 = 15.0
TARGET_CONFIRM_P95 = 1.0
DEFAULT_RUNS = ("sqlite:1", "postgresql:2")
OPEN_CONCURRENCY = 16  # tabs opening the signed-out page at once, before the burst


@dataclass
class BurstRun:
    store: str
    processes: int
    deputies: int
    voters: int
    window: float
    signed_in: int = 0
    sign_in_errors: list[str] = field(default_factory=list)
    sign_in_p50: float = math.nan
    sign_in_p95: float = math.nan
    sign_in_max: float = math.nan
    burst_wall: float = math.nan  # from the first press to the last page drawn signed in
    cast: int = 0
    vote_errors: list[str] = field(default_factory=list)
    confirm_p50_ms: float = math.nan
    confirm_p95_ms: float = math.nan
    review_p95_ms: float = math.nan
    server_cpu_burst: float = 0.0
    load_average: str = ""
    db_ok: bool = False
    db: str = ""

    def targets(self) -> list[tuple[str, str, bool]]:
        """(target, figure, met) for each of the issue's targets."""
        return [
            (
                f"all {self.deputies} sign-ins succeed",
                f"{self.signed_in}/{self.deputies}",
                self.signed_in == self.deputies,
            ),
            (
                f"sign-in p95 <= {TARGET_SIGN_IN_P95:g} s",
                f"{self.sign_in_p95:.2f} s (p50 {self.sign_in_p50:.2f}, max {self.sign_in_max:.2f})",
                self.sign_in_p95 <= TARGET_SIGN_IN_P95,
            ),
            (
                f"all {self.voters} ballots cast and stored",
                f"{self.cast}/{self.voters}, database {'ok' if self.db_ok else 'NOT ok'}",
                self.cast == self.voters and self.db_ok,
            ),
            (
                f"confirm p95 <= {TARGET_CONFIRM_P95:g} s",
                f"{self.confirm_p95_ms / 1000:.2f} s (p50 {self.confirm_p50_ms / 1000:.2f})",
                self.confirm_p95_ms <= TARGET_CONFIRM_P95 * 1000,
            ),
        ]


async def burst(args: argparse.Namespace, url: str, run: BurstRun, voting_round: plenary.OpenRound) -> None:
    rng = random.Random(args.seed)
    usernames = [f"d{n:03d}" for n in range(1, args.deputies + 1)]
    names = {f"signin-{run.store}-{n + 1}": "app.py" for n in range(run.processes)}
    with wsclient.servers(url, wsclient.OUT, names, args.app.resolve()) as running:
        pids = [process.pid for process, _ in running.values()]
        ports = [port for _, port in running.values()]
        voters = [
            plenary.Voter(name, plenary._random_picks(rng, voting_round), ports[n % len(ports)])
            for n, name in enumerate(usernames[: args.voters])
        ]
        tabs: list[wsclient.Session] = []
        try:
            await plenary.arrive_all(voters, voting_round, 8)  # signed in through the form, ballot open
            failed = [v.error for v in voters if v.error]
            if failed:
                raise SystemExit(f"{len(failed)} voters could not sign in before the burst: {failed[0]}")
            print(f"  {run.store}/{run.processes}: {len(voters)} voters signed in with the ballot open")
            gate = asyncio.Semaphore(OPEN_CONCURRENCY)
            seconds: dict[str, float] = {}
            finished: list[float] = []

            async def open_form(n: int) -> wsclient.SignInForm:
                async with gate:
                    return await wsclient.open_sign_in(ports[n % len(ports)], plenary.VOTE_PAGE)

            opened = await asyncio.gather(*(open_form(n) for n in range(len(usernames))), return_exceptions=True)
            forms = [form for form in opened if isinstance(form, wsclient.SignInForm)]
            tabs.extend(form.session for form in forms)
            if len(forms) < len(usernames):
                first_error = next(error for error in opened if isinstance(error, BaseException))
                raise SystemExit(f"{len(usernames) - len(forms)} signed-out pages did not open: {first_error!r}")
            print(f"  {run.store}/{run.processes}: {len(forms)} signed-out tabs open; the burst starts")

            async def press(username: str, form: wsclient.SignInForm, delay: float) -> None:
                await asyncio.sleep(delay)
                try:
                    signed = await form.submit(username, DEMO_PASSWORD)
                    plenary._expect_page(signed.result)
                    seconds[username] = signed.seconds
                    finished.append(time.perf_counter())
                except Exception as error:  # recorded per deputy; the others go on
                    run.sign_in_errors.append(f"{username}: {type(error).__name__}: {error}")

            cpu, load = plenary._cpu(pids), plenary._load_average()
            started = time.perf_counter()
            sign_ins = asyncio.gather(
                *(press(u, f, rng.uniform(0, args.window)) for u, f in zip(usernames, forms, strict=True))
            )
            vote = plenary.vote_all(voters, plenary.Scenario("burst", args.window, (1.0, 2.0), True), rng)
            limit = args.window + 2 * wsclient.RUN_TIMEOUT + plenary.PHASE_MARGIN
            await asyncio.wait_for(asyncio.gather(sign_ins, vote), limit)
            run.server_cpu_burst = round(plenary._cpu(pids) - cpu, 1)
            run.load_average = f"{load} -> {plenary._load_average()}"
            run.burst_wall = round(max(finished) - started, 1) if finished else math.nan
        finally:
            await asyncio.gather(*(s.ws.close() for s in tabs), return_exceptions=True)
            await plenary.close_all(voters)
    values = sorted(seconds.values())
    run.signed_in = len(values)
    if values:
        run.sign_in_p50, run.sign_in_p95 = (round(x, 2) for x in _p50_p95(values))
        run.sign_in_max = round(values[-1], 2)
    cast = [v for v in voters if v.receipt]
    run.cast = len(cast)
    run.vote_errors = [v.error for v in voters if v.error]
    if cast:
        run.confirm_p50_ms, run.confirm_p95_ms = (round(x * 1000) for x in _p50_p95([v.confirm_seconds for v in cast]))
        run.review_p95_ms = round(_p50_p95([v.review_seconds for v in cast])[1] * 1000)
    check = plenary.check_database(url, voting_round, voters)
    run.db_ok = check.ok and check.participations == len(cast)
    run.db = plenary._db_summary(check)


def _p50_p95(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return ordered[len(ordered) // 2], ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def run_store(args: argparse.Namespace, spec: str) -> BurstRun:
    name, _, processes = spec.partition(":")
    store_args = argparse.Namespace(pg_url=args.pg_url, pg_schema=args.pg_schema)
    with plenary.store(name, store_args) as url:
        voting_round, _ = plenary.prepare_plenary(url, clock.today(), args.deputies)
        run = BurstRun(name, int(processes or 1), args.deputies, args.voters, args.window)
        print(f"  {name}/{run.processes}: {plenary.redacted(url)}, round {voting_round.id} open")
        asyncio.run(burst(args, url, run, voting_round))
    for target, figure, met in run.targets():
        print(f"  {name}/{run.processes}: {target}: {figure}: {'met' if met else 'MISSED'}")
    return run


def report(runs: list[BurstRun], started: str, app: str) -> str:
    lines = [
        f"民生实事 sign-in burst benchmark, {started}",
        f"app {app}",
        "sign-ins through the real sign-in form (ordinary delayed-ACK websocket clients), each tab its own deputy;"
        " ballots by deputies signed in before the burst",
        "",
        "| store | procs | signed in | sign-in p50 / p95 / max s | burst wall s | voters cast | confirm p50 / p95 ms"
        " | server CPU s | load average | database |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in runs:
        lines.append(
            f"| {r.store} | {r.processes} | {r.signed_in}/{r.deputies} | {r.sign_in_p50:.2f} / {r.sign_in_p95:.2f} /"
            f" {r.sign_in_max:.2f} | {r.burst_wall} | {r.cast}/{r.voters} | {r.confirm_p50_ms:.0f} /"
            f" {r.confirm_p95_ms:.0f} | {r.server_cpu_burst} | {r.load_average} | {'ok' if r.db_ok else 'NOT ok'} |"
        )
    lines += ["", "Targets:"]
    for r in runs:
        for target, figure, met in r.targets():
            lines.append(f"  {r.store}/{r.processes}: {target}: {figure}: {'met' if met else 'MISSED'}")
        for error in (r.sign_in_errors + r.vote_errors)[:5]:
            lines.append(f"    error: {error}")
        lines.append(f"    {r.db}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", nargs="+", default=list(DEFAULT_RUNS), help="STORE:PROCESSES, e.g. sqlite:1")
    parser.add_argument("--deputies", type=int, default=DEPUTIES, help="sign-ins in the burst")
    parser.add_argument("--voters", type=int, default=VOTERS, help="deputies signed in before, voting meanwhile")
    parser.add_argument("--window", type=float, default=WINDOW, help="seconds within which all sign-ins start")
    parser.add_argument("--seed", type=int, default=377)
    parser.add_argument("--app", type=Path, default=ROOT)
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", plenary.DEFAULT_PG_URL))
    parser.add_argument("--pg-schema", default="bench_signin")
    args = parser.parse_args(argv)
    wsclient.OUT.mkdir(parents=True, exist_ok=True)
    started = datetime.now().isoformat(timespec="seconds")
    runs = [run_store(args, spec) for spec in args.runs]
    text = report(runs, started, wsclient.describe(args.app))
    print()
    print(text)
    (wsclient.OUT / "signin.txt").write_text(text + "\n")
    (wsclient.OUT / "signin.json").write_text(json.dumps([asdict(r) for r in runs], indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
