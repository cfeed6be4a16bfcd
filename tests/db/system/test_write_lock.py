"""A write that cannot get the lock in time is retried, then refused with a catalogue key, nothing
half-written; reads never wait for writers. Never the driver's `database is locked` on a page."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import TimeoutError as PoolTimeout

from components.shell import feedback
from db.core import audit
from db.core import session as db_session
from db.core.errors import Busy
from db.core.models import DataVersion
from db.core.session import read_scope, session_scope
from db.system.models import Division

WAIT_MS = 200


@pytest.fixture
def short_lock_wait(monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    monkeypatch.setattr(db_session, "LOCK_WAIT_MS", WAIT_MS)
    db_session.reset_engines()  # new connections take the shorter wait
    return database_url


class LockHolder:
    """Another process's connection holding the write lock (SQLite) or the row every audited write
    updates (PostgreSQL's data version)."""

    def __init__(self, url: str) -> None:
        self.engine: Engine = create_engine(url)
        self.connection = self.engine.connect()
        if make_url(url).get_backend_name() == "sqlite":
            self.connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            self.connection.execute(text("SELECT value FROM data_version WHERE id = 1 FOR UPDATE"))
        self.held = True

    def release(self) -> None:
        if self.held:
            self.connection.rollback()
            self.held = False

    def close(self) -> None:
        self.release()
        self.connection.close()
        self.engine.dispose()


@pytest.fixture
def lock_holder(short_lock_wait: str) -> Iterator[LockHolder]:
    holder = LockHolder(short_lock_wait)
    yield holder
    holder.close()


def add_division(tries: list[int], name: str = "新区"):
    def change(session):
        tries.append(1)
        session.add(Division(name=name, sort_order=0))
        session.flush()
        audit.bump_data_version(session)

    return change


def divisions(name: str) -> int:
    with read_scope() as s:
        return len(s.scalars(select(Division).where(Division.name == name)).all())


def test_a_write_that_cannot_get_the_lock_is_refused_as_busy_not_a_driver_error(lock_holder):
    started = time.monotonic()
    with pytest.raises(Busy) as refused, session_scope() as s:
        s.add(Division(name="新区", sort_order=0))
        s.flush()
        audit.bump_data_version(s)
    assert refused.value.reason == "error.busy"
    assert time.monotonic() - started < 5  # bounded by LOCK_WAIT_MS, not the old 15 s
    lock_holder.release()
    assert divisions("新区") == 0


def test_no_connection_free_in_the_pool_in_time_is_busy_too_not_a_raw_error(database_url):
    # a plenary's hundreds of page runs at once can exhaust the pool: nothing written, try again
    with pytest.raises(Busy), session_scope() as s:
        s.add(Division(name="新区", sort_order=0))
        raise PoolTimeout("QueuePool limit of size 20 overflow 200 reached")
    assert divisions("新区") == 0


def test_a_busy_change_is_retried_then_refused_with_nothing_written(lock_holder):
    tries: list[int] = []
    with pytest.raises(Busy):
        feedback.write(add_division(tries))
    assert len(tries) == feedback.WRITE_ATTEMPTS
    lock_holder.release()
    assert divisions("新区") == 0


def test_a_busy_change_succeeds_once_the_lock_is_free_again(lock_holder):
    tries: list[int] = []
    change = add_division(tries)

    def released_on_second_try(session):
        if tries:  # the first try met the lock; the holder has finished by the second
            lock_holder.release()
        return change(session)

    feedback.write(released_on_second_try)
    assert len(tries) == 2
    assert divisions("新区") == 1


def test_reads_do_not_wait_for_a_writer_holding_the_lock(lock_holder):
    started = time.monotonic()
    with read_scope() as s:
        assert s.scalar(select(DataVersion.value).where(DataVersion.id == 1)) is not None
    assert time.monotonic() - started < WAIT_MS / 1000


def test_on_sqlite_a_second_writer_of_the_process_queues_holding_no_connection_and_follows(database_url):
    # In SQLite's busy handler it would hold a connection and poll, asleep up to 100 ms between
    # polls, and be let in by chance rather than in turn (db/core/session.py: _sqlite_writers).
    if make_url(database_url).get_backend_name() != "sqlite":
        pytest.skip("PostgreSQL locks rows: its writers do not queue for the database")
    first_in, first_may_finish = threading.Event(), threading.Event()

    def first(session):
        add_division([], "一区")(session)
        first_in.set()
        first_may_finish.wait(timeout=5)

    writers = [threading.Thread(target=feedback.write, args=(first,))]
    writers[0].start()
    assert first_in.wait(timeout=5)
    writers.append(threading.Thread(target=feedback.write, args=(add_division([], "二区"),)))
    writers[1].start()
    time.sleep(0.3)
    assert db_session.get_engine(database_url).pool.checkedout() == 1  # the first writer's only
    first_may_finish.set()
    for writer in writers:
        writer.join(timeout=10)
    assert (divisions("一区"), divisions("二区")) == (1, 1)
