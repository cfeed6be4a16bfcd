"""The sealed ballot through the services, without Streamlit: 377 deputies cast (sealing timed apart
from the write), then the office closes with two of three tellers' shares (rebuilding the key,
opening every ballot, checking, shuffling and writing the count, timed as one), on SQLite and
PostgreSQL. Targets: sealing ≤ 5 ms a ballot; closing ≤ 5 s.

    .venv/bin/python benchmarks/bench_count.py [--pg-url postgresql+psycopg://…] [--pg-schema bench_count]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "benchmarks"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import bench_plenary as plenary  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from db.core import clock  # noqa: E402
from db.core.session import get_engine, reset_engines  # noqa: E402
from db.secret_ballot import sealing  # noqa: E402
from db.vote import voting  # noqa: E402

DEPUTIES = 377
SEAL_TARGET_MS = 5.0
CLOSE_TARGET_S = 5.0


def run(url: str, today: date) -> tuple[float, float, float, float, int]:
    """(p95 of sealing alone, ms; p95 of checking and sealing in the read-only transaction before
    the write, ms; median write ms; close s; ballots counted)."""
    os.environ["DATABASE_URL"] = url
    voting_round, usernames = plenary.prepare_plenary(url, today, DEPUTIES)
    rng = random.Random(13)
    seals, writes, crypto = [], [], []
    real_seal = sealing.seal

    def timed_seal(*args, **kwargs):
        started = time.perf_counter()
        try:
            return real_seal(*args, **kwargs)
        finally:
            crypto.append(time.perf_counter() - started)

    sealing.seal = timed_seal
    engine = get_engine(url)
    with Session(engine) as session:
        office = plenary._actor(session, "office")
        actors = [plenary._actor(session, name) for name in usernames]
    for actor in actors:
        picks = list(plenary._random_picks(rng, voting_round))
        with Session(engine) as session:
            started = time.perf_counter()
            sealed = voting.seal_ballot(session, actor, voting_round.id, picks)
            seals.append(time.perf_counter() - started)
            session.rollback()
        with Session(engine) as session:
            started = time.perf_counter()
            voting.cast_sealed(session, actor, sealed)
            session.commit()
            writes.append(time.perf_counter() - started)
    with Session(engine) as session:
        started = time.perf_counter()
        key = voting.rebuild_key(session, office, voting_round.id, voting_round.codes[:2])
        session.rollback()
        voting.advance(session, office, voting_round.id, private_key=key)
        session.commit()
        close = time.perf_counter() - started
        counted = voting.results(session, voting_round.id).ballots
    reset_engines()
    sealing.seal = real_seal
    return _p95(crypto) * 1000, _p95(seals) * 1000, sorted(writes)[len(writes) // 2] * 1000, close, counted


def _p95(seconds: list[float]) -> float:
    return sorted(seconds)[int(len(seconds) * 0.95)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg-url", default="")
    parser.add_argument("--pg-schema", default="bench_count")
    args = parser.parse_args()
    today = clock.today()
    stores = [("SQLite", plenary.sqlite_store(plenary.OUT / "count.sqlite3"))]
    if args.pg_url:
        stores.append(("PostgreSQL", plenary.postgres_store(args.pg_url, args.pg_schema)))
    ok = True
    for name, store in stores:
        with store as url:
            seal_ms, check_ms, write_ms, close_s, counted = run(url, today)
        met = seal_ms <= SEAL_TARGET_MS and close_s <= CLOSE_TARGET_S and counted == DEPUTIES
        ok = ok and met
        print(
            f"{name:10} seal p95 {seal_ms:5.2f} ms (with its read {check_ms:5.2f} ms) · "
            f"write median {write_ms:5.2f} ms · "
            f"close with 2 of 3 shares, {counted} ballots opened and counted {close_s:5.2f} s · "
            f"{'met' if met else 'MISSED'}"
        )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
