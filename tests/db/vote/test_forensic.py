"""What someone reading the database's files learns: the raw SQLite file and its write-ahead log,
and PostgreSQL's write-ahead log (pg_waldump) and raw WAL bytes.

On the design before ballots were sealed, the casting transaction wrote `ballot` and
`ballot_pick` rows beside the participation: these tests fail there. Sealed, nothing of a pick
reaches storage while the round is open, and the closing's rows share nothing with the casting's.
"""

from __future__ import annotations

import glob
import json
import os
import re
import secrets
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, text

from db.core.session import session_scope
from db.vote import voting
from db.vote.models import Ballot, Candidate, SealedBallot
from tests import ballots, factories
from tests.conftest import fresh
from tests.factories import actor_of

WALDUMP = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_waldump"))
PICKS = [[0, 1], [1, 2], [0, 2], [2], [0]]  # indexes into the candidates


def plaintexts(ids: list[int]) -> list[bytes]:
    """Each ballot's picks as the sealing encodes them, and as any JSON or text would hold them."""
    out = []
    for picks in PICKS:
        chosen = [ids[i] for i in picks]
        out.append(json.dumps({"picks": chosen}, separators=(",", ":")).encode())
        if len(chosen) > 1:  # a lone pick, `[3]`, is three bytes that turn up by chance in megabytes of WAL
            out.append(json.dumps(chosen).encode())
    return out


@pytest.fixture
def cast_round(session):
    """An open round with five sealed ballots cast: (round id, office, candidate ids, receipts, codes)."""
    factories.year(session, 2027)
    office = actor_of(session, factories.account(session, "staff").username)
    lead = factories.department(session)
    # Ids no other test writes: the raw WAL is the whole cluster's, and the other test worker's
    # JSON lists of small ids ("[1, 2]") turn up in it by chance (seen failing in CI).
    first = 9_000_000 + secrets.randbelow(90_000) * 10
    session.add_all(
        [
            Candidate(
                id=first + i,
                year=2027,
                title=f"候选{i}",
                field="公共教育",
                lead_department_id=lead.id,
                estimated_budget=Decimal(1),
            )
            for i in range(3)
        ]
    )
    session.commit()
    ids = list(session.scalars(select(Candidate.id).order_by(Candidate.id)))
    deputies = [actor_of(session, factories.account(session, "deputy").username) for _ in PICKS]
    with session_scope() as s:
        round_id = voting.create_round(s, office, 2027, places=2)
        codes = ballots.open_round(s, office, round_id)
    return round_id, office, ids, deputies, codes


def raw_sqlite(session) -> bytes:
    path = Path(session.get_bind().url.database)
    wal = Path(f"{path}-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_sqlite_while_open_no_pick_is_in_the_file_or_its_wal_and_after_closing_nothing_links(session, cast_round):
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("the SQLite file and its write-ahead log")
    round_id, office, ids, deputies, codes = cast_round
    receipts = [
        ballots.cast(deputy, round_id, [ids[i] for i in picks]) for deputy, picks in zip(deputies, PICKS, strict=True)
    ]
    raw = raw_sqlite(session)
    boxes = list(fresh(session).scalars(select(SealedBallot.box)))
    # A box is longer than a page holds inline: its head and tail lie on two pages.
    pieces = [piece for box in boxes for piece in (box[:400], box[-400:])]
    assert len(boxes) == len(PICKS) and all(piece in raw for piece in pieces)  # the scan sees what is stored
    assert b'"picks"' not in raw and not any(p in raw for p in plaintexts(ids))
    assert fresh(session).scalar(select(Ballot.id)) is None  # no counted ballot exists while open
    sealed_ids = set(fresh(session).scalars(select(SealedBallot.id)))

    with session_scope() as s:
        ballots.close_round(s, office, round_id, codes[:2])
    fresh(session)  # this test's own reader lets go of its snapshot
    assert voting.scrub_after_closing() is True
    raw = raw_sqlite(session)
    assert not any(piece in raw for piece in pieces)  # the sealed rows are gone from the file and the log
    counted = set(fresh(session).scalars(select(Ballot.id)))
    assert len(counted) == len(PICKS) and not counted & sealed_ids  # fresh ids: nothing to match by id
    # The trackers are published: stored sorted, on no page with the ballots' picks.
    assert sorted(receipts) == list(fresh(session).scalars(text("SELECT tracker FROM ballot_tracker")))


def waldump(session, start: str, end: str) -> str:
    data = fresh(session).scalar(text("SHOW data_directory"))
    result = subprocess.run(
        [WALDUMP[-1], "-p", os.path.join(data, "pg_wal"), "-s", start, "-e", end],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout


def records_of(dump: str, filenode: int) -> list[str]:
    return [line for line in dump.splitlines() if re.search(rf"rel \d+/\d+/{filenode}\b", line)]


def test_postgres_while_open_the_wal_holds_no_pick_and_after_closing_no_transaction_links_a_voter(session, cast_round):
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("PostgreSQL's write-ahead log")
    if not WALDUMP:
        pytest.skip("pg_waldump is not installed")
    data = fresh(session).scalar(text("SHOW data_directory"))
    if not os.access(os.path.join(data, "pg_wal"), os.R_OK):
        pytest.skip("the server's pg_wal cannot be read from here")
    round_id, office, ids, deputies, codes = cast_round

    def filenode(table: str) -> int:
        return int(fresh(session).scalar(text(f"SELECT pg_relation_filenode('{table}')")))

    nodes = {table: filenode(table) for table in ("ballot", "ballot_pick", "sealed_ballot", "participation")}
    start = fresh(session).scalar(text("SELECT pg_current_wal_insert_lsn()::text"))
    for deputy, picks in zip(deputies, PICKS, strict=True):
        ballots.cast(deputy, round_id, [ids[i] for i in picks])
    end = fresh(session).scalar(text("SELECT pg_current_wal_insert_lsn()::text"))
    fresh(session).execute(text("SELECT pg_switch_wal()"))
    dump = waldump(session, start, end)
    assert len(records_of(dump, nodes["participation"])) >= len(PICKS)  # the dump sees the casting
    assert len(records_of(dump, nodes["sealed_ballot"])) >= len(PICKS)
    assert records_of(dump, nodes["ballot"]) == [] and records_of(dump, nodes["ballot_pick"]) == []
    segments = sorted(Path(data, "pg_wal").glob("0*"))
    raw = b"".join(segment.read_bytes() for segment in segments[-3:])
    assert b'"picks"' not in raw and not any(p in raw for p in plaintexts(ids))

    voters = {str(x) for x in fresh(session).scalars(text("SELECT xmin::text FROM participation"))}
    start = fresh(session).scalar(text("SELECT pg_current_wal_insert_lsn()::text"))
    with session_scope() as s:
        ballots.close_round(s, office, round_id, codes[1:])
    end = fresh(session).scalar(text("SELECT pg_current_wal_insert_lsn()::text"))
    fresh(session).execute(text("SELECT pg_switch_wal()"))
    dump = waldump(session, start, end)
    writers = {re.search(r"tx: +(\d+)", line).group(1) for line in records_of(dump, nodes["ballot"])}  # type: ignore[union-attr]
    assert len(writers) == 1 and not writers & voters  # every ballot written by the closing alone
    stamps = set(fresh(session).scalars(text("SELECT xmin::text FROM ballot")))
    assert stamps == writers
