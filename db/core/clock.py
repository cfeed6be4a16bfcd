"""Time in one place: stored times are naive UTC; people see China Standard Time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone

CHINA = timezone(timedelta(hours=8), "CST")
_as_of: date | None = None  # set only while demo data is seeded for a given day


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    return _as_of or datetime.now(CHINA).date()


@contextmanager
def as_of(day: date) -> Iterator[None]:
    """Services called meanwhile take `day` for today: the demo is seeded as of a day (tests pick others)."""
    global _as_of
    before, _as_of = _as_of, day
    try:
        yield
    finally:
        _as_of = before


def local(at: datetime) -> datetime:
    """A stored naive-UTC time as China Standard Time, for display."""
    return at.replace(tzinfo=UTC).astimezone(CHINA)


def start_of_local_day(day: date) -> datetime:
    """Midnight of a day in China Standard Time, as stored (naive UTC)."""
    return datetime.combine(day, datetime.min.time(), CHINA).astimezone(UTC).replace(tzinfo=None)
