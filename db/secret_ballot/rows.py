"""The secret-ballot design shared by the plenary vote and the satisfaction survey.

"Who took part" (a participation row: deputy and round) and "what they answered" (rows with a
random id and no deputy, no time) are written in one transaction and share nothing else; the
writing leaves no audit row, since its time would link the two. Until the round closes the
answers are sealed; closing rewrites them (see `rewrite_shuffled`).
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.core.errors import Refused
from db.core.models import Base
from db.core.session import SQLITE_BUSY_TIMEOUT_MS, get_engine

# How long the SQLite checkpoint waits for readers of snapshots older than the closing: theirs
# end within milliseconds, and the closing page must not wait out the 15 s busy timeout when one
# lingers (the scrub then reports itself pending, and is tried again).
CHECKPOINT_WAIT_MS = 1_000


# Row ids are drawn from a reserve of the system's randomness, IDS_A_READ at a time, one reserve
# per thread (a script thread serves one browser session at a time). Each read of the system's
# randomness is a system call that gives up the GIL: a survey answer read it ~20 times (ten ids,
# ten swaps of the shuffle), and with hundreds of sessions' threads waiting, getting the GIL back
# costs up to the 5 ms switch interval each time — most of an answer's time under a crowd.
IDS_A_READ = 64
_reserve = threading.local()


def new_id() -> str:
    """A random row id: it says nothing about who wrote the row or when."""
    ids: list[str] | None = getattr(_reserve, "ids", None)
    if not ids:
        raw = secrets.token_bytes(16 * IDS_A_READ)
        ids = _reserve.ids = [raw[i : i + 16].hex() for i in range(0, len(raw), 16)]
    return ids.pop()


def shuffle(items: list[Any]) -> None:
    """Random order from the system's randomness (one read of it): no seed to replay.

    Each item gets an independent random 64-bit key and the items are sorted by it: every order
    is equally likely (two equal keys, which would keep their items' order, have a chance of
    about n² / 2⁶⁵).
    """
    raw = secrets.token_bytes(8 * len(items))
    order = sorted(range(len(items)), key=lambda i: raw[8 * i : 8 * i + 8])
    items[:] = [items[i] for i in order]


def take_part(session: Session, participation: object, already_key: str) -> None:
    """Add the participation row; a second one for the same deputy (even at the same moment) is refused."""
    session.add(participation)
    try:
        session.flush()
    except IntegrityError as error:
        raise Refused(already_key) from error


def rewrite_shuffled(
    session: Session, model: type[Base], where: ColumnElement[bool], children: Sequence[tuple[type[Base], str]] = ()
) -> None:
    """Write the secret rows anew, in random order and with new ids (their `id` column).

    They were written in one transaction with their participation row, and PostgreSQL stamps
    both with that transaction's id (xmin) and stores rows in arrival order: read together, the
    two tables would pair each deputy with their answers. Rewritten in the closing transaction,
    all rows carry the same stamp and a shuffled place. `children` are (table, foreign-key
    column name) pairs: rows that belong to one secret row (a ballot's picks) move along with it.
    """
    table = cast(Table, model.__table__)
    rows = [dict(row) for row in session.execute(select(table).where(where)).mappings()]
    old_ids = [row["id"] for row in rows]
    moved = []
    for child_model, key in children:
        child = cast(Table, child_model.__table__)
        in_rows = child.c[key].in_(old_ids)
        moved.append((child, key, [dict(row) for row in session.execute(select(child).where(in_rows)).mappings()]))
        session.execute(delete(child).where(in_rows))
    session.execute(delete(table).where(where))
    shuffle(rows)
    renamed = {old: new_id() for old in old_ids}
    if rows:
        session.execute(insert(table), [{**row, "id": renamed[row["id"]]} for row in rows])
    place = {row["id"]: i for i, row in enumerate(rows)}
    for child, key, child_rows in moved:
        # In their rows' new order: read back as stored, they would keep the order they arrived in.
        child_rows.sort(key=lambda row: place[row[key]])
        if child_rows:
            session.execute(insert(child), [{**row, key: renamed[row[key]]} for row in child_rows])


def scrub(tables: Sequence[str]) -> bool:
    """After a round has closed (committed): clear from storage the rows its rewrite replaced.

    PostgreSQL keeps deleted rows, with the transaction id they shared with a participation,
    until VACUUM; SQLite (secure_delete overwrites the database file) keeps old pages in its
    write-ahead log until a checkpoint. Returns whether it ran to the end: a SQLite reader still
    holding an older snapshot stops the checkpoint (SQLite then answers busy, it does not fail),
    and the caller must say so and try again later rather than report the scrub done.
    """
    engine = get_engine()
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in tables:
                connection.exec_driver_sql(f"VACUUM {table}")  # names from the code, never from input
        return True
    raw = engine.raw_connection()  # outside any transaction: a checkpoint cannot run in one
    try:
        cursor = raw.cursor()
        cursor.execute(f"PRAGMA busy_timeout={CHECKPOINT_WAIT_MS}")
        try:
            # (busy, frames in the log, frames checkpointed): busy 1 means it could not finish.
            busy, _, _ = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        finally:
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")  # the connection returns to the pool
    finally:
        raw.close()
    return not busy
