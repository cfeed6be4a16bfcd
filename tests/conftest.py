"""Shared fixtures: a migrated database per test (SQLite always, PostgreSQL when configured).

SQLite tests get a copy of one file migrated per test session (a copy takes under a millisecond,
a migration about 100 ms). PostgreSQL has no cheap copy of a schema (CREATE DATABASE … TEMPLATE
copies whole databases and needs the template idle), so each PostgreSQL test still migrates its
schema; those tests are left out of `make check`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from db.core import migrate
from db.core import session as db_session
from db.core.actors import Actor
from db.system import passwords
from tests.factories import FAST_HASHER, actor_of

PROJECT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 27)
PG_URL = os.environ.get("TEST_DATABASE_URL")
IN_CI = os.environ.get("CI", "").lower() == "true"


def need(condition: bool, reason: str) -> None:
    """Skip a test that lacks its service — but in CI, where every service must be there, fail."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def postgres_url(base: str) -> str:
    """The test database with a schema of this test process's own, emptied.

    Separate schemas let several test runs (and pytest-xdist workers) share one PostgreSQL.
    """
    schema = f"test_{os.getpid()}"
    with db_session.get_engine(base).execution_options(wait_for_locks=True).begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    db_session.reset_engines()
    return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session", autouse=True)
def drop_postgres_schema() -> Iterator[None]:
    """Leave the shared test database as it was found."""
    yield
    if PG_URL:
        with db_session.get_engine(PG_URL).execution_options(wait_for_locks=True).begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "test_{os.getpid()}" CASCADE'))
        db_session.reset_engines()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One empty SQLite file migrated to the newest schema, copied for each test that needs one."""
    path = tmp_path_factory.mktemp("migrated") / "empty.sqlite3"
    migrate.upgrade(db_session.get_engine(f"sqlite:///{path}"))
    db_session.reset_engines()  # its last connection closes: the write-ahead log is folded into the file
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An empty, migrated database; DATABASE_URL points at it for code that reads settings."""
    db_session.reset_engines()
    if request.param == "postgres":
        need(bool(PG_URL), "TEST_DATABASE_URL is not set")
        assert PG_URL
        url = postgres_url(PG_URL)
        migrate.upgrade(db_session.get_engine(url))
    else:
        path = tmp_path / "test.sqlite3"
        shutil.copy(request.getfixturevalue("migrated_template"), path)
        url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    db_session.reset_engines()


@pytest.fixture
def engine(database_url: str) -> Engine:
    return db_session.get_engine(database_url)


def arrange_session(engine: Engine) -> Session:
    """A session for arranging and asserting; services under test get their own scopes.

    Bound like read_scope(): on SQLite it must not hold the write lock between statements,
    or the services it waits for would time out. Call fresh() before asserting.
    """
    return Session(engine.execution_options(read_only=True), expire_on_commit=False)


def fresh(session: Session) -> Session:
    """End the session's transaction so the next read sees what services committed since."""
    session.commit()
    session.expire_all()
    return session


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with arrange_session(engine) as s:
        yield s


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated, demo-seeded SQLite file, copied for each test that needs it."""
    path = tmp_path_factory.mktemp("template") / "demo.sqlite3"
    engine = db_session.get_engine(f"sqlite:///{path}")
    migrate.prepare(demo_mode=True, today=TODAY, engine=engine)
    db_session.reset_engines()
    return path


@pytest.fixture
def demo_url(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh copy of the demo database; DATABASE_URL and demo mode point at it."""
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MINSHENG_DEMO", "1")
    db_session.reset_engines()
    yield url
    db_session.reset_engines()


@pytest.fixture
def demo_session(demo_url: str) -> Iterator[Session]:
    with arrange_session(db_session.get_engine(demo_url)) as s:
        yield s


@pytest.fixture
def admin(demo_session: Session) -> Actor:
    return actor_of(demo_session, "admin")


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id at its lowest parameters: the tests check behaviour, benchmarks/ measure cost."""
    monkeypatch.setattr(passwords, "HASHER", FAST_HASHER)
