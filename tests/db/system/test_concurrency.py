"""Read-then-write updates from several processes at once: none may be lost."""

import multiprocessing

from sqlalchemy import select

from db.core.models import DataVersion
from db.core.session import get_engine, reset_engines, session_scope

PROCESSES = 4
INCREMENTS = 25


def increment_many(url: str) -> None:
    import os

    os.environ["DATABASE_URL"] = url
    reset_engines()
    for _ in range(INCREMENTS):
        with session_scope() as s:
            # Deliberately read, compute in Python, then write: the pattern that loses
            # updates unless the write transaction is taken before the read.
            row = s.scalar(select(DataVersion).where(DataVersion.id == 1).with_for_update())
            value = row.value
            row.value = value + 1


def test_concurrent_read_then_write_updates_from_several_processes_are_all_kept(database_url):
    start = _value(database_url)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=increment_many, args=(database_url,)) for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    assert _value(database_url) == start + PROCESSES * INCREMENTS


def _value(url: str) -> int:
    with get_engine(url).connect() as connection:
        return connection.execute(select(DataVersion.value).where(DataVersion.id == 1)).scalar_one()
