"""Bring a database to the newest schema (at start-up) or back down (tests), and seed the demo."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session

from db.core.session import get_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Several app processes may start together on one PostgreSQL: one prepares, the others wait.
PG_PREPARE_LOCK = 7_410_001


def prepare(*, demo_mode: bool, today: date, engine: Engine | None = None) -> None:
    """Migrate to the newest schema; in demo mode, seed an empty database."""
    with _exclusive(engine or get_engine()) as connection:
        _alembic(connection, command.upgrade, "head")
        if demo_mode:
            # Imported here, not at the top: production start-up (every page's guard, `python -m db
            # migrate`) then never loads the demo's invented data and seeding code. A seeding callable
            # passed in by the callers would do the same, but each of them (guard, CLI, tests,
            # benchmarks) would have to import the demo itself; the flag they already read suffices.
            from db import demo

            with Session(connection) as session:
                if demo.is_empty(session):
                    demo.seed(session, today)
                    session.commit()


def upgrade(engine: Engine | None = None, revision: str = "head") -> None:
    with _exclusive(engine or get_engine()) as connection:
        _alembic(connection, command.upgrade, revision)


def downgrade(engine: Engine | None = None, revision: str = "base") -> None:
    with _exclusive(engine or get_engine()) as connection:
        _alembic(connection, command.downgrade, revision)


def _alembic(connection: Connection, action: Callable[[Config, str], None], revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    action(config, revision)
    connection.commit()


@contextmanager
def _exclusive(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        # A migration waits for its locks (another process migrating, readers of a table it alters)
        # as long as it takes: it runs at start-up, not while a person waits on a page.
        connection.execution_options(wait_for_locks=True)
        if connection.dialect.name != "postgresql":
            yield connection
            return
        connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": PG_PREPARE_LOCK})
        connection.commit()
        try:
            yield connection
        finally:
            connection.rollback()
            connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": PG_PREPARE_LOCK})
            connection.commit()
