"""Time in one place: stored times are naive UTC; people see China Standard Time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, timedelta, timezone

CHINA = timezone(timedelta(hours=8), "CST")
# Set only while demo data is seeded for a given day. A context variable, not a global: the
# Streamlit server runs each session's script in its own thread, and one session's "as of"
# must not become another's today.
_as_of: ContextVar[date | None] = ContextVar("as_of", default=None)


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    return _as_of.get() or datetime.now(CHINA).date()


@contextmanager
def as_of(day: date) -> Iterator[None]:
    """Services called meanwhile take `day` for today: the demo is seeded as of a day (tests pick others)."""
    token = _as_of.set(day)
    try:
        yield
    finally:
        _as_of.reset(token)


def local(at: datetime) -> datetime:
    """A stored naive-UTC time as China Standard Time, for display."""
    return at.replace(tzinfo=UTC).astimezone(CHINA)


def start_of_local_day(day: date) -> datetime:
    """Midnight of a day in China Standard Time, as stored (naive UTC)."""
    return datetime.combine(day, datetime.min.time(), CHINA).astimezone(UTC).replace(tzinfo=None)
