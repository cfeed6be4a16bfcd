"""The plenary through nginx: 377 deputies sign in by password, then vote, on N processes on PostgreSQL.

As production runs it: nginx (deploy/proxy.py, the production snippets) in front of N
`streamlit run` processes on one PostgreSQL schema; every tab is a websocket through the proxy
with a routing cookie of its own (as a browser gets from its first page), so nginx spreads
the tabs over the processes by its consistent hash. Two phases, one tab per deputy:

1. sign-in burst: each tab opens the ballot page signed out and submits the sign-in form with
   the demo password at a random moment within --sign-in-spread seconds (bcrypt at the
   production work factor, db/passwords.py); timed from the submit to the ballot drawn;
2. the vote: the plenary benchmark's paced scenario (press "next" within 20 s, confirm 1-3 s
   later), then the same ballot-by-ballot check of the database (benchmarks/bench_plenary.py).

    .venv/bin/python benchmarks/bench_proxy.py                 # ~4 minutes
    .venv/bin/python benchmarks/bench_proxy.py --deputies 50 --sign-in-spread 10

Results: benchmarks/out/proxy.txt (and the plenary's table for the vote phase).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import secrets
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import bench_plenary as plenary
import wsclient
from wsclient import OUT, RunResult, elements, servers

from db.core import clock
from db.demo import DEMO_PASSWORD
from deploy import proxy
from deploy.local import free_port

TARGET_SIGN_IN_P95_SECONDS = 5.0  # a deputy arriving in the hall waits at most this long, mostly far less


@dataclass
class SignIns:
    spread: float
    seconds: list[float] = field(default_factory=list)
    wall: float = math.nan
    errors: list[str] = field(default_factory=list)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.seconds)
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else math.nan


async def sign_in(voter: plenary.Voter, voting_round: plenary.OpenRound, route: str, delay: float) -> float:
    """Open the ballot page signed out, then submit the sign-in form after `delay`; the submit's seconds."""
    signed = await wsclient.sign_in(
        voter.port,
        plenary.VOTE_PAGE,
        voter.username,
        DEMO_PASSWORD,
        other_cookies={"minsheng_route": route},
        delay=delay,
    )
    voter.session, signed_in, seconds = signed.session, signed.result, signed.seconds
    plenary._expect_page(signed_in)
    _learn_ballot(voter, voting_round, signed_in)
    return seconds


def _learn_ballot(voter: plenary.Voter, voting_round: plenary.OpenRound, result: RunResult) -> None:
    """The ballot form's widget ids, as the plenary benchmark's arrive() learns them."""
    prefix = f"pick_{voting_round.id}_"
    for kind, element in elements(result.forward):
        widget_id = getattr(element, "id", "")
        if kind == "checkbox" and prefix in widget_id:
            voter.boxes[int(widget_id.rsplit(prefix, 1)[1])] = widget_id
        elif kind == "button" and element.is_form_submitter and element.form_id == f"ballot_{voting_round.id}":
            voter.submit_id = widget_id
    if set(voter.boxes) != set(voting_round.candidates) or not voter.submit_id:
        raise RuntimeError("signed in, but no ballot form")


async def sign_in_all(
    voters: list[plenary.Voter], voting_round: plenary.OpenRound, routes: dict[str, str], result: SignIns
) -> None:
    rng = random.Random(377)
    started = time.perf_counter()

    async def one(voter: plenary.Voter) -> None:
        try:
            delay = rng.uniform(0, result.spread)
            result.seconds.append(await sign_in(voter, voting_round, routes[voter.username], delay))
        except Exception as error:  # recorded per deputy; the others go on
            voter.error = f"sign-in: {type(error).__name__}: {error}"

    limit = result.spread + 2 * plenary.RUN_TIMEOUT + plenary.PHASE_MARGIN
    await asyncio.wait_for(asyncio.gather(*(one(v) for v in voters)), limit)
    result.wall = time.perf_counter() - started
    result.errors = [v.error for v in voters if v.error]


async def both_phases(
    args: argparse.Namespace, voters: list[plenary.Voter], voting_round: plenary.OpenRound, run: plenary.StoreRun
) -> SignIns:
    routes = {v.username: secrets.token_hex(16) for v in voters}
    signed = SignIns(args.sign_in_spread)
    try:
        await sign_in_all(voters, voting_round, routes, signed)
        print(f"  sign-in: {len(signed.seconds)}/{len(voters)} in {signed.wall:.1f} s")
        run.wall_seconds = round(await plenary.vote_all(voters, plenary.SCENARIOS["paced"], random.Random(2027)), 2)
    finally:
        await plenary.close_all(voters)
    return signed


def per_process(access_log: Path) -> Counter[str]:
    """Websockets per upstream (a websocket's line is written when it closes)."""
    lines = access_log.read_text(errors="replace").splitlines()
    return Counter(line.rsplit("upstream=", 1)[1] for line in lines if '"GET /_stcore/stream' in line)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deputies", type=int, default=plenary.DEPUTIES)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--sign-in-spread", type=float, default=60.0, help="deputies sign in within this many s")
    parser.add_argument("--pg-url", default=plenary.DEFAULT_PG_URL)
    parser.add_argument("--pg-schema", default="bench_proxy")
    parser.add_argument("--direct", action="store_true", help="tabs straight to the processes (round robin), no nginx")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    with plenary.postgres_store(args.pg_url, args.pg_schema) as url:
        voting_round, usernames = plenary.prepare_plenary(url, clock.today(), args.deputies)
        run = plenary.StoreRun("postgresql", "paced", args.processes, len(usernames), len(voting_round.candidates),
                               voting_round.max_picks)  # fmt: skip
        names = {f"proxy-{n + 1}": "app.py" for n in range(args.processes)}
        with servers(url, OUT, names) as running:
            ports = [port for _, port in running.values()]
            (OUT / "proxy-nginx" / "access.log").unlink(missing_ok=True)  # this run's websockets only
            nginx = proxy.start(OUT / "proxy-nginx", free_port(), ports)
            try:
                entry = [nginx.port] if not args.direct else ports
                voters = [plenary.Voter(name, (), entry[n % len(entry)]) for n, name in enumerate(usernames)]
                rng = random.Random(args.deputies)
                for voter in voters:
                    voter.picks = plenary._random_picks(rng, voting_round)
                pids = [process.pid for process, _ in running.values()]
                cpu = plenary._cpu(pids)
                signed = asyncio.run(both_phases(args, voters, voting_round, run))
                run.server_cpu_vote_seconds = round(plenary._cpu(pids) - cpu, 1)
            finally:
                proxy.stop(nginx.process)
            direct = Counter(f"127.0.0.1:{v.port}" for v in voters)
            spread = direct if args.direct else per_process(nginx.access_log)
        plenary._summarise(run, voters)
        run.db = plenary.check_database(url, voting_round, voters)
    print(report(args, signed, run, spread))


def report(args: argparse.Namespace, signed: SignIns, run: plenary.StoreRun, spread: Counter[str]) -> str:
    p50, p95 = signed.percentile(0.5), signed.percentile(0.95)
    sign_in_met = "met" if p95 <= TARGET_SIGN_IN_P95_SECONDS else "MISSED"
    vote_met = run.targets_met
    lines = [
        f"民生实事 plenary {'DIRECT (no proxy)' if args.direct else 'through nginx'},"
        f" {datetime.now().isoformat(timespec='seconds')}: {args.deputies} deputies, {args.processes} processes on"
        f" PostgreSQL; websockets per process {dict(sorted(spread.items()))}",
        f"sign-in burst (password, bcrypt; within {signed.spread:g} s): {len(signed.seconds)}/{args.deputies}"
        " signed in,"
        f" {len(signed.errors)} errors; all in {signed.wall:.1f} s; submit-to-ballot p50 {p50:.2f} s,"
        f" p95 {p95:.2f} s, max {max(signed.seconds, default=math.nan):.2f} s"
        f" (target p95 <= {TARGET_SIGN_IN_P95_SECONDS:g} s: {sign_in_met})",
        f"vote (paced): {run.cast}/{run.deputies} cast in {run.wall_seconds:.1f} s; review p50/p95"
        f" {run.review_p50_ms:.0f}/{run.review_p95_ms:.0f} ms; confirm p50/p95 {run.confirm_p50_ms:.0f}/"
        f"{run.confirm_p95_ms:.0f} ms, max {run.confirm_max_ms:.0f} ms; DB {plenary._db_summary(run.db)};"
        f" targets (all in <= {plenary.TARGET_WALL_SECONDS:.0f} s, p95 <= {plenary.TARGET_P95_SECONDS} s):"
        f" {'met' if vote_met else 'MISSED'}",
        f"server CPU over both phases: {run.server_cpu_vote_seconds:.1f} s",
    ]
    lines += [f"  error: {e}" for e in (signed.errors + run.errors)[:10]]
    text = "\n".join(lines)
    name = "proxy-direct" if args.direct else "proxy"
    (OUT / f"{name}.txt").write_text(text + "\n")
    (OUT / f"{name}.json").write_text(json.dumps({"sign_in_seconds": signed.seconds, "report": lines}, indent=2))
    return text


if __name__ == "__main__":
    main()
