"""The secret-ballot pieces shared by the vote and the survey: what closing leaves in storage."""

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, text

from db.core.session import SQLITE_BUSY_TIMEOUT_MS, get_engine, read_scope, session_scope
from db.secret_ballot import rows as secret_ballot
from db.vote import voting
from db.vote.models import Candidate
from tests import ballots, factories
from tests.conftest import fresh
from tests.factories import actor_of


def test_closing_stores_each_ballots_picks_in_the_ballots_shuffled_order(session):
    factories.year(session, 2027)
    office = actor_of(session, factories.account(session, "staff").username)
    lead = factories.department(session)
    session.add_all(
        [
            Candidate(
                year=2027, title=f"候选{i}", field="公共教育", lead_department_id=lead.id, estimated_budget=Decimal(1)
            )
            for i in range(3)
        ]
    )
    session.commit()
    ids = list(session.scalars(select(Candidate.id).order_by(Candidate.id)))
    deputies = [actor_of(session, factories.account(session, "deputy").username) for _ in range(5)]
    with session_scope() as s:
        round_id = voting.create_round(s, office, 2027, places=2)
        ballots.advance(s, office, round_id)
    for deputy in deputies:
        ballots.cast(deputy, round_id, ids[:2])
    with session_scope() as s:
        ballots.advance(s, office, round_id)
    if session.get_bind().dialect.name != "postgresql":
        return  # SQLite stores these tables by their random keys: no order of arrival to keep
    # PostgreSQL stores rows in the order written: read by place, the picks must follow the
    # shuffled ballots, or their order would still say something of the ballots'.
    stored = list(fresh(session).scalars(text("SELECT id FROM ballot ORDER BY ctid")))
    picks = fresh(session).scalars(text("SELECT ballot_id FROM ballot_pick ORDER BY ctid"))
    assert len(stored) == 5
    assert list(dict.fromkeys(picks)) == stored


def test_scrubbing_after_closing_clears_what_the_rewrite_replaced_from_storage(session):
    factories.year(session, 2027)  # something written since the last checkpoint
    fresh(session)
    engine = session.get_bind()
    if engine.dialect.name == "postgresql":
        secret_ballot.scrub(["ballot", "ballot_pick", "survey_rating"])
        vacuumed = text(
            "SELECT count(*) FROM pg_stat_user_tables WHERE relname IN "
            "('ballot', 'ballot_pick', 'survey_rating') AND last_vacuum IS NOT NULL"
        )
        session.execute(text("SELECT pg_stat_clear_snapshot()"))
        assert session.scalar(vacuumed) == 3
        return
    wal = Path(f"{engine.url.database}-wal")
    assert wal.stat().st_size > 0  # the old pages are still in the write-ahead log
    secret_ballot.scrub([])
    assert wal.stat().st_size == 0


def test_a_reader_of_an_older_snapshot_makes_the_checkpoint_give_up_soon_and_the_next_scrub_finishes(
    session, monkeypatch
):
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("a checkpoint of SQLite's write-ahead log")
    engine = get_engine()
    used, statements = [], []

    def raw_connection():
        connection = type(engine).raw_connection(engine)
        used.append(connection.dbapi_connection)
        connection.dbapi_connection.set_trace_callback(statements.append)
        return connection

    monkeypatch.setattr(secret_ballot, "CHECKPOINT_WAIT_MS", 10)  # the test need not wait the real second
    factories.year(session, 2027)
    fresh(session).scalar(select(Candidate.id))  # a reader's snapshot, held open
    with session_scope() as s:
        factories.year(s, 2028)  # a commit after it: the snapshot is now an older one
    wal = Path(f"{engine.url.database}-wal")
    monkeypatch.setattr(engine, "raw_connection", raw_connection)
    assert secret_ballot.scrub([]) is False  # blocked by the reader: reported not done
    assert wal.stat().st_size > 0  # given up, not waited out, no error
    (connection,) = used
    connection.set_trace_callback(None)
    assert statements[:2] == ["PRAGMA busy_timeout=10", "PRAGMA wal_checkpoint(TRUNCATE)"]  # under the short wait
    back_in_the_pool = connection.execute("PRAGMA busy_timeout").fetchone()[0]
    assert back_in_the_pool == SQLITE_BUSY_TIMEOUT_MS  # as the pool's other connections
    fresh(session)  # the reader ends
    assert secret_ballot.scrub([]) is True
    assert wal.stat().st_size == 0


def test_a_closing_whose_scrub_a_reader_blocks_stays_pending_until_a_later_scrub_runs_to_the_end(session, monkeypatch):
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("a checkpoint of SQLite's write-ahead log")
    monkeypatch.setattr(secret_ballot, "CHECKPOINT_WAIT_MS", 10)
    factories.year(session, 2027)
    office = actor_of(session, factories.account(session, "staff").username)
    lead = factories.department(session)
    session.add(Candidate(year=2027, title="候选", field="公共教育", lead_department_id=lead.id, estimated_budget=1))
    session.commit()
    deputy = actor_of(session, factories.account(session, "deputy").username)
    with session_scope() as s:
        round_id = voting.create_round(s, office, 2027, places=1)
        ballots.advance(s, office, round_id)
    ballots.cast(deputy, round_id, [])
    reader = fresh(session)
    reader.scalar(select(Candidate.id))  # a reader holding a snapshot from before the closing
    with session_scope() as s:
        ballots.advance(s, office, round_id)
    assert voting.scrub_after_closing() is False
    with read_scope() as s:
        assert voting.scrub_pending_rounds(s) == [round_id]  # the office is told: pending, not done
    fresh(session)  # the reader ends
    assert voting.scrub_after_closing() is True
    with session_scope() as s:
        voting.mark_scrubbed(s, [round_id])
    with read_scope() as s:
        assert voting.scrub_pending_rounds(s) == []
