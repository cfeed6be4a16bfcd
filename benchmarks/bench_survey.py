"""The satisfaction survey: 377 deputies answer it at once over Streamlit's websocket protocol.

Builds a demo database (SQLite file, and a dedicated schema on PostgreSQL), closes the demo's
open round (with its demo share) and opens this year's 年终 round with three tellers as the
office account, starts `streamlit run app.py`, and drives one browser tab per deputy, signed in
through the sign-in form (as bench_plenary.py does): load the survey page, set a level (and
sometimes a comment) for every project inside the form and submit it (the review step), then
press submit (the answers are sealed and stored in the button's callback and the next run says
"测评已提交"). Afterwards it checks the database: one participation per deputy and beside it
one sealed answer set (nothing readable while open); then the tellers' closing (two of the
three shares made when the round opened) and one rating per deputy and project holding exactly
the level and comment sent, and the counts frozen when the round closes equal to what the load
generator sent.

    .venv/bin/python benchmarks/bench_survey.py                      # SQLite, PostgreSQL 1 and 2 processes
    .venv/bin/python benchmarks/bench_survey.py --runs sqlite:1 --deputies 20   # quick check

Every wait has a timeout; servers are stopped and the PostgreSQL schema dropped at the end,
also on errors or Ctrl-C. Results: benchmarks/out/survey.txt and survey.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the app's db package, for the set-up and the checks

from bench_plenary import (
    DEFAULT_PG_URL,
    PHASE_MARGIN,
    _actor,
    _alerts,
    _cpu,
    _load_average,
    _percentiles,
    _total_rss,
    _widget_id,
    postgres_store,
    redacted,
    sqlite_store,
)
from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from wsclient import (
    OUT,
    RUN_TIMEOUT,
    Page,
    RunResult,
    Session,
    describe,
    elements,
    memory_kib,
    servers,
    sign_in,
)

from components.text.catalogue import CATALOGUE
from db.core import (
    clock,
    migrate,
)
from db.core.session import get_engine, reset_engines
from db.demo.pool.people import DEMO_PASSWORD
from db.demo.pool.satisfaction import COMMENTS
from db.secret_ballot import tellers
from db.survey import results as survey_results
from db.survey import rounds as survey_rounds
from db.survey.models import SealedAnswers, SurveyParticipation, SurveyRating, survey_voter
from db.survey.rules import Level
from db.system.models import Account

DEPUTIES = 377
PG_SCHEMA = "bench_survey"
SQLITE_FILE = OUT / "survey.sqlite3"
SURVEY_PAGE = Page("survey", "survey", markers=("满意度测评",))
RECEIVED = "测评已提交"  # survey.received_now, shown after the submission
SPREAD = 30.0  # the deputies press "next" at uniformly random moments within this many seconds
THINK = (2.0, 5.0)  # seconds between seeing the review and pressing submit
# A realistic mix (the demo's closed rounds: mostly 满意, a few 不满意 and 弃权).
LEVEL_MIX = {Level.SATISFIED: 0.70, Level.BASICALLY_SATISFIED: 0.20, Level.DISSATISFIED: 0.06, Level.ABSTAIN: 0.04}
LEVEL_NAMES = tuple(CATALOGUE[level.label_key][0] for level in Level)  # 满意, …, 弃权
COMMENT_SHARE = 0.20  # of the answers other than 弃权, a short comment (the demo's texts)
DEFAULT_RUNS = ("sqlite:1", "postgresql:1", "postgresql:2")


@dataclass(frozen=True)
class OpenSurvey:
    id: int
    year: int
    projects: tuple[int, ...]
    codes: tuple[str, ...] = ()  # the tellers' shares made when this run opened the round


@dataclass
class Rater:
    """One deputy's tab and what happened in it."""

    username: str
    answers: dict[int, tuple[str, str]]  # project id -> (level, comment), what the deputy enters
    port: int
    session: Session | None = None
    radios: dict[int, str] = field(default_factory=dict)  # project id -> the level radio's widget id
    comments: dict[int, str] = field(default_factory=dict)  # project id -> the comment text area's widget id
    options: tuple[str, ...] = ()  # the radio's options as drawn (the level names in the tab's language)
    submit_id: str = ""  # the form's submit button ("next")
    load_seconds: float = math.nan
    review_seconds: float = math.nan
    submit_seconds: float = math.nan
    load_runs: int = 0
    answer_runs: int = 0  # script runs of the review and submit steps
    received: bool = False
    error: str = ""


@dataclass
class DbCheck:
    participations: int = 0
    sealed: int = 0  # sealed answer sets while open: one per participation, and no rating row
    ratings: int = 0  # written by the tellers' closing
    expected_ratings: int = 0  # answered deputies x projects
    raters_match: bool = False  # the deputies who took part are exactly those told "测评已提交"
    ratings_match: bool = False  # the (project, level, comment) rows are exactly those sent
    direct_count_match: bool = False  # survey_rating rows per project and level = answers sent
    results_match: bool = False  # the counts frozen on closing (db.survey.results.results) = answers sent
    responded: int = 0  # results().responses after closing
    closed: bool = False
    close_seconds: float = math.nan  # rebuilding the key from two shares, opening every box, counting

    @property
    def ok(self) -> bool:
        return (
            self.sealed == self.participations
            and self.ratings == self.expected_ratings
            and self.responded == self.participations
            and self.raters_match
            and self.ratings_match
            and self.direct_count_match
            and self.results_match
        )


@dataclass
class StoreRun:
    store: str
    processes: int
    deputies: int
    projects: int
    comments_sent: int = 0
    setup_seconds: float = 0.0
    load_wall_seconds: float = 0.0
    load_p50_ms: float = math.nan
    load_p95_ms: float = math.nan
    wall_seconds: float = math.nan  # from the call to the last "测评已提交"
    answered: int = 0
    errors: list[str] = field(default_factory=list)
    review_p50_ms: float = math.nan
    review_p95_ms: float = math.nan
    submit_p50_ms: float = math.nan
    submit_p95_ms: float = math.nan
    submit_max_ms: float = math.nan
    load_runs_per_tab: float = math.nan
    runs_per_answer: float = math.nan  # review + submit
    server_cpu_load_seconds: float = 0.0
    server_cpu_survey_seconds: float = 0.0
    server_idle_cores: float = math.nan
    client_cpu_survey_seconds: float = 0.0
    load_average: str = ""
    rss_kib: dict[str, int] = field(default_factory=dict)
    db: DbCheck = field(default_factory=DbCheck)

    @property
    def cpu_ms_per_answer(self) -> float:
        return self.server_cpu_survey_seconds / self.answered * 1000 if self.answered else math.nan


@dataclass
class Results:
    started: str
    app: str
    runs: list[StoreRun] = field(default_factory=list)


# --- the database set-up ------------------------------------------------------------------------------


def prepare_survey(url: str, today: date, count: int) -> tuple[OpenSurvey, list[str]]:
    """The demo database; its open rounds closed, this year's 年终 round opened; `count` of its voters."""
    engine = get_engine(url)  # the app's engine: WAL and BEGIN IMMEDIATE on SQLite, as the server has it
    migrate.prepare(demo_mode=True, today=today, engine=engine)
    with DbSession(engine) as session:
        office = _actor(session, "office")
        for survey in survey_rounds.rounds(session):
            if survey.state == "open":  # the demo's 年中 round, answered by some: closed with its demo share
                demo_key = survey_rounds.key_record(session, survey.id)
                codes = demo_key.demo_shares if demo_key else ()
                private_key = survey_rounds.rebuild_key(session, office, survey.id, codes)
                survey_rounds.advance(session, office, survey.id, private_key=private_key)
        round_id = survey_rounds.create_round(session, office, today.year, "yearend")
        record, shares = tellers.split_key(2, ["监票人甲", "监票人乙", "计票人丙"], demo=False)
        survey_rounds.advance(session, office, round_id, key=record)
        session.commit()
        view = survey_rounds.round_view(session, round_id)
        voters = session.scalars(
            select(Account.username)
            .join(survey_voter, survey_voter.c.deputy_id == Account.deputy_id)
            .where(survey_voter.c.round_id == round_id, Account.role == "deputy", Account.active.is_(True))
            .order_by(Account.username)
        ).all()
    reset_engines()
    if len(voters) < count:
        raise SystemExit(f"the round's voters hold {len(voters)} deputy accounts, fewer than {count}")
    codes = tuple(code for _, code in shares)
    return OpenSurvey(round_id, view.year, view.project_ids, codes), list(voters[:count])


def _random_answers(rng: random.Random, survey: OpenSurvey) -> dict[int, tuple[str, str]]:
    levels = rng.choices(list(LEVEL_MIX), weights=list(LEVEL_MIX.values()), k=len(survey.projects))
    answers: dict[int, tuple[str, str]] = {}
    for project, level in zip(survey.projects, levels, strict=True):
        comment = rng.choice(COMMENTS[level]) if level in COMMENTS and rng.random() < COMMENT_SHARE else ""
        answers[project] = (level, comment)
    return answers


# --- one deputy's tab ---------------------------------------------------------------------------------


async def arrive(rater: Rater, survey: OpenSurvey) -> None:
    """Open the survey page, sign in through its form, learn the survey form's ids."""
    signed = await sign_in(rater.port, SURVEY_PAGE, rater.username, DEMO_PASSWORD)
    rater.session, result = signed.session, signed.result
    _expect_page(result)
    # Opening the page signed out, and the sign-in's run, which draws the page signed in.
    rater.load_seconds = signed.load_seconds + signed.seconds
    rater.load_runs = signed.load_runs + result.script_runs
    level_prefix, comment_prefix = f"survey_level_{survey.id}_", f"survey_comment_{survey.id}_"
    for kind, element in elements(result.forward):
        widget_id = getattr(element, "id", "")
        # Keyed widgets' ids end with their key: ...-survey_level_<round>_<project>.
        if kind == "radio" and level_prefix in widget_id:
            rater.radios[int(widget_id.rsplit(level_prefix, 1)[1])] = widget_id
            rater.options = tuple(element.options)
        elif kind == "text_area" and comment_prefix in widget_id:
            rater.comments[int(widget_id.rsplit(comment_prefix, 1)[1])] = widget_id
        elif kind == "button" and element.is_form_submitter and element.form_id == f"survey_form_{survey.id}":
            rater.submit_id = widget_id
    wanted = set(survey.projects)
    if set(rater.radios) != wanted or set(rater.comments) != wanted or not rater.submit_id:
        raise RuntimeError(f"no survey form for round {survey.id} (radios {sorted(rater.radios)}): {_alerts(result)}")
    if rater.options != LEVEL_NAMES:
        raise RuntimeError(f"the level radio offers {rater.options}, not {LEVEL_NAMES}")


async def answer(rater: Rater, delay: float, think: float) -> float:
    """Submit the form with the answers (review), then press submit; return when "测评已提交" was shown."""
    assert rater.session is not None
    await asyncio.sleep(delay)
    review = await rater.session.run(_form_submission(rater), keep_body=True, keep_messages=True)
    rater.review_seconds = review.seconds
    _expect_page(review)
    submit_id = _widget_id(review, "button", "survey_submit")
    if submit_id is None:
        raise RuntimeError(f"no submit button after the review step: {_alerts(review)}")
    await asyncio.sleep(think)
    submitted = await rater.session.run(
        [WidgetState(id=submit_id, trigger_value=True)], keep_body=True, keep_messages=True
    )
    rater.submit_seconds = submitted.seconds
    rater.answer_runs = review.script_runs + submitted.script_runs
    _expect_page(submitted)
    if not any(RECEIVED in alert for alert in _alerts(submitted)):
        raise RuntimeError(f"no {RECEIVED!r} after submitting: {_alerts(submitted)}")
    rater.received = True
    return time.perf_counter()


def _form_submission(rater: Rater) -> list[WidgetState]:
    """What the frontend sends when the form is submitted: the fields' values (a radio's is the option's
    text), and the submit trigger. Comment boxes left empty are not sent: they keep their empty default."""
    states = []
    for project, (level, comment) in rater.answers.items():
        option = rater.options[Level.codes().index(level)]
        states.append(WidgetState(id=rater.radios[project], string_value=option))
        if comment:
            states.append(WidgetState(id=rater.comments[project], string_value=comment))
    return [*states, WidgetState(id=rater.submit_id, trigger_value=True)]


def _expect_page(result: RunResult) -> None:
    if result.status != ForwardMsg.FINISHED_SUCCESSFULLY:
        raise RuntimeError(f"the run ended with status {result.status}")
    if any(kind == "exception" for kind, _ in elements(result.forward)):
        raise RuntimeError("the page shows an exception; see the server log")
    if result.body and not all(marker.encode() in result.body for marker in SURVEY_PAGE.markers):
        raise RuntimeError("not the survey page: not signed in?")


# --- the phases -------------------------------------------------------------------------------------------


async def arrive_all(raters: list[Rater], survey: OpenSurvey, concurrency: int) -> None:
    """Every deputy opens the page before the survey is called; a few at a time."""
    gate = asyncio.Semaphore(concurrency)

    async def one(rater: Rater) -> None:
        async with gate:
            try:
                await arrive(rater, survey)
            except Exception as error:  # recorded per deputy; the others go on
                rater.error = f"load: {type(error).__name__}: {error}"

    planned = len(raters) / concurrency * RUN_TIMEOUT
    await asyncio.wait_for(asyncio.gather(*(one(r) for r in raters)), planned + PHASE_MARGIN)


async def answer_all(raters: list[Rater], spread: float, think: tuple[float, float], rng: random.Random) -> float:
    """The survey is called: each deputy presses "next" within the spread, then submits; the wall time."""
    ready = [r for r in raters if not r.error]
    plans = [(rng.uniform(0, spread), rng.uniform(*think)) for _ in ready]
    started = time.perf_counter()

    async def one(rater: Rater, delay: float, pause: float) -> float:
        try:
            return await answer(rater, delay, pause)
        except Exception as error:  # recorded per deputy; the others go on
            rater.error = f"answer: {type(error).__name__}: {error}"
            return math.nan

    limit = spread + think[1] + 2 * RUN_TIMEOUT + PHASE_MARGIN
    finished = await asyncio.wait_for(asyncio.gather(*(one(r, *p) for r, p in zip(ready, plans, strict=True))), limit)
    done = [t for t in finished if not math.isnan(t)]
    return max(done) - started if done else math.nan


async def close_all(raters: list[Rater]) -> None:
    tabs = [r.session.ws.close() for r in raters if r.session is not None]
    await asyncio.wait_for(asyncio.gather(*tabs, return_exceptions=True), PHASE_MARGIN)


async def survey_day(
    args: argparse.Namespace, url: str, run: StoreRun, survey: OpenSurvey, usernames: list[str]
) -> list[Rater]:
    """Start the server(s), let the deputies arrive, call the survey, measure; servers stopped after."""
    rng = random.Random(args.seed)
    names = {f"survey-{run.store}-{n + 1}": "app.py" for n in range(run.processes)}
    env = {}
    if args.profile_server:  # benchmarks/profiling/sitecustomize.py profiles every script run
        env = {"PYTHONPATH": str(ROOT / "benchmarks" / "profiling"), "MINSHENG_PROFILE_OUT": str(OUT / "survey.prof")}
    with servers(url, OUT, names, args.app.resolve(), env=env) as running:
        pids = [process.pid for process, _ in running.values()]
        ports = [port for _, port in running.values()]
        raters = [Rater(name, _random_answers(rng, survey), ports[n % len(ports)]) for n, name in enumerate(usernames)]
        run.comments_sent = sum(1 for r in raters for _, comment in r.answers.values() if comment)
        run.rss_kib["at_start"] = _total_rss(pids)
        try:
            cpu, wall = _cpu(pids), time.perf_counter()
            await arrive_all(raters, survey, args.arrive_concurrency)
            run.load_wall_seconds = round(time.perf_counter() - wall, 1)
            run.server_cpu_load_seconds = round(_cpu(pids) - cpu, 1)
            run.rss_kib["tabs_loaded"] = _total_rss(pids)
            print(f"  {run.store}/{run.processes}: {len(raters)} tabs on the survey page in {run.load_wall_seconds} s")
            cpu = _cpu(pids)
            await asyncio.sleep(args.idle)
            run.server_idle_cores = round((_cpu(pids) - cpu) / args.idle, 3) if args.idle else math.nan
            cpu, client_cpu, load = _cpu(pids), time.process_time(), _load_average()
            run.wall_seconds = round(await answer_all(raters, args.spread, (args.think[0], args.think[1]), rng), 2)
            run.server_cpu_survey_seconds = round(_cpu(pids) - cpu, 1)
            run.client_cpu_survey_seconds = round(time.process_time() - client_cpu, 1)
            run.rss_kib["after_survey"] = _total_rss(pids)
            run.load_average = f"{load} -> {_load_average()}"
        finally:
            await close_all(raters)
        await asyncio.sleep(2)  # let the server drop the closed sessions
        run.rss_kib["tabs_closed"] = _total_rss(pids)
        run.rss_kib["peak"] = sum(memory_kib(pid)["VmHWM"] for pid in pids)
    return raters


def _summarise(run: StoreRun, raters: list[Rater]) -> None:
    answered = [r for r in raters if r.received]
    run.answered = len(answered)
    run.errors = [f"{r.username}: {r.error}" for r in raters if r.error]
    loads = [r.load_seconds for r in raters if not math.isnan(r.load_seconds)]
    if loads:
        run.load_p50_ms, run.load_p95_ms = _percentiles(loads)
        run.load_runs_per_tab = statistics.mean(r.load_runs for r in raters if r.load_runs)
    reviews = [r.review_seconds for r in raters if not math.isnan(r.review_seconds)]
    if reviews:
        run.review_p50_ms, run.review_p95_ms = _percentiles(reviews)
    if answered:
        submits = [r.submit_seconds for r in answered]
        run.submit_p50_ms, run.submit_p95_ms = _percentiles(submits)
        run.submit_max_ms = round(max(submits) * 1000, 1)
        run.runs_per_answer = statistics.mean(r.answer_runs for r in answered)


# --- the checks in the database ---------------------------------------------------------------------------


def check_database(url: str, survey: OpenSurvey, raters: list[Rater]) -> DbCheck:
    """Count what the database holds, compare it with what the tabs sent, then close and compare the results."""
    check = DbCheck()
    answered = [r for r in raters if r.received]
    sent = Counter((p, level, comment) for r in answered for p, (level, comment) in r.answers.items())
    expected = _by_project_and_level(survey, sent)
    check.expected_ratings = len(answered) * len(survey.projects)
    engine = get_engine(url)
    try:
        with DbSession(engine) as session:
            rid = survey.id
            check.participations = session.scalar(select(func.count()).where(SurveyParticipation.round_id == rid)) or 0
            check.sealed = session.scalar(select(func.count()).where(SealedAnswers.round_id == rid)) or 0
            took_part = set(
                session.scalars(
                    select(Account.username)
                    .join(SurveyParticipation, SurveyParticipation.deputy_id == Account.deputy_id)
                    .where(SurveyParticipation.round_id == rid)
                )
            )
            check.raters_match = took_part == {r.username for r in answered}
            session.commit()
            # The tellers' closing, as the office's page does it: two of the three shares (one is lost).
            started = time.perf_counter()
            office = _actor(session, "office")
            private_key = survey_rounds.rebuild_key(session, office, rid, [survey.codes[2], survey.codes[0]])
            survey_rounds.advance(session, office, rid, private_key=private_key)  # open -> closed: results frozen
            session.commit()
            check.close_seconds = time.perf_counter() - started
            check.ratings = session.scalar(select(func.count()).where(SurveyRating.round_id == rid)) or 0
            rows = select(SurveyRating.project_id, SurveyRating.level, SurveyRating.comment).where(
                SurveyRating.round_id == rid
            )
            stored = Counter((p, level, comment) for p, level, comment in session.execute(rows))
            check.ratings_match = stored == sent
            check.direct_count_match = _by_project_and_level(survey, stored) == expected
            check.closed = True
            results = survey_results.results(session, rid)
            check.responded = results.responses.responded
            frozen = {(line.project_id, level): getattr(line.count, level) for line in results.lines for level in Level}
            check.results_match = frozen == expected
    finally:
        reset_engines()
    return check


def _by_project_and_level(survey: OpenSurvey, rows: Counter[tuple[int, str, str]]) -> dict[tuple[int, str], int]:
    counts: dict[tuple[int, str], int] = dict.fromkeys(((p, level) for p in survey.projects for level in Level), 0)
    for (project, level, _), number in rows.items():
        counts[(project, level)] = counts.get((project, level), 0) + number
    return counts


# --- report ---------------------------------------------------------------------------------------------------------


def report(results: Results, args: argparse.Namespace) -> str:
    mix = ", ".join(f"{CATALOGUE[level.label_key][0]} {share:.0%}" for level, share in LEVEL_MIX.items())
    lines = [
        f"民生实事 satisfaction survey benchmark, {results.started}",
        f"app {results.app}",
        f"{args.deputies} deputies, one tab each over the websocket (ordinary delayed-ACK TCP clients), signed in"
        f" through the sign-in form; each presses 'next' within {args.spread:g} s and submits"
        f" {args.think[0]:g}-{args.think[1]:g} s"
        f" after the review; levels {mix}; a comment on {COMMENT_SHARE:.0%} of the other answers",
        "",
        "| store | procs | answered | errors | all answered s | review p50/p95 ms | submit p50/p95 ms | max ms |"
        " runs/answer | server CPU s | CPU ms/answer | RSS MiB start/loaded/after/peak | DB check |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in results.runs:
        rss = r.rss_kib
        lines.append(
            f"| {r.store} | {r.processes} | {r.answered}/{r.deputies} | {len(r.errors)} | {r.wall_seconds:.1f} |"
            f" {r.review_p50_ms:.0f} / {r.review_p95_ms:.0f} | {r.submit_p50_ms:.0f} / {r.submit_p95_ms:.0f} |"
            f" {r.submit_max_ms:.0f} | {r.runs_per_answer:.2f} | {r.server_cpu_survey_seconds:.1f} |"
            f" {r.cpu_ms_per_answer:.0f} |"
            f" {_mib(rss, 'at_start')} / {_mib(rss, 'tabs_loaded')} / {_mib(rss, 'after_survey')} /"
            f" {_mib(rss, 'peak')} | {_db_summary(r.db)} |"
        )
    lines.append("")
    for r in results.runs:
        lines += _details(r)
    return "\n".join(lines)


def _details(r: StoreRun) -> list[str]:
    lines = [
        f"{r.store} ({r.processes} process(es)): round of {r.projects} projects, {r.comments_sent} comments sent;"
        f" set-up {r.setup_seconds:.1f} s; {r.deputies} tabs loaded the survey page in {r.load_wall_seconds:.1f} s"
        f" (p50 {r.load_p50_ms:.0f} ms, p95 {r.load_p95_ms:.0f} ms, {r.load_runs_per_tab:.2f} script runs each,"
        f" server CPU {r.server_cpu_load_seconds:.1f} s); idle with all tabs open: {r.server_idle_cores:.3f} cores;"
        f" survey: server CPU {r.server_cpu_survey_seconds:.1f} s ({r.cpu_ms_per_answer:.0f} ms an answer),"
        f" load generator CPU {r.client_cpu_survey_seconds:.1f} s; RSS after closing the tabs"
        f" {_mib(r.rss_kib, 'tabs_closed')} MiB; load average {r.load_average}.",
        f"  DB: participations {r.db.participations}, ratings {r.db.ratings} (expected {r.db.expected_ratings}),"
        f" raters match {r.db.raters_match}, every (project, level, comment) match {r.db.ratings_match},"
        f" direct count match {r.db.direct_count_match}, closed {r.db.closed}, responded {r.db.responded},"
        f" frozen results match {r.db.results_match}.",
    ]
    lines += [f"  error: {e}" for e in r.errors[:10]]
    if len(r.errors) > 10:
        lines.append(f"  ... and {len(r.errors) - 10} more errors")
    return lines


def _mib(rss: dict[str, int], key: str) -> str:
    return f"{rss[key] / 1024:.0f}" if key in rss else "-"


def _db_summary(check: DbCheck) -> str:
    counts = f"{check.participations} / {check.sealed} sealed / {check.ratings}, closed in {check.close_seconds:.2f} s"
    return f"ok ({counts})" if check.ok else f"NOT OK ({counts}, expected {check.expected_ratings} ratings)"


# --- main ---------------------------------------------------------------------------------------------------------


@contextmanager
def store(name: str, args: argparse.Namespace) -> Iterator[str]:
    if name == "sqlite":
        with sqlite_store(SQLITE_FILE) as url:
            yield url
    else:
        with postgres_store(args.pg_url, args.pg_schema) as url:
            yield url


def run_store(args: argparse.Namespace, name: str, processes: int) -> StoreRun:
    """A fresh database for each run: a deputy answers a round only once."""
    today = clock.today()
    with store(name, args) as url:
        started = time.perf_counter()
        survey, usernames = prepare_survey(url, today, args.deputies)
        run = StoreRun(
            name, processes, len(usernames), len(survey.projects), setup_seconds=round(time.perf_counter() - started, 1)
        )
        print(f"  {name}/{processes}: {redacted(url)}, round {survey.id} ({survey.year} 年终) open")
        raters = asyncio.run(survey_day(args, url, run, survey, usernames))
        _summarise(run, raters)
        run.db = check_database(url, survey, raters)
    return run


def _run_spec(spec: str) -> tuple[str, int]:
    name, _, processes = spec.partition(":")
    if name not in ("sqlite", "postgresql") or not processes.isdigit() or int(processes) < 1:
        raise argparse.ArgumentTypeError(f"{spec!r}: STORE:PROCESSES, e.g. sqlite:1 or postgresql:2")
    return name, int(processes)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs",
        nargs="+",
        type=_run_spec,
        default=[_run_spec(s) for s in DEFAULT_RUNS],
        metavar="STORE:PROCESSES",
        help="default: " + " ".join(DEFAULT_RUNS),
    )
    parser.add_argument("--deputies", type=int, default=DEPUTIES)
    parser.add_argument(
        "--profile-server", action="store_true", help="cProfile the server's script runs into out/survey.prof"
    )
    parser.add_argument("--app", type=Path, default=ROOT, help="the checkout the server runs (A/B runs); same schema")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG_URL))
    parser.add_argument("--pg-schema", default=PG_SCHEMA, help="created, used and dropped by the benchmark")
    parser.add_argument("--arrive-concurrency", type=int, default=8, help="tabs loading the page at once")
    parser.add_argument("--spread", type=float, default=SPREAD, help="seconds within which all press 'next'")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=THINK,
        metavar=("MIN", "MAX"),
        help="seconds from seeing the review to pressing submit",
    )
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--idle", type=float, default=5.0, help="seconds to watch the server idle before the call")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    results = Results(started=datetime.now().isoformat(timespec="seconds"), app=describe(args.app))
    try:
        for name, processes in args.runs:
            results.runs.append(run_store(args, name, processes))
    finally:
        text_report = report(results, args)
        print()
        print(text_report)
        (OUT / "survey.json").write_text(json.dumps(asdict(results), indent=2, ensure_ascii=False, default=str))
        (OUT / "survey.txt").write_text(text_report + "\n")


if __name__ == "__main__":
    main()
