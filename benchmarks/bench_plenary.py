"""The plenary vote: 377 deputies cast their ballots at once over Streamlit's websocket protocol.

Builds a demo database (SQLite file, and a dedicated schema on PostgreSQL), opens the year's
voting round as the office account, starts `streamlit run app.py`, and drives one browser tab
per deputy, signed in through the sign-in form before the vote: load the ballot page, tick the picks inside the
form and submit it (the review step), then press confirm (the ballot is cast in the button's
callback and the next run shows the receipt). Afterwards it checks the database: one ballot
and one participation per deputy, each receipt's ballot holding exactly the picks sent, and
the tally after closing the round equal to the picks the load generator sent.

    .venv/bin/python benchmarks/bench_plenary.py                  # both stores, ~6 minutes
    .venv/bin/python benchmarks/bench_plenary.py --stores sqlite --scenarios burst --deputies 50

Every wait has a timeout; servers are stopped and the PostgreSQL schema dropped at the end,
also on errors or Ctrl-C. Results: benchmarks/out/plenary.txt and plenary.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import re
import statistics
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the app's db package, for the set-up and the checks

from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session as DbSession
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from wsclient import (
    OUT,
    RUN_TIMEOUT,
    Page,
    RunResult,
    Session,
    cookie_component,
    cpu_seconds,
    describe,
    elements,
    memory_kib,
    servers,
    sign_in,
)

from db.core import (
    clock,
    migrate,
)
from db.core.actors import Actor
from db.core.session import get_engine, reset_engines
from db.demo.pool.people import DEMO_PASSWORD
from db.projects.editing import FIELDS
from db.projects.models import Project
from db.secret_ballot import tellers
from db.system import (
    accounts,
    passwords,
)
from db.system.models import Account, Department, Year
from db.vote import voting
from db.vote.models import Ballot, BallotPick, Candidate, Participation, SealedBallot, VotingRound, round_elector

DEPUTIES = 377
TARGET_WALL_SECONDS = 30.0
TARGET_P95_SECONDS = 1.5
SERVER_CORES = 2
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PG_SCHEMA = "bench_plenary"
SQLITE_FILE = OUT / "plenary.sqlite3"
FALLBACK_CANDIDATES = 13  # like the demo's draft round, when the seed has none
VOTE_PAGE = Page("vote", "vote", markers=("票决投票",))
CAST_FINAL = "您的选票已投出"  # ballot.cast_final, shown with the receipt
PHASE_MARGIN = 60.0  # seconds a whole phase may run beyond its planned length plus one run's timeout


@dataclass(frozen=True)
class Scenario:
    name: str
    spread: float  # the deputies press "next" at uniformly random moments within this many seconds
    think: tuple[float, float]  # seconds between seeing the review and pressing confirm
    latency_target: bool  # whether the p95 target applies (not when all press at one instant)


SCENARIOS = {
    # Deputies start within 20 s and read their review for 1-3 s: all cast within half a minute,
    # "within the same minute" with room to spare. The targets apply to this one.
    "paced": Scenario("paced", 20.0, (1.0, 3.0), latency_target=True),
    # Everyone presses at the same instant and confirms at once: the server's capacity. Its
    # threads share the CPU, so every deputy waits about as long as the whole crowd takes.
    "burst": Scenario("burst", 0.0, (0.0, 0.0), latency_target=False),
}


@dataclass(frozen=True)
class OpenRound:
    id: int
    year: int
    max_picks: int
    candidates: tuple[int, ...]
    codes: tuple[str, ...] = ()  # the tellers' shares made when this run opened the round


@dataclass
class Voter:
    """One deputy's tab and what happened in it."""

    username: str
    picks: tuple[int, ...]
    port: int
    session: Session | None = None
    boxes: dict[int, str] = field(default_factory=dict)  # candidate id -> the checkbox's widget id
    submit_id: str = ""  # the "next: review" button
    load_seconds: float = math.nan
    review_seconds: float = math.nan
    confirm_seconds: float = math.nan
    load_runs: int = 0
    ballot_runs: int = 0  # script runs of the review (ticks and "next" in one) and the confirm
    receipt: str = ""
    error: str = ""


@dataclass
class DbCheck:
    participations: int = 0
    ballots: int = 0
    voters_match: bool = False  # the deputies who took part are exactly those who got a receipt
    receipts_match: bool = False  # every receipt's ballot holds exactly the picks its tab sent
    lost: int = 0  # receipts shown but no such ballot (or other picks) in the database
    unexpected: int = 0  # ballots in the database no tab got a receipt for
    direct_count_match: bool = False  # counted ballot_pick rows per candidate = picks sent
    tally_match: bool = False  # db.voting.results after closing = picks sent
    closed: bool = False
    close_seconds: float = math.nan  # rebuilding the key from two shares, opening every ballot, writing the count

    @property
    def ok(self) -> bool:
        return (
            self.participations == self.ballots
            and self.voters_match
            and self.receipts_match
            and self.direct_count_match
            and self.tally_match
        )


@dataclass
class StoreRun:
    store: str
    scenario: str
    processes: int
    deputies: int
    candidates: int
    max_picks: int
    setup_seconds: float = 0.0
    load_wall_seconds: float = 0.0
    load_p50_ms: float = math.nan
    load_p95_ms: float = math.nan
    wall_seconds: float = math.nan  # from the signal to the last receipt
    cast: int = 0
    errors: list[str] = field(default_factory=list)
    review_p50_ms: float = math.nan
    review_p95_ms: float = math.nan
    confirm_p50_ms: float = math.nan
    confirm_p95_ms: float = math.nan
    confirm_max_ms: float = math.nan
    load_runs_per_tab: float = math.nan
    runs_per_ballot: float = math.nan  # review + confirm
    server_cpu_load_seconds: float = 0.0
    server_cpu_vote_seconds: float = 0.0
    server_idle_cores: float = math.nan  # server CPU s per s with every tab open and idle
    client_cpu_vote_seconds: float = 0.0
    load_average: str = ""  # of the machine, before and after the vote: it is shared
    rss_kib: dict[str, int] = field(default_factory=dict)
    db: DbCheck = field(default_factory=DbCheck)

    @property
    def targets_met(self) -> bool:
        return (
            self.cast == self.deputies
            and not self.errors
            and self.db.ok
            and self.db.participations == self.deputies
            and self.wall_seconds <= TARGET_WALL_SECONDS
            and (self.confirm_p95_ms <= TARGET_P95_SECONDS * 1000 or not SCENARIOS[self.scenario].latency_target)
        )


@dataclass
class SignInCost:
    parameters: str  # the hash's kind and parameters, e.g. argon2id m=19456,t=2,p=1
    check_ms: float  # one verify_password, median
    check_cpu_ms: float
    python_ms_during_check: float  # CPU the main thread's Python got meanwhile: argon2 releases the GIL
    check_cpu_ms_in_thread: float
    sign_ins: int = DEPUTIES

    @property
    def cpu_seconds(self) -> float:
        return self.sign_ins * self.check_cpu_ms / 1000

    @property
    def wall_seconds_two_cores(self) -> float:
        """At best: both cores busy with nothing else (argon2-cffi releases the GIL, so two threads can)."""
        return self.cpu_seconds / SERVER_CORES


@dataclass
class Results:
    started: str
    app: str
    sign_in: SignInCost | None = None
    runs: list[StoreRun] = field(default_factory=list)


# --- the stores --------------------------------------------------------------------------------


@contextmanager
def sqlite_store(path: Path) -> Iterator[str]:
    """A fresh SQLite file (with its WAL files removed), left in place afterwards for inspection."""
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    yield f"sqlite:///{path.resolve()}"


@contextmanager
def postgres_store(base_url: str, schema: str) -> Iterator[str]:
    """A schema of its own on the PostgreSQL server, created empty and always dropped at the end.

    The app's URL sets search_path to it (libpq `options`), so migrations, the seed and the
    app all stay inside; nothing else in the database is touched.
    """
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", schema):
        raise SystemExit(f"unsafe schema name {schema!r}")
    admin = create_engine(base_url)
    try:
        _schema_ddl(admin, f"DROP SCHEMA IF EXISTS {schema} CASCADE", f"CREATE SCHEMA {schema}")
        url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        reset_engines()  # the set-up's and the checks' pooled connections would hold locks
        try:
            _schema_ddl(admin, f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        finally:
            admin.dispose()


def _schema_ddl(engine: Engine, *statements: str) -> None:
    with engine.begin() as connection:
        connection.execute(text("SET LOCAL lock_timeout = '30s'"))  # never wait forever on a straggler
        for statement in statements:
            connection.execute(text(statement))


def redacted(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


# --- the database set-up ----------------------------------------------------------------------------


def prepare_plenary(url: str, today: date, count: int) -> tuple[OpenRound, list[str]]:
    """The demo database with an open round; the usernames of `count` deputies in its electorate."""
    engine = get_engine(url)  # the app's engine: WAL and BEGIN IMMEDIATE on SQLite, as the server has it
    migrate.prepare(demo_mode=True, today=today, engine=engine)
    with DbSession(engine) as session:
        office = _actor(session, "office")
        round_id, codes = _open_round(session, office, today)
        session.commit()
        view = voting.round_view(session, round_id)
        candidates = tuple(c.id for c in voting.round_candidates(session, round_id))
        electors = session.scalars(
            select(Account.username)
            .join(round_elector, round_elector.c.deputy_id == Account.deputy_id)
            .where(round_elector.c.round_id == round_id, Account.role == "deputy", Account.active.is_(True))
            .order_by(Account.username)
        ).all()
    reset_engines()
    if len(electors) < count:
        raise SystemExit(f"the round's electorate has {len(electors)} deputies with accounts, fewer than {count}")
    return OpenRound(round_id, view.year, view.max_picks, candidates, codes), list(electors[:count])


def _actor(session: DbSession, username: str) -> Actor:
    account = session.scalar(select(Account).where(Account.username == username))
    if account is None:
        raise SystemExit(f"the demo seed has no account {username!r}")
    return accounts.as_actor(account)


def _open_round(session: DbSession, office: Actor, today: date) -> tuple[int, tuple[str, ...]]:
    """The open round; else open the demo's draft round; else make a round of our own and open it.

    Goes through db.voting like the office's page, so the electorate and candidates are frozen
    exactly as in the app.
    """
    rounds = voting.rounds(session)
    for existing in rounds:
        if existing.state == "open":
            return existing.id, ()  # its tellers' shares are not ours: it is not closed at the end
    draft = next((r.id for r in rounds if r.state == "draft" and not _has_projects(session, r.year)), None)
    round_id = voting.create_round(session, office, _free_year(session, today)) if draft is None else draft
    record, shares = tellers.split_key(2, ["监票人甲", "监票人乙", "计票人丙"], demo=False)
    voting.advance(session, office, round_id, key=record)
    return round_id, tuple(code for _, code in shares)


def _has_projects(session: DbSession, year: int) -> bool:
    return session.scalar(select(Project.id).where(Project.year == year).limit(1)) is not None


def _free_year(session: DbSession, today: date) -> int:
    """A year after every round and project, with its Year row and candidates."""
    taken = [today.year, *session.scalars(select(VotingRound.year)), *session.scalars(select(Project.year))]
    year = max(taken) + 1
    if session.get(Year, year) is None:
        session.add(Year(year=year, session_name=f"{year} 年人民代表大会（基准测试）", places=10))
    department = session.scalar(select(Department.id).order_by(Department.id).limit(1))
    if department is None:
        raise SystemExit("the demo seed has no departments")
    session.add_all(
        Candidate(
            year=year,
            title=f"基准测试候选项目 {n}",
            field=FIELDS[n % len(FIELDS)],
            description="基准测试数据",
            lead_department_id=department,
            estimated_budget=Decimal(1000 + n),
            sort_order=n,
        )
        for n in range(1, FALLBACK_CANDIDATES + 1)
    )
    session.flush()
    return year


# --- one deputy's tab ---------------------------------------------------------------------------------


async def arrive(voter: Voter, voting_round: OpenRound) -> None:
    """Open the ballot page, sign in through its form, and learn the ballot's widget ids from what it drew.

    Like a browser, the tab then reports its cookies through the cookie component that
    streamlit-authenticator draws on every page (extra_streamlit_components' CookieManager calls
    setComponentValue as soon as it renders), which makes a second run of the page.
    """
    signed = await sign_in(voter.port, VOTE_PAGE, voter.username, DEMO_PASSWORD)
    voter.session, result = signed.session, signed.result
    _expect_page(result)
    # Opening the page signed out, and the sign-in's run, which draws the page signed in.
    voter.load_seconds = signed.load_seconds + signed.seconds
    voter.load_runs = signed.load_runs + result.script_runs
    box_prefix = f"pick_{voting_round.id}_"
    for kind, element in elements(result.forward):
        widget_id = getattr(element, "id", "")
        if kind == "checkbox" and box_prefix in widget_id:
            # Keyed widgets' ids end with their key: ...-pick_<round>_<candidate>.
            voter.boxes[int(widget_id.rsplit(box_prefix, 1)[1])] = widget_id
        elif kind == "button" and widget_id.endswith(f"-ballot_to_review_{voting_round.id}"):
            voter.submit_id = widget_id
    if set(voter.boxes) != set(voting_round.candidates) or not voter.submit_id:
        raise RuntimeError(f"no ballot form for round {voting_round.id} (checkboxes {sorted(voter.boxes)})")


async def cast(voter: Voter, delay: float, think: float) -> float:
    """Tick the picks (in the browser alone: the ballot is a form), press "next" at `delay` (the
    ticks and the button's trigger in one run: the review), then confirm; return when the receipt
    was shown."""
    assert voter.session is not None
    await asyncio.sleep(delay)
    review = await voter.session.run(_form_submission(voter), keep_body=True, keep_messages=True)
    voter.review_seconds = review.seconds
    _expect_page(review)
    confirm_id = _widget_id(review, "button", "ballot_confirm")
    if confirm_id is None:
        raise RuntimeError(f"no confirm button after the review step: {_alerts(review)}")
    await asyncio.sleep(think)
    confirmed = await voter.session.run([WidgetState(id=confirm_id, trigger_value=True)], keep_messages=True)
    voter.confirm_seconds = confirmed.seconds
    voter.ballot_runs = review.script_runs + confirmed.script_runs
    _expect_page(confirmed)
    receipts = [element.code_text for kind, element in elements(confirmed.forward) if kind == "code"]
    if not receipts or not any(CAST_FINAL in alert for alert in _alerts(confirmed)):
        raise RuntimeError(f"no receipt after confirming: {_alerts(confirmed)}")
    voter.receipt = receipts[0]
    return time.perf_counter()


def _cookie_component(result: RunResult) -> str | None:
    return cookie_component(result)


def _form_submission(voter: Voter) -> list[WidgetState]:
    """What the frontend sends when "next" is pressed: every box's value, and the button's trigger."""
    picks = set(voter.picks)
    states = [WidgetState(id=widget_id, bool_value=candidate in picks) for candidate, widget_id in voter.boxes.items()]
    return [*states, WidgetState(id=voter.submit_id, trigger_value=True)]


def _widget_id(result: RunResult, kind: str, key: str) -> str | None:
    for found_kind, element in elements(result.forward):
        widget_id = getattr(element, "id", "")
        if found_kind == kind and widget_id.endswith(f"-{key}"):
            return str(widget_id)
    return None


def _alerts(result: RunResult) -> list[str]:
    return [str(element.body) for kind, element in elements(result.forward) if kind == "alert"]


def _expect_page(result: RunResult) -> None:
    if result.status != ForwardMsg.FINISHED_SUCCESSFULLY:
        raise RuntimeError(f"the run ended with status {result.status}")
    if any(kind == "exception" for kind, _ in elements(result.forward)):
        raise RuntimeError("the page shows an exception; see the server log")
    if result.body and not all(marker.encode() in result.body for marker in VOTE_PAGE.markers):
        raise RuntimeError("not the ballot page: not signed in?")


# --- the phases -------------------------------------------------------------------------------------------


async def arrive_all(voters: list[Voter], voting_round: OpenRound, concurrency: int) -> None:
    """Every deputy opens the page before the vote is called; a few at a time, as they walk in."""
    gate = asyncio.Semaphore(concurrency)

    async def one(voter: Voter) -> None:
        async with gate:
            try:
                await arrive(voter, voting_round)
            except Exception as error:  # recorded per deputy; the others go on
                voter.error = f"load: {type(error).__name__}: {error}"

    planned = len(voters) / concurrency * RUN_TIMEOUT
    await asyncio.wait_for(asyncio.gather(*(one(v) for v in voters)), planned + PHASE_MARGIN)


async def vote_all(voters: list[Voter], scenario: Scenario, rng: random.Random) -> float:
    """The vote is called: each deputy presses "next" within the spread, then confirms; the wall time."""
    ready = [v for v in voters if not v.error]
    plans = [(rng.uniform(0, scenario.spread), rng.uniform(*scenario.think)) for _ in ready]
    started = time.perf_counter()

    async def one(voter: Voter, delay: float, think: float) -> float:
        try:
            return await cast(voter, delay, think)
        except Exception as error:  # recorded per deputy; the others go on
            voter.error = f"vote: {type(error).__name__}: {error}"
            return math.nan

    limit = scenario.spread + scenario.think[1] + 2 * RUN_TIMEOUT + PHASE_MARGIN
    finished = await asyncio.wait_for(asyncio.gather(*(one(v, *p) for v, p in zip(ready, plans, strict=True))), limit)
    done = [t for t in finished if not math.isnan(t)]
    return max(done) - started if done else math.nan


async def close_all(voters: list[Voter]) -> None:
    tabs = [v.session.ws.close() for v in voters if v.session is not None]
    await asyncio.wait_for(asyncio.gather(*tabs, return_exceptions=True), PHASE_MARGIN)


async def plenary(
    args: argparse.Namespace, url: str, run: StoreRun, voting_round: OpenRound, usernames: list[str]
) -> None:
    """Start the server(s), let the deputies arrive, call the vote, measure; servers stopped after."""
    rng = random.Random(args.seed)
    scenario = SCENARIOS[run.scenario]
    names = {f"plenary-{run.store}-{n + 1}": "app.py" for n in range(run.processes)}
    with servers(url, OUT, names, args.app.resolve()) as running:
        pids = [process.pid for process, _ in running.values()]
        ports = [port for _, port in running.values()]
        voters = [
            Voter(name, _random_picks(rng, voting_round), ports[n % len(ports)]) for n, name in enumerate(usernames)
        ]
        run.rss_kib["at_start"] = _total_rss(pids)
        try:
            cpu, wall = _cpu(pids), time.perf_counter()
            await arrive_all(voters, voting_round, args.arrive_concurrency)
            run.load_wall_seconds = round(time.perf_counter() - wall, 1)
            run.server_cpu_load_seconds = round(_cpu(pids) - cpu, 1)
            run.rss_kib["tabs_loaded"] = _total_rss(pids)
            print(f"  {run.store}/{run.scenario}: {len(voters)} tabs on the ballot page in {run.load_wall_seconds} s")
            cpu = _cpu(pids)
            await asyncio.sleep(args.idle)  # what open, idle tabs cost the server (pings, timers)
            run.server_idle_cores = round((_cpu(pids) - cpu) / args.idle, 3) if args.idle else math.nan
            cpu, client_cpu, load = _cpu(pids), time.process_time(), _load_average()
            run.wall_seconds = round(await vote_all(voters, scenario, rng), 2)
            run.server_cpu_vote_seconds = round(_cpu(pids) - cpu, 1)
            run.client_cpu_vote_seconds = round(time.process_time() - client_cpu, 1)
            run.rss_kib["after_vote"] = _total_rss(pids)
            run.load_average = f"{load} -> {_load_average()}"
        finally:
            await close_all(voters)
        await asyncio.sleep(2)  # let the server drop the closed sessions
        run.rss_kib["tabs_closed"] = _total_rss(pids)
        run.rss_kib["peak"] = sum(memory_kib(pid)["VmHWM"] for pid in pids)
    _summarise(run, voters)
    run.db = check_database(url, voting_round, voters)


def _random_picks(rng: random.Random, voting_round: OpenRound) -> tuple[int, ...]:
    """A valid ballot: any number of candidates from none to the maximum (an empty ballot counts too)."""
    count = rng.randint(0, min(voting_round.max_picks, len(voting_round.candidates)))
    return tuple(sorted(rng.sample(voting_round.candidates, count)))


def _cpu(pids: list[int]) -> float:
    return sum(cpu_seconds(pid) for pid in pids)


def _load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _total_rss(pids: list[int]) -> int:
    return sum(memory_kib(pid)["VmRSS"] for pid in pids)


def _summarise(run: StoreRun, voters: list[Voter]) -> None:
    cast_ok = [v for v in voters if v.receipt]
    run.cast = len(cast_ok)
    run.errors = [f"{v.username}: {v.error}" for v in voters if v.error]
    loads = [v.load_seconds for v in voters if not math.isnan(v.load_seconds)]
    if loads:
        run.load_p50_ms, run.load_p95_ms = _percentiles(loads)
        run.load_runs_per_tab = statistics.mean(v.load_runs for v in voters if v.load_runs)
    reviews = [v.review_seconds for v in voters if not math.isnan(v.review_seconds)]
    if reviews:
        run.review_p50_ms, run.review_p95_ms = _percentiles(reviews)
    if cast_ok:
        confirms = [v.confirm_seconds for v in cast_ok]
        run.confirm_p50_ms, run.confirm_p95_ms = _percentiles(confirms)
        run.confirm_max_ms = round(max(confirms) * 1000, 1)
        run.runs_per_ballot = statistics.mean(v.ballot_runs for v in cast_ok)


def _percentiles(seconds: list[float]) -> tuple[float, float]:
    """Median and p95 (nearest rank), in ms."""
    ordered = sorted(seconds)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return round(statistics.median(ordered) * 1000, 1), round(p95 * 1000, 1)


# --- the checks in the database ---------------------------------------------------------------------------


def check_database(url: str, voting_round: OpenRound, voters: list[Voter]) -> DbCheck:
    """Count what the database holds, compare it with what the tabs sent, then close and tally."""
    check = DbCheck()
    sent = {v.receipt: tuple(sorted(v.picks)) for v in voters if v.receipt}
    expected = Counter(c for picks in sent.values() for c in picks)
    expected_votes = {c: expected.get(c, 0) for c in voting_round.candidates}
    engine = get_engine(url)
    try:
        with DbSession(engine) as session:
            rid = voting_round.id
            check.participations = session.scalar(select(func.count()).where(Participation.round_id == rid)) or 0
            check.ballots = session.scalar(select(func.count()).where(SealedBallot.round_id == rid)) or 0
            took_part = set(
                session.scalars(
                    select(Account.username)
                    .join(Participation, Participation.deputy_id == Account.deputy_id)
                    .where(Participation.round_id == rid)
                )
            )
            check.voters_match = took_part == {v.username for v in voters if v.receipt}
            # Sealed: a receipt is its box's tracker; what a box holds only the count can say.
            trackers = {voting.tracker_of(box) for box in session.scalars(select(SealedBallot.box))}
            check.lost = sum(1 for receipt in sent if receipt not in trackers)
            check.unexpected = sum(1 for tracker in trackers if tracker not in sent)
            check.receipts_match = check.lost == 0 and check.unexpected == 0
            if not voting_round.codes:
                return check
            office = _actor(session, "office")
            session.commit()
            started = time.perf_counter()
            private_key = voting.rebuild_key(session, office, rid, voting_round.codes[:2])
            voting.advance(session, office, rid, private_key=private_key)  # open -> closed: the count
            session.commit()
            check.close_seconds = time.perf_counter() - started
            check.closed = True
            stored = _stored_ballots(session, rid)
            direct = Counter(c for picks in stored for c in picks)
            check.direct_count_match = {c: direct.get(c, 0) for c in voting_round.candidates} == expected_votes
            tally = voting.results(session, rid).tally
            check.tally_match = {line.candidate_id: line.votes for line in tally.lines} == expected_votes
    finally:
        reset_engines()
    return check


def _stored_ballots(session: DbSession, round_id: int) -> list[tuple[int, ...]]:
    """The counted ballots' picks (sorted), every ballot of the round (empty ones too)."""
    rows = session.execute(
        select(Ballot.id, BallotPick.candidate_id)
        .outerjoin(BallotPick, BallotPick.ballot_id == Ballot.id)
        .where(Ballot.round_id == round_id)
    )
    picks: dict[str, list[int]] = {}
    for ballot_id, candidate in rows:
        picks.setdefault(ballot_id, [])
        if candidate is not None:
            picks[ballot_id].append(candidate)
    return [tuple(sorted(c)) for c in picks.values()]


# --- sign-in cost -------------------------------------------------------------------------------------------------


def sign_in_cost(checks: int) -> SignInCost:
    """One check of db.passwords at its production parameters (argon2id), and whether it blocks other threads."""
    stored = passwords.hash_password(DEMO_PASSWORD)
    kind, _version, parameters = stored.split("$")[1:4]
    walls, cpus = [], []
    for _ in range(checks):
        wall, cpu = time.perf_counter(), time.thread_time()
        # The hasher itself: verify_password hands it to its pool's threads, whose CPU thread_time misses.
        assert passwords.HASHER.verify(stored, DEMO_PASSWORD)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.thread_time() - cpu)
    python_ms, check_cpu_ms = _python_during_check(stored)
    return SignInCost(
        f"{kind} {parameters}",
        round(statistics.median(walls) * 1000, 1),
        round(statistics.median(cpus) * 1000, 1),
        round(python_ms, 1),
        round(check_cpu_ms, 1),
    )


def _python_during_check(stored: str) -> tuple[float, float]:
    """CPU ms the main thread got for Python code while another thread ran one check, and the check's CPU ms.

    If the hash held the GIL, the main thread would get next to nothing: then sign-ins could use
    only one core of the server, and would stall every ballot run of that process meanwhile.
    """
    done = threading.Event()
    check_cpu: list[float] = []

    def check() -> None:
        started = time.thread_time()
        passwords.HASHER.verify(stored, DEMO_PASSWORD)
        check_cpu.append(time.thread_time() - started)
        done.set()

    worker = threading.Thread(target=check, daemon=True)
    started = time.thread_time()
    worker.start()
    spins = 0
    while not done.is_set():  # pure Python: runs only while holding the GIL
        spins += 1
    python = time.thread_time() - started
    worker.join(timeout=30)
    return python * 1000, check_cpu[0] * 1000


# --- report ---------------------------------------------------------------------------------------------------------


def report(results: Results, args: argparse.Namespace) -> str:
    scenarios = "; ".join(
        f"{s.name}: deputies start within {s.spread:g} s, confirm {s.think[0]:g}-{s.think[1]:g} s after the review"
        for s in (SCENARIOS[name] for name in args.scenarios)
    )
    lines = [
        f"民生实事 plenary benchmark, {results.started}",
        f"app {results.app}",
        f"{args.deputies} deputies, one tab each over the websocket (ordinary delayed-ACK TCP clients),"
        f" signed in through the sign-in form; {scenarios}",
        "",
        "| store | scenario | procs | cast | errors | wall s | review p50/p95 ms | confirm p50/p95 ms | max ms |"
        " runs/ballot | server CPU s | RSS MiB start/loaded/after/peak | DB check |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in results.runs:
        rss = r.rss_kib
        lines.append(
            f"| {r.store} | {r.scenario} | {r.processes} | {r.cast}/{r.deputies} | {len(r.errors)} |"
            f" {r.wall_seconds:.1f} | {r.review_p50_ms:.0f} / {r.review_p95_ms:.0f} |"
            f" {r.confirm_p50_ms:.0f} / {r.confirm_p95_ms:.0f} | {r.confirm_max_ms:.0f} | {r.runs_per_ballot:.2f} |"
            f" {r.server_cpu_vote_seconds:.1f} |"
            f" {_mib(rss, 'at_start')} / {_mib(rss, 'tabs_loaded')} / {_mib(rss, 'after_vote')} / {_mib(rss, 'peak')} |"
            f" {_db_summary(r.db)} |"
        )
    lines.append("")
    for r in results.runs:
        lines += _details(r)
    if results.sign_in:
        lines += _sign_in_lines(results.sign_in)
    lines += [
        "",
        f"Targets: all {args.deputies} cast in <= {TARGET_WALL_SECONDS:.0f} s, confirm p95 <="
        f" {TARGET_P95_SECONDS} s, none lost or doubled:",
    ]
    for r in results.runs:
        lines.append(
            f"  {r.store}/{r.scenario}/{r.processes} process(es): wall {r.wall_seconds:.1f} s,"
            f" confirm p95 {r.confirm_p95_ms / 1000:.2f} s"
            f"{'' if SCENARIOS[r.scenario].latency_target else ' (no p95 target: all at one instant)'},"
            f" {r.cast}/{r.deputies} cast,"
            f" DB {'ok' if r.db.ok else 'NOT OK'}: {'met' if r.targets_met else 'MISSED'}"
        )
    return "\n".join(lines)


def _details(r: StoreRun) -> list[str]:
    lines = [
        f"{r.store}/{r.scenario} ({r.processes} process(es)): round of {r.candidates} candidates, up to"
        f" {r.max_picks} picks; set-up {r.setup_seconds:.1f} s; {r.deputies} tabs loaded the ballot page in"
        f" {r.load_wall_seconds:.1f} s (p50 {r.load_p50_ms:.0f} ms, p95 {r.load_p95_ms:.0f} ms,"
        f" {r.load_runs_per_tab:.2f} script runs each, server CPU {r.server_cpu_load_seconds:.1f} s);"
        f" idle with all tabs open: {r.server_idle_cores:.3f} cores; vote: server CPU {r.server_cpu_vote_seconds:.1f} s"
        f" ({_per_ballot_ms(r):.0f} ms a ballot), load generator CPU {r.client_cpu_vote_seconds:.1f} s;"
        f" RSS after closing the tabs {_mib(r.rss_kib, 'tabs_closed')} MiB; load average {r.load_average}.",
        f"  DB: participations {r.db.participations}, ballots {r.db.ballots}, lost {r.db.lost},"
        f" unexpected {r.db.unexpected}, voters match {r.db.voters_match}, receipts match {r.db.receipts_match},"
        f" direct ballot_pick count match {r.db.direct_count_match}, tally after closing match {r.db.tally_match}.",
    ]
    lines += [f"  error: {e}" for e in r.errors[:10]]
    if len(r.errors) > 10:
        lines.append(f"  ... and {len(r.errors) - 10} more errors")
    return lines


def _sign_in_lines(cost: SignInCost) -> list[str]:
    return [
        "",
        f"Sign-in ({cost.parameters}, db/system/passwords.py): one password check {cost.check_ms:.0f} ms"
        f" ({cost.check_cpu_ms:.0f} ms CPU); while a thread ran one ({cost.check_cpu_ms_in_thread:.0f} ms CPU),"
        f" Python in another thread got {cost.python_ms_during_check:.0f} ms CPU: the hash"
        f" {'releases' if cost.python_ms_during_check > cost.check_cpu_ms_in_thread / 4 else 'HOLDS'} the GIL.",
        f"  {cost.sign_ins} sign-ins = {cost.cpu_seconds:.0f} CPU s: at least {cost.wall_seconds_two_cores:.0f} s of"
        f" both cores of this {SERVER_CORES}-core machine doing nothing else.",
    ]


def _per_ballot_ms(r: StoreRun) -> float:
    return r.server_cpu_vote_seconds / r.cast * 1000 if r.cast else math.nan


def _mib(rss: dict[str, int], key: str) -> str:
    return f"{rss[key] / 1024:.0f}" if key in rss else "-"


def _db_summary(check: DbCheck) -> str:
    counts = f"{check.participations}={check.ballots}"
    return f"ok ({counts})" if check.ok else f"NOT OK ({counts}, lost {check.lost}, unexpected {check.unexpected})"


# --- main ---------------------------------------------------------------------------------------------------------


@contextmanager
def store(name: str, args: argparse.Namespace) -> Iterator[str]:
    if name == "sqlite":
        with sqlite_store(SQLITE_FILE) as url:
            yield url
    else:
        with postgres_store(args.pg_url, args.pg_schema) as url:
            yield url


def run_store(args: argparse.Namespace, name: str, scenario: str) -> StoreRun:
    """A fresh database for each run: a deputy can vote only once."""
    today = clock.today()
    with store(name, args) as url:
        started = time.perf_counter()
        voting_round, usernames = prepare_plenary(url, today, args.deputies)
        run = StoreRun(
            name,
            scenario,
            args.processes,
            len(usernames),
            len(voting_round.candidates),
            voting_round.max_picks,
            setup_seconds=round(time.perf_counter() - started, 1),
        )
        print(f"  {name}/{scenario}: {redacted(url)}, round {voting_round.id} ({voting_round.year}) open")
        asyncio.run(plenary(args, url, run, voting_round, usernames))
    return run


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stores", nargs="+", choices=("sqlite", "postgresql"), default=["sqlite", "postgresql"])
    parser.add_argument("--scenarios", nargs="+", choices=tuple(SCENARIOS), default=["paced", "burst"])
    parser.add_argument("--deputies", type=int, default=DEPUTIES)
    parser.add_argument("--app", type=Path, default=ROOT, help="the checkout the server runs (A/B runs); same schema")
    parser.add_argument("--processes", type=int, default=1, help="app server processes; each tab sticks to one")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG_URL))
    parser.add_argument("--pg-schema", default=PG_SCHEMA, help="created, used and dropped by the benchmark")
    parser.add_argument("--arrive-concurrency", type=int, default=8, help="tabs loading the page at once")
    parser.add_argument("--spread", type=float, help="the paced scenario's spread (seconds)")
    parser.add_argument("--think", type=float, nargs=2, metavar=("MIN", "MAX"), help="the paced scenario's think time")
    parser.add_argument("--hash-checks", "--bcrypt-checks", type=int, default=5, help="0 skips the sign-in cost")
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--idle", type=float, default=5.0, help="seconds to watch the server idle before the vote")
    args = parser.parse_args(argv)
    paced = SCENARIOS["paced"]
    spread = paced.spread if args.spread is None else args.spread
    think = (args.think[0], args.think[1]) if args.think else paced.think
    SCENARIOS["paced"] = Scenario("paced", spread, think, paced.latency_target)
    OUT.mkdir(parents=True, exist_ok=True)
    results = Results(started=datetime.now().isoformat(timespec="seconds"), app=describe(args.app))
    if args.hash_checks:
        results.sign_in = sign_in_cost(args.hash_checks)
        print(f"  password hash: {results.sign_in.check_ms} ms a check")
    try:
        for name in args.stores:
            for scenario in args.scenarios:
                results.runs.append(run_store(args, name, scenario))
    finally:
        text_report = report(results, args)
        print()
        print(text_report)
        (OUT / "plenary.json").write_text(json.dumps(asdict(results), indent=2, ensure_ascii=False, default=str))
        (OUT / "plenary.txt").write_text(text_report + "\n")


if __name__ == "__main__":
    main()
