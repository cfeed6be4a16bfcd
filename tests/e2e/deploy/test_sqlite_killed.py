"""kill -9 the single app process on SQLite while deputies cast ballots: on restart the file is intact
(PRAGMA integrity_check) and every ballot whose receipt a deputy saw is there, with its picks.

The deputies are driven over Streamlit's websocket protocol by the plenary benchmark's client
(benchmarks/wsclient.py), signed in through the sign-in form: many casts in flight when the process dies.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import random
import signal
import sqlite3
import sys
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from db.core import clock
from db.core.session import reset_engines
from db.system.models import Account
from db.vote import voting
from db.vote.models import Participation, SealedBallot
from deploy import local
from tests.conftest import PROJECT

pytestmark = pytest.mark.e2e

DEPUTIES = 40
KILL_AFTER = 8  # receipts seen before the process dies
CAST_SPREAD_S = 4.0


def run_async(coroutine: Coroutine[Any, Any, None]) -> None:
    """asyncio.run in a thread of its own: the session's Playwright keeps an event loop running in this one."""
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, coroutine).result()


def plenary() -> ModuleType:
    """benchmarks/bench_plenary.py (it imports its neighbour wsclient by that name)."""
    benchmarks = str(PROJECT / "benchmarks")
    if benchmarks not in sys.path:
        sys.path.insert(0, benchmarks)
    return importlib.import_module("bench_plenary")


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("sqlite_killed") / "minsheng.sqlite3"
    yield path
    reset_engines()


def start(folder: Path, database: Path) -> local.App:
    environment = {"DATABASE_URL": f"sqlite:///{database}", "MINSHENG_DEMO": "1", "PYTHONUNBUFFERED": "1"}
    app = local.start_app(folder, local.free_port(), environment)
    local.wait_healthy(app)
    return app


async def vote_until_killed(bench: ModuleType, voters: list, voting_round: object, app: local.App) -> None:
    """Everyone opens the ballot, then casts within a few seconds; the process is killed once
    KILL_AFTER receipts are out. (One event loop: the websockets belong to it.)"""
    await bench.arrive_all(voters, voting_round, 8)
    assert not [v.error for v in voters if v.error]
    rng = random.Random(17)

    async def one(voter: object) -> None:
        try:
            await bench.cast(voter, rng.uniform(0, CAST_SPREAD_S), 0.0)
        except Exception as error:  # the connection dies with the process
            voter.error = f"{type(error).__name__}: {error}"  # type: ignore[attr-defined]

    async def killer() -> None:
        while sum(1 for v in voters if v.receipt) < KILL_AFTER:
            await asyncio.sleep(0.005)  # polling interval
        os.kill(app.process.pid, signal.SIGKILL)

    try:
        await asyncio.wait_for(asyncio.gather(killer(), *(one(v) for v in voters)), 120)
    finally:
        await close_all(voters)


async def cast_all(bench: ModuleType, voters: list, voting_round: object) -> None:
    await bench.arrive_all(voters, voting_round, 3)
    try:
        await asyncio.wait_for(asyncio.gather(*(bench.cast(v, 0.0, 0.0) for v in voters)), 120)
    finally:
        await close_all(voters)


async def close_all(voters: list) -> None:
    """Close every tab's websocket inside its event loop: one left to the garbage collector warns
    (an error in these tests) in whichever test happens to run then."""
    await asyncio.gather(*(v.session.ws.close() for v in voters if v.session), return_exceptions=True)


def test_a_killed_sqlite_process_keeps_every_acknowledged_ballot(database: Path, tmp_path: Path) -> None:
    bench = plenary()
    voting_round, usernames = bench.prepare_plenary(f"sqlite:///{database}", clock.today(), DEPUTIES)
    rng = random.Random(2027)
    app = start(tmp_path, database)
    voters = [bench.Voter(name, bench._random_picks(rng, voting_round), app.port) for name in usernames]
    try:
        run_async(vote_until_killed(bench, voters, voting_round, app))
    finally:
        local.stop_process(app.process)
    assert app.process.returncode == -signal.SIGKILL
    acknowledged = {v.receipt: tuple(sorted(v.picks)) for v in voters if v.receipt}
    cut_off = [v for v in voters if not v.receipt]
    assert len(acknowledged) >= KILL_AFTER and cut_off, "the kill fell outside the writes"
    print(f"{len(acknowledged)} receipts seen before the kill, {len(cut_off)} casts cut off")

    with sqlite3.connect(database) as connection:  # opening recovers from the WAL, as the app's restart does
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    engine = create_engine(f"sqlite:///{database}")
    try:
        with Session(engine) as session:
            stored = {voting.tracker_of(box) for box in session.scalars(select(SealedBallot.box))}
            took_part = set(
                session.scalars(
                    select(Account.username)
                    .join(Participation, Participation.deputy_id == Account.deputy_id)
                    .where(Participation.round_id == voting_round.id)
                )
            )
    finally:
        engine.dispose()
    assert set(acknowledged) <= stored  # every receipt seen is there (its picks sealed until the count)
    assert len(stored) == len(took_part)  # no ballot without its participation, nor the reverse
    assert {v.username for v in voters if v.receipt} <= took_part
    print(f"{len(took_part)} ballots in the file (receipts seen and casts whose answer was cut off)")

    # Started again on the same file, the deputies whose ballot did not get in can cast it.
    again = start(tmp_path, database)
    try:
        retry = [bench.Voter(v.username, v.picks, again.port) for v in cut_off if v.username not in took_part][:3]
        run_async(cast_all(bench, retry, voting_round))
        assert retry and all(v.receipt for v in retry)
    finally:
        local.stop_process(again.process)
