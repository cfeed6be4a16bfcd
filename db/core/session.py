"""The engine (from DATABASE_URL, default a SQLite file) and the transaction scopes.

A write waits a bounded time for the lock (SQLite: the whole database's write lock; PostgreSQL:
a row lock), and `Busy` (a refusal with a catalogue key) says so when it cannot get it: no page
shows the driver's `database is locked`. `feedback.write` retries a busy change a few times before
passing the refusal on. Reads never wait for writers (WAL on SQLite, MVCC on PostgreSQL).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from db.core import settings
from db.core.errors import Busy

# How long one write waits for the lock before it is refused as Busy (then retried by
# feedback.write): short enough that a person never waits on a frozen page for long.
LOCK_WAIT_MS = 5_000
SQLITE_BUSY_TIMEOUT_MS = LOCK_WAIT_MS
_PG_LOCK_NOT_AVAILABLE = "55P03"
_engines: dict[str, Engine] = {}
_factories: dict[tuple[str, bool], sessionmaker[Session]] = {}
_writing: ContextVar[bool] = ContextVar("writing", default=False)
# SQLite lets one writer in at a time; the others wait in its busy handler, each asleep and polling
# again every few to 100 ms. Under a crowd (377 sign-ins at once, each a short write) the lock then
# sits free until some poller wakes, and which waiter gets it is chance: some wait past LOCK_WAIT_MS
# and are refused (then retried from the back) while later ones get in. So the writers of one process
# queue on a lock of its own first, woken as soon as it is released, and meet SQLite's lock only
# to settle it with other processes. PostgreSQL locks rows, not the database: no queue there.
_sqlite_writers: dict[str, threading.Lock | None] = {}  # None: not SQLite


def writing() -> bool:
    """Whether this thread is inside session_scope(): slow work (parsing uploads) must not run here."""
    return _writing.get()


def get_engine(url: str | None = None) -> Engine:
    url = url or settings.load().database_url
    if url not in _engines:
        _engines[url] = _create(url)
    return _engines[url]


def reset_engines() -> None:
    """Forget cached engines (tests switch DATABASE_URL between runs)."""
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()
    _factories.clear()


def _factory(read_only: bool) -> sessionmaker[Session]:
    """One session factory per store and mode, made once: deriving an engine with
    execution_options copies its event dispatch, which costs milliseconds on every call."""
    url = settings.load().database_url
    if (url, read_only) not in _factories:
        engine = get_engine(url)
        bind = engine.execution_options(read_only=True) if read_only else engine
        _factories[(url, read_only)] = sessionmaker(bind, expire_on_commit=False)
    return _factories[(url, read_only)]


def _create(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # hide_parameters: an error's log line must not carry the values, e.g. a ballot's picks.
        engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, hide_parameters=True)
        _configure_postgres(engine)
        return engine
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    # A plenary's hundreds of page runs at once each want a connection briefly; SQLite's are cheap
    # (a file handle), so the pool lets many open rather than queue runs behind 15 of them until
    # the pool's timeout fails them.
    engine = create_engine(
        url,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        pool_size=20,
        max_overflow=200,
        hide_parameters=True,
    )
    _configure_sqlite(engine)
    return engine


def _configure_postgres(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # Readers take no row locks; a writer waits at most LOCK_WAIT_MS for one, then is Busy.
        options = connection.get_execution_options()
        if not options.get("read_only") and not options.get("wait_for_locks"):
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = {int(LOCK_WAIT_MS)}")


def is_lock_timeout(error: BaseException) -> bool:
    """The driver's "the lock was not granted in time" (SQLite: database is locked / busy), or no
    connection free in the pool in time: either way nothing was written, and a retry may succeed."""
    if isinstance(error, PoolTimeout):
        return True
    if not isinstance(error, OperationalError):
        return False
    original = error.orig
    if getattr(original, "sqlite_errorname", "") in {"SQLITE_BUSY", "SQLITE_LOCKED"}:
        return True
    if "database is locked" in str(original):
        return True
    return getattr(original, "sqlstate", None) == _PG_LOCK_NOT_AVAILABLE


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from Python's sqlite3 driver, which would otherwise
        # begin lazily (DEFERRED) and let read-then-write updates of two processes interleave.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(LOCK_WAIT_MS)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Deleted rows are overwritten, not left in free pages: the ballots a closed round
        # rewrote (see db.voting) must not survive there in the order they were cast.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # Writers take the write lock up front; readers (read_scope) need none under WAL.
        if connection.get_execution_options().get("read_only"):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def session_scope() -> Iterator[Session]:
    """A read-write transaction: committed on success, rolled back on any error.

    Raises Busy (nothing written) when the write lock was not granted within LOCK_WAIT_MS.
    """
    token = _writing.set(True)
    try:
        with _writer_turn(), _factory(read_only=False)() as session:
            try:
                yield session
                session.commit()
            except BaseException as error:
                session.rollback()
                if is_lock_timeout(error):
                    raise Busy() from error
                raise
    finally:
        _writing.reset(token)


@contextmanager
def _writer_turn() -> Iterator[None]:
    """This process's queue of SQLite writers (see _sqlite_writers), waited in for LOCK_WAIT_MS at most."""
    url = settings.load().database_url
    if url not in _sqlite_writers:  # setdefault: two threads here at once still share one lock
        _sqlite_writers.setdefault(url, threading.Lock() if make_url(url).get_backend_name() == "sqlite" else None)
    turn = _sqlite_writers[url]
    if turn is None:
        yield
        return
    if not turn.acquire(timeout=LOCK_WAIT_MS / 1000):
        raise Busy()
    try:
        yield
    finally:
        turn.release()


def read_value(statement: str) -> Any:
    """The first column of the first row of one fixed statement, read on a pooled driver connection.

    For the read every script run makes first (the data version): through an ORM session and its
    transaction it costs ~0.45 ms of Python, through the driver's cursor ~0.02 ms, and under a crowd
    that Python time is GIL time every other session's run waits for. One statement needs no
    transaction of ours (SQLite reads it as one snapshot; PostgreSQL's is rolled back as the
    connection returns to the pool). The driver's errors come out as SQLAlchemy's, as a session's do.
    """
    engine = get_engine()
    driver_error = engine.dialect.loaded_dbapi.Error
    try:
        with closing(engine.raw_connection()) as connection, closing(connection.cursor()) as cursor:
            cursor.execute(statement)
            row = cursor.fetchone()
    except driver_error as error:
        raise DBAPIError.instance(statement, None, error, driver_error, hide_parameters=True) from error
    return None if row is None else row[0]


@contextmanager
def read_scope() -> Iterator[Session]:
    """A read-only transaction that takes no write lock; anything written is rolled back."""
    with _factory(read_only=True)() as session:
        try:
            yield session
        finally:
            session.rollback()
